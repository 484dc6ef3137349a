// The rating pad's rules, kept apart from the page so they are testable without a browser:
// which counter a tablet serves, and when it asks. Types follow docs/api.md ("Ratings").

/** The counter a tablet serves, remembered on it once chosen (#/rate/2). */
export const COUNTER_KEY = "motcua.rate.counter";
/** The last ticket this pad asked about: a reloaded pad does not ask the same villager twice. */
export const ASKED_KEY = "motcua.rate.asked";

/** A question left unanswered this long returns the pad to waiting (a dissatisfied answer is sent as it is). */
export const ASK_MS = 60_000;
/** How long the thanks (or why the answer was refused) stays before the pad waits again. */
export const DONE_MS = 6_000;

export interface RatingLevel {
  score: number;
  name: string;
  name_en: string;
  face: "very_happy" | "happy" | "neutral" | "sad" | "very_sad";
  dissatisfied: boolean;
}

export interface RatingReason {
  id: string;
  name: string;
  name_en: string;
}

export interface RatingForm {
  scale: number;
  levels: RatingLevel[];
  reasons: RatingReason[];
}

/** A served ticket the pad may ask about (GET /api/v1/counters/{id}/rating, event rating.requested). */
export interface RatingRequest {
  ticket_id: number;
  code: string;
  counter_id: number;
  counter_name?: string;
  service_id: string;
  finished_at: string;
}

/**
 * padCounter says which counter the pad at "#/rate/<rest>" serves: "2" binds counter 2;
 * "" keeps the one remembered on this tablet; "choose", anything else, or nothing
 * remembered asks (null).
 */
export function padCounter(rest: string, saved: string | null): number | null {
  const pick = rest === "" ? (saved ?? "") : rest;
  return /^[1-9][0-9]{0,2}$/.test(pick) ? Number(pick) : null;
}

/** shouldAsk says whether a pad that last asked about `asked` asks about req now. */
export function shouldAsk(req: RatingRequest, counter: number, asked: number | null): boolean {
  return req.counter_id === counter && req.ticket_id !== asked;
}

/** nameOf picks the text of a level or reason in the screen's language, Vietnamese when English is missing. */
export function nameOf(x: { name: string; name_en: string }, lang: string): string {
  return lang === "en" && x.name_en ? x.name_en : x.name;
}
