import { describe, expect, it } from "vitest";
import type { Call, CounterState, QueueState } from "../../lib/queue";
import { banner, lastCalls, rememberSound, soundRemembered } from "./hall";

const call = (ticket: number, counter: number, minute: number): Call => ({
  ticket_id: ticket,
  code: `A${String(ticket).padStart(3, "0")}`,
  counter_id: counter,
  counter_name: `Quầy ${counter}`,
  recall: false,
  at: `2026-12-01T09:${String(minute).padStart(2, "0")}:00+07:00`,
});

const counter = (id: number, current?: number): CounterState => ({
  id,
  name: `Quầy ${id}`,
  services: [],
  status: "open",
  current: current === undefined ? undefined : ({ id: current, code: "", status: "called" } as CounterState["current"]),
});

const state = (recent: Call[], counters: CounterState[]): QueueState =>
  ({ recent_calls: recent, counters, services: [], day: "", policy: "", priorities: [] }) as unknown as QueueState;

describe("banner", () => {
  it("shows the newest call still at its counter", () => {
    const s = state([call(2, 2, 5), call(1, 1, 1)], [counter(1, 1), counter(2, 2)]);
    expect(banner(null, s)?.ticket_id).toBe(2);
  });

  it("drops a skipped or finished number, falling back to an older call still current", () => {
    const latest = call(2, 2, 5);
    // Counter 2 skipped ticket 2; counter 1 still serves ticket 1.
    const s = state([latest, call(1, 1, 1)], [counter(1, 1), counter(2)]);
    expect(banner(latest, s)?.ticket_id).toBe(1);
    // Nothing current anywhere: an empty banner.
    expect(banner(latest, state([latest], [counter(2)]))).toBeNull();
  });

  it("keeps a live call that the state read does not know yet", () => {
    const latest = call(3, 1, 9);
    const stale = state([call(1, 1, 1)], [counter(1, 1)]);
    expect(banner(latest, stale)).toBe(latest);
  });

  it("treats a recall as the same ticket still called", () => {
    const first = call(1, 1, 1);
    const recall = { ...call(1, 1, 4), recall: true };
    expect(banner(first, state([recall, first], [counter(1, 1)]))?.at).toBe(recall.at);
  });
});

describe("lastCalls", () => {
  it("keeps the five newest, one per ticket", () => {
    const calls = [call(1, 1, 1), call(2, 1, 2), call(3, 2, 3), call(1, 1, 4), call(4, 2, 5), call(5, 1, 6), call(6, 2, 7)];
    expect(lastCalls(calls).map((c) => c.ticket_id)).toEqual([6, 5, 4, 1, 3]);
  });
});

describe("sound choice", () => {
  it("is remembered on and off, and off when storage is missing or refuses", () => {
    const m = new Map<string, string>();
    const store = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
    expect(soundRemembered(store)).toBe(false);
    rememberSound(true, store);
    expect(soundRemembered(store)).toBe(true);
    rememberSound(false, store);
    expect(soundRemembered(store)).toBe(false);
    expect(soundRemembered(undefined)).toBe(false);
    const refusing = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
    };
    expect(() => rememberSound(true, refusing)).not.toThrow();
    expect(soundRemembered(refusing)).toBe(false);
  });
});
