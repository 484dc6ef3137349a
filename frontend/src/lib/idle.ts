// An untouched public screen goes back to a fresh home: after IDLE_MS with no touch or key,
// the next villager must not find the last one's search, language or text size.

export const IDLE_MS = 90_000;

export interface IdleTimer {
  /** poke restarts the wait on a screen that returns home (armed), and stops it on any other. */
  poke(armed: boolean): void;
  stop(): void;
}

/** idleTimer calls onIdle once ms have passed since the last poke(true); ms may be read at each poke (a setting). */
export function idleTimer(ms: number | (() => number), onIdle: () => void): IdleTimer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    poke(armed) {
      clearTimeout(timer);
      timer = armed ? setTimeout(onIdle, typeof ms === "function" ? ms() : ms) : undefined;
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
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

/** needsReset: home already, in Vietnamese with the text size the kiosk starts in, is fresh; anything else is reset. */
export function needsReset(s: { path: string; lang: string; largeText: boolean }, startLarge = false): boolean {
  return s.path !== "/kiosk" || s.lang !== "vi" || s.largeText !== startLarge;
}
