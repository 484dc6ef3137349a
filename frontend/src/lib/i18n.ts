// Every UI string lives in locales/<lang>/<area>.json; keys are used as "area.key", and
// languages are ISO 639 codes. Vietnamese is the first language and complete; English sits
// beside it with the same keys (a test checks both directions). The commune's minority
// languages have slots: a locales/<code>/ folder may translate any part, and what it does
// not translate is shown in Vietnamese, with the screen saying so ("chưa dịch").
// Plurals: a key may have forms "key_one", "key_other", … chosen by Intl.PluralRules for
// {n} (English "1 procedure", "2 procedures"); Vietnamese needs none.
import { derived, writable } from "svelte/store";

export type Lang = string;

/** A language the kiosk offers: its own name, and its name in Vietnamese. */
export interface Language {
  code: Lang;
  name: string;
  vi: string;
}

/** languages: Vietnamese, English, and the Central Highlands' languages by ISO 639-3 code. */
export const languages: Language[] = [
  { code: "vi", name: "Tiếng Việt", vi: "Tiếng Việt" },
  { code: "en", name: "English", vi: "Tiếng Anh" },
  { code: "bdq", name: "Bahnar", vi: "Tiếng Ba Na" },
  { code: "jra", name: "Jrai", vi: "Tiếng Gia Rai" },
  { code: "rad", name: "Êđê", vi: "Tiếng Ê Đê" },
];

type Dict = Record<string, string>;

const files = import.meta.glob("../locales/*/*.json", { eager: true, import: "default" }) as Record<string, Dict>;

/** dictionaries builds { vi: {"area.key": text}, en: {...} } from the locale files. */
export function dictionaries(src: Record<string, Dict>): Record<string, Dict> {
  const out: Record<string, Dict> = {};
  for (const [path, dict] of Object.entries(src)) {
    const m = path.match(/locales\/([a-z]+)\/([a-z0-9_-]+)\.json$/);
    if (!m) continue;
    const [, lang, area] = m;
    out[lang] ??= {};
    for (const [k, v] of Object.entries(dict)) out[lang][`${area}.${k}`] = v;
  }
  return out;
}

const dicts = dictionaries(files);
const pluralForms = /_(zero|one|two|few|many|other)$/;

// The language is remembered per screen ("kiosk", "counter", "display", …): a counter clerk
// choosing English must not switch the hall display or the public kiosk in the same browser.
let screen = "kiosk";
const storageKey = (s: string) => `motcua.lang.${s}`;

function savedLang(s: string): Lang {
  const saved = typeof localStorage !== "undefined" ? localStorage.getItem(storageKey(s)) : null;
  return languages.some((l) => l.code === saved) ? saved! : "vi";
}

export const lang = writable<Lang>(savedLang(screen));
lang.subscribe((l) => {
  if (typeof localStorage !== "undefined") localStorage.setItem(storageKey(screen), l);
  // The page's language is what it shows: Vietnamese while nothing is translated.
  if (typeof document !== "undefined") document.documentElement.lang = coverage(l) > 0 ? l : "vi";
});

/** screenOf is the screen a hash path belongs to: "/kiosk/ticket" → "kiosk". */
export function screenOf(path: string): string {
  return path.split("/").filter(Boolean)[0] ?? "kiosk";
}

/** useScreen switches to the language remembered for the screen of path (the router calls it). */
export function useScreen(path: string): void {
  const s = screenOf(path);
  if (s === screen) return;
  screen = s;
  lang.set(savedLang(s));
}

/** lookup finds key in l, in its plural form for n when it has one; Vietnamese when l lacks it. */
function lookup(src: Record<string, Dict>, l: Lang, key: string, n: unknown): string | undefined {
  for (const d of [src[l], src.vi]) {
    if (!d) continue;
    if (typeof n === "number") {
      const form = d === src[l] ? new Intl.PluralRules(l === "vi" ? "vi" : l).select(n) : "other";
      const plural = d[`${key}_${form}`] ?? d[`${key}_other`];
      if (plural !== undefined) return plural;
    }
    if (d[key] !== undefined) return d[key];
  }
  return undefined;
}

/** translate returns the text for key, with {name} placeholders filled; the key itself if missing. */
export function translate(l: Lang, key: string, vars: Record<string, string | number> = {}, src: Record<string, Dict> = dicts): string {
  const text = lookup(src, l, key, vars.n) ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
}

/**
 * coverage is the share of the Vietnamese strings that l translates (plural forms count
 * once): 1 for Vietnamese and English, 0 for a language with no locale files yet.
 */
export function coverage(l: Lang, src: Record<string, Dict> = dicts): number {
  const vi = Object.keys(src.vi ?? {});
  if (l === "vi" || vi.length === 0) return 1;
  const d = src[l] ?? {};
  const has = new Set(Object.keys(d).map((k) => k.replace(pluralForms, "")));
  return vi.filter((k) => has.has(k)).length / vi.length;
}

/** t is the store pages use: $t("kiosk.take_number"). */
export const t = derived(lang, (l) => (key: string, vars?: Record<string, string | number>) => translate(l, key, vars));
