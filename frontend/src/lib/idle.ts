// An untouched public screen goes back to a fresh home: after IDLE_MS with no touch or key,
// the next villager must not find the last one's search, language or text size.

export const IDLE_MS = 90_000;

/**
 * WARN_MS: the screen warns this long before it goes home, on screen and by voice, with a
 * "Thêm thời gian" button (WCAG 2.2.1 asks for ≥ 20 s; some readers need the spare time).
 */
export const WARN_MS = 30_000;

export interface IdleTimer {
  /** poke restarts the wait on a screen that returns home (armed), and stops it on any other. */
  poke(armed: boolean): void;
  stop(): void;
}

/**
 * idleTimer calls onIdle once ms have passed since the last poke(true), and onWarn warnMs
 * before that. ms may be read at each poke (a setting the admin page changes). A poke (any
 * touch, "Thêm thời gian" among them) starts both waits again, as often as anyone likes:
 * there is no limit on extensions.
 */
export function idleTimer(ms: number | (() => number), onIdle: () => void, warn?: { ms: number; onWarn: () => void }): IdleTimer {
  let timers: ReturnType<typeof setTimeout>[] = [];
  const stop = () => {
    timers.forEach(clearTimeout);
    timers = [];
  };
  return {
    poke(armed) {
      stop();
      if (!armed) return;
      const wait = typeof ms === "function" ? ms() : ms;
      timers.push(setTimeout(onIdle, wait));
      if (warn) timers.push(setTimeout(warn.onWarn, Math.max(0, wait - warn.ms)));
    },
    stop,
  };
}

/**
 * returnsHome says whether a path goes home when idle: the public screens marked idleHome,
 * and any path no route knows (nobody is left on "no such page"). Staff screens, the hall
 * display and the rating pad stay where they are.
 */
export function returnsHome(route: { idleHome?: boolean } | null | undefined): boolean {
  return !route || route.idleHome === true;
}

/**
 * needsReset: home already, in Vietnamese with the text size the kiosk starts in and the
 * voice as a session starts (voiceChanged false: auto-speak as set, default volume), is
 * fresh; anything else is reset.
 */
export function needsReset(s: { path: string; lang: string; largeText: boolean; voiceChanged?: boolean }, startLarge = false): boolean {
  return s.path !== "/kiosk" || s.lang !== "vi" || s.largeText !== startLarge || s.voiceChanged === true;
}
