// Staff sessions in the browser, seen from the LAN (http://lan.test:PORT/, which the
// server does not trust as its own loopback): the admin page's logout and 2-minute idle
// logout, the wrong-PIN answers and the admin's unlock, a clerk held to their counter.
import { join } from "node:path";
import { assert, waitFor } from "./assert.mjs";

const lan = (base) => base.replace("127.0.0.1", "lan.test");

async function enterPIN(page, staffId, pin) {
  await page.locator(`[data-staff="${staffId}"]`).click();
  for (const d of pin) await page.getByRole("button", { name: d, exact: true }).click();
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

const sessionStatus = (page) => page.evaluate(async () => (await fetch("/api/v1/auth/me")).status);

export const tests = [
  {
    name: "the admin page logs out with its button, and after 2 minutes without a touch",
    async run({ base, newPage, shots }) {
      const page = await newPage({ width: 1280, height: 800 });
      await page.clock.install();
      await page.goto(lan(base) + "#/admin");
      await enterPIN(page, "quantri", "9999");
      const tab = page.getByRole("button", { name: "Nhật ký thay đổi" });
      await tab.waitFor();
      await page.getByText("Trang quản trị tự đăng xuất sau 2 phút không thao tác.").waitFor();
      assert.equal(await sessionStatus(page), 200);
      await page.screenshot({ path: join(shots, "admin-logged-in-1280x800.png") });

      await page.getByRole("button", { name: "Đăng xuất" }).click();
      await page.getByRole("heading", { name: "Chọn cán bộ" }).waitFor();
      await waitFor(async () => (await sessionStatus(page)) === 401, { what: "the session to end at logout" });

      await enterPIN(page, "quantri", "9999");
      await tab.waitFor();
      await page.clock.fastForward("01:30");
      await tab.click(); // a touch restarts the two minutes
      await page.clock.fastForward("01:30");
      assert.equal(await sessionStatus(page), 200, "logged out although touched 90 s ago");
      assert.ok(await tab.isVisible());
      await page.clock.fastForward("00:31");
      await page.getByText("Đã tự đăng xuất sau 2 phút không thao tác.").waitFor();
      await page.getByRole("heading", { name: "Chọn cán bộ" }).waitFor();
      await waitFor(async () => (await sessionStatus(page)) === 401, { what: "the session to end when idle" });
      await page.screenshot({ path: join(shots, "admin-idle-logged-out-1280x800.png") });
    },
  },
  {
    name: "on a kiosk, leaving the admin page logs out: the next villager's five taps find the PIN pad",
    env: { MOTCUA_KIOSK_MODE: "true" },
    async run({ base, newPage }) {
      const page = await newPage({ width: 1080, height: 1920 });
      await page.goto(lan(base) + "#/admin");
      await enterPIN(page, "quantri", "9999");
      await page.getByRole("button", { name: "Thiết bị và đồng bộ" }).click();
      await page.getByRole("button", { name: "Thoát chế độ kiosk" }).waitFor();
      await page.locator(".window").getByRole("button", { name: "Trang chủ" }).click();
      await page.getByRole("link", { name: /Lấy số thứ tự/ }).waitFor();
      await waitFor(async () => (await sessionStatus(page)) === 401, { what: "the session to end on leaving" });
      for (let i = 0; i < 5; i++) await page.mouse.click(20, 20);
      await page.getByRole("heading", { name: "Chọn cán bộ" }).waitFor();
      assert.equal(await page.getByRole("button", { name: "Nhật ký thay đổi" }).count(), 0, "an admin session was still open");
    },
  },
  {
    name: "on a kiosk, 2 idle minutes on the admin page log out and go home (the window's own test: test/smoke)",
    env: { MOTCUA_KIOSK_MODE: "true" },
    async run({ base, newPage }) {
      const page = await newPage({ width: 1080, height: 1920 });
      await page.clock.install();
      await page.goto(lan(base) + "#/admin");
      await enterPIN(page, "quantri", "9999");
      await page.getByRole("button", { name: "Nhật ký thay đổi" }).waitFor();
      await page.clock.fastForward("02:01");
      await page.getByRole("link", { name: /Lấy số thứ tự/ }).waitFor();
      assert.equal(await page.evaluate(() => location.hash), "#/kiosk");
      await waitFor(async () => (await sessionStatus(page)) === 401, { what: "the session to end when idle" });
    },
  },
  {
    name: "wrong PINs say the tries left, an admin unlocks the device, a clerk sees only their counter",
    async run({ base, newPage, shots }) {
      const admin = await newPage({ width: 1280, height: 800 });
      await admin.goto(lan(base) + "#/admin");
      await enterPIN(admin, "quantri", "9999");
      await admin.getByRole("button", { name: "Cán bộ", exact: true }).click();
      await admin.getByTestId("logins").getByText("Không có tài khoản hay máy nào đang bị hạn chế.").waitFor();

      const counter = await newPage({ width: 1280, height: 800 });
      await counter.goto(lan(base) + "#/counter");
      const alert = counter.getByRole("alert");
      for (const said of ["Còn 3 lần thử trước khi phải chờ.", "Còn 2 lần thử", "Còn 1 lần thử", "Xin chờ 5 giây rồi thử lại."]) {
        await enterPIN(counter, "canbo3", "0000");
        await alert.filter({ hasText: said }).waitFor();
      }
      await enterPIN(counter, "canbo3", "3333");
      await alert.filter({ hasText: "Máy này đã nhập sai mã PIN nhiều lần." }).waitFor();
      await counter.screenshot({ path: join(shots, "counter-pin-wait-1280x800.png") });

      await admin.getByTestId("logins").getByRole("button", { name: "Tải lại" }).click();
      const row = admin.getByTestId("logins").getByRole("row", { name: /Máy: 127\.0\.0\.1/ });
      await row.waitFor();
      await admin.screenshot({ path: join(shots, "admin-logins-1280x800.png"), fullPage: true });
      await row.getByRole("button", { name: "Mở khóa" }).click();
      await admin.getByText("Đã mở khóa 127.0.0.1").waitFor();

      // The device starts again with all its tries, not a longer wait.
      await enterPIN(counter, "canbo2", "0000");
      await alert.filter({ hasText: "Còn 3 lần thử" }).waitFor();
      await enterPIN(counter, "canbo2", "2222");
      await counter.getByTestId("my-counter").filter({ hasText: "Quầy 2" }).waitFor();
      assert.equal(await counter.getByRole("group", { name: "Quầy" }).count(), 0, "a clerk is offered other counters");
    },
  },
];
