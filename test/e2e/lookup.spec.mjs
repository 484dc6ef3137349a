// "Tra cứu hồ sơ" at the kiosk (issue 11): a clerk receives a dossier over the API; at the
// kiosk a villager types its code on the on-screen keyboard, or holds the receipt's QR to
// the USB scanner (which types the QR's URL and Enter like a keyboard), and sees the state
// and a masked name, never the ID number or the phone. A citizen ID card's QR, another QR
// and an unknown code each say so in Vietnamese; the idle return home forgets it all.
import { join } from "node:path";
import { assert, settled, waitFor } from "./assert.mjs";
import { designed } from "./design.mjs";
import { applicant, cccd, receiptConfig as config, receive } from "./dossiers.mjs";

const IDLE_MS = 90_000; // frontend/src/lib/idle.ts

// What the person holding the receipt must never see at the kiosk.
const secrets = [applicant.id_number, applicant.phone, applicant.name, "Láng Hạ", "1999"];

const text = (page, id) => page.getByTestId(id).innerText();

async function noSecrets(page, what) {
  const shown = await page.evaluate(() => document.body.innerText + document.documentElement.outerHTML);
  for (const s of secrets) assert.ok(!shown.includes(s), `${what}: the page holds ${s}`);
}

// The screen loaded and settled, its key listener on, before the scanner types.
async function openLookup(page, base) {
  await page.goto(base + "#/kiosk/lookup");
  await page.locator('.keyboard [data-key="A"]').waitFor();
  await settled(page);
}

