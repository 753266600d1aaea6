// The web chat: a conversation with the assistant (offline planner by
// default), one card per proposed action, the goal banner on top, the data
// overview and the stored conversations (reopen one to continue it) one tab
// away. "research: OBJECTIVE" runs the autonomous research loop.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { callAction, getTrial, streamChat, type JsonObject } from './api';
import { ActionCard } from './action_card';
import {
  addPart,
  appendText,
  budgetText,
  cardFromOutcome,
  isTerminal,
  setBudget,
  updateCard,
  type CardState,
  type ChatMessage,
} from './chat_state';
import { DataPanel } from './data_panel';
import { GoalBanner } from './goal_banner';
import { HistoryPanel } from './history_panel';
import { loadConversation, messagesFromStored } from './history';
import { renderMarkdown } from './markdown';

const EXAMPLES = [
  'train xgboost and a random forest on the S&P 500 daily data to predict next-day direction and compare them',
  'Analyze AAPL momentum with ML models',
  'what data do you have',
  'price a put, spot 100 strike 95 vol 25% 6 months',
  'research: find the best model for next-day S&P 500 direction',
];

let nextId = 1;

function Message({ m }: { m: ChatMessage }) {
  if (m.role === 'user')
    return (
      <div class="msg user" data-testid="user-message">
        <div class="bubble">{m.text}</div>
      </div>
    );
  return (
    <div class="msg assistant" data-testid="assistant-message">
      {m.parts.map((p, i) => {
        switch (p.kind) {
          case 'text':
            return <div key={i} class="md" dangerouslySetInnerHTML={{ __html: renderMarkdown(p.text) }} />;
          case 'action':
            return <ActionCard key={i} card={p.card} />;
          case 'notice':
            return (
              <p key={i} class="notice">
                {p.text}
              </p>
            );
          case 'budget':
            return (
              <p key={i} class="notice budget" data-testid="research-budget">
                {p.text}
              </p>
            );
          case 'error':
            return (
              <p key={i} class="error-text" role="alert">
                {p.text}
                {p.hint ? ` (${p.hint})` : ''}
              </p>
            );
        }
      })}
      {m.streaming && <span class="typing" aria-label="answering" />}
    </div>
  );
}

