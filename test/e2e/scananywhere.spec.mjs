// Scanning from any kiosk screen (issues 11 and 12): a villager who walks up and holds a
// receipt or a ticket to the USB scanner (it types what the QR holds and Enter, like a
// keyboard) need not tap a tile first. On the home screen a receipt's QR opens "Tra cứu hồ
// sơ" on that dossier; in the catalog a ticket's QR opens its status, then "Đánh giá sự phục vụ" on that
// ticket; a citizen ID card's QR says the kiosk does not read it and changes nothing. The
// scan's keys never press the focused tile, button or on-screen key; the code leaves the
// address once read; the counter pages do not listen; the idle return home still forgets it all.
import { join } from "node:path";
import { assert, settled } from "./assert.mjs";
import { designed } from "./design.mjs";
import { applicant, cccd, receiptConfig as config, receive } from "./dossiers.mjs";
import { serve, ticketQR } from "./tickets.mjs";

const IDLE_MS = 90_000; // frontend/src/lib/idle.ts

// What must never be on the page, whatever was scanned.
const secrets = [applicant.id_number, applicant.phone, applicant.name, "Láng Hạ", "15031999"];

// The scanner types the QR's text and Enter, key by key, fast; the screen has settled first.
async function scan(page, text) {
  await settled(page);
  await page.keyboard.type(text + "\n");
}

async function openHome(page, base) {
  await page.goto(base + "#/kiosk");
  await page.getByTestId("commune-name").waitFor();
  await settled(page);
}

const text = (page, id) => page.getByTestId(id).innerText();
const hash = (page) => page.evaluate(() => location.hash);

async function noSecrets(page, what) {
  const shown = await page.evaluate(() => document.body.innerText + document.documentElement.outerHTML + location.href);
  for (const s of secrets) assert.ok(!shown.includes(s), `${what}: the page holds ${s}`);
}