export const tests = [
  {
    name: "lookup: tap the tile, type the code on the on-screen keyboard: state, dates, masked name; no ID number or phone anywhere",
    config,
    async run({ base, newPage, shots }) {
      const { code } = await receive(base);
      assert.match(code, /^000\.00\.00\.H55-261202-\d{4}$/);

      const page = await newPage({ width: 1080, height: 1920 });
      await page.goto(base + "#/kiosk");
      await page.getByRole("link", { name: /Tra cứu hồ sơ/ }).click();
      await page.locator('.keyboard [data-key="A"]').waitFor();
      assert.equal(await page.evaluate(() => location.hash), "#/kiosk/lookup");
      assert.match(await text(page, "hint"), /000\.00\.00\.H55-261202-0001/, "the hint shows a code's shape with this desk's agency code");

      for (const ch of code) {
        const key = page.locator(`.keyboard [data-key="${ch}"]`);
        const box = await key.boundingBox();
        assert.ok(box && box.width >= 64 && box.height >= 64, `key "${ch}" is a large touch target (${JSON.stringify(box)})`);
        await key.click();
      }
      assert.equal(await text(page, "code-box"), code);
      const go = page.getByRole("button", { name: "Tra cứu", exact: true });
      const goBox = await go.boundingBox();
      assert.ok(goBox && goBox.height >= 96 && goBox.width >= 200, `"Tra cứu" is big (${JSON.stringify(goBox)})`);
      await go.click();

      await page.getByTestId("dossier").waitFor();
      assert.equal(await text(page, "state"), "Đã tiếp nhận");
      assert.equal(await text(page, "applicant"), "Nguyễn V. A.");
      assert.equal(await text(page, "code"), code);
      assert.equal(await text(page, "procedure"), "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân");
      assert.match(await text(page, "received"), /^09 giờ 0\d, ngày 02\/12\/2026$/);
      // Three working days from Wednesday 2 December 2026, 09:00: Monday 7 December.
      assert.equal(await text(page, "appointment"), "Sau 09 giờ 00, ngày 07/12/2026");
      assert.equal(await page.getByTestId("overdue").count(), 0);
      await noSecrets(page, "the result");
      await designed(page, "the result");
      await page.evaluate(() => document.documentElement.classList.add("large-text"));
      await designed(page, "the result in Chữ to");
      await page.screenshot({ path: join(shots, "lookup-found-large-1080x1920.png") });
      await page.evaluate(() => document.documentElement.classList.remove("large-text"));
      await page.screenshot({ path: join(shots, "lookup-found-1080x1920.png") });

      // "Nghe" says the state, from fixed prompts only: never the name or the code.
      const asked = [];
      page.on("request", (r) => r.url().includes("/api/v1/voice/") && asked.push(new URL(r.url()).pathname));
      await page.getByRole("button", { name: "Nghe" }).click();
      await waitFor(() => asked.length >= 2, { what: "the first clips asked for" });
      assert.deepEqual(asked.slice(0, 2), ["/api/v1/voice/clips/p_lookup_status", "/api/v1/voice/clips/p_lookup_status_2"]);
      assert.ok(asked.every((p) => p.startsWith("/api/v1/voice/clips/p_")), asked.join(" "));
      await page.getByTestId("code-box").click(); // a touch stops it

      // English: the state in English, the same masked name.
      await page.getByRole("button", { name: "English" }).click();
      await page.getByTestId("state").filter({ hasText: "Received" }).waitFor();
      assert.equal(await text(page, "appointment"), "after 09:00, 07/12/2026");
      await page.getByRole("button", { name: "Tiếng Việt" }).click();

      // Leaving the screen forgets it.
      await page.getByRole("link", { name: "Về trang chủ" }).click();
      await page.getByTestId("commune-name").waitFor();
      await page.getByRole("link", { name: /Tra cứu hồ sơ/ }).click();
      await page.locator('.keyboard [data-key="A"]').waitFor();
      assert.equal(await page.getByTestId("dossier").count(), 0);
      assert.equal(await text(page, "code-box"), "Mã hồ sơ", "the box is empty again");
    },
  },
  {
    name: "lookup: the USB scanner types the receipt's URL: looked up; a CCCD or another QR says it is no receipt and changes nothing",
    config,
    async run({ base, newPage, shots }) {
      const { code, url } = await receive(base);
      assert.equal(url, `http://192.168.1.10:8080/d/${code}`);
      const page = await newPage({ width: 1080, height: 1920 });
      await openLookup(page, base);

      // The scanner types the QR's text and Enter, key by key, fast.
      await page.keyboard.type(url + "\n");
      await page.getByTestId("dossier").waitFor();
      assert.equal(await text(page, "code-box"), code, "the box shows the code scanned");
      assert.equal(await text(page, "state"), "Đã tiếp nhận");
      assert.equal(await text(page, "applicant"), "Nguyễn V. A.");

      // A citizen ID card held to the scanner: said plainly; the result stays; nothing of the card is shown.
      await page.keyboard.type(cccd + "\n");
      const notice = page.getByTestId("notice");
      await notice.waitFor();
      assert.equal(await notice.getAttribute("data-problem"), "cccd");
      assert.match(await notice.innerText(), /không phải mã của giấy tiếp nhận hồ sơ/);
      assert.equal(await text(page, "code-box"), code, "the typed code is unchanged");
      assert.equal(await text(page, "state"), "Đã tiếp nhận", "the result is unchanged");
      await noSecrets(page, "after a CCCD scan");
      await designed(page, "the notice");
      await page.screenshot({ path: join(shots, "lookup-cccd-1080x1920.png") });

      // After a tap on the keyboard, that key has the focus: a scan's spaces and Enter must not press it.
      await page.locator('.keyboard [data-key="7"]').click();
      assert.equal(await text(page, "code-box"), code + "7");
      await page.keyboard.type(cccd + "\n");
      await page.getByTestId("notice").waitFor();
      assert.equal(await text(page, "code-box"), code + "7", "the scan's keys pressed no on-screen key");

      // Any other QR: a web address.
      await page.keyboard.type("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html\n");
      await page.getByTestId("notice").and(page.locator('[data-problem="not_receipt"]')).waitFor();
      assert.match(await text(page, "notice"), /Mã vừa quét không phải mã của giấy tiếp nhận hồ sơ/);

      // The receipt again: found again.
      await page.keyboard.type(url + "\n");
      await page.getByTestId("dossier").waitFor();
      assert.equal(await page.getByTestId("notice").count(), 0);
    },
  },
  {
    name: "lookup: an unknown code says not found and offers a clerk; a mistyped one says how a code looks",
    config,
    async run({ base, newPage, shots }) {
      await receive(base);
      const page = await newPage({ width: 1080, height: 1920 });
      await openLookup(page, base);

      // The desk's prefix in one tap, then the day and a number nobody was given.
      await page.getByTestId("prefix").click();
      for (const ch of "261202-0999") await page.locator(`.keyboard [data-key="${ch}"]`).click();
      assert.equal(await text(page, "code-box"), "000.00.00.H55-261202-0999");
      await page.getByRole("button", { name: "Tra cứu", exact: true }).click();
      const problem = page.getByTestId("problem");
      await problem.waitFor();
      assert.equal(await problem.getAttribute("data-problem"), "not_found");
      assert.match(await problem.innerText(), /Không tìm thấy hồ sơ có mã này/);
      assert.match(await problem.innerText(), /xin hỏi cán bộ/);
      const call = page.getByTestId("call-staff");
      const box = await call.boundingBox();
      assert.ok(box && box.height >= 64, `"Gọi cán bộ" is a large target (${JSON.stringify(box)})`);
      await call.click();
      await page.getByTestId("staff-answer").filter({ hasText: "Cán bộ sẽ đến ngay" }).waitFor();
      await designed(page, "not found");
      await page.screenshot({ path: join(shots, "lookup-not-found-1080x1920.png") });

      // Half a code: said at once, with what a code looks like.
      await page.locator('.keyboard [data-key="clear"]').click();
      for (const ch of "0012") await page.locator(`.keyboard [data-key="${ch}"]`).click();
      await page.getByRole("button", { name: "Tra cứu", exact: true }).click();
      await page.getByTestId("problem").and(page.locator('[data-problem="invalid"]')).waitFor();
      assert.match(await text(page, "problem"), /Mã hồ sơ chưa đúng/);
      assert.match(await text(page, "problem"), /giấy tiếp nhận/);
    },
  },
  {
    name: "lookup: left alone, the screen goes home and forgets the dossier",
    config,
    async run({ base, newPage }) {
      const { url } = await receive(base);
      const page = await newPage({ width: 1080, height: 1920 });
      await page.clock.install();
      await openLookup(page, base);
      await page.keyboard.type(url + "\n");
      await page.getByTestId("dossier").waitFor();

      await page.clock.fastForward(IDLE_MS + 5_000);
      await page.waitForFunction(() => location.hash === "#/kiosk");
      await page.getByTestId("commune-name").waitFor();
      assert.equal(await page.getByTestId("dossier").count(), 0);

      await page.getByRole("link", { name: /Tra cứu hồ sơ/ }).click();
      await page.locator('.keyboard [data-key="A"]').waitFor();
      assert.equal(await page.getByTestId("dossier").count(), 0, "nothing of the last look-up");
      assert.equal(await text(page, "code-box"), "Mã hồ sơ");
    },
  },
];
