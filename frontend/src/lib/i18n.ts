// Every UI string lives in locales/<lang>/<area>.json; keys are used as "area.key".
// Vietnamese is the first language; English sits beside it with the same keys (a test
// checks both directions).
import { derived, writable } from "svelte/store";

export type Lang = "vi" | "en";
export const languages: Lang[] = ["vi", "en"];

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

// The language is remembered per screen ("kiosk", "counter", "display", …): a counter clerk
// choosing English must not switch the hall display or the public kiosk in the same browser.
let screen = "kiosk";
const storageKey = (s: string) => `motcua.lang.${s}`;

function savedLang(s: string): Lang {
  const saved = typeof localStorage !== "undefined" ? localStorage.getItem(storageKey(s)) : null;
  return saved === "en" ? "en" : "vi";
}

export const lang = writable<Lang>(savedLang(screen));
lang.subscribe((l) => {
  if (typeof localStorage !== "undefined") localStorage.setItem(storageKey(screen), l);
  if (typeof document !== "undefined") document.documentElement.lang = l;
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

/** translate returns the text for key, with {name} placeholders filled; the key itself if missing. */
export function translate(l: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const text = dicts[l]?.[key] ?? dicts.vi?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
}

/** t is the store pages use: $t("kiosk.take_number"). */
export const t = derived(lang, (l) => (key: string, vars?: Record<string, string | number>) => translate(l, key, vars));
