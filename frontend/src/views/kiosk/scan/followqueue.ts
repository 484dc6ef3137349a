// The ticket status screen follows the queue while it is open: any event that can move a
// number (issued — a priority number may go ahead —, called, started/finished/skipped,
// a counter opened or closed, a reconnect) asks for one reload, and a burst of them (a call
// sends ticket.called and counter.updated together) makes one request, not one each.

/** QUEUE_EVENTS are the SSE kinds after which a ticket's position may have changed (docs/api.md). */
export const QUEUE_EVENTS = ["hello", "ticket.issued", "ticket.called", "ticket.updated", "counter.updated", "queue.config"] as const;

/** FOLLOW_DELAY_MS is how long the screen waits for a burst of events to end before it asks. */
export const FOLLOW_DELAY_MS = 250;

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(id: unknown): void;
}

const realTimers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (id) => clearTimeout(id as ReturnType<typeof setTimeout>) };

/**
 * followQueue subscribes reload to the queue's events, debounced by delay ms; the function it
 * returns unsubscribes and cancels a reload not yet made (the screen closed).
 */
export function followQueue(
  subscribe: (kind: string, handler: () => void) => () => void,
  reload: () => void,
  delay = FOLLOW_DELAY_MS,
  timers: Timers = realTimers,
): () => void {
  let pending: unknown = null;
  const poke = () => {
    if (pending !== null) timers.clear(pending);
    pending = timers.set(() => {
      pending = null;
      reload();
    }, delay);
  };
  const offs = QUEUE_EVENTS.map((k) => subscribe(k, poke));
  return () => {
    for (const off of offs) off();
    if (pending !== null) timers.clear(pending);
    pending = null;
  };
}
