// The admin page's devices, from a tablet on the LAN: the ticket printer switched to a
// network printer (a fake ESC/POS printer listening in this test) with no restart, a test
// page printed on it and its state said in words as it changes; and the kiosk enrolled
// with a real province hub (`motcua-hub`, test/e2e/hub.mjs) by a token file, then enrolled
// again after a confirmation.
import { createServer } from "node:net";
import { join } from "node:path";
import { assert, waitFor } from "./assert.mjs";
import { Hub } from "./hub.mjs";

const lan = (base) => base.replace("127.0.0.1", "lan.test");

async function enterPIN(page, staffId, pin) {
  await page.locator(`[data-staff="${staffId}"]`).click();
  for (const d of pin) await page.getByRole("button", { name: d, exact: true }).click();
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

async function devicesTab(newPage, base) {
  const admin = await newPage({ width: 1280, height: 800 });
  await admin.goto(lan(base) + "#/admin");
  await enterPIN(admin, "quantri", "9999");
  await admin.getByRole("button", { name: "Thiết bị và đồng bộ" }).click();
  return admin;
}

// A network thermal printer: it answers DLE EOT n from status[n-1] (0x12: nothing wrong)
// and counts what it is sent.
function fakePrinter() {
  const printer = { status: [0x12, 0x12, 0x12, 0x12], received: 0 };
  const server = createServer((socket) => {
    let seen = 0; // how much of DLE EOT has arrived
    socket.on("data", (buf) => {
      printer.received += buf.length;
      const reply = [];
      for (const b of buf) {
        if ((seen === 0 && b === 0x10) || (seen === 1 && b === 0x04)) seen++;
        else if (seen === 2 && b >= 1 && b <= 4) {
          reply.push(printer.status[b - 1]);
          seen = 0;
        } else seen = 0;
      }
      if (reply.length) socket.write(Buffer.from(reply));
    });
    socket.on("error", () => {});
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(Object.assign(printer, { addr: `127.0.0.1:${server.address().port}`, close: () => server.close() }))),
  );
}

// Every visible button and form box of the admin page is at least 64 px high.
async function touchTargetsOK(page, where) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll(".admin button, .admin input:not([type=checkbox]):not([type=radio]), .admin select, .admin .choice")]
      .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height < 63.5)
      .map((e) => `${e.tagName} ${e.textContent || e.getAttribute("aria-label") || e.getAttribute("type")}`),
  );
  assert.deepEqual(small, [], `${where}: targets under 64 px`);
}

