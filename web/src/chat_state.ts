// The chat's model: messages made of parts (text, action cards, notices),
// updated immutably as stream events arrive.
import type { Json, JsonObject, Outcome } from './api';

export type CardState = 'proposed' | 'denied' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'done' | 'error';

export interface ActionCardModel {
  action: string;
  args: JsonObject;
  state: CardState;
  outcome?: Outcome;
  trialId?: number;
  fraction: number;
  progressMessage: string;
  result?: Json;
  errorMessage?: string;
}

export type Part =
  | { kind: 'text'; text: string }
  | { kind: 'action'; card: ActionCardModel }
  | { kind: 'notice'; text: string }
  | { kind: 'budget'; text: string }
  | { kind: 'error'; text: string; hint?: string };

export interface ChatMessage {
  id: number;
  role: 'user' | 'assistant';
  text: string; // user messages
  parts: Part[]; // assistant messages
  streaming: boolean;
}

const TERMINAL: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);
export const isTerminal = (s: string) => TERMINAL.has(s);

export function appendText(m: ChatMessage, text: string): ChatMessage {
  const parts = m.parts.slice();
  const last = parts[parts.length - 1];
  if (last && last.kind === 'text') parts[parts.length - 1] = { kind: 'text', text: last.text + text };
  else parts.push({ kind: 'text', text });
  return { ...m, parts };
}

export function addPart(m: ChatMessage, part: Part): ChatMessage {
  return { ...m, parts: [...m.parts, part] };
}

/** Applies `fn` to the matching card: the last card still waiting for its outcome, or the card of `trialId`. */
export function updateCard(
  m: ChatMessage,
  match: { awaitingOutcome: string } | { trialId: number },
  fn: (c: ActionCardModel) => ActionCardModel,
): ChatMessage {
  const parts = m.parts.slice();
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i];
    if (p.kind !== 'action') continue;
    const hit =
      'trialId' in match
        ? p.card.trialId === match.trialId
        : p.card.action === match.awaitingOutcome && p.card.state === 'proposed';
    if (hit) {
      parts[i] = { kind: 'action', card: fn(p.card) };
      return { ...m, parts };
    }
  }
  return m;
}

export function cardFromOutcome(c: ActionCardModel, o: Outcome): ActionCardModel {
  const next: ActionCardModel = { ...c, outcome: o };
  if (o.decision && o.decision.allowed === false) return { ...next, state: 'denied' };
  if (o.error) return { ...next, state: 'error', errorMessage: o.error.message ?? 'failed' };
  if (o.trial) return { ...next, state: 'queued', trialId: o.trial.id, progressMessage: o.trial.state };
  return { ...next, state: 'done', fraction: 1, result: o.result };
}

/** The research loop's budget line: one per message, updated in place. */
export function setBudget(m: ChatMessage, text: string): ChatMessage {
  const i = m.parts.findIndex((p) => p.kind === 'budget');
  if (i < 0) return addPart(m, { kind: 'budget', text });
  const parts = m.parts.slice();
  parts[i] = { kind: 'budget', text };
  return { ...m, parts };
}

/** "step 2/6 · 0:41 / 15:00 · tokens 1200/200000" from a budget event. */
export function budgetText(u: { [key: string]: Json }): string {
  const clock = (ms: number) => {
    const s = Math.floor(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  };
  return (
    `research · step ${Number(u.steps)}/${Number(u.max_steps)} · ${clock(Number(u.wall_ms))} / ` +
    `${clock(Number(u.max_wall_ms))} · tokens ${Number(u.tokens)}/${Number(u.max_tokens)}`
  );
}
