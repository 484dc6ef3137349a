// A ticket's QR scanned on the kiosk's home screen (issue: where do I stand?): a number
// still waiting says how many go before it in its line and how many counters are open; once
// served, the same scan offers "Đánh giá sự phục vụ", which opens the faces for that ticket.
import { join } from "node:path";
import { assert, settled } from "./assert.mjs";
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

export const tests = [
  {
    name: "ticketstatus: the third of three numbers, one called, has 1 ahead; served, its scan leads to the faces",
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
      await scanOnHome(page, base, qr);
      const status = page.getByTestId("ticket-status");
      await status.filter({ hasText: "còn 1 người trước" }).waitFor();
      assert.equal((await status.innerText()).trim(), `Số ${third.code} — Hộ tịch – Chứng thực: còn 1 người trước quý vị; 1 quầy đang mở`);
      assert.equal(await page.evaluate(() => location.hash), "#/kiosk/ticket-status", "the code leaves the address once read");
      assert.equal(await page.getByTestId("ticket-rate").count(), 0);
      await page.screenshot({ path: join(shots, "ticketstatus-waiting-1080x1920.png") });

      await callNext(); // the second
      await callNext(); // the third: called to Quầy 1
      await scanOnHome(page, base, qr);
      await status.filter({ hasText: `Mời số ${third.code} đến Quầy 1` }).waitFor();

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
