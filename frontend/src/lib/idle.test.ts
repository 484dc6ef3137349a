import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IDLE_MS, WARN_MS, idleTimer, needsReset, returnsHome } from "./idle";

describe("idleTimer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("fires once the idle time has passed since the last touch, not before", () => {
    const onIdle = vi.fn();
    const idle = idleTimer(IDLE_MS, onIdle);
    idle.poke(true);
    vi.advanceTimersByTime(60_000);
    idle.poke(true); // a touch at 60 s starts the wait again
    vi.advanceTimersByTime(IDLE_MS - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * IDLE_MS);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("reads a time-out given as a setting at each touch", () => {
    const onIdle = vi.fn();
    let seconds = 90;
    const idle = idleTimer(() => seconds * 1000, onIdle);
    seconds = 30; // the admin shortened it
    idle.poke(true);
    vi.advanceTimersByTime(30_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("does not fire on a screen that stays put, nor after stop", () => {
    const onIdle = vi.fn();
    const idle = idleTimer(IDLE_MS, onIdle);
    idle.poke(true);
    idle.poke(false); // moved to the counter page
    vi.advanceTimersByTime(2 * IDLE_MS);
    idle.poke(true);
    idle.stop();
    vi.advanceTimersByTime(2 * IDLE_MS);
    expect(onIdle).not.toHaveBeenCalled();
  });
});

describe("idleTimer's warning", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("warns at least 20 s ahead, and each of a dozen extensions gives the whole time again", () => {
    expect(WARN_MS).toBeGreaterThanOrEqual(20_000);
    const onIdle = vi.fn();
    const onWarn = vi.fn();
    const idle = idleTimer(IDLE_MS, onIdle, { ms: WARN_MS, onWarn });
    idle.poke(true);
    for (let i = 1; i <= 12; i++) {
      vi.advanceTimersByTime(IDLE_MS - WARN_MS - 1);
      expect(onWarn).toHaveBeenCalledTimes(i - 1);
      vi.advanceTimersByTime(1);
      expect(onWarn).toHaveBeenCalledTimes(i);
      vi.advanceTimersByTime(WARN_MS - 1);
      idle.poke(true); // "Thêm thời gian", a second before the time-out
    }
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(IDLE_MS);
    expect(onWarn).toHaveBeenCalledTimes(13);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("stops warning on a screen that stays put", () => {
    const onWarn = vi.fn();
    const idle = idleTimer(IDLE_MS, () => {}, { ms: WARN_MS, onWarn });
    idle.poke(true);
    idle.poke(false);
    vi.advanceTimersByTime(2 * IDLE_MS);
    expect(onWarn).not.toHaveBeenCalled();
  });
});

describe("returnsHome", () => {
  it("public screens and unknown paths go home; staff screens, the display and the rating pad stay", () => {
    expect(returnsHome({ idleHome: true })).toBe(true);
    expect(returnsHome(null)).toBe(true);
    expect(returnsHome({})).toBe(false);
    expect(returnsHome({ idleHome: false })).toBe(false);
  });
});

describe("needsReset", () => {
  it("leaves a fresh home alone and resets anything else", () => {
    expect(needsReset({ path: "/kiosk", lang: "vi", largeText: false })).toBe(false);
    expect(needsReset({ path: "/kiosk/ticket", lang: "vi", largeText: false })).toBe(true);
    expect(needsReset({ path: "/kiosk", lang: "en", largeText: false })).toBe(true);
    expect(needsReset({ path: "/kiosk", lang: "vi", largeText: true })).toBe(true);
    // A kiosk set to start in large text is fresh in large text, and reset from normal text.
    expect(needsReset({ path: "/kiosk", lang: "vi", largeText: true }, true)).toBe(false);
    expect(needsReset({ path: "/kiosk", lang: "vi", largeText: false }, true)).toBe(true);
  });
});
