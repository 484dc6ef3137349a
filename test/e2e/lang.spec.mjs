// Languages on the first screen (issue 15): Tiếng Việt and English at one touch, the
// commune's minority languages (ISO 639-3 bdq, jra, rad) in a picker that says how much is
// translated, the screen saying "chưa dịch" while it shows Vietnamese in their place; and
// English plurals right.
import { join } from "node:path";
import { assert, settled } from "./assert.mjs";
import { audit } from "./design.mjs";

export const tests = [
  {
    name: "languages: the picker on the home screen offers vi, en, Bahnar, Jrai, Êđê; an untranslated one says so and shows Vietnamese",
    async run({ base, newPage, shots }) {
      const page = await newPage();
      await page.addInitScript(() => {
        window.__played = [];
        HTMLMediaElement.prototype.play = function () {
          window.__played.push(new URL(this.src).pathname);
          return Promise.resolve();
        };
      });
      await page.goto(base + "#/kiosk");
      await page.getByTestId("commune-name").waitFor();
      await page.getByRole("button", { name: "Ngôn ngữ khác" }).click();
      const picker = page.getByTestId("lang-picker");
      await picker.waitFor();
      const names = (await picker.locator("[data-lang]").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
      assert.deepEqual(names, [
        "Tiếng Việt",
        "English Tiếng Anh",
        "Bahnar Tiếng Ba Na Chưa dịch — hiển thị tiếng Việt",
        "Jrai Tiếng Gia Rai Chưa dịch — hiển thị tiếng Việt",
        "Êđê Tiếng Ê Đê Chưa dịch — hiển thị tiếng Việt",
      ]);
      // The names are read out as the picker opens.
      assert.deepEqual(await page.evaluate(() => window.__played), ["/api/v1/voice/clips/p_speech_languages"]);
      await settled(page);
      assert.deepEqual(await audit(page, { within: "[data-testid=lang-picker]", minFont: 24 }), []);
      await page.screenshot({ path: join(shots, "lang-picker-1080x1920.png") });

      await picker.locator("[data-lang=bdq]").click();
      await picker.waitFor({ state: "detached" });
      await page.getByRole("button", { name: "Bahnar · chưa dịch" }).waitFor();
      // Vietnamese text in its place, and the page says it is Vietnamese.
      await page.getByRole("link", { name: /Tra cứu thủ tục/ }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), "vi");
      // Remembered across the kiosk's screens, and English still one touch away.
      await page.getByRole("link", { name: /Tra cứu thủ tục/ }).click();
      await page.getByRole("button", { name: "Bahnar · chưa dịch" }).waitFor();
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("button", { name: "Other languages" }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
    },
  },
  {
    name: "languages: English plurals — '1 procedure', '16 procedures'",
    async run({ base, newPage }) {
      const page = await newPage();
      await page.goto(base + "#/kiosk/procedures");
      await page.getByTestId("field-tile").first().waitFor();
      await page.getByRole("button", { name: "English" }).click();
      const counts = await page.getByTestId("field-tile").allInnerTexts();
      const flat = counts.map((t) => t.replace(/\s+/g, " "));
      assert.ok(flat.some((t) => / 1 procedure$/.test(t)), `a field with one procedure: ${flat.join(" | ")}`);
      assert.ok(flat.some((t) => / \d{2,} procedures$/.test(t)), `a field with many: ${flat.join(" | ")}`);
      assert.ok(!flat.some((t) => / 1 procedures$/.test(t)), "never '1 procedures'");
    },
  },
];
