// The active goal, always on screen: it decides what compliance allows.
import type { JsonObject } from './api';

export function GoalBanner({ goal, error }: { goal: JsonObject | null | undefined; error: string | null }) {
  if (error) return <div class="goal goal-error" data-testid="goal-banner">Goal unknown: {error}</div>;
  if (goal === undefined) return <div class="goal" data-testid="goal-banner">Goal: loading…</div>;
  if (goal === null)
    return (
      <div class="goal goal-none" data-testid="goal-banner">
        No active goal. Say <q>set a goal: only research AAPL with xgboost</q> to bind what may run.
      </div>
    );
  const c = (goal.constraints ?? {}) as JsonObject;
  const chips: string[] = [];
  for (const key of ['symbols', 'families', 'sources'])
    if (Array.isArray(c[key]) && (c[key] as unknown[]).length) chips.push(`${key}: ${(c[key] as unknown[]).join(', ')}`);
  return (
    <div class="goal" data-testid="goal-banner">
      <span class="goal-label">Goal #{String(goal.id)}{c.strict ? ' (binding)' : ''}:</span> {String(goal.text ?? '')}
      {chips.length > 0 && <span class="chips">{chips.map((t) => <span class="chip" key={t}>{t}</span>)}</span>}
    </div>
  );
}
