// Safe by default: a kiosk that is not in demo mode starts with no staff and asks for its
// first-run setup, which only this PC (loopback; the kiosk window in the smoke test's
// binary) may do; a LAN browser is told the kiosk is not set up. Demo mode says so on
// every screen.
import { join } from "node:path";
import { assert, settled } from "./assert.mjs";
import { audit } from "./design.mjs";

const lan = (base) => base.replace("127.0.0.1", "lan.test");

async function enterPIN(page, staffId, pin) {
  await page.locator(`[data-staff="${staffId}"]`).click();
  for (const d of pin) await page.getByRole("button", { name: d, exact: true }).click();
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

export const tests = [
  {
    name: "a fresh kiosk out of demo mode: the LAN is told it is not set up, loopback sets it up, the admin logs in from the LAN",
    env: { MOTCUA_DEMO: "0" },
    async run({ base, newPage, shots }) {
      const counter = await newPage({ width: 1280, height: 800 });
      await counter.goto(lan(base) + "#/counter");
      await counter.getByRole("heading", { name: "Kiosk chưa được cài đặt" }).waitFor();
      assert.equal(await counter.getByTestId("demo-band").count(), 0, "a DEMO band out of demo mode");
      assert.equal(await counter.locator("[data-staff]").count(), 0, "a staff list on a kiosk with no staff");

      const page = await newPage({ width: 1080, height: 1920 });
      await page.goto(base + "#/kiosk");
      await page.getByRole("heading", { name: "Cài đặt ban đầu" }).waitFor();
      await page.getByLabel("Tên xã/phường").fill("Xã Tân Lập");
      await page.getByLabel("Mã đơn vị hành chính (5 chữ số)").fill("25261");
      await page.getByLabel(/^Mã cơ quan/).fill("000.00.12.H62");
      await page.getByLabel(/^Tỉnh\/thành phố/).fill("Tỉnh Phú Thọ");
      await page.getByLabel("Tên đăng nhập").fill("mai");
      await page.getByLabel("Họ và tên").fill("Lê Thị Mai");
      await page.getByLabel("Mã PIN (6 đến 8 chữ số)", { exact: true }).fill("48291");
      await page.getByLabel("Nhập lại mã PIN", { exact: true }).fill("48291");
      await page.getByRole("radio", { name: /Máy in ảo/ }).check();
      assert.equal(await page.getByLabel(/^Cấu hình máy in/).inputValue(), "virtual:");
      await page.getByRole("button", { name: "In trang thử" }).click();
      await page.getByTestId("test-report").filter({ hasText: "Đã in trang thử." }).waitFor();
      await settled(page);
      assert.deepEqual(await audit(page, { minTarget: 64 }), [], "the setup screen breaks a design rule");

      // A 5-digit PIN: refused in Vietnamese, and the cursor is put in the PIN field.
      await page.getByRole("button", { name: "Hoàn tất" }).click();
      await page.getByRole("alert").filter({ hasText: "Mã PIN của quản trị viên phải gồm 6 đến 8 chữ số" }).waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), "setup-admin-pin");
      await settled(page);
      await page.screenshot({ path: join(shots, "setup-refused-pin-1080x1920.png"), fullPage: true });

      await page.getByLabel("Mã PIN (6 đến 8 chữ số)", { exact: true }).fill("482915");
      await page.getByLabel("Nhập lại mã PIN", { exact: true }).fill("482915");
      await page.getByRole("button", { name: "Hoàn tất" }).click();
      // Kiosk mode: the villagers' home, under the new commune's name.
      await page.getByTestId("commune-name").filter({ hasText: "Xã Tân Lập" }).waitFor();
      await page.getByRole("link", { name: /Lấy số thứ tự/ }).waitFor();
      await settled(page);
      await page.screenshot({ path: join(shots, "setup-done-kiosk-1080x1920.png") });

      const admin = await newPage({ width: 1280, height: 800 });
      await admin.goto(lan(base) + "#/admin");
      await enterPIN(admin, "mai", "9999");
      await admin.getByRole("alert").filter({ hasText: "Còn" }).waitFor();
      await enterPIN(admin, "mai", "482915");
      await admin.getByText("Trang quản trị tự đăng xuất sau 2 phút không thao tác.").waitFor();
      assert.equal(await admin.locator("[data-staff]").count(), 0, "still on the PIN pad");

      const again = await page.evaluate(async () => (await fetch("/api/v1/setup", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" })).status);
      assert.equal(again, 409, "setup ran a second time");
    },
  },
  {
    name: "demo mode says so on every screen, in a band that hides nothing",
    async run({ base, newPage, shots }) {
      const page = await newPage({ width: 1080, height: 1920 });
      for (const route of ["#/kiosk", "#/kiosk/procedures", "#/counter", "#/display", "#/rate", "#/admin"]) {
        await page.goto(lan(base) + route);
        const band = page.getByTestId("demo-band");
        await band.filter({ hasText: "CHẾ ĐỘ DÙNG THỬ / DEMO" }).waitFor();
        const [app, box] = await Promise.all([page.locator("#app").boundingBox(), band.boundingBox()]);
        assert.ok(app && box && app.y + app.height <= box.y + 0.5 && box.y + box.height >= 1919.5, `${route}: the band overlaps the screen (${JSON.stringify({ app, box })})`);
      }
      await page.goto(lan(base) + "#/kiosk");
      await settled(page);
      await page.screenshot({ path: join(shots, "demo-band-kiosk-1080x1920.png") });
    },
  },
];
