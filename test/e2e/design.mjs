// The design rules a screen must keep (STYLE.md, COMMON.md): touch targets ≥ 64 px, text
// contrast ≥ 4.5:1, no sideways scrolling, and on the public kiosk text ≥ 24 px. `audit`
// runs inside the page and returns one line per breach, naming the element, so a spec can
// assert `[]` and the failure message says what to fix.
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { assert, settled } from "./assert.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { AxeBuilder } = createRequire(join(root, "frontend", "package.json"))("@axe-core/playwright");

/**
 * designed(page, what) checks a screen as it stands after an answer (the route checks —
 * design, axe, Chữ to — see each screen empty): targets ≥ 64 px, contrast, no sideways
 * scrolling, no serious axe violation; the kiosk's text sizes are the Chữ to check's.
 */
export async function designed(page, what) {
  await settled(page);
  const breaches = (await audit(page, { minFont: 24 })).filter((b) => !b.startsWith("text "));
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
  assert.deepEqual([...breaches, ...serious], [], what);
}

/**
 * audit(page, opts) → string[] of breaches on what is visible now; `within` (a selector)
 * limits the target and text checks to one part of the page.
 */
export async function audit(page, { minTarget = 64, minFont = 0, minContrast = 4.5, fits = false, within = "body" } = {}) {
  return page.evaluate(inPage, { minTarget, minFont, minContrast, fits, within });
}

function inPage({ minTarget, minFont, minContrast, fits, within }) {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  // WCAG 2 relative luminance.
  const lum = ({ r, g, b }) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  // The first opaque background behind el (pages here use flat colours, no images).
  const bgOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none" && s.opacity !== "0" && r.bottom > 0 && r.right > 0 && r.left < innerWidth;
  };
  const name = (el) => {
    const cls = typeof el.className === "string" && el.className ? "." + el.className.split(" ")[0] : "";
    const text = (el.innerText || el.getAttribute("aria-label") || el.getAttribute("placeholder") || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return `${el.tagName.toLowerCase()}${cls} "${text}"`;
  };

  const out = [];
  const root = document.querySelector(within);
  if (!root) return [`nothing matches ${within}`];
  for (const el of root.querySelectorAll("a[href], button, input, select, textarea, [role=button], [role=link], [role=tab]")) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < minTarget - 0.5 || r.height < minTarget - 0.5) out.push(`touch target ${name(el)} is ${Math.round(r.width)}×${Math.round(r.height)} px (< ${minTarget})`);
  }
  const seen = new Set();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || seen.has(el) || !visible(el)) continue;
    seen.add(el);
    const s = getComputedStyle(el);
    const size = parseFloat(s.fontSize);
    if (size < minFont - 0.01) out.push(`text ${name(el)} is ${size} px (< ${minFont})`);
    const fg = parse(s.color);
    if (!fg || fg.a === 0) continue;
    const bg = bgOf(el);
    const [a, b] = [lum(fg) + 0.05, lum(bg) + 0.05];
    const ratio = Math.max(a, b) / Math.min(a, b);
    if (ratio < minContrast) out.push(`contrast of ${name(el)} is ${ratio.toFixed(2)}:1 (${s.color} on rgb(${bg.r}, ${bg.g}, ${bg.b}))`);
  }
  const se = document.scrollingElement;
  if (se.scrollWidth > innerWidth + 1) out.push(`page scrolls sideways (${se.scrollWidth} px wide in ${innerWidth})`);
  if (fits && se.scrollHeight > innerHeight + 1) out.push(`page scrolls (${se.scrollHeight} px tall in ${innerHeight})`);
  return out;
}

/** The three screens the product is laid out for. */
export const viewports = [
  { width: 1080, height: 1920 }, // portrait kiosk
  { width: 1920, height: 1080 }, // hall display / landscape kiosk
  { width: 1280, height: 800 }, // counter laptop, small panels
];

/**
 * largeTextBreaches(page, factor) → string[]: every text visible on the page must grow by at
 * least factor when "Chữ to" is on (the large-text class on <html>), measured on the same
 * elements in both states. Text hidden in either state is not compared (a short screen may
 * drop hints in large text rather than make the person scroll).
 */
export async function largeTextBreaches(page, factor = 1.5) {
  return page.evaluate((factor) => {
    const root = document.documentElement;
    const had = root.classList.contains("large-text");
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
    };
    const els = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      // The DEMO band is for the people trying the kiosk out, never on a real kiosk, and
      // must not take more of the screen: it keeps its size.
      if (el?.closest("[data-testid=demo-band]")) continue;
      if (n.textContent.trim() && el && !els.includes(el)) els.push(el);
    }
    const measure = (large) => {
      root.classList.toggle("large-text", large);
      return els.map((el) => (visible(el) ? parseFloat(getComputedStyle(el).fontSize) : 0));
    };
    const normal = measure(false);
    const large = measure(true);
    root.classList.toggle("large-text", had);
    const out = [];
    els.forEach((el, i) => {
      if (!normal[i] || !large[i]) return;
      const ratio = large[i] / normal[i];
      if (ratio < factor - 0.005) {
        const text = el.innerText?.trim().replace(/\s+/g, " ").slice(0, 30);
        out.push(`${el.tagName.toLowerCase()} "${text}" grows ${normal[i]} → ${large[i]} px (×${ratio.toFixed(2)})`);
      }
    });
    return out;
  }, factor);
}
