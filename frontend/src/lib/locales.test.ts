import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Every key in a Vietnamese locale file exists in its English twin and the reverse; no
// value is empty; every value is NFC (diacritics composed, as Vietnamese is stored); both
// languages use the same {placeholders}, so a translated string never shows a raw "{n}".
// Plural forms ("key_one", …) may exist in one language only, for a key both have, with
// no placeholder the key lacks. A minority language's folder may translate any part.
const root = fileURLToPath(new URL("../locales", import.meta.url));
const areas = (lang: string) => readdirSync(join(root, lang)).filter((f) => f.endsWith(".json")).sort();
const placeholders = (v: string) => [...v.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const load = (lang: string, file: string): Record<string, string> => JSON.parse(readFileSync(join(root, lang, file), "utf8"));
const plural = /_(zero|one|two|few|many|other)$/;
const base = (k: string) => k.replace(plural, "");

describe("locales", () => {
  it("minority languages translate only keys Vietnamese has, NFC, with its placeholders", () => {
    for (const lang of readdirSync(root).filter((l) => l !== "vi" && l !== "en")) {
      for (const file of areas(lang)) {
        const vi = load("vi", file);
        for (const [k, v] of Object.entries(load(lang, file))) {
          expect(base(k) in vi, `${lang}/${file} ${k}`).toBe(true);
          expect(v, `${lang}/${file} ${k} is not NFC`).toBe(v.normalize("NFC"));
          expect(placeholders(v).filter((p) => !placeholders(vi[base(k)]).includes(p)), `${lang}/${file} ${k}`).toEqual([]);
        }
      }
    }
  });

  it("has the same area files in vi and en", () => {
    expect(areas("en")).toEqual(areas("vi"));
    expect(areas("vi").length).toBeGreaterThan(0);
  });

  for (const file of areas("vi")) {
    it(`${file}: same keys both ways, non-empty, NFC`, () => {
      const vi = load("vi", file);
      const en = load("en", file);
      const singular = (d: Record<string, string>) => Object.keys(d).filter((k) => !plural.test(k) || !(base(k) in d)).sort();
      expect(singular(en)).toEqual(singular(vi));
      for (const [lang, dict] of [["vi", vi], ["en", en]] as const) {
        for (const k of Object.keys(dict).filter((k) => plural.test(k) && base(k) in dict)) {
          expect(base(k) in vi, `${lang}/${file} ${k}: a plural form of a key Vietnamese lacks`).toBe(true);
          const extra = placeholders(dict[k]).filter((p) => !placeholders(vi[base(k)]).includes(p));
          expect(extra, `${lang}/${file} ${k}: placeholders the key lacks`).toEqual([]);
        }
      }
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
