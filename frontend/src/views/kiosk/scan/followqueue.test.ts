import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FOLLOW_DELAY_MS, QUEUE_EVENTS, followQueue } from "./followqueue";

// A tiny event bus standing in for api.events: the same subscribe/unsubscribe contract.
function bus() {
  const handlers = new Map<string, Set<() => void>>();
  return {
    subscribe(kind: string, h: () => void) {
      if (!handlers.has(kind)) handlers.set(kind, new Set());
      handlers.get(kind)!.add(h);
      return () => handlers.get(kind)!.delete(h);
    },
    emit(kind: string) {
      for (const h of handlers.get(kind) ?? []) h();
    },
    count: () => [...handlers.values()].reduce((n, s) => n + s.size, 0),
  };
}

describe("the ticket status screen following the queue", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("makes one request for a burst of events, after the burst", () => {
    const b = bus();
    const reload = vi.fn();
    followQueue(b.subscribe, reload);
    b.emit("ticket.called");
    b.emit("counter.updated");
    vi.advanceTimersByTime(FOLLOW_DELAY_MS - 1);
    b.emit("ticket.updated");
    vi.advanceTimersByTime(FOLLOW_DELAY_MS - 1);
    expect(reload).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(reload).toHaveBeenCalledTimes(1);
    b.emit("ticket.issued");
    vi.advanceTimersByTime(FOLLOW_DELAY_MS);
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it("listens to every event that can move a number, and only those", () => {
    const b = bus();
    const reload = vi.fn();
    followQueue(b.subscribe, reload);
    expect(b.count()).toBe(QUEUE_EVENTS.length);
    for (const k of ["hello", "ticket.issued", "ticket.called", "ticket.updated", "counter.updated"]) {
      b.emit(k);
      vi.advanceTimersByTime(FOLLOW_DELAY_MS);
    }
    expect(reload).toHaveBeenCalledTimes(5);
    b.emit("notice");
    b.emit("rating.requested");
    vi.advanceTimersByTime(FOLLOW_DELAY_MS);
    expect(reload).toHaveBeenCalledTimes(5);
  });

  it("stops when the screen closes, dropping a reload not yet made", () => {
    const b = bus();
    const reload = vi.fn();
    const stop = followQueue(b.subscribe, reload);
    b.emit("ticket.called");
    stop();
    expect(b.count()).toBe(0);
    vi.advanceTimersByTime(FOLLOW_DELAY_MS * 2);
    b.emit("ticket.called");
    vi.advanceTimersByTime(FOLLOW_DELAY_MS * 2);
    expect(reload).not.toHaveBeenCalled();
  });
});
