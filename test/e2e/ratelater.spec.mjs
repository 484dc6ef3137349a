// "Đánh giá sự phục vụ" at the kiosk (issue 12: rate later, once): a villager served
// earlier holds the ticket's QR to the USB scanner (which types what the QR holds and
// Enter, like a keyboard), or types today's number on the on-screen keyboard, taps a face
// (and reasons after "Không hài lòng"), and is thanked; the same ticket again is "rated
// already", and nothing is stored twice. A receipt's QR asks the nine-indicator assessment
// where the province turns it on. Ratings are read back through the admin API.
import { join } from "node:path";
import { assert, settled, waitFor } from "./assert.mjs";
import { clerk } from "./clerk.mjs";
import { designed } from "./design.mjs";
import { dossierBody, receiptConfig } from "./dossiers.mjs";
import { serve, ticketQR } from "./tickets.mjs";

// The server trusts loopback (the installer's shell), so the test reads the admin lists directly.
async function adminGet(base, path) {
  const res = await fetch(base + path);
  assert.equal(res.status, 200, path);
  return res.json();
}

// The screen loaded and settled, its key listener on, before the scanner types.
// By way of home: a villager coming back finds the screen as new.
async function openRate(page, base) {
  await page.goto(base + "#/kiosk");
  await page.getByTestId("commune-name").waitFor();
  await page.goto(base + "#/kiosk/rate");
  await page.locator('.keyboard [data-key="A"]').waitFor();
  await settled(page);
}

async function scan(page, text) {
  await settled(page);
  await page.keyboard.type(text + "\n");
}

async function typeOnKeyboard(page, text) {
  await page.locator('.keyboard [data-key="clear"]').click();
  for (const ch of text) await page.locator(`.keyboard [data-key="${ch}"]`).click();
  await page.getByRole("button", { name: "Tiếp tục", exact: true }).click();
}

const faces = (page) => page.getByRole("group", { name: "Mức độ hài lòng" }).getByRole("button");

