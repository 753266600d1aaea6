// The stored conversations, newest first; choosing one reopens it in the chat.
import { useEffect, useState } from 'preact/hooks';
import { listConversations, type ConversationSummary } from './history';

interface Props {
  current: number | null;
  onOpen(id: number): void;
  error: string | null;
}

export function HistoryPanel({ current, onOpen, error }: Props) {
  const [items, setItems] = useState<ConversationSummary[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    listConversations()
      .then((c) => {
        setItems(c);
        setStatus(null);
      })
      .catch((e: Error) => setStatus(`cannot load the conversations: ${e.message}`));
  }, []);
  return (
    <div class="history-panel" data-testid="history-panel">
      <h2>Conversations</h2>
      {(status || error) && (
        <p class="error-text" role="alert">
          {status ?? error}
        </p>
      )}
      {items === null && !status && <p class="muted">loading…</p>}
      {items !== null && items.length === 0 && <p class="muted">No conversations yet: what you ask in the chat is kept here.</p>}
      <ul class="conversations">
        {(items ?? []).map((c) => (
          <li key={c.id}>
            <button
              class={`conversation${c.id === current ? ' on' : ''}`}
              data-testid="conversation"
              onClick={() => onOpen(c.id)}
            >
              <span class="conv-preview">{c.preview || c.title || `conversation ${c.id}`}</span>
              <span class="muted conv-meta">
                #{c.id} · {c.messages} message{c.messages === 1 ? '' : 's'} · {c.last_ts.replace('T', ' ').slice(0, 16)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
