// A first-time villager's walk, by touch alone (issue 15): home → search by the on-screen
// keyboard without marks ("dang ky khai sinh") → the procedure → "Lấy số" → the number, at
// 1080×1920, within 30 s of simulated time; and the same walk in "Chữ to", where no screen
// scrolls sideways and every target stays ≥ 64 px.
//
// Simulated time is the page's own clock (Playwright's page.clock, paused), moved only by
// this model of a first-time villager, so the sum does not depend on the machine:
//   READ_MS  2 s   to look over each new screen or step before touching anything
//   TAP_MS   1 s   to find and touch a target (a tile, a result, a button)
//   KEY_MS   0.6 s per key on the on-screen keyboard
// plus the app's own waits: when the next target is not there yet after the model's time
// (a timer of the app's, such as the search's pause after a key), the clock runs on in
// 100 ms steps until it shows, and those steps count. Network and rendering take real
// time, not simulated: on the kiosk they are loopback and milliseconds. The server runs on
// its set clock (MOTCUA_CLOCK, a weekday 09:00: the desk is open).
import { join } from "node:path";
import { assert } from "./assert.mjs";
import { audit } from "./design.mjs";

const READ_MS = 2_000;
const TAP_MS = 1_000;
const KEY_MS = 600;
const LIMIT_MS = 30_000;
const QUERY = "dang ky khai sinh";

async function walk(page, { large, shots, tag }) {
  const steps = [];
  let taps = 0;
  let appWaitMs = 0;
  const breaches = [];

  // think lets the villager's time pass on the page's clock.
  const think = (ms) => page.clock.runFor(ms);
  // reach waits for a target as the villager would: the app's own timers run on (counted)
  // while it is not there; it must be on screen without scrolling.
  const reach = async (locator, what) => {
    for (let i = 0; ; i++) {
      try {
        await locator.waitFor({ state: "visible", timeout: i === 0 ? 3_000 : 300 });
        break;
      } catch {
        if (i >= 100) throw new Error(`${what}: not on screen after ${appWaitMs} ms of the app's waits`);
        await page.clock.runFor(100);
        appWaitMs += 100;
      }
    }
    const box = await locator.boundingBox();
    const vp = page.viewportSize();
    assert.ok(box && box.y >= 0 && box.y + box.height <= vp.height && box.x >= 0 && box.x + box.width <= vp.width, `${what} is on screen without scrolling: ${JSON.stringify(box)}`);
    return box;
  };
  const tap = async (locator, what, ms = TAP_MS) => {
    await think(ms);
    const box = await reach(locator, what);
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    taps++;
    steps.push(what);
  };
  // Each screen on the way, in "Chữ to": nothing sideways, every target ≥ 64 px.
  const check = async (what) => {
    await page.screenshot({ path: join(shots, `walk-${tag}-${steps.length}.png`) });
    if (!large) return;
    const wide = await page.evaluate(() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth);
    if (wide > 0) breaches.push(`${what}: scrolls sideways by ${wide} px`);
    for (const b of await audit(page)) if (/touch target|sideways/.test(b)) breaches.push(`${what}: ${b}`);
  };

  const start = await page.evaluate(() => Date.now());
  await page.locator("[data-testid=commune-name]").waitFor();
  await think(READ_MS);
  if (large) {
    await tap(page.getByRole("button", { name: "Chữ to" }), "Chữ to");
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains("large-text")));
  }
  await check("home");
  await tap(page.locator("#tile-procedures"), "tile Tra cứu thủ tục");
  await reach(page.locator(".keyboard [data-key=a]"), "the keyboard");
  await think(READ_MS);
  await check("search");
  for (const ch of QUERY) await tap(page.locator(`.keyboard [data-key="${ch}"]`), `key ${ch === " " ? "space" : ch}`, KEY_MS);
  assert.equal((await page.getByTestId("search-box").innerText()).trim(), QUERY);
  const first = page.getByTestId("result").first();
  await reach(first, "the first result");
  await think(READ_MS);
  assert.match(await first.innerText(), /khai sinh/i, "the first result is the birth registration");
  await check("results");
  await tap(first, "result Đăng ký khai sinh");
  await reach(page.getByTestId("take-number"), "Lấy số on the procedure");
  await think(READ_MS);
  await check("procedure");
  await tap(page.getByTestId("take-number"), "Lấy số");
  const plain = page.getByRole("button", { name: "Không, lấy số thường" });
  await reach(plain, "the priority question");
  await think(READ_MS);
  await check("priority");
  await tap(plain, "Không, lấy số thường");
  await reach(page.getByTestId("ticket-number"), "the number");
  await check("ticket");
  const code = (await page.getByTestId("ticket-number").innerText()).trim();
  const elapsed = (await page.evaluate(() => Date.now())) - start;
  return { elapsed, taps, appWaitMs, code, breaches, steps };
}

const run = (large) => async ({ newPage, base, shots }) => {
  const page = await newPage({ width: 1080, height: 1920, hasTouch: true });
  const t0 = Date.parse("2026-12-02T09:00:00+07:00");
  await page.clock.install({ time: t0 });
  await page.clock.pauseAt(t0 + 1_000);
  // Touch alone: a mouse or key event on the way would mean the walk used something a
  // villager does not have.
  await page.addInitScript(() => {
    window.__untouched = [];
    for (const ev of ["mousedown", "keydown"]) window.addEventListener(ev, (e) => e.isTrusted && !e.sourceCapabilities?.firesTouchEvents && window.__untouched.push(ev), true);
  });
  await page.goto(base + "#/kiosk");
  const r = await walk(page, { large, shots, tag: large ? "large" : "normal" });
  console.log(`  walk${large ? " in Chữ to" : ""}: ${r.taps} taps, ${(r.elapsed / 1000).toFixed(1)} s simulated (app's own waits ${(r.appWaitMs / 1000).toFixed(1)} s), number ${r.code}`);
  assert.match(r.code, /^[A-Z]\d{3}$/);
  assert.ok(r.elapsed <= LIMIT_MS, `the walk took ${r.elapsed} ms of simulated time (> ${LIMIT_MS})`);
  assert.equal(r.taps, QUERY.length + 4 + (large ? 1 : 0), `taps: ${r.steps.join(", ")}`);
  assert.deepEqual(await page.evaluate(() => window.__untouched), [], "no mouse or key events, touch only");
  assert.deepEqual(r.breaches, []);
};

export const tests = [
  { name: "walk: a first-time villager takes a number for 'dang ky khai sinh' by touch alone within 30 s (simulated)", run: run(false) },
  { name: "walk: the same walk in 'Chữ to', nothing scrolls sideways and targets stay ≥ 64 px", run: run(true) },
];
