// A compact view of an action's result: a leaderboard for ml.compare-like
// results (rows of models), a table for dataset lists, a few headline
// fields otherwise, and the raw JSON one click away.
import type { Json, JsonObject } from './api';

const isObject = (v: Json | undefined): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v);

function fmtNum(v: Json | undefined, digits = 4): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v == null ? '' : String(v);
  if (Number.isInteger(v)) return String(v);
  return v.toFixed(Math.abs(v) >= 100 ? 1 : digits);
}

function metricMean(row: JsonObject, name: string): Json | undefined {
  const m = row.metrics;
  if (!isObject(m)) return undefined;
  const entry = m[name];
  return isObject(entry) ? entry.mean : entry;
}

function Leaderboard({ result }: { result: JsonObject }) {
  const rows = (result.rows as Json[]).filter(isObject);
  const metric = typeof result.metric === 'string' ? result.metric : 'score';
  const extras = ['accuracy', 'sharpe'].filter((m) => m !== metric && rows.some((r) => metricMean(r, m) !== undefined));
  return (
    <div class="table-wrap">
      <table class="result-table" data-testid="result-table">
        <caption>
          {typeof result.dataset === 'string' ? result.dataset : isObject(result.data) ? String(result.data.dataset ?? '') : ''}
          {result.folds != null ? ` · ${result.folds} walk-forward folds` : ''}
          {result.horizon != null ? ` · horizon ${result.horizon}` : ''}
        </caption>
        <thead>
          <tr>
            <th>#</th>
            <th>model</th>
            <th class="num">{metric}</th>
            {extras.map((e) => (
              <th class="num" key={e}>{e}</th>
            ))}
            <th class="num">time</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} class={r.status && r.status !== 'ok' ? 'row-failed' : ''}>
              <td>{fmtNum(r.rank ?? i + 1)}</td>
              <td>{String(r.model ?? r.name ?? '')}</td>
              <td class="num">
                {r.status && r.status !== 'ok'
                  ? String(r.status)
                  : `${fmtNum(r.mean)}${typeof r.std === 'number' ? ` ± ${fmtNum(r.std, 3)}` : ''}`}
              </td>
              {extras.map((e) => (
                <td class="num" key={e}>{fmtNum(metricMean(r, e))}</td>
              ))}
              <td class="num">{typeof r.duration_ms === 'number' ? `${(r.duration_ms / 1000).toFixed(1)} s` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DatasetTable({ datasets }: { datasets: JsonObject[] }) {
  return (
    <div class="table-wrap">
      <table class="result-table" data-testid="result-table">
        <thead>
          <tr>
            <th>name</th>
            <th>kind</th>
            <th class="num">rows</th>
            <th>range</th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((d, i) => (
            <tr key={i}>
              <td>{String(d.name ?? '')}</td>
              <td>{String(d.kind ?? '')}</td>
              <td class="num">{fmtNum(d.rows)}</td>
              <td>{d.first || d.last ? `${d.first ?? '?'} → ${d.last ?? '?'}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Headline({ result }: { result: JsonObject }) {
  const scalars = Object.entries(result).filter(([, v]) => v === null || typeof v !== 'object').slice(0, 8);
  if (!scalars.length) return null;
  return (
    <dl class="headline">
      {scalars.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{typeof v === 'number' ? fmtNum(v) : String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ResultView({ result }: { result: Json }) {
  let body = null;
  if (isObject(result) && Array.isArray(result.rows) && result.rows.some(isObject)) body = <Leaderboard result={result} />;
  else if (isObject(result) && Array.isArray(result.datasets))
    body = <DatasetTable datasets={(result.datasets as Json[]).filter(isObject)} />;
  else if (isObject(result)) body = <Headline result={result} />;
  else body = <p class="scalar">{String(result)}</p>;
  return (
    <div class="result">
      {body}
      <details>
        <summary>raw result</summary>
        <pre>{JSON.stringify(result, null, 2)}</pre>
      </details>
    </div>
  );
}
