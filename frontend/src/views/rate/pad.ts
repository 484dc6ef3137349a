// The rating pad's rules, kept apart from the page so they are testable without a browser:
// which counter a tablet serves, when it asks, and the assessment's questions after the
// faces. Types follow docs/api.md ("Ratings", "Assessment").
import { prompt, type Spoken } from "../../lib/speech";

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
  /** The dossier handed back during this visit, to assess after the faces (the province's setting). */
  assessment?: AssessmentRequest;
}

export interface AssessmentChoice {
  score: number;
  name: string;
  name_en: string;
}

/** One asked indicator of the nine: its question and its large choices, best first. */
export interface AssessmentQuestion {
  id: string;
  name: string;
  name_en: string;
  question: string;
  question_en: string;
  choices: AssessmentChoice[];
}

export interface AssessmentRequest {
  dossier_code: string;
  procedure: string;
  returned_at: string;
  questions: AssessmentQuestion[];
}

/** The spoken question of each asked indicator: clips made from locales/vi/rate.json. */
export const questionClips: Record<string, Spoken> = {
  bodies: prompt("rate.assess_bodies"),
  attitude: prompt("rate.assess_attitude"),
  convenience: prompt("rate.assess_convenience"),
  overall: prompt("rate.assess_overall"),
};

/** How far one rating has got (RatingFlow): the faces, the reasons after a dissatisfied one,
 * sending, the assessment's questions, thanks. */
export type Step = "ask" | "reasons" | "sending" | "assess" | "done";

/** firstStep: a ticket is asked the faces first; a receipt (ticket_id 0) only the assessment. */
export function firstStep(req: RatingRequest): Step {
  return req.ticket_id > 0 ? "ask" : "assess";
}

/** questionsOf: the assessment's questions after the faces, or none. */
export function questionsOf(req: RatingRequest): AssessmentQuestion[] {
  return req.assessment?.questions ?? [];
}

/**
 * Assessment walks the questions one screen at a time: a tap answers and moves on, "Bỏ
 * qua" moves on without an answer; `scores` holds what was answered (a skipped question is
 * absent, never 0), ready to send once `done`.
 */
export class Assessment {
  index = 0;
  scores: Record<string, number> = {};

  constructor(readonly questions: AssessmentQuestion[]) {}

  get current(): AssessmentQuestion | undefined {
    return this.questions[this.index];
  }
  get done(): boolean {
    return this.index >= this.questions.length;
  }
  /** answer records score for the current question and moves on; a score not offered is ignored. */
  answer(score: number): void {
    const q = this.current;
    if (!q || !q.choices.some((c) => c.score === score)) return;
    this.scores[q.id] = score;
    this.index++;
  }
  /** skip moves on without an answer. */
  skip(): void {
    if (!this.done) this.index++;
  }
  /** skipAll ends the questions, keeping what was answered. */
  skipAll(): void {
    this.index = this.questions.length;
  }
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

/** questionOf picks a question's text in the screen's language, Vietnamese when English is missing. */
export function questionOf(q: AssessmentQuestion, lang: string): string {
  return lang === "en" && q.question_en ? q.question_en : q.question;
}

/** nameOf picks the text of a level or reason in the screen's language, Vietnamese when English is missing. */
export function nameOf(x: { name: string; name_en: string }, lang: string): string {
  return lang === "en" && x.name_en ? x.name_en : x.name;
}
