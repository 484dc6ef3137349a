import { describe, expect, it } from "vitest";
import { KeyBurst, listenForScans } from "./scanner";

// A citizen ID (CCCD) QR: spaces, capitals and marks, all in one burst.
const cccd = "001099012345|123456789|Nguyễn Văn An|15031999|Nam|Số 12, ngõ 34 Láng Hạ, Phường Láng, Hà Nội|20042021";

describe("a scanner's burst of keys", () => {
  const feed = (b: KeyBurst, text: string, start: number, gap: number) => {
    let at = start;
    const out: (string | null)[] = [];
    for (const ch of text) {
      out.push(b.key(ch === "\n" ? "Enter" : ch, at));
      at += gap;
    }
    return out;
  };
  const url = "http://192.168.1.10:8080/d/000.00.00.H55-261202-0001";

  it("returns the whole burst when Enter ends it", () => {
    const b = new KeyBurst();
    const out = feed(b, url + "\n", 1000, 4);
    expect(out.slice(0, -1).every((x) => x === null)).toBe(true);
    expect(out.at(-1)).toBe(url);
    // And the next scan starts afresh.
    expect(feed(b, cccd + "\n", 5000, 4).at(-1)).toBe(cccd);
  });

  it("ignores Shift between the capitals, and takes Tab as the end too", () => {
    const b = new KeyBurst();
    let at = 0;
    for (const ch of "000.00.00.H55-261202-0001") {
      if (ch >= "A" && ch <= "Z") b.key("Shift", (at += 3));
      b.key(ch, (at += 3));
    }
    expect(b.key("Tab", (at += 3))).toBe("000.00.00.H55-261202-0001");
  });

  it("keeps a scan whole when one key comes late (a busy page), never taking its tail for a code", () => {
    const b = new KeyBurst();
    let at = 0;
        // 180 ms before the 33rd key: what follows alone has a code's shape.
    [...url].forEach((ch, i) => expect(b.key(ch, (at += i === 32 ? 180 : 4))).toBeNull());
    expect(url.slice(32)).toBe("0.00.H55-261202-0001");
    expect(b.key("Enter", at + 4)).toBe(url);
  });

  it("never makes a scan of slow typing, a short burst, a lone Enter, or a Backspace", () => {
    const b = new KeyBurst(60, 8, 1000);
    expect(feed(b, "000.00.00.H55-261202-0001\n", 0, 250).at(-1)).toBeNull();
    expect(feed(b, "000.00.00.H55-261202-0001\n", 10_000, 120).at(-1)).toBeNull();
    expect(feed(b, "1234\n", 20_000, 5).at(-1)).toBeNull();
    expect(b.key("Enter", 30_000)).toBeNull();
    // A pause of a second starts over: only what came after it is judged, too short here.
    expect([...feed(b, "000.00.00", 40_000, 5), ...feed(b, ".H55\n", 42_000, 5)].at(-1)).toBeNull();
    // Backspace is a person at a keyboard, not a scanner.
    expect([...feed(b, "000.00.00.H55", 50_000, 5), b.key("Backspace", 50_070), ...feed(b, "-1\n", 50_075, 5)].at(-1)).toBeNull();
  });

  it("says whether a key belongs to an input begun", () => {
    const b = new KeyBurst(60, 8, 1000);
    expect(b.inBurst(0)).toBe(false);
    b.key("h", 0);
    expect(b.inBurst(50)).toBe(true);
    expect(b.inBurst(1500)).toBe(false);
  });
});

describe("listening for scans on a page", () => {
  // A window stand-in: the listener added in the capture phase, and keydown events with times.
  function page() {
    let listener: ((e: KeyboardEvent) => void) | null = null;
    const target = {
      addEventListener: (_: string, l: (e: KeyboardEvent) => void) => (listener = l),
      removeEventListener: () => (listener = null),
    } as unknown as Window;
    const press = (key: string, timeStamp: number) => {
      const e = { key, timeStamp, isComposing: false, ctrlKey: false, altKey: false, metaKey: false, prevented: false, stopped: false,
        preventDefault() { this.prevented = true; }, stopPropagation() { this.stopped = true; } };
      listener?.(e as unknown as KeyboardEvent);
      return e;
    };
    return { target, press, listening: () => listener !== null };
  }

  it("hands each burst over once, keeps its keys from the page, and stops when asked", () => {
    const p = page();
    const scans: string[] = [];
    const stop = listenForScans((s) => scans.push(s), p.target);
    let at = 0;
    const keys = [..."MC1:T:k1:2026-12-01:A001"].map((ch) => p.press(ch, (at += 4)));
    expect(keys.every((e) => e.prevented)).toBe(true);
    const enter = p.press("Enter", (at += 4));
    expect(enter.prevented && enter.stopped).toBe(true);
    expect(scans).toEqual(["MC1:T:k1:2026-12-01:A001"]);
    // A lone Enter, seconds later, still works the page.
    expect(p.press("Enter", at + 5000).prevented).toBe(false);
    stop();
    expect(p.listening()).toBe(false);
  });
});