export function App() {
  const [tab, setTab] = useState<'chat' | 'data' | 'history'>('chat');
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const [goal, setGoal] = useState<JsonObject | null | undefined>(undefined);
  const [goalError, setGoalError] = useState<string | null>(null);
  const conversation = useRef<number | null>(null);
  const abort = useRef<AbortController | null>(null);
  const loaded = useRef(new Set<number>());
  const log = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  async function refreshGoal() {
    try {
      const o = await callAction('goals.list');
      const r = (o.result ?? {}) as JsonObject;
      setGoal((r.active as JsonObject | null) ?? null);
      setGoalError(null);
    } catch (e) {
      setGoalError((e as Error).message);
    }
  }
  useEffect(() => {
    void refreshGoal();
  }, []);

  useLayoutEffect(() => {
    const el = log.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [messages, tab]);

  const patch = (id: number, fn: (m: ChatMessage) => ChatMessage) =>
    setMessages((ms) => ms.map((m) => (m.id === id ? fn(m) : m)));

  async function loadTrial(trial: number) {
    if (loaded.current.has(trial)) return;
    loaded.current.add(trial);
    try {
      const t = await getTrial(trial);
      const state = (isTerminal(t.state) ? t.state : 'running') as CardState;
      if (!isTerminal(t.state)) loaded.current.delete(trial);
      setMessages((ms) =>
        ms.map((m) =>
          updateCard(m, { trialId: trial }, (c) => ({
            ...c,
            state,
            fraction: t.state === 'succeeded' ? 1 : t.progress,
            progressMessage: t.message ?? c.progressMessage,
            result: t.result ?? c.result,
            errorMessage: t.error?.message ?? c.errorMessage,
          })),
        ),
      );
    } catch {
      loaded.current.delete(trial);
    }
  }

  async function send(text: string) {
    const message = text.trim();
    if (!message || busy) return;
    const aid = nextId + 1;
    nextId += 2;
    stick.current = true;
    setMessages((ms) => [
      ...ms,
      { id: aid - 1, role: 'user', text: message, parts: [], streaming: false },
      { id: aid, role: 'assistant', text: '', parts: [], streaming: true },
    ]);
    setInput('');
    setBusy(true);
    const ctl = new AbortController();
    abort.current = ctl;
    const trials: number[] = [];
    try {
      await streamChat(
        message,
        conversation.current,
        {
          text: (t) => patch(aid, (m) => appendText(m, t)),
          action: (action, args) =>
            patch(aid, (m) =>
              addPart(m, { kind: 'action', card: { action, args, state: 'proposed', fraction: 0, progressMessage: '' } }),
            ),
          outcome: (action, o) => {
            if (o.trial) trials.push(o.trial.id);
            patch(aid, (m) => updateCard(m, { awaitingOutcome: action }, (c) => cardFromOutcome(c, o)));
          },
          progress: (trial, fraction, msg) => {
            const terminal = isTerminal(msg);
            patch(aid, (m) =>
              updateCard(m, { trialId: trial }, (c) => ({
                ...c,
                fraction: Number.isFinite(fraction) ? fraction : c.fraction,
                progressMessage: msg,
                state: terminal ? (msg as CardState) : msg === 'queued' ? 'queued' : 'running',
              })),
            );
            if (terminal) void loadTrial(trial);
          },
          notice: (t) => patch(aid, (m) => addPart(m, { kind: 'notice', text: t })),
          budget: (u) => patch(aid, (m) => setBudget(m, budgetText(u))),
          done: (id) => {
            if (Number.isFinite(id)) conversation.current = id;
          },
          error: (msg, hint) => patch(aid, (m) => addPart(m, { kind: 'error', text: msg, hint })),
        },
        ctl.signal,
      );
    } catch (e) {
      const err = e as Error;
      const text = err.name === 'AbortError' ? 'stopped' : `the request failed: ${err.message}`;
      patch(aid, (m) => addPart(m, { kind: err.name === 'AbortError' ? 'notice' : 'error', text }));
    } finally {
      abort.current = null;
      patch(aid, (m) => ({ ...m, streaming: false }));
      setBusy(false);
      // Trials that ended without a terminal progress event in the stream.
      trials.forEach((t) => void loadTrial(t));
      void refreshGoal();
    }
  }

  function newChat() {
    abort.current?.abort();
    conversation.current = null;
    setMessages([]);
    setTab('chat');
  }

  // Reopens a stored conversation; the next message continues it on the server.
  async function openConversation(id: number) {
    abort.current?.abort();
    try {
      const rows = await loadConversation(id);
      const restored = messagesFromStored(rows, nextId);
      nextId += restored.length + 1;
      conversation.current = id;
      loaded.current.clear();
      stick.current = true;
      setMessages(restored);
      setHistoryError(null);
      setTab('chat');
    } catch (e) {
      setHistoryError((e as Error).message);
    }
  }

  return (
    <div class="app">
      <header class="top">
        <h1>mlTrainer</h1>
        <nav class="tabs" role="tablist">
          <button role="tab" aria-selected={tab === 'chat'} class={tab === 'chat' ? 'on' : ''} onClick={() => setTab('chat')}>
            Chat
          </button>
          <button role="tab" aria-selected={tab === 'data'} class={tab === 'data' ? 'on' : ''} onClick={() => setTab('data')}>
            Data
          </button>
          <button
            role="tab"
            aria-selected={tab === 'history'}
            class={tab === 'history' ? 'on' : ''}
            onClick={() => setTab('history')}
          >
            History
          </button>
        </nav>
        <button class="ghost" onClick={newChat} title="Start a new conversation">
          New
        </button>
      </header>
      <GoalBanner goal={goal} error={goalError} />
      {tab === 'data' ? (
        <main class="scroll">
          <DataPanel />
        </main>
      ) : tab === 'history' ? (
        <main class="scroll">
          <HistoryPanel current={conversation.current} onOpen={(id) => void openConversation(id)} error={historyError} />
        </main>
      ) : (
        <>
          <main
            class="scroll log"
            ref={log}
            aria-live="polite"
            onScroll={(e) => {
              const el = e.currentTarget as HTMLElement;
              stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
            }}
          >
            {messages.length === 0 && (
              <div class="empty">
                <p>Ask for data, models, backtests, options or portfolios. Every action passes compliance first.</p>
                <ul class="examples">
                  {EXAMPLES.map((e) => (
                    <li key={e}>
                      <button class="example" onClick={() => setInput(e)}>
                        {e}
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {messages.map((m) => (
              <Message key={m.id} m={m} />
            ))}
          </main>
          <form
            class="composer"
            onSubmit={(e) => {
              e.preventDefault();
              void send(input);
            }}
          >
            <textarea
              aria-label="Message"
              placeholder="Message mlTrainer…"
              rows={1}
              value={input}
              onInput={(e) => setInput((e.currentTarget as HTMLTextAreaElement).value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                  e.preventDefault();
                  void send(input);
                }
              }}
            />
            {busy ? (
              <button type="button" class="stop" onClick={() => abort.current?.abort()}>
                Stop
              </button>
            ) : (
              <button type="submit" disabled={!input.trim()}>
                Send
              </button>
            )}
          </form>
        </>
      )}
    </div>
  );
}
