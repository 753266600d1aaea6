// The server's JSON API and the chat's SSE stream, typed loosely: results
// are whatever the action returned, so views check shapes before use.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Decision {
  allowed: boolean;
  rule?: string;
  reason?: string;
  hint?: string;
}

/** What Runtime::call reported for one action (the chat's `outcome` event). */
export interface Outcome {
  allowed?: boolean;
  decision?: Decision;
  result?: Json;
  trial?: { id: number; state: string };
  error?: { kind?: string; message?: string; hint?: string };
}

export interface TrialRecord {
  id: number;
  action: string;
  state: string;
  progress: number;
  message?: string;
  result?: Json;
  error?: { message?: string } | null;
}

export interface ChatHandlers {
  text(text: string): void;
  action(action: string, args: JsonObject): void;
  outcome(action: string, outcome: Outcome): void;
  progress(trial: number, fraction: number, message: string): void;
  notice(text: string): void;
  /** Research loops: {steps, max_steps, wall_ms, max_wall_ms, tokens, max_tokens}. */
  budget(usage: JsonObject): void;
  done(conversationId: number): void;
  error(message: string, hint?: string): void;
}

export class ApiError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

async function readJson(res: Response): Promise<JsonObject> {
  let body: JsonObject = {};
  try {
    body = (await res.json()) as JsonObject;
  } catch {
    throw new ApiError(`HTTP ${res.status} with a body that is not JSON`);
  }
  if (!res.ok && !('decision' in body)) {
    const err = (body.error ?? {}) as JsonObject;
    throw new ApiError(String(err.message ?? `HTTP ${res.status}`), err.hint ? String(err.hint) : undefined);
  }
  return body;
}

export async function getJson(url: string): Promise<JsonObject> {
  return readJson(await fetch(url, { headers: { Accept: 'application/json' } }));
}

/** POST /api/actions/{name}: runs an instant action and returns its outcome. */
export async function callAction(name: string, args: JsonObject = {}): Promise<Outcome> {
  const res = await fetch(`/api/actions/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(args),
  });
  return (await readJson(res)) as unknown as Outcome;
}

export async function getTrial(id: number): Promise<TrialRecord> {
  return (await getJson(`/api/trials/${id}`)) as unknown as TrialRecord;
}

/**
 * POST /api/chat and dispatch its Server-Sent Events as they arrive.
 * Aborting `signal` closes the connection, which cancels the turn on the server.
 */
export async function streamChat(
  message: string,
  conversationId: number | null,
  on: ChatHandlers,
  signal: AbortSignal,
): Promise<void> {
  const body: JsonObject = { message };
  if (conversationId !== null) body.conversation_id = conversationId;
  const res = await fetch('/api/chat', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok || !res.body) {
    await readJson(res);
    throw new ApiError(`HTTP ${res.status}`);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end), on);
      buffer = buffer.slice(end + 2);
    }
  }
  if (buffer.trim()) dispatch(buffer, on);
}

function dispatch(block: string, on: ChatHandlers): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (!data.length) return;
  let d: JsonObject;
  try {
    d = JSON.parse(data.join('\n')) as JsonObject;
  } catch {
    on.notice(`unreadable ${event} event from the server`);
    return;
  }
  switch (event) {
    case 'text':
      on.text(String(d.text ?? ''));
      break;
    case 'action':
      on.action(String(d.action), (d.args ?? {}) as JsonObject);
      break;
    case 'outcome':
      on.outcome(String(d.action), (d.outcome ?? {}) as unknown as Outcome);
      break;
    case 'progress':
      on.progress(Number(d.trial), Number(d.fraction), String(d.message ?? ''));
      break;
    case 'notice':
      on.notice(String(d.text ?? ''));
      break;
    case 'budget':
      on.budget(d);
      break;
    case 'done':
      on.done(Number(d.conversation_id));
      break;
    case 'error':
      on.error(String(d.message ?? 'error'), d.hint ? String(d.hint) : undefined);
      break;
  }
}
