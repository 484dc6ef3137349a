import { describe, expect, it } from "vitest";
import { Assessment, firstStep, nameOf, padCounter, questionClips, questionOf, questionsOf, shouldAsk, type AssessmentQuestion, type RatingRequest } from "./pad";

describe("padCounter", () => {
  it("binds the counter in the path, else the one remembered, else asks", () => {
    expect(padCounter("2", null)).toBe(2);
    expect(padCounter("2", "3")).toBe(2);
    expect(padCounter("", "3")).toBe(3);
    expect(padCounter("", null)).toBeNull();
    expect(padCounter("choose", "3")).toBeNull();
  });
  it("refuses what is not a counter number", () => {
    for (const bad of ["0", "-1", "02", "1.5", "1000", "abc", " 2"]) expect(padCounter(bad, null)).toBeNull();
    expect(padCounter("", "garbage")).toBeNull();
  });
});

describe("shouldAsk", () => {
  const req: RatingRequest = { ticket_id: 7, code: "A001", counter_id: 2, service_id: "hotich", finished_at: "" };
  it("asks about its own counter's ticket once", () => {
    expect(shouldAsk(req, 2, null)).toBe(true);
    expect(shouldAsk(req, 2, 6)).toBe(true);
    expect(shouldAsk(req, 2, 7)).toBe(false);
    expect(shouldAsk(req, 1, null)).toBe(false);
  });
});

describe("nameOf", () => {
  it("is Vietnamese first, English when chosen and present", () => {
    const l = { name: "Hài lòng", name_en: "Satisfied" };
    expect(nameOf(l, "vi")).toBe("Hài lòng");
    expect(nameOf(l, "en")).toBe("Satisfied");
    expect(nameOf({ name: "Hài lòng", name_en: "" }, "en")).toBe("Hài lòng");
  });
});

describe("Assessment", () => {
  const q = (id: string, scores: number[]): AssessmentQuestion => ({
    id,
    name: id,
    name_en: id,
    question: "Câu " + id,
    question_en: "",
    choices: scores.map((score) => ({ score, name: String(score), name_en: String(score) })),
  });
  const questions = [q("bodies", [2, 1, 0]), q("attitude", [2, 1, 0]), q("convenience", [3, 2, 1]), q("overall", [3, 2, 1])];

  it("asks each question in turn; a tap answers, 'Bỏ qua' leaves it out (never 0)", () => {
    const a = new Assessment(questions);
    expect(a.current?.id).toBe("bodies");
    a.answer(0);
    a.skip();
    expect(a.current?.id).toBe("convenience");
    a.answer(3);
    expect(a.done).toBe(false);
    a.answer(1);
    expect(a.done).toBe(true);
    expect(a.current).toBeUndefined();
    expect(a.scores).toEqual({ bodies: 0, convenience: 3, overall: 1 });
    a.answer(2);
    a.skip();
    expect(a.scores).toEqual({ bodies: 0, convenience: 3, overall: 1 });
  });

  it("ignores a score the question does not offer, and skipAll keeps what was answered", () => {
    const a = new Assessment(questions);
    a.answer(3); // bodies scores 2/1/0
    expect(a.current?.id).toBe("bodies");
    a.answer(2);
    a.skipAll();
    expect(a.done).toBe(true);
    expect(a.scores).toEqual({ bodies: 2 });
  });

  it("has a spoken clip for every asked indicator, and speaks the question's language", () => {
    for (const x of questions) expect(questionClips[x.id]).toEqual({ prompt: "rate.assess_" + x.id });
    expect(questionOf(questions[0], "en")).toBe("Câu bodies");
    expect(questionOf({ ...questions[0], question_en: "Q" }, "en")).toBe("Q");
  });
});

describe("the first step", () => {
  const question: AssessmentQuestion = { id: "attitude", name: "", name_en: "", question: "", question_en: "", choices: [{ score: 2, name: "Tốt", name_en: "" }] };
  const ticket: RatingRequest = { ticket_id: 7, code: "A001", counter_id: 1, service_id: "hotich", finished_at: "" };
  const withDossier: RatingRequest = { ...ticket, assessment: { dossier_code: "000.00.06.H56-261201-0001", procedure: "", returned_at: "", questions: [question] } };
  const receipt: RatingRequest = { ...withDossier, ticket_id: 0, code: "" };

  it("asks a ticket the faces first, a receipt only the assessment", () => {
    expect(firstStep(ticket)).toBe("ask");
    expect(firstStep(withDossier)).toBe("ask");
    expect(firstStep(receipt)).toBe("assess");
    expect(questionsOf(ticket)).toEqual([]);
    expect(questionsOf(withDossier)).toEqual([question]);
  });
});