export const tests = [
  {
    name: "scananywhere: on the home screen the receipt's QR opens the look-up on that dossier, masked name, the code out of the address",
    config,
    async run({ base, newPage, shots }) {
      const { code, url } = await receive(base);
      const page = await newPage({ width: 1080, height: 1920 });
      await openHome(page, base);
      const asked = [];
      page.on("request", (r) => r.url().includes("/api/v1/public/dossier") && asked.push(new URL(r.url()).search));

      await scan(page, url);
      await page.getByTestId("dossier").waitFor();
      assert.equal(await text(page, "state"), "Đã tiếp nhận");
      assert.equal(await text(page, "applicant"), "Nguyễn V. A.");
      assert.equal(await text(page, "code"), code);
      assert.equal(await text(page, "code-box"), code, "the box shows the code scanned");
      assert.equal(await hash(page), "#/kiosk/lookup", "the code was read once and left the address");
      assert.deepEqual(asked, [`?code=${encodeURIComponent(code)}`], "looked up once");
      await noSecrets(page, "the result");
      await designed(page, "the result reached from home");
      await page.screenshot({ path: join(shots, "scananywhere-lookup-1080x1920.png") });

      // Open, the look-up reads the next scan itself: once, not twice.
      await scan(page, url);
      await page.getByTestId("dossier").waitFor();
      assert.equal(asked.length, 2, `one more look-up: ${asked.join(" ")}`);
    },
  },
  {
    name: "scananywhere: in the catalog, with an on-screen key focused, a served ticket's QR opens its status, whose button opens the rating for that ticket; nothing typed",
    async run({ base, newPage, post, shots }) {
      const ticket = await serve(base, post);
      const qr = await ticketQR(base, ticket);
      const page = await newPage({ width: 1080, height: 1920 });
      await openHome(page, base);
      await page.getByRole("link", { name: "Tra cứu thủ tục" }).click();
      await page.getByTestId("field-tile").first().waitFor();
      // A tap on "k" leaves that key focused: the scan's letters and Enter must not press it.
      await page.locator('.keyboard [data-key="k"]').click();
      await page.getByTestId("search-box").filter({ hasText: "k" }).waitFor();

      await scan(page, qr);
      // The ticket's status first (where the number stands); served, it offers the rating.
      await page.getByTestId("ticket-status").filter({ hasText: `Số ${ticket.code} đã được phục vụ xong` }).waitFor();
      assert.equal(await hash(page), "#/kiosk/ticket-status");
      await page.getByTestId("ticket-rate").click();
      await page.getByRole("heading", { name: `Quý vị hài lòng thế nào với việc phục vụ số ${ticket.code}?` }).waitFor();
      assert.equal(await hash(page), "#/kiosk/rate");
      await designed(page, "the faces reached from the catalog");
      await page.screenshot({ path: join(shots, "scananywhere-rate-1080x1920.png") });

      await page.getByRole("group", { name: "Mức độ hài lòng" }).getByRole("button").getByText("Hài lòng", { exact: true }).click();
      await page.getByRole("status").getByText("Xin cảm ơn quý vị đã đánh giá!").waitFor();
      const list = await (await fetch(base + "api/v1/admin/ratings")).json();
      assert.deepEqual(
        list.map((r) => [r.code, r.score, r.via]),
        [[ticket.code, 2, "qr"]],
      );

      // Back in the catalog (which keeps its search until home): only the "k" tapped, nothing of the scan.
      await page.goto(base + "#/kiosk/procedures");
      await page.getByTestId("search-box").waitFor();
      assert.equal((await text(page, "search-box")).trim(), "k");

      // A number still waiting, scanned on home: its status says where it stands, and offers no rating.
      const waiting = (await post("/api/v1/tickets", { service_id: "hotich" })).body.ticket;
      await openHome(page, base);
      await scan(page, await ticketQR(base, waiting));
      await page.getByTestId("ticket-status").filter({ hasText: `Số ${waiting.code} — ` }).waitFor();
      assert.equal(await page.getByTestId("ticket-rate").count(), 0);
      assert.equal(await hash(page), "#/kiosk/ticket-status");
    },
  },
  {
    name: "scananywhere: a citizen ID card's QR on the home screen says the kiosk does not read it; nothing changes, nothing of the card is shown or sent",
    config,
    async run({ base, newPage, shots }) {
      const page = await newPage({ width: 1080, height: 1920 });
      await openHome(page, base);
      const sent = [];
      page.on("request", (r) => r.url().startsWith(base + "api/") && !r.url().includes("/events") && sent.push(new URL(r.url()).pathname));
      // "Chữ to" has the focus: the card's spaces and its Enter must not press it.
      const large = page.getByRole("button", { name: "Chữ to" });
      await large.focus();

      await scan(page, cccd);
      const notice = page.getByTestId("scan-notice");
      await notice.waitFor();
      assert.equal(await notice.getAttribute("role"), "alert");
      assert.deepEqual(
        (await notice.locator("p").allInnerTexts()).map((s) => s.trim()),
        ["Kiosk không đọc mã này.", "Để tra cứu hồ sơ, xin quét mã QR trên giấy tiếp nhận."],
      );
      assert.equal(await hash(page), "#/kiosk", "the home screen stays");
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains("large-text")), false, "the focused button was not pressed");
      assert.deepEqual(sent, [], "nothing was sent");
      await noSecrets(page, "after a CCCD scan");
      await designed(page, "the notice on home");
      await page.screenshot({ path: join(shots, "scananywhere-cccd-1080x1920.png") });

      // Another QR, in English: said in English. A touch puts the notice away.
      await page.getByRole("button", { name: "English" }).click();
      await scan(page, "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html");
      await notice.filter({ hasText: "The kiosk does not read this code." }).waitFor();
      await page.getByTestId("commune-name").click();
      await notice.waitFor({ state: "detached" });
      assert.equal(await hash(page), "#/kiosk");
    },
  },
  {
    name: "scananywhere: left alone after a receipt scanned from home, the kiosk goes home and forgets the dossier",
    config,
    async run({ base, newPage }) {
      const { url } = await receive(base);
      const page = await newPage({ width: 1080, height: 1920 });
      await page.clock.install();
      await openHome(page, base);
      await scan(page, url);
      await page.getByTestId("dossier").waitFor();

      await page.clock.fastForward(IDLE_MS + 5_000);
      await page.waitForFunction(() => location.hash === "#/kiosk");
      await page.getByTestId("commune-name").waitFor();
      await page.getByRole("link", { name: /Tra cứu hồ sơ/ }).click();
      await page.locator('.keyboard [data-key="A"]').waitFor();
      assert.equal(await page.getByTestId("dossier").count(), 0, "nothing of the last look-up");
      assert.equal(await text(page, "code-box"), "Mã hồ sơ");
    },
  },
  {
    name: "scananywhere: the hall display does not listen: a receipt scanned there changes nothing",
    config,
    async run({ base, newPage }) {
      const { url } = await receive(base);
      const page = await newPage({ width: 1920, height: 1080 });
      await page.goto(base + "#/display");
      await settled(page);
      await scan(page, url);
      await settled(page);
      assert.equal(await hash(page), "#/display");
      assert.equal(await page.getByTestId("scan-notice").count(), 0);
    },
  },
];
