// SPDX-License-Identifier: Apache-2.0
// New tickets and messages without a reload: the event stream (SSE) with the session cookie.
// EventSource reconnects by itself and sends Last-Event-ID, so the daemon replays what was
// missed; listeners get each event once, in order.
export interface StreamEvent {
  id: number;
  type: string;
  at: string;
  ticket?: any;
  message?: any;
}

type Listener = (event: StreamEvent) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;
let lastId = 0;

const TYPES = [
  "ticket.created", "ticket.updated", "message.created", "message.received", "status.changed",
  "assignment.changed", "sla.warning", "sla.breached", "ticket.merged", "ticket.unmerged", "ticket.split",
];

export function onEvent(listener: Listener): () => void {
  listeners.add(listener);
  if (!source) open();
  return () => listeners.delete(listener);
}

export function connected(): boolean {
  return source?.readyState === EventSource.OPEN;
}

function open(): void {
  source = new EventSource("/api/v1/support/events");
  const deliver = (e: MessageEvent) => {
    const id = Number(e.lastEventId);
    if (id && id <= lastId) return;  // a replay after a reconnect, already seen
    if (id) lastId = id;
    let payload: StreamEvent;
    try {
      payload = JSON.parse(e.data);
    } catch {
      return;
    }
    listeners.forEach((l) => l(payload));
  };
  for (const type of TYPES) source.addEventListener(type, deliver as EventListener);
  source.onmessage = deliver;
}
