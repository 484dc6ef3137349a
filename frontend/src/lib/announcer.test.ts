import { describe, expect, it } from "vitest";
import { Announcer, type Announcement } from "./announcer";

describe("Announcer", () => {
  it("plays calls one after another, never overlapping, repeating when asked", async () => {
    const log: string[] = [];
    let active = 0;
    const releases: (() => void)[] = [];
    const play = (a: Announcement) =>
      new Promise<void>((resolve) => {
        active++;
        expect(active).toBe(1);
        log.push(`start ${a.code}`);
        releases.push(() => {
          active--;
          log.push(`end ${a.code}`);
          resolve();
        });
      });
    const ann = new Announcer(play, true);
    ann.say({ code: "A001", counter: 1 });
    ann.say({ code: "B002", counter: 2 });
    expect(ann.pending).toBe(2);
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 0));
      releases.shift()!();
    }
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(["start A001", "end A001", "start A001", "end A001", "start B002", "end B002", "start B002", "end B002"]);
    expect(ann.pending).toBe(0);
  });

  it("goes on to the next call when one cannot play", async () => {
    const played: string[] = [];
    const errors: unknown[] = [];
    const ann = new Announcer(
      async (a) => {
        if (a.code === "BAD") throw new Error("no audio");
        played.push(a.code);
      },
      false,
      (e) => errors.push(e),
    );
    ann.say({ code: "BAD", counter: 1 });
    ann.say({ code: "A002", counter: 1 });
    await new Promise((r) => setTimeout(r, 10));
    expect(played).toEqual(["A002"]);
    expect(errors).toHaveLength(1);
  });
});
