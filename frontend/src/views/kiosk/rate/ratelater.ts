// The later rating's pure logic ("Đánh giá sự phục vụ", RateLater.svelte): what a scanned
// or typed text is, why a ticket or receipt cannot be rated (from the server's error code
// and reason, docs/api.md "Errors"), what comes after the look-up, and what "Nghe" says.
// The faces, the reasons and the assessment's questions are the rating pad's own
// (views/rate: RatingFlow, RatingSteps, pad.ts); the server decides in the end
// (POST /api/v1/ratings/lookup, kiosk.ParseTicketLookup, kiosk.TypedTicket).
import { prompt, withTail, type Spoken } from "../../../lib/speech";
import { questionClips, type AssessmentQuestion, type RatingRequest, type Step } from "../../rate/pad";
import { readCode } from "../lookup/lookup";

// kiosk/lookup.go: a ticket's QR holds "MC1:T:<kiosk>:<day>:<number>"; a number is one or
// two capitals and 3–6 digits (kiosk.TypedTicket: typed, it is today's).
const ticketQR = "MC1:T:";
const numberPattern = /^[A-Z]{1,2}[0-9]{3,6}$/;

/** What a text is: a code to ask the server about, or why it is not one (never sent). */
export type Entry =
  | { kind: "code"; code: string }
  | { kind: "empty" } // nothing typed
  | { kind: "invalid" } // typed, neither a number nor a dossier code
  | { kind: "cccd" } // a citizen ID card's QR: fields between "|"
  | { kind: "not_ticket" }; // any other QR: a web address, a product, a misread

/** readScanned reads what the QR scanner typed: a ticket's QR, or a receipt's (its URL or code). */
export function readScanned(text: string): Entry {
  const s = text.trim();
  if (s.startsWith(ticketQR)) return { kind: "code", code: s };
  const dossier = readCode(s);
  if (dossier) return { kind: "code", code: dossier };
  if (s.includes("|")) return { kind: "cccd" };
  return { kind: "not_ticket" };
}

/** readTyped reads the on-screen keyboard: a ticket number ("A012", today's) or a dossier code. */
export function readTyped(text: string): Entry {
  const s = text.replace(/ /g, "").toUpperCase();
  if (s === "") return { kind: "empty" };
  if (numberPattern.test(s)) return { kind: "code", code: s };
  const dossier = readCode(s);
  return dossier ? { kind: "code", code: dossier } : { kind: "invalid" };
}

/** Why nothing can be rated: an Entry that is not a code, or the server's refusal. */
export type Problem =
  | Exclude<Entry["kind"], "code">
  | "rated" // rated (or assessed) already: said kindly, nothing to do
  | "too_old" // past the window (7 days after service, 30 after a dossier's return)
  | "not_yet" // the ticket not served yet, the dossier not returned yet
  | "other_kiosk" // a ticket of another kiosk
  | "no_assessment" // a receipt, where the province does not ask the assessment
  | "not_found"
  | "limited"
  | "unavailable";

/** problemOf maps the server's error (kiosk.Error's code and reason) to what the screen says. */
export function problemOf(err: { code: string; reason?: string }): Problem {
  switch (err.reason) {
    case "rated":
      return "rated";
    case "late":
      return "too_old";
    case "not_served":
      return "not_yet";
    case "other_kiosk":
      return "other_kiosk";
    case "off":
      return "no_assessment";
  }
  if (err.code === "not_found" || err.code === "invalid") return err.code;
  return err.code === "too_many" ? "limited" : "unavailable";
}

/** callsStaff: the problems a clerk can help with show "Gọi cán bộ"; "rated" is thanked, not helped. */
export function callsStaff(p: Problem): boolean {
  return p !== "rated" && p !== "empty";
}

/** ratingBody is POST /api/v1/ratings for the ticket code that was looked up. */
export function ratingBody(code: string, score: number, reasons: string[]) {
  return { code, score, reasons };
}

/** assessmentBody is POST /api/v1/assessments: the dossier the look-up named, whatever was scanned. */
export function assessmentBody(req: RatingRequest, scores: Record<string, number>) {
  return { code: req.assessment?.dossier_code ?? "", scores };
}

const problemPrompts: Record<Problem, Spoken> = {
  empty: prompt("ratelater.problem_empty"),
  invalid: prompt("ratelater.problem_invalid"),
  cccd: prompt("ratelater.problem_cccd"),
  not_ticket: prompt("ratelater.problem_not_ticket"),
  rated: prompt("ratelater.problem_rated"),
  too_old: prompt("ratelater.problem_too_old"),
  not_yet: prompt("ratelater.problem_not_yet"),
  other_kiosk: prompt("ratelater.problem_other_kiosk"),
  no_assessment: prompt("ratelater.problem_no_assessment"),
  not_found: prompt("ratelater.problem_not_found"),
  limited: prompt("ratelater.problem_limited"),
  unavailable: prompt("ratelater.problem_unavailable"),
};

/**
 * rateLaterSpeech is what "Nghe" says on this screen: how to begin; the problem (and that
 * a clerk can help); the faces; the reasons; the current question; the thanks. Fixed
 * prompts only: never the ticket number, the dossier code or the procedure.
 */
export function rateLaterSpeech(s: { step: Step | null; problem: Problem | null; question?: AssessmentQuestion }): Spoken[] {
  if (s.problem) {
    const items = [problemPrompts[s.problem]];
    if (callsStaff(s.problem)) items.push(prompt("ratelater.todo_staff"));
    return withTail(items);
  }
  switch (s.step) {
    case "ask":
      return withTail([prompt("ratelater.ask_spoken")]);
    case "reasons":
    case "sending":
      return withTail([prompt("rate.reasons_title"), prompt("ratelater.reasons_spoken")]);
    case "assess": {
      const clip = s.question && questionClips[s.question.id];
      return withTail(clip ? [prompt("rate.assess_title"), clip] : [prompt("rate.assess_title")]);
    }
    case "done":
      return withTail([prompt("rate.thanks")]);
  }
  return withTail([prompt("ratelater.title"), prompt("ratelater.how")]);
}
