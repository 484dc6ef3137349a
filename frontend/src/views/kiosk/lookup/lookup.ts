// The dossier look-up's pure logic ("Tra cứu hồ sơ", Lookup.svelte): what a typed or
// scanned text is (the scanner's bursts: lib/scanner.ts), the code keyboard, the dates in
// Vietnam's time, and what "Nghe" says. The server decides in the end
// (GET /api/v1/public/dossier, kiosk.ParseDossierCode); this side only spares a villager a
// round trip for what is plainly not a receipt, and never sends a citizen ID's QR anywhere.
import type { KeyboardLayout } from "../../../lib/keyboard";
import { inVietnam } from "../../../lib/hours";
import { prompt, withTail, type Spoken } from "../../../lib/speech";

/** PublicDossier is all the look-up answers (docs/api.md): never the ID number, the phone or the address. */
export interface PublicDossier {
  code: string;
  procedure: string;
  status: number;
  status_name: string;
  status_name_en: string;
  received_at: string;
  appointment?: string;
  overdue: boolean;
  applicant_masked: string;
}

// kiosk/dossier_code.go: {agency code}-{yyMMdd}-{NNNN}, the agency in dotted groups of
// digits and capitals; the receipt's QR is {base}/d/{code}.
const codePattern = /^[0-9A-Z]+(\.[0-9A-Z]+)*-[0-9]{6}-[0-9]{4,6}$/;
const lookupPath = "/d/";
const maxCode = 64;

/** readCode returns the dossier code in text (a code in any case, with stray spaces, or the
 * receipt's URL …/d/CODE), as the server stores it; null when text holds none. */
export function readCode(text: string): string | null {
  let s = text.trim();
  const i = s.lastIndexOf(lookupPath);
  if (i >= 0 && (i === 0 || s.slice(0, i).includes("://"))) s = s.slice(i + lookupPath.length).split("?")[0];
  s = s.replace(/ /g, "").toUpperCase();
  return s.length <= maxCode && codePattern.test(s) ? s : null;
}

/** What a text is, for the screen: a code to look up, or why it is not one. */
export type Reading =
  | { kind: "code"; code: string }
  | { kind: "empty" } // nothing typed
  | { kind: "invalid" } // typed, but not in a code's shape
  | { kind: "cccd" } // the QR of a citizen ID card (CCCD): fields between "|"
  | { kind: "ticket" } // the QR of a queue ticket
  | { kind: "not_receipt" }; // any other QR: a web address, a product, a misread

/** readTyped reads what was typed on the on-screen keyboard. */
export function readTyped(text: string): Reading {
  if (text.trim() === "") return { kind: "empty" };
  const code = readCode(text);
  return code ? { kind: "code", code } : { kind: "invalid" };
}

/** readScan reads what a QR scanner typed: only a receipt's code or URL is looked up. */
export function readScan(text: string): Reading {
  const code = readCode(text);
  if (code) return { kind: "code", code };
  if (text.includes("|")) return { kind: "cccd" };
  if (text.trim().startsWith("MC1:T:")) return { kind: "ticket" }; // kiosk.TicketLookupCode
  return { kind: "not_receipt" };
}

/** codeKeys is the look-up's keyboard: the characters of a dossier code, capitals as printed. */
export const codeKeys: KeyboardLayout = {
  rows: [
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
    ["Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P"],
    ["A", "S", "D", "F", "G", "H", "J", "K", "L", "-"],
    ["Z", "X", "C", "V", "B", "N", "M", "."],
  ],
  press: (text, key) => (text.length >= maxCode ? text : text + key),
};

/** exampleCode is a code's shape for the hint: this desk's agency code (the one its receipts
 * carry) or the national list's example, the day, a number. */
export function exampleCode(agency: string | undefined, nowMs: number): string {
  const v = inVietnam(new Date(nowMs).toISOString());
  const [dd, mm] = v.date.split("/");
  return `${agency || "000.00.06.H56"}-${String(v.year % 100).padStart(2, "0")}${mm}${dd}-0001`;
}

/** Why a look-up shows no dossier: a Reading that is not a code, or the server's error code. */
export type Problem = Exclude<Reading["kind"], "code"> | "not_found" | "limited" | "unavailable";

/** problemOf maps the server's error code (kiosk.Error) to what the screen says: "limited"
 * for too_many (a locale key may not end in a plural form's name). */
