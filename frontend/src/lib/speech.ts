// "Nghe": a kiosk screen read aloud from offline Vietnamese clips, the same on a LAN
// browser and in the window. What a screen says is fixed text (UI strings, each marked by
// a call of prompt with its locale key) and the ticket number just taken; never anything a
// villager typed or owns. Each prompt's clip, p_<area>_<key>, is made from the Vietnamese
// locale text by build/voice/generate.sh, and a Go test (hardware/voice/prompts_test.go)
// fails the build when one the code names has no clip, or a clip is older than its text.
import { get, writable, type Readable } from "svelte/store";

/**
 * Spoken is one clip: a fixed UI string, a ticket code, or the name of something the
 * commune configured (a line, a counter, a field, a procedure), asked for by its id so the
 * route can say nothing else (docs/voice.md, "Names").
 */
export type Spoken = { prompt: string } | { code: string } | { name: NameKind; id: string };

/** NameKind is what kind of configured thing a name belongs to. */
export type NameKind = "service" | "counter" | "field" | "procedure";

/** prompt marks a UI string to be spoken. Call it with a string literal only: the build check reads the calls. */
export function prompt(key: string): Spoken {
  return { prompt: key };
}

/** ticketCode speaks a queue number ("A001") by its letters and number. */
export function ticketCode(code: string): Spoken {
  return { code };
}

/** configuredName speaks the name a commune gave a line, counter, field or procedure. */
export function configuredName(kind: NameKind, id: string): Spoken {
  return { name: kind, id };
}

/** clipPath is where the server serves what s says. */
export function clipPath(s: Spoken): string {
  if ("prompt" in s) return `/api/v1/voice/clips/p_${s.prompt.replace(".", "_")}`;
  if ("code" in s) return `/api/v1/voice/code?code=${encodeURIComponent(s.code)}`;
  return `/api/v1/voice/name?kind=${s.name}&id=${encodeURIComponent(s.id)}`;
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
  if (sub === "rate") return [prompt("ratelater.title"), prompt("ratelater.how"), ...tail];
  return [prompt("kiosk.welcome"), prompt("speech.home"), ...tail];
}

/**
 * withAlert puts the error sentence first while the screen shows an error (a role="alert"
 * line): the error text itself may hold what the server said, so it is not read, only
 * pointed at.
 */
export function withAlert(items: Spoken[], alert: boolean): Spoken[] {
  return alert ? [prompt("speech.error"), ...items] : items;
}

/** hasAlert: the screen shows an error now. */
export function hasAlert(doc: { querySelector(s: string): unknown }): boolean {
  return doc.querySelector("main [role=alert]") !== null;
}

/** withTail ends a screen's own items with where help is. */
export function withTail(items: Spoken[]): Spoken[] {
  return [...items, ...tail];
}

/** VOLUMES are the steps of the kiosk's volume buttons; DEFAULT_VOLUME is where each session starts. */
export const VOLUMES = [0.4, 0.55, 0.7, 0.85, 1] as const;
export const DEFAULT_VOLUME = 0.7;

/**
 * VoiceSession is one villager's choices about the voice: reading each screen on arrival
 * (auto-speak, "Tự đọc") and the volume. A session ends on the home button or when the
 * idle kiosk goes home (end()): the next person starts with the commune's default
 * auto-speak and the default volume, whatever the last one chose.
 */
export class VoiceSession {
  private autoState = writable(false);
  private volumeState = writable<number>(DEFAULT_VOLUME);
  readonly autoSpeak: Readable<boolean> = this.autoState;
  readonly volume: Readable<number> = this.volumeState;
  private startedState = writable(false);
  /** started: someone has touched the screen since the session began (auto-speak waits for it). */
  readonly started: Readable<boolean> = this.startedState;
  private autoDefault = false;

  /** begin marks the session as in use: called on every touch. */
  begin(): void {
    if (!get(this.startedState)) this.startedState.set(true);
  }

  /** setDefault is the commune's setting for auto-speak; a session in its default state follows it. */
  setDefault(on: boolean): void {
    if (!this.changed()) this.autoState.set(on);
    this.autoDefault = on;
  }

  setAutoSpeak(on: boolean): void {
    this.autoState.set(on);
  }

  /** louder and softer move the volume one step, stopping at the ends. */
  louder(): void {
    this.volumeState.update((v) => VOLUMES.find((x) => x > v + 1e-9) ?? v);
  }
  softer(): void {
    this.volumeState.update((v) => [...VOLUMES].reverse().find((x) => x < v - 1e-9) ?? v);
  }

  /** changed says whether this session differs from how a fresh one starts. */
  changed(): boolean {
    return get(this.autoState) !== this.autoDefault || get(this.volumeState) !== DEFAULT_VOLUME;
  }

  /** end puts the voice back as the next villager should find it. */
  end(): void {
    this.startedState.set(false);
    this.autoState.set(this.autoDefault);
    this.volumeState.set(DEFAULT_VOLUME);
  }
}
