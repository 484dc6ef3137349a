import { get } from "svelte/store";
import { describe, expect, it } from "vitest";
import { Speaker, clipPath, defaultSpeech, prompt, ticketCode } from "./speech";

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
    for (const path of ["/kiosk", "/kiosk/procedures", "/kiosk/procedures/field/H%E1%BB%99", "/kiosk/procedures/1.001193", "/kiosk/ticket", "/kiosk/lookup", "/nowhere"]) {
      const said = defaultSpeech(path);
      expect(said.length, path).toBeGreaterThan(1);
      expect(said[said.length - 1]).toEqual(prompt("speech.help"));
      expect(said.every((s) => "prompt" in s), path).toBe(true);
    }
  });
});