export function problemOf(code: string): Problem {
  if (code === "invalid" || code === "not_found") return code;
  return code === "too_many" ? "limited" : "unavailable";
}

/** todoOf is what a villager can do about a problem (lookup.todo_*): check the code, scan the receipt, or wait. */
export function todoOf(p: Problem): "check" | "scan" | "wait" {
  if (p === "cccd" || p === "ticket" || p === "not_receipt") return "scan";
  if (p === "limited" || p === "unavailable") return "wait";
  return "check";
}

/** adviceOf is what a dossier's state asks of the villager (lookup.advice_*), or "" when nothing. */
export function adviceOf(status: number): "" | "supplement" | "paying" | "ready" | "reason" {
  switch (status) {
    case 5:
      return "supplement";
    case 6:
      return "paying";
    case 9:
      return "ready";
    case 3:
    case 8:
      return "reason";
  }
  return "";
}

/** formatWhen writes an instant as the receipt does, in Vietnam's time: "09 giờ 00, ngày 07/12/2026" (en "09:00, 07/12/2026"). */
export function formatWhen(iso: string, lang: string): string {
  const v = inVietnam(iso);
  const date = `${v.date}/${v.year}`;
  if (lang === "en") return `${v.time}, ${date}`;
  const [h, m] = v.time.split(":");
  return `${h} giờ ${m}, ngày ${date}`;
}

/** formatAppointment writes the promised time as the receipt does: "Sau 09 giờ 00, ngày 07/12/2026" (en "after 09:00, 07/12/2026"). */
export function formatAppointment(iso: string, lang: string): string {
  return (lang === "en" ? "after " : "Sau ") + formatWhen(iso, lang);
}

// The state's name as heard: clips are made ahead from fixed text, so one prompt per
// national status code (kiosk/dossier_status.go names them the same).
const statusPrompts: Record<number, Spoken> = {
  1: prompt("lookup.status_1"),
  2: prompt("lookup.status_2"),
  3: prompt("lookup.status_3"),
  4: prompt("lookup.status_4"),
  5: prompt("lookup.status_5"),
  6: prompt("lookup.status_6"),
  7: prompt("lookup.status_7"),
  8: prompt("lookup.status_8"),
  9: prompt("lookup.status_9"),
  10: prompt("lookup.status_10"),
};
const advicePrompts = {
  supplement: prompt("lookup.advice_supplement"),
  paying: prompt("lookup.advice_paying"),
  ready: prompt("lookup.advice_ready"),
  reason: prompt("lookup.advice_reason"),
};
const problemPrompts: Record<Problem, Spoken> = {
  empty: prompt("lookup.problem_empty"),
  invalid: prompt("lookup.problem_invalid"),
  cccd: prompt("lookup.problem_cccd"),
  ticket: prompt("lookup.problem_ticket"),
  not_receipt: prompt("lookup.problem_not_receipt"),
  not_found: prompt("lookup.problem_not_found"),
  limited: prompt("lookup.problem_limited"),
  unavailable: prompt("lookup.problem_unavailable"),
};
const todoPrompts = { check: prompt("lookup.todo_check"), scan: prompt("lookup.todo_scan"), wait: prompt("lookup.todo_wait") };

/**
 * lookupSpeech is what "Nghe" says on the look-up: how to look up; the problem and what to
 * do; or the dossier's state (and what it asks), then that the dates are on the screen.
 * Never the code, the procedure or the name: only fixed text has a clip, and a masked name
 * read aloud in the hall is still a name.
 */
export function lookupSpeech(s: { dossier: PublicDossier | null; problem: Problem | null }): Spoken[] {
  if (s.problem) return withTail([problemPrompts[s.problem], todoPrompts[todoOf(s.problem)]]);
  if (!s.dossier) return withTail([prompt("lookup.title"), prompt("speech.lookup")]);
  const d = s.dossier;
  const items = [prompt("lookup.status")];
  if (statusPrompts[d.status]) items.push(statusPrompts[d.status]);
  if (d.overdue) items.push(prompt("lookup.overdue"));
  const advice = adviceOf(d.status);
  if (advice) items.push(advicePrompts[advice]);
  items.push(prompt("speech.lookup_result"));
  return withTail(items);
}