export const tests = [
  {
    name: "the printer switched to a network printer on the admin page: refused with a bad address, then printing a test page at once, its state in words",
    before: async () => ({ printer: await fakePrinter() }),
    after: async ({ printer }) => printer?.close(),
    async run({ base, newPage, shots, printer }) {
      const admin = await devicesTab(newPage, base);
      const card = admin.getByTestId("printer");
      await card.getByText("Máy in ảo: các trang được lưu thành ảnh (chưa nối máy in thật)").waitFor();

      // A port that is not a TCP port: refused naming the box, and the printer stays.
      await card.getByRole("radio", { name: /Máy in mạng/ }).check();
      const address = card.getByLabel("Địa chỉ IP (và cổng) của máy in mạng");
      await address.fill("192.168.1.50:99999");
      await admin.getByTestId("save-printer").click();
      await card.getByRole("alert").filter({ hasText: "Địa chỉ máy in mạng phải có dạng IP:cổng" }).waitFor();
      assert.equal(await address.getAttribute("aria-invalid"), "true");
      assert.equal(await admin.evaluate(() => document.activeElement?.id), "admin-printer-address", "the cursor is not in the address box");
      await card.getByText("Máy in ảo: các trang được lưu thành ảnh (chưa nối máy in thật)").waitFor();

      // The fake printer on this PC, 58 mm paper: the kiosk prints on it without a restart.
      await address.fill(printer.addr);
      await card.getByRole("radio", { name: "58 mm" }).check();
      await admin.getByTestId("save-printer").click();
      await admin.getByRole("status").filter({ hasText: "Đã đổi máy in." }).waitFor();
      await card.getByText(`Nối qua mạng LAN, địa chỉ ${printer.addr} · khổ giấy 58 mm`).waitFor();
      const state = card.locator(".state");
      await state.filter({ hasText: "Sẵn sàng" }).waitFor();
      await touchTargetsOK(admin, "printer");
      await admin.screenshot({ path: join(shots, "admin-printer-network-1280x800.png"), fullPage: true });

      const before = printer.received;
      await card.getByRole("button", { name: "In trang thử" }).click();
      await card.getByTestId("test-report").filter({ hasText: "Đã in trang thử." }).waitFor();
      assert.ok(printer.received - before > 1000, `the test page reached the printer: ${printer.received - before} bytes`);

      // The printer's own state, said in words as it changes (the spool asks it every few seconds).
      printer.status[3] = 0x1e; // paper near its end
      await state.filter({ hasText: "Sắp hết giấy" }).waitFor({ timeout: 20_000 });
      printer.status[1] = 0x16; // cover open
      await state.filter({ hasText: "Nắp máy in đang mở" }).waitFor({ timeout: 20_000 });
      await admin.screenshot({ path: join(shots, "admin-printer-cover-open-1280x800.png") });
      // The state and the connection in words; the raw setting only in the test page's own report.
      const words = await card.evaluate((e) => {
        const c = e.cloneNode(true);
        c.querySelector("[data-testid=test-report]")?.remove();
        return c.textContent;
      });
      assert.ok(!words.includes("tcp://"), `the printer's raw setting is shown: ${words}`);

      await admin.getByRole("button", { name: "Nhật ký thay đổi" }).click();
      await admin.getByTestId("audit").getByRole("row").filter({ hasText: `Máy in: Máy in mạng ${printer.addr}, khổ 58 mm` }).filter({ hasText: "Phạm Minh Đức" }).waitFor();
    },
  },
  {
    name: "enrolment with the province hub from the admin page: a wrong token refused, a token file enrols and sync starts, enrolling again asks first",
    before: async ({ clock }) => {
      const hub = new Hub();
      try {
        await hub.start({ clock });
        return { hub, first: await hub.token("Xã Tân Lập", "Cụm A"), second: await hub.token("Xã Tân Lập", "Cụm A"), logs: () => hub.logs() };
      } catch (e) {
        await hub.close();
        throw e;
      }
    },
    after: async ({ hub }) => hub?.close(),
    async run({ base, newPage, shots, hub, first, second }) {
      const admin = await devicesTab(newPage, base);
      const card = admin.getByTestId("sync");
      await card.getByText("Kiosk chưa ghi danh với máy chủ tỉnh, nên chưa đồng bộ.").waitFor();
      await card.getByLabel("Địa chỉ máy chủ tỉnh (https://…)").fill(hub.base);
      const token = card.getByLabel("Mã ghi danh (mc2.…)");

      // A token of the right form that the hub never made.
      const [, secret, key] = first.split(".");
      await token.fill(`mc2.${"a".repeat(secret.length)}.${key}`);
      await card.getByRole("button", { name: "Ghi danh", exact: true }).click();
      await card.getByRole("alert").filter({ hasText: "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn" }).waitFor();
      assert.equal(await token.getAttribute("aria-invalid"), "true");

      // The token file the province's IT handed over.
      await card.getByTestId("token-file").setInputFiles({ name: "kiosk-tan-lap.token", mimeType: "text/plain", buffer: Buffer.from(first + "\n") });
      await waitFor(async () => (await token.inputValue()) === first, { what: "the file's token in the box" });
      await card.getByRole("button", { name: "Ghi danh", exact: true }).click();
      await admin.getByRole("status").filter({ hasText: `Đã ghi danh với ${hub.base}.` }).waitFor();
      await card.getByTestId("enrolled").filter({ hasText: `Đã ghi danh với ${hub.base}` }).waitFor();
      const firstId = (await card.getByText(/^Mã kiosk /).textContent()).match(/Mã kiosk (\S+),/)[1];
      // Sync runs without a restart: the enrolment's own event goes up with the rest.
      await card.getByRole("button", { name: "Đồng bộ ngay" }).click();
      // The page re-reads the state with each of the printer's status reports (every 5 s).
      await card.getByText(/^Đã đồng bộ lúc \d\d:\d\d$/).waitFor({ timeout: 20_000 });
      await card.getByText("Đã gửi hết sự kiện").waitFor({ timeout: 20_000 });
      await touchTargetsOK(admin, "sync");
      await admin.screenshot({ path: join(shots, "admin-sync-enrolled-1280x800.png"), fullPage: true });

      // Enrolling again: the dialog says what it does, and only "Ghi danh lại" goes on.
      await card.getByRole("button", { name: "Ghi danh lại…" }).click();
      await card.getByLabel("Mã ghi danh (mc2.…)").fill(second);
      await card.getByRole("button", { name: "Ghi danh", exact: true }).click();
      const dialog = admin.getByTestId("enrol-confirm");
      await dialog.getByText(`Kiosk đã ghi danh với ${hub.base} (mã kiosk ${firstId})`).waitFor();
      await admin.screenshot({ path: join(shots, "admin-sync-enrol-again-1280x800.png") });
      await dialog.getByRole("button", { name: "Ghi danh lại" }).click();
      await admin.getByRole("status").filter({ hasText: `Đã ghi danh với ${hub.base}.` }).waitFor();
      await waitFor(async () => !(await card.getByText(/^Mã kiosk /).textContent()).includes(firstId), { what: "the new kiosk id" });

      await admin.getByRole("button", { name: "Nhật ký thay đổi" }).click();
      await admin.getByTestId("audit").getByRole("row").filter({ hasText: `trước là ${firstId}` }).waitFor();
    },
  },
];
