// Languages on the first screen (issue 15): Tiếng Việt and English at one touch, the
// commune's minority languages (ISO 639-3 bdq, jra, rad) in a picker that says how much is
// translated, the screen saying "chưa dịch" while it shows Vietnamese in their place; and
// English plurals right.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
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
  {
    name: "languages: a catalog bundle carries translations for any ISO 639-3 code; the kiosk shows them, and marks what is not translated",
    async run({ base, newPage, post }) {
      // Synthetic markers only: nobody here speaks Bahnar, and no translation is invented.
      const demo = JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "../../kiosk/catalog/demo.json"), "utf8"));
      const bundle = { ...demo, version: demo.version + 1, demo: false };
      const birth = bundle.procedures.find((p) => p.code === "1.001193");
      birth.translations = {
        ...birth.translations,
        bdq: { name: "[bdq] Đăng ký khai sinh", fee_text: "[bdq] lệ phí", documents: birth.documents.map((_, i) => `[bdq] giấy tờ ${i + 1}`) },
      };
      bundle.fields.find((f) => f.name === "Hộ tịch").translations = { bdq: "[bdq] Hộ tịch" };
      // A code that is not one is refused, in Vietnamese, and changes nothing.
      const bad = await post("/api/v1/admin/catalog", { ...bundle, procedures: bundle.procedures.map((p) => (p === birth ? { ...p, translations: { Bahnar: { name: "x" } } } : p)) });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /Mã ngôn ngữ «Bahnar» không hợp lệ/);
      const ok = await post("/api/v1/admin/catalog", bundle);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));

      const page = await newPage();
      await page.goto(base + "#/kiosk");
      await page.getByRole("button", { name: "Ngôn ngữ khác" }).click();
      await page.getByTestId("lang-picker").locator("[data-lang=bdq]").click();
      await page.getByRole("link", { name: /Tra cứu thủ tục/ }).click();
      // The field tile in Bahnar; the others in Vietnamese, each marked.
      const tile = page.getByTestId("field-tile").filter({ hasText: "[bdq] Hộ tịch" });
      await tile.waitFor();
      assert.equal(await tile.getByTestId("untranslated").count(), 0);
      const other = page.getByTestId("field-tile").filter({ hasNotText: "[bdq]" }).first();
      assert.equal(await other.getByTestId("untranslated").innerText(), "Chưa có bản dịch");
      await tile.click();
      const row = page.getByTestId("result").filter({ hasText: "[bdq] Đăng ký khai sinh" });
      await row.waitFor();
      assert.equal(await row.getByTestId("untranslated").count(), 0);
      assert.ok((await page.getByTestId("result").filter({ hasNotText: "[bdq]" }).first().getByTestId("untranslated").count()) === 1, "an untranslated name is marked");
      await row.click();
      await page.getByTestId("procedure").waitFor();
      assert.equal(await page.locator("header h1").innerText(), "[bdq] Đăng ký khai sinh");
      const docs = await page.getByTestId("document").allInnerTexts();
      assert.ok(docs.length > 0 && docs.every((d) => d.includes("[bdq] giấy tờ") && !d.includes("Chưa có bản dịch")), docs.join(" | "));
      assert.match(await page.locator(".fact").first().innerText(), /\[bdq\] lệ phí/);
      // What the bundle leaves untranslated (the processing time's text) is Vietnamese, marked.
      assert.match(await page.locator(".fact").nth(1).innerText(), /Chưa có bản dịch/);

      // In English, only the name is translated in the demo: the rest is marked "Not yet translated".
      await page.getByRole("button", { name: "English" }).click();
      await page.locator("header h1", { hasText: "Birth registration" }).waitFor();
      assert.equal(await page.getByTestId("document").first().getByTestId("untranslated").innerText(), "Not yet translated");
    },
  },
];
