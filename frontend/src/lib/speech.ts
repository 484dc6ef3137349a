// "Nghe": a kiosk screen read aloud from offline Vietnamese clips, the same on a LAN
// browser and in the window. What a screen says is fixed text (UI strings, each marked by
// a call of prompt with its locale key) and the ticket number just taken; never anything a
// villager typed or owns. Each prompt's clip, p_<area>_<key>, is made from the Vietnamese
// locale text by build/voice/generate.sh, and a Go test (hardware/voice/prompts_test.go)
// fails the build when one the code names has no clip, or a clip is older than its text.
import { writable, type Readable } from "svelte/store";

export type Spoken = { prompt: string } | { code: string };

/** prompt marks a UI string to be spoken. Call it with a string literal only: the build check reads the calls. */
export function prompt(key: string): Spoken {
  return { prompt: key };
}

/** ticketCode speaks a queue number ("A001") by its letters and number. */
export function ticketCode(code: string): Spoken {
  return { code };
}

/** clipPath is where the server serves what s says. */
export function clipPath(s: Spoken): string {
  return "prompt" in s ? `/api/v1/voice/clips/p_${s.prompt.replace(".", "_")}` : `/api/v1/voice/code?code=${encodeURIComponent(s.code)}`;
}

/** Speaker plays a list of clips one after another; stop() ends it at once. */
export class Speaker {
  private ctrl: AbortController | null = null;
  private state = writable(false);
  /** speaking is true from say() until the last clip ends or stop(). */
  readonly speaking: Readable<boolean> = this.state;

  constructor(
    private play: (path: string, signal: AbortSignal) => Promise<void>,
    private onError: (e: unknown) => void = () => {},
  ) {}

  /** say stops what is being said and says items in order; a clip that fails is skipped. */
  async say(items: Spoken[]): Promise<void> {
    this.stop();
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    this.state.set(true);
    for (const item of items) {
      if (ctrl.signal.aborted) return;
      try {
        await this.play(clipPath(item), ctrl.signal);
      } catch (e) {
        if (ctrl.signal.aborted) return;
        this.onError(e);
      }
    }
    if (this.ctrl === ctrl) this.stop();
  }

  stop(): void {
    this.ctrl?.abort();
    this.ctrl = null;
    this.state.set(false);
  }
}

/**
 * screenSpeech is what the current screen says on "Nghe", set by the screen while it is
 * shown (useSpeech); null leaves it to defaultSpeech for the path.
 */
export const screenSpeech = writable<Spoken[] | null>(null);

// Every kiosk screen ends the same way: where help is.
const tail = [prompt("speech.help")];

/** defaultSpeech is what a kiosk screen says when it has not said otherwise. */
export function defaultSpeech(path: string): Spoken[] {
  const [, area, sub, rest] = path.split("/");
  if (area !== "kiosk") return [prompt("common.not_found"), prompt("speech.not_found"), ...tail];
  if (sub === "procedures") {
    if (!rest) return [prompt("catalog.title"), prompt("speech.catalog"), ...tail];
    if (rest === "field") return [prompt("speech.field"), ...tail];
    return [prompt("speech.procedure"), ...tail];
  }
  if (sub === "ticket") return [prompt("ticket.title"), prompt("ticket.choose_service"), ...tail];
  if (sub === "lookup") return [prompt("lookup.title"), prompt("speech.lookup"), ...tail];
  return [prompt("kiosk.welcome"), prompt("speech.home"), ...tail];
}

/** withTail ends a screen's own items with where help is. */
export function withTail(items: Spoken[]): Spoken[] {
  return [...items, ...tail];
}
