// Tiny assertions for the e2e specs (node:assert with messages that say what the page showed).
import assert from "node:assert/strict";
export { assert };

/** waitFor polls fn until it returns a truthy value, or fails after ms with what it last saw. */
export async function waitFor(fn, { ms = 10_000, what = "condition" } = {}) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** settled waits until the page has no fetch in flight and its fonts are loaded. */
export async function settled(page) {
  await page.waitForFunction(() => window.__fetching === 0 && document.fonts.status === "loaded");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
