import { get } from "svelte/store";
import { describe, expect, it, vi } from "vitest";
import { idleTimer, needsReset } from "./idle";
import { DEFAULT_VOLUME, Speaker, VOLUMES, VoiceSession, clipPath, configuredName, defaultSpeech, prompt, ticketCode, withAlert } from "./speech";

// A player whose clips end when the test says so.
function fakePlayer() {
  const played: string[] = [];
  let finish: (() => void) | null = null;
  const play = (path: string, signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      played.push(path);
      if (path.includes("broken")) return reject(new Error("cannot play"));
      finish = resolve;
      signal.addEventListener("abort", () => resolve());
    });
  return { played, play, end: () => finish?.() };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("Speaker", () => {
  it("says the items in order, one at a time, and is speaking until the last ends", async () => {
    const p = fakePlayer();
    const s = new Speaker(p.play);
    const done = s.say([prompt("kiosk.welcome"), ticketCode("A001")]);
    await tick();
    expect(p.played).toEqual(["/api/v1/voice/clips/p_kiosk_welcome"]);
    expect(get(s.speaking)).toBe(true);
    p.end();
    await tick();
    expect(p.played[1]).toBe("/api/v1/voice/code?code=A001");
    p.end();
    await done;
    expect(get(s.speaking)).toBe(false);
  });

  it("stops at once on stop(): nothing after it is played", async () => {
    const p = fakePlayer();
    const s = new Speaker(p.play);
    const done = s.say([prompt("a.one"), prompt("a.two"), prompt("a.three")]);
    await tick();
    s.stop();
    await done;
    expect(p.played).toEqual(["/api/v1/voice/clips/p_a_one"]);
    expect(get(s.speaking)).toBe(false);
  });

  it("skips a clip that cannot play, and a new say() replaces the old", async () => {
    const p = fakePlayer();
    const errors: unknown[] = [];
    const s = new Speaker(p.play, (e) => errors.push(e));
    const first = s.say([prompt("x.one"), prompt("x.two")]);
    await tick();
    const second = s.say([prompt("y.broken"), prompt("y.after")]);
    await first;
    await tick();
    expect(p.played).toEqual(["/api/v1/voice/clips/p_x_one", "/api/v1/voice/clips/p_y_broken", "/api/v1/voice/clips/p_y_after"]);
    expect(errors).toHaveLength(1);
    p.end();
    await second;
  });
});

describe("what a screen says", () => {
  it("names a prompt's clip by its key, and a code by its value only", () => {
    expect(clipPath(prompt("kiosk.find_procedure_hint"))).toBe("/api/v1/voice/clips/p_kiosk_find_procedure_hint");
    expect(clipPath(ticketCode("B012"))).toBe("/api/v1/voice/code?code=B012");
  });

  it("has a default for every kiosk screen, each ending with where help is", () => {
    for (const path of ["/kiosk", "/kiosk/procedures", "/kiosk/procedures/field/H%E1%BB%99", "/kiosk/procedures/1.001193", "/kiosk/ticket", "/kiosk/lookup", "/kiosk/rate", "/nowhere"]) {
      const said = defaultSpeech(path);
      expect(said.length, path).toBeGreaterThan(1);
      expect(said[said.length - 1]).toEqual(prompt("speech.help"));
      expect(said.every((s) => "prompt" in s), path).toBe(true);
    }
  });
});

describe("VoiceSession", () => {
  it("ends the visit with the default volume and the commune's auto-speak, when the idle kiosk goes home", () => {
    vi.useFakeTimers();
    try {
      const v = new VoiceSession();
      v.setDefault(false);
      const timer = idleTimer(90_000, () => v.end());
      timer.poke(true);
      v.begin();
      v.louder();
      v.louder();
      v.louder(); // past the top: stays there
      v.setAutoSpeak(true);
      expect(get(v.volume)).toBe(VOLUMES.at(-1));
      expect(v.changed()).toBe(true);
      // A fresh-looking home still needs a reset while the voice is not as it starts.
      expect(needsReset({ path: "/kiosk", lang: "vi", largeText: false, voiceChanged: v.changed() })).toBe(true);
      vi.advanceTimersByTime(89_999);
      expect(get(v.volume)).toBe(VOLUMES.at(-1));
      vi.advanceTimersByTime(1);
      expect(get(v.volume)).toBe(DEFAULT_VOLUME);
      expect(get(v.autoSpeak)).toBe(false);
      expect(get(v.started)).toBe(false);
      expect(v.changed()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it("follows the admin's auto-speak while untouched, keeps a villager's choice until the visit ends", () => {
    const v = new VoiceSession();
    v.setDefault(true);
    expect(get(v.autoSpeak)).toBe(true);
    v.setAutoSpeak(false);
    v.setDefault(true); // the settings arrive again (a reconnection): the choice stands
    expect(get(v.autoSpeak)).toBe(false);
    v.end();
    expect(get(v.autoSpeak)).toBe(true);
    v.softer();
    v.softer();
    v.softer();
    expect(get(v.volume)).toBe(0.4);
    v.end();
    expect(get(v.volume)).toBe(0.7);
  });

  it("speaks configured names only by kind and id, and points at an error rather than reading it", () => {
    expect(clipPath(configuredName("service", "ho tich"))).toBe("/api/v1/voice/name?kind=service&id=ho%20tich");
    expect(withAlert([prompt("a.b")], true).map(clipPath)).toEqual(["/api/v1/voice/clips/p_speech_error", "/api/v1/voice/clips/p_a_b"]);
    expect(withAlert([prompt("a.b")], false)).toHaveLength(1);
  });
});
