// Time-outs a villager can see coming (issue 15; WCAG 2.2.1 via WCAG2ICT): a kiosk screen
// left alone warns on screen and by voice at least 20 s before it goes home, and one large
// "Thêm thời gian" button puts it off, as often as needed. Page time is Playwright's fake
// clock, so minutes pass in milliseconds and nothing waits on the wall clock.
import { join } from "node:path";
import { assert, settled } from "./assert.mjs";
import { audit } from "./design.mjs";

const IDLE_MS = 90_000; // frontend/src/lib/idle.ts
const WARN_MS = 30_000;

export const tests = [
  {
    name: "time-out: warned ≥ 20 s ahead on screen and by voice; 'Thêm thời gian' works 12 times; then home",
    async run({ base, newPage, shots }) {
      const page = await newPage();
      // What the page plays, as it asks the browser to (a repeated clip may come from its
      // cache, so requests would not count it).
      await page.addInitScript(() => {
        window.__played = [];
        const play = HTMLMediaElement.prototype.play;
        HTMLMediaElement.prototype.play = function () {
          window.__played.push(this.src);
          return play.call(this);
        };
      });
      const spoken = async () => (await page.evaluate(() => window.__played)).filter((u) => u.includes("/voice/clips/them_thoi_gian"));
      await page.clock.install();
      const hash = "#/kiosk/ticket";
      await page.goto(base + hash);
      await page.locator("[data-service]").first().waitFor();
      const warning = page.getByTestId("idle-warning");
      const more = page.getByRole("button", { name: "Thêm thời gian" });

      for (let i = 1; i <= 12; i++) {
        await page.clock.fastForward(IDLE_MS - WARN_MS - 1_000);
        assert.equal(await warning.count(), 0, `round ${i}: no warning before its time`);
        await page.clock.fastForward(2_000);
        await warning.waitFor();
        assert.match(await warning.innerText(), /Màn hình sẽ về trang chủ sau (29|30) giây/);
        assert.equal((await spoken()).length, i, `round ${i}: the warning is spoken once`);
        if (i === 1) {
          const box = await more.boundingBox();
          assert.ok(box.height >= 96 && box.width >= 300, `'Thêm thời gian' is one large button (${box.width}×${box.height})`);
          await settled(page);
          assert.deepEqual(await audit(page, { within: "[data-testid=idle-warning]", minFont: 24 }), []);
          await page.screenshot({ path: join(shots, "idle-warning-1080x1920.png") });
        }
        // Most of the warning passes; the screen stays.
        await page.clock.fastForward(WARN_MS - 3_000);
        assert.equal(await page.evaluate(() => location.hash), hash, `round ${i}: still on the screen during the warning`);
        await more.click();
        await warning.waitFor({ state: "detached" });
        assert.equal(await page.evaluate(() => location.hash), hash, `round ${i}: 'Thêm thời gian' kept the screen`);
      }

      // Left alone at last: warned, and home only when the warning's time is up.
      await page.clock.fastForward(IDLE_MS - WARN_MS + 1_000);
      await warning.waitFor();
      await page.clock.fastForward(WARN_MS - 2_000);
      assert.equal(await page.evaluate(() => location.hash), hash);
      await page.clock.fastForward(2_000);
      await page.waitForFunction(() => location.hash === "#/kiosk");
      await page.getByTestId("commune-name").waitFor();
      assert.equal(await warning.count(), 0);
    },
  },
  {
    name: "time-out: a fresh home screen has nothing to reset and never warns",
    async run({ base, newPage }) {
      const page = await newPage();
      await page.clock.install();
      await page.goto(base + "#/kiosk");
      await page.getByTestId("commune-name").waitFor();
      await page.clock.fastForward(3 * IDLE_MS);
      assert.equal(await page.getByTestId("idle-warning").count(), 0);
    },
  },
];
