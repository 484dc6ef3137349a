// A ticket's QR scanned on the kiosk's home screen (issue: where do I stand?): a number
// still waiting says how many go before it in its line and how many counters are open; once
// served, the same scan offers "Đánh giá sự phục vụ", which opens the faces for that ticket.
// While the screen is open it follows the queue: a clerk's calls move it with no second scan.
import { join } from "node:path";
import { assert, settled, waitFor } from "./assert.mjs";
import { clerk } from "./clerk.mjs";

/** ticketQR is what the printed ticket's QR holds (kiosk.TicketLookupCode). */
async function ticketQR(base, ticket) {
  const res = await fetch(base + "api/v1/admin/health"); // the server trusts loopback
  const { kiosk_id } = await res.json();
  assert.ok(kiosk_id, "the kiosk has an id");
  return `MC1:T:${kiosk_id}:${ticket.day}:${ticket.code}`;
}

async function scanOnHome(page, base, qr) {
  await page.goto(base + "#/kiosk");
  await page.getByTestId("commune-name").waitFor();
  await settled(page);
  await page.keyboard.type(qr + "\n");
}

// Records what the page asks the browser to play; a clip ends only when the test says so
// (as in speech.spec.mjs: no waiting on the wall clock for a real clip).
function recordPlays() {
  window.__played = [];
  window.__endClip = () => {};
  HTMLMediaElement.prototype.play = function () {
    window.__played.push(decodeURIComponent(new URL(this.src).pathname + new URL(this.src).search));
    window.__endClip = () => this.onended?.();
    return Promise.resolve();
  };
  HTMLMediaElement.prototype.pause = function () {};
}
const played = (page) => page.evaluate(() => window.__played);

export const tests = [
  {
    name: "ticketstatus: the third of three numbers, one called, has 1 ahead; the open screen follows the calls live; served, its scan leads to the faces",
    async run({ base, newPage, post, shots }) {
      const tickets = [];
      for (let i = 0; i < 3; i++) {
        const r = await post("/api/v1/tickets", { service_id: "hotich" });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        tickets.push(r.body.ticket);
      }
      const act = await clerk(base, "canbo1", "1111");
      const callNext = async () => {
        const r = await act("/api/v1/counters/1/call-next");
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body;
      };
      await callNext(); // the first
      const third = tickets[2];
      const qr = await ticketQR(base, third);

      const page = await newPage({ width: 1080, height: 1920 });
      await page.addInitScript(recordPlays);
      // "Tự đọc" on (a touch: the visit has begun), then the scan.
      await page.goto(base + "#/kiosk");
      await page.getByTestId("commune-name").waitFor();
      await page.getByTestId("auto-speak").click();
      await settled(page);
      await page.keyboard.type(qr + "\n");
      const status = page.getByTestId("ticket-status");
      await status.filter({ hasText: "còn 1 người trước" }).waitFor();
      assert.equal((await status.innerText()).trim(), `Số ${third.code} — Hộ tịch – Chứng thực: còn 1 người trước quý vị; 1 quầy đang mở`);
      assert.equal(await page.evaluate(() => location.hash), "#/kiosk/ticket-status", "the code leaves the address once read");
      assert.equal(await page.getByTestId("ticket-rate").count(), 0);
      await page.screenshot({ path: join(shots, "ticketstatus-waiting-1080x1920.png") });

      // Live: the clerk calls the second, then this one; the open screen follows, no scan,
      // no reload (the marker set on this page survives), and auto-speak says the call.
      await page.evaluate(() => (window.__samePage = true));
      await callNext(); // the second
      await status.filter({ hasText: "còn 0 người trước" }).waitFor();
      const before = (await played(page)).length;
      await callNext(); // the third: called to Quầy 1
      await status.filter({ hasText: `Mời số ${third.code} đến Quầy 1` }).waitFor();
      assert.equal((await status.innerText()).trim(), `Mời số ${third.code} đến Quầy 1`);
      assert.equal(await page.evaluate(() => window.__samePage), true, "the screen followed without a reload");
      assert.equal(await page.evaluate(() => location.hash), "#/kiosk/ticket-status");
      await waitFor(async () => {
        const p = await played(page);
        return p.length > before && p.at(-1) === "/api/v1/voice/clips/p_ticket_your_number";
      }, { what: "the call said on its own" });
      await page.evaluate(() => window.__endClip());
      await waitFor(async () => (await played(page)).at(-1) === `/api/v1/voice/code?code=${third.code}`, { what: "the number said" });
      await page.screenshot({ path: join(shots, "ticketstatus-called-1080x1920.png") });

      const done = await act("/api/v1/counters/1/finish");
      assert.equal(done.status, 200, JSON.stringify(done.body));
      await scanOnHome(page, base, qr);
      await status.filter({ hasText: "đã được phục vụ xong" }).waitFor();
      await page.getByTestId("ticket-rate").click();
      await page.getByRole("heading", { name: `Quý vị hài lòng thế nào với việc phục vụ số ${third.code}?` }).waitFor();
      await page.screenshot({ path: join(shots, "ticketstatus-rate-1080x1920.png") });
    },
  },
];
