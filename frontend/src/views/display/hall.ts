// What the hall display shows of the queue: the call on its banner, the last calls, and
// whether this screen reads calls aloud. Kept apart from the page so it can be tested.
import type { Call, QueueState } from "../../lib/queue";

const at = (c: Call) => Date.parse(c.at);

/**
 * banner is the call the display's banner shows after reading state s: the newest call
 * whose ticket is still at its counter (called or being served). A skipped, finished or
 * transferred number leaves the banner. latest (the last live call) stays while s does
 * not know it yet, since a snapshot read before the call arrived would otherwise clear it.
 */
export function banner(latest: Call | null, s: QueueState): Call | null {
  const known = (c: Call) => s.recent_calls.some((r) => r.ticket_id === c.ticket_id && at(r) >= at(c));
  if (latest && !known(latest)) return latest;
  const current = (c: Call) => s.counters.some((k) => k.id === c.counter_id && k.current?.id === c.ticket_id);
  return s.recent_calls.find(current) ?? null;
}

/** lastCalls is the n newest calls, newest first, one per ticket (a recall moves it up). */
export function lastCalls(calls: Call[], n = 5): Call[] {
  const seen = new Set<number>();
  const out: Call[] = [];
  for (const c of [...calls].sort((a, b) => at(b) - at(a))) {
    if (seen.has(c.ticket_id)) continue;
    seen.add(c.ticket_id);
    out.push(c);
    if (out.length === n) break;
  }
  return out;
}

// Whether this display reads calls aloud is remembered on this screen (one tap when it is
// set up, not after every power cut). Storage may be missing or refuse (private mode).
const soundKey = "motcua.display.sound";

/** soundRemembered says whether sound was turned on here and not off since. */
export function soundRemembered(store: Pick<Storage, "getItem"> | undefined = globalThis.localStorage): boolean {
  try {
    return store?.getItem(soundKey) === "on";
  } catch {
    return false;
  }
}

/** rememberSound keeps the choice for the next load of this screen. */
export function rememberSound(on: boolean, store: Pick<Storage, "setItem"> | undefined = globalThis.localStorage): void {
  try {
    store?.setItem(soundKey, on ? "on" : "off");
  } catch {
    // not remembered: the screen asks again after a reload
  }
}
