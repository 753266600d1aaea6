// One proposed action: its arguments, the compliance decision, live trial
// progress and, once finished, the result.
import type { ActionCardModel } from './chat_state';
import { ResultView } from './result_view';

function argsSummary(args: Record<string, unknown>): string {
  return Object.entries(args)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

export function ActionCard({ card }: { card: ActionCardModel }) {
  const d = card.outcome?.decision;
  const pct = Math.round(Math.max(0, Math.min(1, card.fraction)) * 100);
  const showProgress = card.trialId !== undefined;
  return (
    <section class={`card state-${card.state}`} data-testid="action-card" data-state={card.state}>
      <header class="card-head">
        <code class="action-name">{card.action}</code>
        <span class="badge" data-testid="card-state">
          {card.state}
          {card.trialId !== undefined ? ` · trial #${card.trialId}` : ''}
        </span>
      </header>
      {Object.keys(card.args).length > 0 && <p class="args">{argsSummary(card.args)}</p>}
      {d && (
        <p class={`decision ${d.allowed ? 'allowed' : 'denied'}`} data-testid="decision">
          <strong>{d.allowed ? 'allowed' : 'denied'}</strong>
          {d.rule ? ` · rule ${d.rule}` : ''}
          {d.reason ? ` — ${d.reason}` : ''}
          {!d.allowed && d.hint ? <span class="hint"> ({d.hint})</span> : null}
        </p>
      )}
      {showProgress && (
        <div class="progress" data-testid="progress">
          <div
            class="bar"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            aria-label={`trial ${card.trialId} progress`}
          >
            <div class="fill" style={{ width: `${pct}%` }} />
          </div>
          <span class="progress-text">
            {pct}% {card.progressMessage}
          </span>
        </div>
      )}
      {card.errorMessage && <p class="error-text">{card.errorMessage}</p>}
      {card.result !== undefined && card.result !== null && <ResultView result={card.result} />}
    </section>
  );
}