export const tests = [
  {
    name: "ratelater: tap the tile, scan a served ticket's QR: the faces, 'Không hài lòng' and a reason, thanks; scanned again it is rated already, and one rating is stored",
    async run({ base, newPage, post, shots }) {
      const ticket = await serve(base, post);
      const qr = await ticketQR(base, ticket);

      const page = await newPage({ width: 1080, height: 1920 });
      await page.goto(base + "#/kiosk");
      const tile = page.getByRole("link", { name: /Đánh giá sự phục vụ/ });
      const box = await tile.boundingBox();
      assert.ok(box && box.height >= 64 && box.width >= 64, `the tile is a large target (${JSON.stringify(box)})`);
      await tile.click();
      await page.locator('.keyboard [data-key="A"]').waitFor();
      assert.equal(await page.evaluate(() => location.hash), "#/kiosk/rate");

      const looked = [];
      page.on("request", (r) => r.method() === "POST" && r.url().includes("/api/v1/ratings") && looked.push(`${r.method()} ${new URL(r.url()).pathname}`));
      await scan(page, qr);

      await page.getByRole("heading", { name: `Quý vị hài lòng thế nào với việc phục vụ số ${ticket.code}?` }).waitFor();
      assert.deepEqual((await faces(page).allInnerTexts()).map((s) => s.trim()), ["Rất hài lòng", "Hài lòng", "Không hài lòng"]);
      assert.equal(await page.locator(".keyboard").count(), 0, "the keyboard gives way to the faces");
      await designed(page, "the faces");
      await page.evaluate(() => document.documentElement.classList.add("large-text"));
      await designed(page, "the faces in Chữ to");
      await page.screenshot({ path: join(shots, "ratelater-faces-large-1080x1920.png") });
      await page.evaluate(() => document.documentElement.classList.remove("large-text"));
      await page.screenshot({ path: join(shots, "ratelater-faces-1080x1920.png") });

      // "Nghe" says what to do from fixed prompts only: never the number.
      const asked = [];
      page.on("request", (r) => r.url().includes("/api/v1/voice/") && asked.push(new URL(r.url()).pathname));
      await page.getByRole("button", { name: "Nghe" }).click();
      await waitFor(() => asked.some((p) => p.includes("p_ratelater_ask_spoken")), { what: "the question spoken" });
      assert.ok(asked.every((p) => p.startsWith("/api/v1/voice/clips/")), asked.join(" "));

      // "Không hài lòng" asks why; one reason, then send.
      await faces(page).getByText("Không hài lòng").click();
      await page.getByRole("heading", { name: /lý do/ }).waitFor();
      await page.getByRole("button", { name: "Thời gian chờ lâu" }).click();
      assert.equal(await page.getByRole("button", { name: "Thời gian chờ lâu" }).getAttribute("aria-pressed"), "true");
      await designed(page, "the reasons");
      await page.screenshot({ path: join(shots, "ratelater-reasons-1080x1920.png") });
      await page.getByRole("button", { name: "Gửi đánh giá" }).click();
      await page.getByRole("status").getByText("Xin cảm ơn quý vị đã đánh giá!").waitFor();
      assert.deepEqual(looked, ["POST /api/v1/ratings/lookup", "POST /api/v1/ratings"]);

      // Stored once, tied to the ticket, the counter, the clerk and the line, given by QR.
      let list = await adminGet(base, "api/v1/admin/ratings");
      assert.equal(list.length, 1, JSON.stringify(list));
      const r = list[0];
      assert.deepEqual(
        [r.code, r.counter_id, r.staff_id, r.service_id, r.score, r.reasons, r.via],
        [ticket.code, 1, "canbo1", "hotich", 1, ["waiting_time"], "qr"],
      );

      // Back later, the same ticket scanned again: said kindly, nothing to tap, no clerk needed.
      await openRate(page, base);
      await scan(page, qr);
      const kind = page.getByTestId("problem");
      await kind.filter({ hasText: "Phiếu này đã được đánh giá. Cảm ơn quý vị." }).waitFor();
      assert.equal(await kind.getAttribute("data-problem"), "rated");
      assert.equal(await page.getByTestId("call-staff").count(), 0);
      assert.equal(await faces(page).count(), 0);
      await designed(page, "rated already");
      await page.screenshot({ path: join(shots, "ratelater-rated-1080x1920.png") });

      // A replayed scan, twice at once, straight to the API: refused, still one rating.
      const replays = await Promise.all([1, 3].map((score) => post("/api/v1/ratings", { code: qr, score })));
      assert.deepEqual(
        replays.map((x) => [x.status, x.body.error?.reason]),
        [
          [409, "rated"],
          [409, "rated"],
        ],
      );
      list = await adminGet(base, "api/v1/admin/ratings");
      assert.equal(list.length, 1, JSON.stringify(list));
    },
  },
  {
    name: "ratelater: type today's number on the keyboard: not served yet and not found each say so with 'Gọi cán bộ'; a served one is rated once, thanks, then home on its own",
    async run({ base, newPage, post, shots }) {
      const served = await serve(base, post);
      const waiting = (await post("/api/v1/tickets", { service_id: "hotich" })).body.ticket;

      const page = await newPage({ width: 1080, height: 1920 });
      await page.clock.install();
      await openRate(page, base);

      // A citizen ID card's QR is never sent anywhere.
      const looked = [];
      page.on("request", (r) => r.url().includes("/api/v1/ratings") && looked.push(new URL(r.url()).pathname));
      await scan(page, "001099012345|123456789|Nguyễn Văn An|15031999|Nam|Số 12, ngõ 34 Láng Hạ, Phường Láng, Hà Nội|20042021");
      await page.locator("[data-problem=cccd]").waitFor();
      assert.deepEqual(looked, []);
      assert.equal(await page.getByText("Nguyễn Văn An").count(), 0);

      await typeOnKeyboard(page, waiting.code);
      await page.locator("[data-problem=not_yet]").filter({ hasText: "chưa được phục vụ xong" }).waitFor();
      const call = page.getByTestId("call-staff");
      const callBox = await call.boundingBox();
      assert.ok(callBox && callBox.height >= 64, `"Gọi cán bộ" is a large target (${JSON.stringify(callBox)})`);
      await call.click();
      await page.getByTestId("staff-answer").filter({ hasText: "Cán bộ sẽ đến ngay" }).waitFor();
      await designed(page, "not served yet");
      await page.screenshot({ path: join(shots, "ratelater-not-yet-1080x1920.png") });

      await typeOnKeyboard(page, "A099");
      await page.locator("[data-problem=not_found]").filter({ hasText: "Không tìm thấy phiếu này" }).waitFor();
      assert.equal(await page.getByTestId("call-staff").count(), 1);

      await typeOnKeyboard(page, "A0");
      await page.locator("[data-problem=invalid]").waitFor();

      await typeOnKeyboard(page, served.code);
      await page.getByRole("heading", { name: new RegExp(`phục vụ số ${served.code}`) }).waitFor();
      await faces(page).getByText("Rất hài lòng").click();
      await page.getByRole("status").getByText("Xin cảm ơn quý vị đã đánh giá!").waitFor();
      const list = await adminGet(base, "api/v1/admin/ratings");
      assert.deepEqual(
        list.map((r) => [r.code, r.score, r.reasons, r.via]),
        [[served.code, 3, [], "qr"]],
      );

      // The thanks stays a moment, then the kiosk goes home on its own.
      await page.clock.fastForward(7_000);
      await page.waitForFunction(() => location.hash === "#/kiosk");
      await page.getByTestId("commune-name").waitFor();
    },
  },
  {
    name: "ratelater: a returned dossier's receipt QR asks the nine-indicator assessment where the province turns it on, once",
    config: { queue: { rating_assessment: true }, ...receiptConfig },
    async run({ base, newPage, post, shots }) {
      const act = await clerk(base, "canbo1", "1111");
      const received = await act("/api/v1/dossiers", dossierBody());
      assert.equal(received.status, 201, JSON.stringify(received.body));
      const { dossier, lookup_url } = received.body;
      for (const action of ["process", "done", "return"]) {
        const r = await act(`/api/v1/dossiers/${dossier.code}/transition`, { action });
        assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
      }

      const page = await newPage({ width: 1080, height: 1920 });
      await openRate(page, base);
      await scan(page, lookup_url);
      const choices = page.getByRole("group", { name: "Các lựa chọn" }).getByRole("button");
      await page.getByText("Câu 1/4").waitFor();
      assert.equal(await faces(page).count(), 0, "a receipt has no faces: the visit's rating is the ticket's");
      assert.equal(await page.getByText("Nguyễn Văn An").count(), 0, "no name");
      await designed(page, "an assessment question");
      await page.screenshot({ path: join(shots, "ratelater-assess-1080x1920.png") });
      await choices.first().click();
      await page.getByText("Câu 2/4").waitFor();
      await page.getByRole("button", { name: "Bỏ qua câu này" }).click();
      await page.getByText("Câu 3/4").waitFor();
      await choices.first().click();
      await page.getByText("Câu 4/4").waitFor();
      await choices.first().click();
      await page.getByRole("status").getByText("Xin cảm ơn quý vị đã đánh giá!").waitFor();

      const given = await adminGet(base, "api/v1/admin/assessments");
      assert.equal(given.length, 1, JSON.stringify(given));
      assert.equal(given[0].dossier_code, dossier.code);
      assert.equal(given[0].via, "qr");
      assert.ok(!("attitude" in given[0].scores), "the skipped question is absent");

      // Once: the receipt again is "rated already".
      await openRate(page, base);
      await scan(page, lookup_url);
      await page.locator("[data-problem=rated]").filter({ hasText: "Phiếu này đã được đánh giá. Cảm ơn quý vị." }).waitFor();
      assert.equal((await adminGet(base, "api/v1/admin/assessments")).length, 1);
    },
  },
  {
    name: "ratelater: a receipt where the province does not ask the assessment says so, with 'Gọi cán bộ'",
    config: receiptConfig,
    async run({ base, newPage }) {
      const page = await newPage({ width: 1080, height: 1920 });
      await openRate(page, base);
      await scan(page, "http://192.168.1.10:8080/d/000.00.00.H55-261202-0001");
      await page.locator("[data-problem=no_assessment]").waitFor();
      assert.equal(await page.getByTestId("call-staff").count(), 1);
      await designed(page, "no assessment here");
    },
  },
];
