import { join } from "node:path";
import { assert, settled } from "./assert.mjs";

export const tests = [
  {
    name: "the kiosk home screen is Vietnamese at 1080×1920 and switches to English",
    async run({ base, newPage, shots }) {
      const page = await newPage({ width: 1080, height: 1920 });
      await page.goto(base + "#/kiosk");
      await page.getByTestId("commune-name").filter({ hasText: "Xã Đăk Hà" }).waitFor();
      for (const label of ["Tra cứu thủ tục", "Lấy số thứ tự", "Tra cứu hồ sơ", "Đánh giá sự phục vụ"]) {
        const tile = page.getByRole("link", { name: label });
        await tile.waitFor();
        const box = await tile.boundingBox();
        assert.ok(box && box.height >= 64 && box.width >= 64, `${label} is a large touch target (${JSON.stringify(box)})`);
      }
      // Screens not built yet have no tile: nothing leads to a placeholder.
      assert.deepEqual(await page.locator("a.tile").evaluateAll((as) => as.map((a) => a.getAttribute("href"))), ["#/kiosk/procedures", "#/kiosk/ticket", "#/kiosk/lookup", "#/kiosk/rate"]);
      // 09:00 on a weekday (the harness's clock): open, so no out-of-hours notice.
      await settled(page);
      await page.getByRole("link", { name: /Nhận số và chờ gọi đến quầy/ }).waitFor();
      assert.equal(await page.getByTestId("hours-closed").count(), 0);
      assert.equal(await page.evaluate(() => document.documentElement.lang), "vi");
      await page.screenshot({ path: join(shots, "kiosk-home-1080x1920.png") });
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("link", { name: /Take a queue number/ }).waitFor();
    },
  },
  {
    name: "a page receives the server's events over SSE (hello, then a notice)",
    async run({ base, newPage, post, shots }) {
      const page = await newPage({ width: 1920, height: 1080 });
      await page.goto(base + "#/display");
      // The display re-reads state on hello; the dot turns on when hello arrives.
      await page.locator(".notice").waitFor();
      await page.waitForFunction(() => document.querySelector('[data-testid="notice"]') !== null);
      const text = "Chiều nay từ 14 giờ, bộ phận một cửa tạm ngừng tiếp nhận hồ sơ đất đai";
      // Wait until the stream is open, so the notice is not missed between load and subscribe.
      await page.waitForFunction(async () => (await (await fetch("/api/v1/health")).json()).sse_clients > 0);
      const res = await post("/api/v1/notice", { text });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      await page.getByTestId("notice").filter({ hasText: text }).waitFor({ timeout: 5000 });
      await page.screenshot({ path: join(shots, "display-notice-1920x1080.png") });
    },
  },
  {
    name: "the API refuses bad input in Vietnamese and changes nothing",
    async run({ base, post }) {
      const bad = await post("/api/v1/notice", { text: "x".repeat(600) });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /Thông báo/);
      const cur = await (await fetch(base + "api/v1/notice")).json();
      assert.equal(cur.text, "");
      const unknown = await fetch(base + "api/v1/khong-co");
      assert.equal(unknown.status, 404);
    },
  },
];
