import { join } from "node:path";
import { assert, waitFor } from "./assert.mjs";

// The catalog as a villager meets it: no physical keyboard, no marks typed.
export const tests = [
  {
    name: "tap 'dang ky khai sinh' on the on-screen keyboard: birth registration comes first and lists what to bring",
    async run({ base, newPage, shots }) {
      const page = await newPage({ width: 1080, height: 1920 });
      await page.goto(base + "#/kiosk");
      await page.getByRole("link", { name: "Tra cứu thủ tục" }).click();
      await page.getByTestId("field-tile").first().waitFor();

      for (const ch of "dang ky khai sinh") {
        const key = page.locator(`.keyboard [data-key="${ch}"]`);
        const box = await key.boundingBox();
        assert.ok(box && box.width >= 64 && box.height >= 64, `key "${ch}" is a large touch target (${JSON.stringify(box)})`);
        await key.click();
      }
      await page.getByTestId("search-box").filter({ hasText: "dang ky khai sinh" }).waitFor();
      const first = page.getByTestId("result").first();
      // The list answers each letter typed; wait for the answer to the whole query, not an
      // earlier prefix's ("dang ky khai sin" puts another birth procedure first).
      await waitFor(async () => (await first.getAttribute("data-code")) === "1.001193", { what: "birth registration first for the whole query" });
      assert.match(await first.innerText(), /^Thủ tục đăng ký khai sinh/);
      await page.screenshot({ path: join(shots, "catalog-search-1080x1920.png") });

      await first.click();
      const proc = page.getByTestId("procedure");
      await proc.waitFor();
      const docs = page.getByTestId("document");
      await docs.first().waitFor();
      const names = await docs.allInnerTexts();
      assert.ok(names.length >= 5, `the page lists the documents to bring: ${names.length}`);
      assert.ok(names.some((n) => n.includes("Tờ khai đăng ký khai sinh")), "the declaration form is listed");
      assert.ok(names.some((n) => n.includes("Giấy chứng sinh") && n.includes("Bản chính: 1")), "the birth certificate with its count of originals");
      assert.match(await page.getByTestId("fee").innerText(), /Miễn phí/);
      assert.equal(await page.locator("details[data-testid=legal-basis]").getAttribute("open"), null, "legal basis is folded away");
      assert.equal(await page.getByTestId("take-number").getAttribute("href"), "#/kiosk/ticket?procedure=1.001193");
      await docs.first().click();
      assert.equal(await docs.first().getAttribute("aria-pressed"), "true", "a document can be ticked off");
      await page.screenshot({ path: join(shots, "catalog-procedure-1080x1920.png"), fullPage: true });

      // Back to the results: what was typed is kept; home clears it.
      await page.getByTestId("back").click();
      await page.getByTestId("search-box").filter({ hasText: "dang ky khai sinh" }).waitFor();
      await page.goto(base + "#/kiosk");
      await page.goto(base + "#/kiosk/procedures");
      await page.getByTestId("field-tile").first().waitFor();
      assert.doesNotMatch(await page.getByTestId("search-box").innerText(), /dang ky/);
    },
  },
  {
    name: "browse by field tiles, marked letters from the candidate strip, English names",
    async run({ base, newPage }) {
      const page = await newPage({ width: 1080, height: 1920 });
      await page.goto(base + "#/kiosk/procedures");
      await page.getByTestId("field-tile").filter({ hasText: "Chứng thực" }).click();
      await page.getByTestId("result").filter({ hasText: "Chứng thực chữ ký" }).waitFor();
      await page.getByTestId("back").click();

      // Type "khai tu", then take "ử" from the strip the keyboard offers after "u".
      for (const ch of "khai tu") await page.locator(`.keyboard [data-key="${ch}"]`).click();
      await page.locator('.keyboard [data-cand="ử"]').click();
      await page.getByTestId("search-box").filter({ hasText: "khai tử" }).waitFor();
      // Results follow the typing; wait for those of the last query.
      await page.waitForFunction(() => document.querySelector('[data-testid="result"]')?.getAttribute("data-code") === "1.000656");

      await page.getByRole("button", { name: "English" }).click();
      await page.getByTestId("result").filter({ hasText: "Death registration" }).waitFor();
      await page.getByRole("button", { name: "Tiếng Việt" }).click();
    },
  },
  {
    name: "villagers' words: 'so do' finds the land certificate; 'ho ngheo' says not found and offers a clerk",
    async run({ base, newPage, shots }) {
      const page = await newPage({ width: 1080, height: 1920 });
      await page.goto(base + "#/kiosk/procedures");
      await page.getByTestId("field-tile").first().waitFor();

      for (const ch of "ho ngheo") await page.locator(`.keyboard [data-key="${ch}"]`).click();
      const notFound = page.getByTestId("not-found");
      await notFound.waitFor();
      assert.match(await notFound.innerText(), /Không tìm thấy — xin hỏi cán bộ/);
      assert.equal(await page.getByTestId("result").count(), 0, "no list of near misses");
      const call = page.getByTestId("call-staff");
      const box = await call.boundingBox();
      assert.ok(box && box.height >= 64, `"Gọi cán bộ" is a large touch target (${JSON.stringify(box)})`);
      await call.click();
      // The same request as the header's "Gọi cán bộ": the counters are told, the villager waits.
      await page.getByTestId("staff-answer").filter({ hasText: "Cán bộ sẽ đến ngay" }).waitFor();
      await page.screenshot({ path: join(shots, "catalog-not-found-1080x1920.png") });

      // A new query: the answer to the button goes, and everyday words find their procedure.
      await page.locator('.keyboard [data-key="clear"]').click();
      for (const ch of "so do") await page.locator(`.keyboard [data-key="${ch}"]`).click();
      await page.waitForFunction(() => document.querySelector('[data-testid="result"]')?.getAttribute("data-code") === "1.115750");
      assert.equal(await page.getByTestId("staff-answer").count(), 0);
      assert.match(await page.getByTestId("result").first().innerText(), /Giấy chứng nhận quyền sử dụng đất/);
    },
  },
];
