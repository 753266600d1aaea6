// The data and trial overview (what the old status page showed), inside the app.
import { useEffect, useState } from 'preact/hooks';
import { getJson, type Json, type JsonObject } from './api';

export function DataPanel() {
  const [datasets, setDatasets] = useState<JsonObject[]>([]);
  const [trials, setTrials] = useState<JsonObject[]>([]);
  const [status, setStatus] = useState('loading…');

  async function refresh() {
    try {
      const [ds, tr] = await Promise.all([getJson('/api/datasets'), getJson('/api/trials?limit=25')]);
      const list = (Array.isArray(ds) ? ds : (ds.datasets as Json[]) ?? []) as JsonObject[];
      setDatasets(list);
      setTrials(((tr.trials as Json[]) ?? []) as JsonObject[]);
      setStatus(`updated ${new Date().toLocaleTimeString()}`);
    } catch (e) {
      setStatus(`cannot reach the server: ${(e as Error).message}`);
    }
  }
  useEffect(() => {
    void refresh();
    const t = setInterval(refresh, 3000);
    return () => clearInterval(t);
  }, []);

  return (
    <div class="data-panel" data-testid="data-panel">
      <p class="muted">
        {status} · <a href="/status">plain status page</a> · <a href="/api/actions">actions (JSON)</a>
      </p>
      <h2>Datasets</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>name</th>
              <th>kind</th>
              <th class="num">rows</th>
              <th>range</th>
              <th>source</th>
            </tr>
          </thead>
          <tbody>
            {datasets.map((d) => (
              <tr key={String(d.name)}>
                <td>{String(d.name ?? '')}</td>
                <td>{String(d.kind ?? '')}</td>
                <td class="num">{String(d.rows ?? '')}</td>
                <td>{d.first || d.last ? `${d.first ?? '?'} → ${d.last ?? '?'}` : ''}</td>
                <td>{String(d.source ?? (d.provenance as JsonObject | undefined)?.source ?? '')}</td>
              </tr>
            ))}
            {!datasets.length && (
              <tr>
                <td colSpan={5} class="muted">no datasets yet</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <h2>Trials</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th class="num">id</th>
              <th>action</th>
              <th>state</th>
              <th>progress</th>
              <th>message</th>
            </tr>
          </thead>
          <tbody>
            {trials.map((t) => {
              const p = Math.round(Math.max(0, Math.min(1, Number(t.progress) || 0)) * 100);
              return (
                <tr key={String(t.id)}>
                  <td class="num">{String(t.id)}</td>
                  <td>{String(t.action ?? '')}</td>
                  <td class={`state-${String(t.state)}`}>{String(t.state ?? '')}</td>
                  <td>
                    <div class="bar small" title={`${p}%`}>
                      <div class="fill" style={{ width: `${p}%` }} />
                    </div>
                  </td>
                  <td>{String(t.message ?? '')}</td>
                </tr>
              );
            })}
            {!trials.length && (
              <tr>
                <td colSpan={5} class="muted">no trials yet</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
