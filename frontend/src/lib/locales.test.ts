import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Every key in a Vietnamese locale file exists in its English twin and the reverse; no
// value is empty; every value is NFC (diacritics composed, as Vietnamese is stored); both
// languages use the same {placeholders}, so a translated string never shows a raw "{n}".
const root = fileURLToPath(new URL("../locales", import.meta.url));
const areas = (lang: string) => readdirSync(join(root, lang)).filter((f) => f.endsWith(".json")).sort();
const placeholders = (v: string) => [...v.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const load = (lang: string, file: string): Record<string, string> => JSON.parse(readFileSync(join(root, lang, file), "utf8"));

describe("locales", () => {
  it("has the same area files in vi and en", () => {
    expect(areas("en")).toEqual(areas("vi"));
    expect(areas("vi").length).toBeGreaterThan(0);
  });

  for (const file of areas("vi")) {
    it(`${file}: same keys both ways, non-empty, NFC`, () => {
      const vi = load("vi", file);
      const en = load("en", file);
      expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
      for (const [lang, dict] of [["vi", vi], ["en", en]] as const) {
        for (const [k, v] of Object.entries(dict)) {
          expect(typeof v, `${lang}/${file} ${k}`).toBe("string");
          expect(v.trim(), `${lang}/${file} ${k} is empty`).not.toBe("");
          expect(v, `${lang}/${file} ${k} is not NFC`).toBe(v.normalize("NFC"));
        }
      }
      for (const k of Object.keys(vi)) {
        if (typeof en[k] !== "string") continue;
        expect(placeholders(en[k]), `${file} ${k}: placeholders differ between vi and en`).toEqual(placeholders(vi[k]));
      }
    });
  }
});
