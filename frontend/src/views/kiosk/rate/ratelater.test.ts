import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { prompt } from "../../../lib/speech";
import { questionClips, type AssessmentQuestion, type RatingRequest } from "../../rate/pad";
import vi from "../../../locales/vi/ratelater.json";
import en from "../../../locales/en/ratelater.json";
import {
  assessmentBody,
  callsStaff,
  problemOf,
  ratingBody,
  rateLaterSpeech,
  readScanned,
  readTyped,
  type Problem,
} from "./ratelater";

const ticketQR = "MC1:T:kiosk-3f2a9c1b7d4e:2026-12-01:A001";
const cccd = "001099012345|123456789|Nguyễn Văn An|15031999|Nam|Số 12, ngõ 34 Láng Hạ, Phường Láng, Hà Nội|20042021";

describe("what was scanned or typed", () => {
  it("asks the server about a ticket's QR as it is, and a receipt's QR by its dossier code", () => {
    expect(readScanned(ticketQR)).toEqual({ kind: "code", code: ticketQR });
    expect(readScanned(" " + ticketQR + " ")).toEqual({ kind: "code", code: ticketQR });
    expect(readScanned("http://192.168.1.10:8080/d/000.00.06.H56-261201-0001")).toEqual({ kind: "code", code: "000.00.06.H56-261201-0001" });
    expect(readScanned("000.00.06.H56-261201-0001")).toEqual({ kind: "code", code: "000.00.06.H56-261201-0001" });
  });

  it("never sends a citizen ID's QR or another QR anywhere", () => {
    expect(readScanned(cccd)).toEqual({ kind: "cccd" });
    expect(readScanned("https://dichvucong.gov.vn/p/home")).toEqual({ kind: "not_ticket" });
    expect(readScanned("8935049500186")).toEqual({ kind: "not_ticket" });
  });

  it("reads today's ticket number or a dossier code from the keyboard", () => {
    expect(readTyped("A012")).toEqual({ kind: "code", code: "A012" });
    expect(readTyped(" ab 123 ")).toEqual({ kind: "code", code: "AB123" });
    expect(readTyped("000.00.06.H56-261201-0001")).toEqual({ kind: "code", code: "000.00.06.H56-261201-0001" });
    expect(readTyped("")).toEqual({ kind: "empty" });
    for (const bad of ["A01", "ABC001", "012", "A0123456789", "000.00.06.H56-2612"]) expect(readTyped(bad), bad).toEqual({ kind: "invalid" });
  });
});

describe("why nothing can be rated", () => {
  it("tells the server's refusals apart by their reason, not their words", () => {
    expect(problemOf({ code: "conflict", reason: "rated" })).toBe("rated");
    expect(problemOf({ code: "conflict", reason: "late" })).toBe("too_old");
    expect(problemOf({ code: "conflict", reason: "not_served" })).toBe("not_yet");
    expect(problemOf({ code: "invalid", reason: "other_kiosk" })).toBe("other_kiosk");
    expect(problemOf({ code: "not_found", reason: "off" })).toBe("no_assessment");
    expect(problemOf({ code: "not_found" })).toBe("not_found");
    expect(problemOf({ code: "invalid" })).toBe("invalid");
    expect(problemOf({ code: "too_many" })).toBe("limited");
    expect(problemOf({ code: "unavailable" })).toBe("unavailable");
    expect(problemOf({ code: "conflict" })).toBe("unavailable");
  });

  it("thanks for a ticket rated already, and offers a clerk for the rest", () => {
    expect(callsStaff("rated")).toBe(false);
    for (const p of ["not_found", "too_old", "not_yet", "other_kiosk", "no_assessment", "invalid"] as Problem[]) expect(callsStaff(p), p).toBe(true);
  });

  it("has every problem in both languages, the kind one in the words asked for", () => {
    const problems: Problem[] = ["empty", "invalid", "cccd", "not_ticket", "rated", "too_old", "not_yet", "other_kiosk", "no_assessment", "not_found", "limited", "unavailable"];
    for (const p of problems) {
      expect((vi as Record<string, string>)[`problem_${p}`], p).toBeTruthy();
      expect((en as Record<string, string>)[`problem_${p}`], p).toBeTruthy();
    }
    expect(vi.problem_rated).toBe("Phiếu này đã được đánh giá. Cảm ơn quý vị.");
  });
});

describe("after the look-up", () => {
  const question: AssessmentQuestion = { id: "attitude", name: "", name_en: "", question: "", question_en: "", choices: [{ score: 2, name: "Tốt", name_en: "" }] };
  const ticket: RatingRequest = { ticket_id: 7, code: "A001", counter_id: 1, service_id: "hotich", finished_at: "" };
  const withDossier: RatingRequest = { ...ticket, assessment: { dossier_code: "000.00.06.H56-261201-0001", procedure: "", returned_at: "", questions: [question] } };

  it("rates by the code looked up, and assesses the dossier the server named", () => {
    expect(ratingBody(ticketQR, 1, ["waiting_time"])).toEqual({ code: ticketQR, score: 1, reasons: ["waiting_time"] });
    expect(assessmentBody(withDossier, { attitude: 2 })).toEqual({ code: "000.00.06.H56-261201-0001", scores: { attitude: 2 } });
  });
});

describe("Nghe on the later rating", () => {
  const tail = prompt("speech.help");
  it("says how to begin, the problem and that a clerk can help, each step, the thanks", () => {
    expect(rateLaterSpeech({ step: null, problem: null })).toEqual([prompt("ratelater.title"), prompt("ratelater.how"), tail]);
    expect(rateLaterSpeech({ step: null, problem: "rated" })).toEqual([prompt("ratelater.problem_rated"), tail]);
    expect(rateLaterSpeech({ step: null, problem: "not_found" })).toEqual([prompt("ratelater.problem_not_found"), prompt("ratelater.todo_staff"), tail]);
    expect(rateLaterSpeech({ step: "ask", problem: null })).toEqual([prompt("ratelater.ask_spoken"), tail]);
    expect(rateLaterSpeech({ step: "reasons", problem: null })[0]).toEqual(prompt("rate.reasons_title"));
    const q: AssessmentQuestion = { id: "overall", name: "", name_en: "", question: "", question_en: "", choices: [] };
    expect(rateLaterSpeech({ step: "assess", problem: null, question: q })).toEqual([prompt("rate.assess_title"), questionClips.overall, tail]);
    expect(rateLaterSpeech({ step: "done", problem: null })).toEqual([prompt("rate.thanks"), tail]);
  });

  it("speaks fixed prompts only: every one has its Vietnamese text, none with a blank to fill", () => {
    const src = readFileSync(fileURLToPath(new URL("./ratelater.ts", import.meta.url)), "utf8");
    const keys = [...src.matchAll(/\bprompt\("ratelater\.([a-z_]+)"\)/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(10);
    for (const k of keys) {
      const text = (vi as Record<string, string>)[k];
      expect(text, k).toBeTruthy();
      expect(text, k).not.toContain("{");
    }
  });
});
