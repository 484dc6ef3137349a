import { join } from "node:path";
import { assert } from "./assert.mjs";

export const tests = [
  {
    name: "take a number on the kiosk, call it from the counter, see it on the display",
    async run({ base, newPage, shots }) {
      const display = await newPage({ width: 1920, height: 1080 });
      await display.goto(base + "#/display");
      await display.getByText("Hộ tịch – Chứng thực").waitFor();
      await display.waitForFunction(async () => (await (await fetch("/api/v1/health")).json()).sse_clients > 0);

      // The villager: home → take a number → line A → no priority.
      const kiosk = await newPage({ width: 1080, height: 1920 });
      await kiosk.goto(base + "#/kiosk");
      await kiosk.getByRole("link", { name: /Lấy số thứ tự/ }).click();
      await kiosk.locator('[data-service="hotich"]').click();
      await kiosk.getByRole("button", { name: "Không, lấy số thường" }).click();
      const number = (await kiosk.getByTestId("ticket-number").textContent()).trim();
      assert.equal(number, "A001");
      await kiosk.screenshot({ path: join(shots, "kiosk-ticket-1080x1920.png") });

      // The display counts the waiting villager.
      await display.locator(".svc", { hasText: "Hộ tịch" }).getByText("1 người").waitFor();

      // The clerk: log in with the demo PIN on the PIN pad, call next.
      const counter = await newPage({ width: 1280, height: 800 });
      await counter.goto(base + "#/counter");
      await counter.locator('[data-staff="canbo1"]').click();
      for (const d of "1111") await counter.getByRole("button", { name: d, exact: true }).click();
      await counter.getByRole("button", { name: "Đăng nhập" }).click();
      await counter.getByTestId("waiting").getByText("A001").waitFor();
      await counter.getByRole("button", { name: "Gọi số tiếp theo" }).click();
      await counter.getByTestId("current").getByText("A001").waitFor();
      await counter.screenshot({ path: join(shots, "counter-1280x800.png") });

      // The display shows the call, with the counter and the clerk's name.
      await display.getByTestId("latest-call").getByText("A001").waitFor({ timeout: 5000 });
      await display.getByTestId("latest-call").getByText("Quầy 1").waitFor();
      await display.getByText("Nguyễn Thị Lan").waitFor();
      await display.screenshot({ path: join(shots, "display-call-1920x1080.png") });

      // Nobody else waits: a clear Vietnamese message.
      await counter.getByRole("button", { name: "Hoàn thành" }).click();
      await counter.getByRole("button", { name: "Gọi số tiếp theo" }).click();
      await counter.getByRole("alert").getByText("Không còn ai đang chờ").waitFor();
    },
  },
  {
    name: "from a procedure page, 'Lấy số' goes straight to that procedure's line",
    async run({ base, newPage }) {
      const kiosk = await newPage({ width: 1080, height: 1920 });
      // 1.001193 is birth registration, field Hộ tịch: line A.
      await kiosk.goto(base + "#/kiosk/ticket?procedure=1.001193");
      await kiosk.getByRole("button", { name: "Không, lấy số thường" }).click();
      assert.match((await kiosk.getByTestId("ticket-number").textContent()).trim(), /^A\d{3}$/);
    },
  },
];
