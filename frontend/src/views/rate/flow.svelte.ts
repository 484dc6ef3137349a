// One villager's rating, the same on the counter's pad (Rate.svelte) and at the kiosk's
// "Đánh giá sự phục vụ" (kiosk/rate/RateLater.svelte): the faces, the reasons after a
// dissatisfied one, then the nine-indicator assessment's questions one screen each, and
// thanks; RatingSteps.svelte draws it. The page says where the answers go (RatingSink) and
// what comes before and after.
import { playClip } from "../../lib/api";
import { clipPath } from "../../lib/speech";
import { Assessment, ASK_MS, DONE_MS, firstStep, questionClips, questionsOf, type RatingLevel, type RatingRequest, type Step } from "./pad";

/** Where a page sends the answers, and what it does when the server refuses them or the thanks is over. */
export interface RatingSink {
  rating(req: RatingRequest, score: number, reasons: string[]): Promise<unknown>;
  assessment(req: RatingRequest, scores: Record<string, number>): Promise<unknown>;
  /** refused: the server refused the rating or the assessment (e); the flow stands still. */
  refused(e: unknown, what: "rating" | "assessment"): void;
  /** over: the end (thanks, or a refusal after end()) has stood DONE_MS. */
  over(): void;
}

/**
 * RatingFlow walks one request from the faces to the thanks. Each step waits ASK_MS for a
 * tap and goes on without it: a dissatisfied face is sent with the reasons chosen so far,
 * unanswered questions are skipped and what was answered is sent. One timer serves the
 * flow and the page's own waits (after), so a tap always replaces what was pending. An
 * answer that arrives after reset() is dropped: a new scan, or a page gone, starts over.
 */
export class RatingFlow {
  /** null before a request is asked: the pad waits, the kiosk asks for a code. */
  step = $state<Step | null>(null);
  req = $state<RatingRequest | null>(null);
  chosen = $state<string[]>([]);
  // The assessment being asked; qIndex mirrors its position so the page follows it.
  #assess = $state<Assessment | null>(null);
  qIndex = $state(0);
  question = $derived(this.step === "assess" && this.#assess ? this.#assess.questions[this.qIndex] : undefined);
  #score = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #seq = 0;
  #sink: RatingSink;

  constructor(sink: RatingSink) {
    this.#sink = sink;
  }

  /** after runs fn in ms unless anything else is scheduled or tapped first. */
  after(ms: number, fn: () => void) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(fn, ms);
  }

  /** reset forgets the request and drops any answer still on its way. */
  reset() {
    clearTimeout(this.#timer);
    this.#seq++;
    this.step = null;
    this.req = null;
    this.#assess = null;
  }

  /** ask starts on req: the faces for a ticket (said aloud where the browser allows), the questions for a receipt. */
  ask(req: RatingRequest) {
    this.req = req;
    this.step = firstStep(req);
    if (this.step === "assess") return this.#startAssessment();
    playClip("/api/v1/voice/clips/moi_danh_gia").catch(() => {});
  }

  tap = (level: RatingLevel) => {
    this.#score = level.score;
    this.chosen = [];
    if (level.dissatisfied) {
      this.step = "reasons";
      this.after(ASK_MS, this.send); // walked away after "Không hài lòng": that answer still counts
    } else {
      this.send();
    }
  };

  toggle = (id: string) => {
    this.chosen = this.chosen.includes(id) ? this.chosen.filter((c) => c !== id) : [...this.chosen, id];
    this.after(ASK_MS, this.send);
  };

  send = async () => {
    const req = this.req;
    if (!req || this.step === "sending") return;
    clearTimeout(this.#timer);
    this.step = "sending";
    const mine = this.#seq;
    try {
      await this.#sink.rating(req, this.#score, this.chosen);
    } catch (e) {
      if (mine === this.#seq) this.#sink.refused(e, "rating");
      return;
    }
    if (mine !== this.#seq) return;
    if (questionsOf(req).length) this.#startAssessment();
    else this.thank();
  };

  choose = (score: number) => {
    this.#assess?.answer(score);
    this.#showQuestion();
  };

  skip = () => {
    this.#assess?.skip();
    this.#showQuestion();
  };

  /** thank says thanks aloud and ends. */
  thank() {
    playClip("/api/v1/voice/clips/cam_on").catch(() => {});
    this.end();
  }

  /** end shows the last step (thanks, or why it was refused) and hands back to the page after DONE_MS. */
  end() {
    this.step = "done";
    this.after(DONE_MS, () => this.#sink.over());
  }

  #startAssessment() {
    if (!this.req) return;
    this.#assess = new Assessment(questionsOf(this.req));
    this.step = "assess";
    this.#showQuestion();
  }

  // showQuestion asks the current question aloud, or sends the answers after the last. A
  // villager who walks away mid-way leaves what was answered: it is sent as it is.
  #showQuestion() {
    const assess = this.#assess;
    if (!assess) return;
    this.qIndex = assess.index;
    const q = assess.current;
    if (!q) {
      void this.#sendAssessment();
      return;
    }
    this.after(ASK_MS, () => {
      this.#assess?.skipAll();
      this.#showQuestion();
    });
    const clip = questionClips[q.id];
    if (clip) playClip(clipPath(clip)).catch(() => {});
  }

  async #sendAssessment() {
    const req = this.req;
    const assess = this.#assess;
    if (!req || !assess) return;
    clearTimeout(this.#timer);
    this.#assess = null; // the "assess" step without a question says it is sending
    const mine = this.#seq;
    try {
      await this.#sink.assessment(req, assess.scores);
    } catch (e) {
      if (mine === this.#seq) this.#sink.refused(e, "assessment");
      return;
    }
    if (mine === this.#seq) this.thank();
  }
}
