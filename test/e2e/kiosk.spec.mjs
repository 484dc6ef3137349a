// Kiosk behaviour beyond the home screen's looks: an idle kiosk goes back to a fresh
// Vietnamese home; the language is remembered per screen; screens not built yet still
// show their title and the connection indicator.
import { assert } from "./assert.mjs";

export const tests = [
  {
    name: "left idle for 90 s, a kiosk screen returns home in Vietnamese with normal text",
    async run({ base, newPage }) {
      const page = await newPage();
      await page.clock.install();
      await page.goto(base + "#/kiosk");
      await page.getByTestId("commune-name").waitFor();
      await page.getByRole("button", { name: "English" }).click();
      await page.locator("footer button[aria-pressed]").last().click(); // Chữ to / Large text
      await page.getByRole("link", { name: /Find a procedure/ }).click();
      await page.waitForFunction(() => location.hash === "#/kiosk/procedures");
      await page.clock.fastForward(60_000);
      assert.equal(await page.evaluate(() => location.hash), "#/kiosk/procedures", "still there after 60 s");
      await page.clock.fastForward(31_000);
      await page.waitForFunction(() => location.hash === "#/kiosk");
      await page.getByRole("link", { name: /Tra cứu thủ tục/ }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), "vi");
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains("large-text")), false);
      assert.equal(await page.locator("footer button[aria-pressed]").last().getAttribute("aria-pressed"), "false");
    },
  },
  {
    name: "the language is remembered per screen: English on the rating pad leaves the kiosk Vietnamese",
    async run({ base, newPage }) {
      const page = await newPage({ width: 1280, height: 800 });
      await page.goto(base + "#/rate");
      await page.getByRole("button", { name: "English" }).click();
      await page.waitForFunction(() => document.documentElement.lang === "en");
      await page.goto(base + "#/kiosk");
      await page.getByRole("link", { name: /Lấy số thứ tự/ }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), "vi");
      await page.reload();
      await page.goto(base + "#/rate");
      await page.waitForFunction(() => document.documentElement.lang === "en");
    },
  },
  {
    name: "screens still to be built show their title and the connection indicator",
    async run({ base, newPage }) {
      const page = await newPage({ width: 1920, height: 1080 });
      for (const [hash, title] of [
        ["#/rate", "Đánh giá mức độ hài lòng"],
        ["#/admin", "Quản trị kiosk"],
      ]) {
        await page.goto(base + hash);
        await page.getByRole("heading", { level: 1, name: title }).waitFor();
        await page.getByTestId("connection").waitFor();
      }
    },
  },
];
