// Past conversations: the server's list, and a stored conversation turned
// back into chat messages (user bubbles; assistant text, action cards with
// their results or denials, and notices) so it reads as it did live.
import { getJson, type Json, type JsonObject, type Outcome } from './api';
import {
  addPart,
  appendText,
  cardFromOutcome,
  updateCard,
  type ActionCardModel,
  type CardState,
  type ChatMessage,
} from './chat_state';

export interface ConversationSummary {
  id: number;
  title: string;
  created_at: string;
  last_ts: string;
  messages: number;
  preview: string;
}

/** A persisted memory row (GET /api/conversations/{id}/messages). */
export interface StoredMessage {
  id: number;
  role: string;
  content: string;
  ts: string;
  data?: Json;
  trial_id?: number;
}

export async function listConversations(): Promise<ConversationSummary[]> {
  const r = await getJson('/api/conversations?limit=50');
  return (r.conversations ?? []) as unknown as ConversationSummary[];
}

export async function loadConversation(id: number): Promise<StoredMessage[]> {
  const r = await getJson(`/api/conversations/${id}/messages`);
  return (r.messages ?? []) as unknown as StoredMessage[];
}

const asObject = (j: Json | undefined): JsonObject =>
  j !== null && j !== undefined && typeof j === 'object' && !Array.isArray(j) ? (j as JsonObject) : {};

// A result row as Session stored it: an action outcome, a finished trial
// ({trial: {...}}), a research step ({state, trial_id, ...}) or an error.
function cardFromStored(c: ActionCardModel, data: JsonObject): ActionCardModel {
  const trial = asObject(data.trial);
  if (typeof trial.id === 'number') {
    const state = String(trial.state ?? 'done') as CardState;
    const err = asObject(trial.error);
    return {
      ...c,
      state,
      trialId: trial.id,
      fraction: state === 'succeeded' ? 1 : Number(trial.progress ?? 0),
      progressMessage: String(trial.message ?? state),
      result: trial.result ?? undefined,
      errorMessage: typeof err.message === 'string' ? err.message : c.errorMessage,
    };
  }
  if (typeof data.error === 'string') return { ...c, state: 'error', errorMessage: data.error };
  if (typeof data.state === 'string' && !('allowed' in data)) {
    const state = data.state as CardState;
    return {
      ...c,
      state,
      trialId: typeof data.trial_id === 'number' ? data.trial_id : c.trialId,
      fraction: state === 'succeeded' ? 1 : c.fraction,
    };
  }
  return cardFromOutcome(c, data as unknown as Outcome);
}

/** Rebuilds the chat from stored rows; message ids start at `firstId`. */
export function messagesFromStored(rows: StoredMessage[], firstId: number): ChatMessage[] {
  const out: ChatMessage[] = [];
  let id = firstId;
  const assistant = (): ChatMessage => {
    const last = out[out.length - 1];
    if (last && last.role === 'assistant') return last;
    const m: ChatMessage = { id: id++, role: 'assistant', text: '', parts: [], streaming: false };
    out.push(m);
    return m;
  };
  const replace = (m: ChatMessage) => {
    out[out.length - 1] = m;
  };
  for (const row of rows) {
    const data = asObject(row.data);
    switch (row.role) {
      case 'user':
        out.push({ id: id++, role: 'user', text: row.content, parts: [], streaming: false });
        break;
      case 'assistant': {
        const m = assistant();
        const last = m.parts[m.parts.length - 1];
        replace(appendText(m, last && last.kind === 'text' ? `\n\n${row.content}` : row.content));
        break;
      }
      case 'action': {
        const m = assistant();
        const card: ActionCardModel = {
          action: String(data.action ?? row.content.split(' ')[0]),
          args: asObject(data.args),
          state: 'proposed',
          fraction: 0,
          progressMessage: '',
        };
        replace(addPart(m, { kind: 'action', card }));
        break;
      }
      case 'result': {
        const m = assistant();
        const action = String(data.action ?? asObject(data.trial).action ?? '');
        const pending = m.parts.some((p) => p.kind === 'action' && p.card.state === 'proposed' && p.card.action === action);
        const match = pending ? { awaitingOutcome: action } : null;
        if (match) replace(updateCard(m, match, (c) => cardFromStored(c, data)));
        else {
          // A result whose action row is missing (older conversations): the last open card.
          const open = [...m.parts].reverse().find((p) => p.kind === 'action' && p.card.state === 'proposed');
          if (open && open.kind === 'action')
            replace(updateCard(m, { awaitingOutcome: open.card.action }, (c) => cardFromStored(c, data)));
        }
        break;
      }
      case 'compliance': {
        const m = assistant();
        const decision = asObject(data.decision);
        const open = [...m.parts].reverse().find((p) => p.kind === 'action' && p.card.state === 'proposed');
        if (open && open.kind === 'action')
          replace(
            updateCard(m, { awaitingOutcome: open.card.action }, (c) => ({
              ...c,
              state: 'denied',
              outcome: { allowed: false, decision: decision as unknown as Outcome['decision'] },
            })),
          );
        else replace(addPart(m, { kind: 'notice', text: row.content }));
        break;
      }
      case 'system':
        replace(addPart(assistant(), { kind: 'notice', text: row.content }));
        break;
      default:
        break; // tool rows repeat what the cards show
    }
  }
  return out;
}
