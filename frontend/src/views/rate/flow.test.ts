import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The speaker is the edge: the clips asked for are recorded, not played.
const played: string[] = [];
vi.mock("../../lib/api", () => ({ playClip: async (path: string) => void played.push(path) }));

import { RatingFlow, type RatingSink } from "./flow.svelte";
import { ASK_MS, DONE_MS, type AssessmentQuestion, type RatingLevel, type RatingRequest } from "./pad";

const q = (id: string): AssessmentQuestion => ({ id, name: id, name_en: "", question: id, question_en: "", choices: [{ score: 2, name: "Tốt", name_en: "" }] });
const ticket: RatingRequest = { ticket_id: 7, code: "A001", counter_id: 1, service_id: "hotich", finished_at: "" };
const withDossier: RatingRequest = { ...ticket, assessment: { dossier_code: "D1", procedure: "", returned_at: "", questions: [q("bodies"), q("overall")] } };
const receipt: RatingRequest = { ...withDossier, ticket_id: 0, code: "" };
const happy: RatingLevel = { score: 3, name: "Hài lòng", name_en: "", face: "happy", dissatisfied: false };
const unhappy: RatingLevel = { score: 1, name: "Không hài lòng", name_en: "", face: "sad", dissatisfied: true };

// sink records what the flow sent; answers resolve or reject when the test says.
function sink() {
  const sent: unknown[] = [];
  const refused: string[] = [];
  let over = 0;
  let fail = false;
  const s: RatingSink = {
    rating: async (req, score, reasons) => {
      sent.push({ ticket: req.ticket_id, score, reasons });
      if (fail) throw new Error("refused");
    },
    assessment: async (req, scores) => {
      sent.push({ dossier: req.assessment?.dossier_code, scores });
      if (fail) throw new Error("refused");
    },
    refused: (_e, what) => refused.push(what),
    over: () => over++,
  };
  return { s, sent, refused, over: () => over, failing: () => (fail = true) };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

describe("RatingFlow", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends a happy face at once, thanks, and hands back after DONE_MS", async () => {
    const k = sink();
    const f = new RatingFlow(k.s);
    played.length = 0;
    f.ask(ticket);
    expect(f.step).toBe("ask");
    f.tap(happy);
    await settle();
    expect(k.sent).toEqual([{ ticket: 7, score: 3, reasons: [] }]);
    expect(f.step).toBe("done");
    expect(played).toEqual(["/api/v1/voice/clips/moi_danh_gia", "/api/v1/voice/clips/cam_on"]);
    await vi.advanceTimersByTimeAsync(DONE_MS);
    expect(k.over()).toBe(1);
  });

  it("asks reasons after a dissatisfied face and sends what was chosen when left alone", async () => {
    const k = sink();
    const f = new RatingFlow(k.s);
    f.ask(ticket);
    f.tap(unhappy);
    expect(f.step).toBe("reasons");
    f.toggle("waiting_time");
    f.toggle("attitude");
    f.toggle("waiting_time");
    await vi.advanceTimersByTimeAsync(ASK_MS - 1);
    expect(k.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(k.sent).toEqual([{ ticket: 7, score: 1, reasons: ["attitude"] }]);
  });

  it("asks the dossier's questions after the faces; a receipt only them; walking away sends what was answered", async () => {
    const k = sink();
    const f = new RatingFlow(k.s);
    f.ask(withDossier);
    f.tap(happy);
    await settle();
    expect(f.step).toBe("assess");
    expect(f.question?.id).toBe("bodies");
    f.choose(2);
    expect(f.question?.id).toBe("overall");
    await vi.advanceTimersByTimeAsync(ASK_MS);
    expect(k.sent[1]).toEqual({ dossier: "D1", scores: { bodies: 2 } });
    expect(f.step).toBe("done");

    const r = sink();
    const g = new RatingFlow(r.s);
    g.ask(receipt);
    expect(g.step).toBe("assess");
    g.skip();
    g.skip();
    await settle();
    expect(r.sent).toEqual([{ dossier: "D1", scores: {} }]);
  });

  it("tells the page of a refusal, and drops an answer that arrives after reset", async () => {
    const k = sink();
    k.failing();
    const f = new RatingFlow(k.s);
    f.ask(ticket);
    f.tap(happy);
    await settle();
    expect(k.refused).toEqual(["rating"]);
    expect(f.step).toBe("sending");

    const l = sink();
    const g = new RatingFlow(l.s);
    g.ask(ticket);
    g.tap(happy);
    g.reset();
    await settle();
    expect(g.step).toBe(null);
    expect(l.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(DONE_MS);
    expect(l.over()).toBe(0);
  });
});
