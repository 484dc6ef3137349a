// The counter's rating pad (#/rate/N, a tablet on the LAN): the clerk finishes a ticket on
// the counter page, the pad asks, a tap is stored once, and the pad waits again on its own.
import { join } from "node:path";
import { assert, settled } from "./assert.mjs";
import { audit } from "./design.mjs";

// loginClerk logs canbo1 in on the counter page with the PIN pad.
async function loginClerk(page, base) {
  await page.goto(base + "#/counter");
  await page.locator('[data-staff="canbo1"]').click();
  for (const d of "1111") await page.getByRole("button", { name: d, exact: true }).click();
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

// The server listens on loopback and trusts it (the installer's shell), so the test reads
// the admin list directly.
async function ratings(base) {
  const res = await fetch(base + "api/v1/admin/ratings");
  assert.equal(res.status, 200);
  return res.json();
}

export const tests = [
  {
    name: "finish a ticket on the counter page: the pad asks, 'Không hài lòng' + a reason is stored once, the pad waits again",
    async run({ base, newPage, post, shots }) {
      // The tablet is set up once: it asks which counter, then remembers it.
      const pad = await newPage({ width: 1280, height: 800 });
      await pad.clock.install();
      await pad.goto(base + "#/rate");
      await pad.getByRole("heading", { name: "Máy đánh giá này đặt tại quầy nào?" }).waitFor();
      await pad.getByRole("button", { name: "Quầy 1" }).click();
      await pad.waitForFunction(() => location.hash === "#/rate/1");
      await pad.goto(base + "#/rate");
      await pad.reload();
      await pad.locator("[data-testid=rate-pad][data-counter='1'][data-step=waiting]").waitFor();
      await pad.getByText("Xin chào quý vị").waitFor();
      await pad.locator("[data-testid=connection][data-connected=true]").waitFor();

      const issued = await post("/api/v1/tickets", { service_id: "hotich" });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const counter = await newPage({ width: 1280, height: 800 });
      await loginClerk(counter, base);
      await counter.getByTestId("waiting").getByText("A001").waitFor();
      await counter.getByRole("button", { name: "Gọi số tiếp theo" }).click();
      await counter.getByTestId("current").getByText("A001").waitFor();
      await counter.getByRole("button", { name: "Hoàn thành" }).click();

      // The pad asks about A001 with three faces and words.
      await pad.locator("[data-step=ask]").getByText("A001").waitFor({ timeout: 5000 });
      const faces = pad.getByRole("group", { name: "Mức độ hài lòng" }).getByRole("button");
      assert.deepEqual((await faces.allInnerTexts()).map((s) => s.trim()), ["Rất hài lòng", "Hài lòng", "Không hài lòng"]);
      await settled(pad);
      assert.deepEqual(await audit(pad), [], "pad asking");
      await pad.screenshot({ path: join(shots, "rate-ask-1280x800.png") });

      // "Không hài lòng" asks why; one reason, then send.
      await faces.getByText("Không hài lòng").click();
      await pad.getByRole("heading", { name: /lý do/ }).waitFor();
      await pad.getByRole("button", { name: "Thời gian chờ lâu" }).click();
      assert.equal(await pad.getByRole("button", { name: "Thời gian chờ lâu" }).getAttribute("aria-pressed"), "true");
      assert.deepEqual(await audit(pad), [], "pad reasons");
      await pad.screenshot({ path: join(shots, "rate-reasons-1280x800.png") });
      await pad.getByRole("button", { name: "Gửi đánh giá" }).click();
      await pad.getByRole("status").getByText("Xin cảm ơn quý vị đã đánh giá!").waitFor();

      // Stored once, tied to the ticket, the counter, the clerk and the line.
      const list = await ratings(base);
      assert.equal(list.length, 1, JSON.stringify(list));
      const r = list[0];
      assert.deepEqual(
        [r.code, r.counter_id, r.staff_id, r.service_id, r.score, r.scale, r.reasons, r.via],
        ["A001", 1, "canbo1", "hotich", 1, 3, ["waiting_time"], "pad"],
      );
      const again = await post("/api/v1/counters/1/rating", { ticket_id: r.ticket_id, score: 3 });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.message, "Số thứ tự này đã được đánh giá rồi. Xin cảm ơn quý vị.");
      assert.equal((await ratings(base)).length, 1);

      // Anonymous to the clerk: the counter page says nothing of it.
      assert.equal(await counter.getByText(/hài lòng/i).count(), 0);

      // The pad waits again on its own, and does not ask about A001 again.
      await pad.clock.fastForward(7_000);
      await pad.locator("[data-step=waiting]").waitFor();
      await pad.reload();
      await pad.locator("[data-step=waiting]").waitFor();
      await settled(pad);
      assert.equal(await pad.locator("[data-step=ask]").count(), 0);
    },
  },
  {
    name: "five levels where the province configures them; a question nobody answers goes away after a minute",
    config: { queue: { rating_scale: 5 } },
    async run({ base, newPage, post, shots }) {
      const pad = await newPage({ width: 800, height: 1280 });
      await pad.clock.install();
      await pad.goto(base + "#/rate/2");
      await pad.locator("[data-testid=rate-pad][data-step=waiting]").waitFor();
      await pad.locator("[data-testid=connection][data-connected=true]").waitFor();

      await post("/api/v1/tickets", { service_id: "datdai" });
      for (const action of ["call-next", "finish"]) {
        const res = await post("/api/v1/counters/2/" + action, {});
        assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
      }
      await pad.locator("[data-step=ask]").getByText("B001").waitFor({ timeout: 5000 });
      const faces = pad.getByRole("group", { name: "Mức độ hài lòng" }).getByRole("button");
      assert.deepEqual(
        (await faces.allInnerTexts()).map((s) => s.trim()),
        ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"],
      );
      await settled(pad);
      assert.deepEqual(await audit(pad), [], "five-level pad, portrait");
      await pad.screenshot({ path: join(shots, "rate-ask-five-800x1280.png") });

      await pad.clock.fastForward(61_000);
      await pad.locator("[data-step=waiting]").waitFor();
      assert.equal((await ratings(base)).length, 0);
    },
  },
];
