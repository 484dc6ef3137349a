// No trapped screens, honest screens: every kiosk screen shows "Về trang chủ" and goes home
// when left alone (a locked kiosk must never stay stuck), and out of hours the home screen
// and the lines say so, with the hours, before anyone taps.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { assert, settled } from "./assert.mjs";
import { weekdayEvening } from "./clock.mjs";
import { audit, viewports } from "./design.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const IDLE_MS = 90_000; // frontend/src/lib/idle.ts

// The kiosk's routes, read from the router itself, so a new one cannot be left out here.
const kioskRoutes = [...readFileSync(join(root, "frontend/src/routes.ts"), "utf8").matchAll(/\{\s*path:\s*"([^"]+)"[^}]*idleHome:\s*true[^}]*\}/g)].map((m) => m[1]);

// Every kiosk screen as a villager reaches it, with what is on it once it has loaded.
const screens = [
  { hash: "#/kiosk/procedures", ready: "[data-testid=field-tile]" },
  { hash: `#/kiosk/procedures/field/${encodeURIComponent("Hộ tịch")}`, ready: "[data-testid=result]" },
  { hash: "#/kiosk/procedures/1.001193", ready: "[data-testid=procedure]" },
  { hash: "#/kiosk/procedures/9.999999", ready: "[role=alert]" }, // no such procedure
  { hash: "#/kiosk/ticket", ready: "[data-service]" },
  { hash: "#/kiosk/ticket?service=hotich", ready: "[data-priority]" }, // the priority question
  { hash: "#/kiosk/lookup", ready: ".keyboard [data-key=A]" },
  { hash: "#/kiosk/rate", ready: ".keyboard [data-key=A]" },
  { hash: "#/kiosk/ticket-status", ready: "[data-testid=ticket-problem]" }, // reached by a scan; without one it says so
  { hash: "#/khong-co", ready: "[data-testid=home]" }, // no such screen
];

const hashOf = (page) => page.evaluate(() => location.hash);

export const tests = [
  {
    name: "every kiosk screen (routes.ts) shows 'Về trang chủ', ≥ 64 px, and it leads home",
    async run({ base, newPage }) {
      assert.ok(kioskRoutes.length >= 3, `kiosk routes read from routes.ts: ${kioskRoutes}`);
      for (const r of kioskRoutes.filter((r) => r !== "/kiosk")) {
        assert.ok(screens.some((s) => s.hash.startsWith(`#${r}`)), `routes.ts has ${r}: add its screens to screens.spec.mjs`);
      }
      const page = await newPage();
      for (const { hash, ready } of screens) {
        await page.goto(base + hash);
        await page.locator(ready).first().waitFor();
        const home = page.getByRole("link", { name: "Về trang chủ" });
        assert.equal(await home.count(), 1, `${hash}: one home button`);
        const box = await home.boundingBox();
        assert.ok(box && box.width >= 64 && box.height >= 64, `${hash}: the home button is a large target (${JSON.stringify(box)})`);
        await home.click();
        await page.getByTestId("commune-name").waitFor();
        assert.equal(await hashOf(page), "#/kiosk", `${hash}: the home button went to ${await hashOf(page)}`);
      }
    },
  },
  {
    name: "left alone, every kiosk screen goes home after the idle time (fake clock in the page)",
    async run({ base, newPage }) {
      const page = await newPage();
      await page.clock.install();
      for (const { hash, ready } of screens) {
        await page.goto(base + hash);
        await page.locator(ready).first().waitFor();
        await page.clock.fastForward(IDLE_MS - 5_000);
        assert.equal(await hashOf(page), hash, `${hash}: still there just before the idle time`);
        await page.clock.fastForward(10_000);
        await page.waitForFunction(() => location.hash === "#/kiosk", null, { timeout: 5_000 }).catch(async () => {
          throw new Error(`${hash}: not home after the idle time, still at ${await hashOf(page)}`);
        });
        await page.getByTestId("commune-name").waitFor();
      }
    },
  },
  {
    name: "out of hours (20:00 on a Wednesday): home and lines say so with the hours, no priority buttons, a number is refused",
    env: { MOTCUA_CLOCK: weekdayEvening },
    async run({ base, newPage, post, shots }) {
      const page = await newPage();
      await page.goto(base + "#/kiosk");
      const notice = page.getByTestId("hours-closed");
      await notice.waitFor();
      const text = (await notice.innerText()).replace(/\s+/g, " ");
      assert.match(text, /Ngoài giờ làm việc — Giờ làm việc: Thứ Hai – Thứ Sáu 07:00–11:30, 13:30–17:00/);
      assert.match(text, /Mở cửa trở lại lúc 07:00, Thứ Năm 03\/12\./);
      await page.locator("#tile-ticket").filter({ hasText: "Ngoài giờ làm việc — chưa cấp số" }).waitFor();
      // The screen's clock is the server's (20:00), not the machine's.
      await page.locator(".clock .time").filter({ hasText: /^20:0\d$/ }).waitFor();
      await page.screenshot({ path: join(shots, "kiosk-home-closed-1080x1920.png") });

      // The lines: their hours, nothing to press, no priority question.
      await page.locator("#tile-ticket").click();
      await page.getByTestId("hours-closed").waitFor();
      await settled(page);
      assert.equal(await page.locator("[data-service]").count(), 4, "the four lines are shown");
      assert.equal(await page.locator("button[data-service]").count(), 0, "no line can be chosen");
      assert.equal(await page.locator("[data-service]").filter({ hasText: "Ngoài giờ làm việc — chưa cấp số" }).count(), 4);
      await page.screenshot({ path: join(shots, "kiosk-ticket-closed-1080x1920.png") });
      // Straight from a procedure's "Lấy số": still no priority buttons.
      await page.goto(base + "#/kiosk/ticket?service=hotich");
      await page.getByTestId("hours-closed").waitFor();
      await settled(page);
      assert.equal(await page.locator("[data-priority]").count(), 0, "priority buttons are not offered");
      assert.equal(await page.getByRole("button", { name: "Không, lấy số thường" }).count(), 0);

      // The server agrees: no number, and it says when to come back.
      const res = await post("/api/v1/tickets", { service_id: "hotich" });
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.match(res.body.error.message, /Ngoài giờ làm việc.*07:00 Thứ Năm 03\/12/);
    },
  },
  {
    name: "the out-of-hours home fits at the three sizes (vi/en, normal and Chữ to): text ≥ 24 px, targets ≥ 64 px, contrast ≥ 4.5:1",
    env: { MOTCUA_CLOCK: weekdayEvening },
    async run({ base, newPage, shots }) {
      for (const vp of viewports) {
        const page = await newPage(vp);
        await page.goto(base + "#/kiosk");
        await page.getByTestId("hours-closed").waitFor();
        for (const [lang, large] of [["vi", false], ["en", true], ["vi", true]]) {
          await page.getByRole("button", { name: lang === "vi" ? "Tiếng Việt" : "English" }).click();
          const toggle = page.locator("footer button[aria-pressed]").last();
          if ((await toggle.getAttribute("aria-pressed")) !== String(large)) await toggle.click();
          await page.waitForFunction((l) => document.documentElement.lang === l, lang);
          await settled(page);
          const size = `${vp.width}x${vp.height}`;
          assert.deepEqual(await audit(page, { minFont: 24, fits: true }), [], `closed home ${size} ${lang}${large ? " Chữ to" : ""}`);
          await page.screenshot({ path: join(shots, `kiosk-home-closed-${size}-${lang}${large ? "-large" : ""}.png`) });
        }
      }
    },
  },
];
