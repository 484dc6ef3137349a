// "Gọi cán bộ" on every kiosk screen (issue 15): the counters see that someone asked and
// from which screen, until one clerk takes it.
import { join } from "node:path";
import { assert, settled } from "./assert.mjs";

const screens = [
  { hash: "#/kiosk", ready: "[data-testid=commune-name]" },
  { hash: "#/kiosk/procedures", ready: "[data-testid=field-tile]" },
  { hash: "#/kiosk/procedures/1.001193", ready: "[data-testid=procedure]" },
  { hash: "#/kiosk/ticket", ready: "[data-service]" },
  { hash: "#/kiosk/lookup", ready: ".keyboard [data-key=A]" },
  { hash: "#/kiosk/rate", ready: ".keyboard [data-key=A]" },
  { hash: "#/khong-co", ready: "[data-testid=home]" },
];

async function counterPage(newPage, base, staff, pin) {
  const page = await newPage({ width: 1280, height: 800 });
  await page.goto(base + "#/counter");
  await page.locator(`[data-staff="${staff}"]`).click();
  for (const d of pin) await page.getByRole("button", { name: d, exact: true }).click();
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByRole("button", { name: "Gọi số tiếp theo" }).waitFor();
  return page;
}

export const tests = [
  {
    name: "help: 'Gọi cán bộ' is on every kiosk screen, ≥ 64 px, beside 'Về trang chủ'",
    async run({ base, newPage }) {
      const page = await newPage();
      for (const { hash, ready } of screens) {
        await page.goto("about:blank");
        await page.goto(base + hash);
        await page.locator(ready).first().waitFor();
        const help = page.getByRole("button", { name: "Gọi cán bộ" });
        assert.equal(await help.count(), 1, `${hash}: one 'Gọi cán bộ'`);
        const box = await help.boundingBox();
        assert.ok(box.width >= 64 && box.height >= 64, `${hash}: ${JSON.stringify(box)}`);
      }
    },
  },
  {
    name: "help: a villager asks from the ticket screen; both counters see it and the screen; one clerk takes it",
    async run({ base, newPage, shots }) {
      const lan = await counterPage(newPage, base, "canbo1", "1111");
      const hung = await counterPage(newPage, base, "canbo2", "2222");
      const kiosk = await newPage();
      await kiosk.goto(base + "#/kiosk/ticket");
      await kiosk.locator("[data-service]").first().waitFor();
      await lan.waitForFunction(async () => (await (await fetch("/api/v1/health")).json()).sse_clients >= 3);
      await kiosk.getByRole("button", { name: "Gọi cán bộ" }).click();

      await kiosk.getByRole("button", { name: "Đã gọi cán bộ, xin chờ" }).waitFor();

      for (const page of [lan, hung]) {
        const req = page.getByTestId("help-request");
        await req.waitFor();
        const text = (await req.innerText()).replace(/\s+/g, " ");
        assert.match(text, /Có người cần hỗ trợ: màn hình 127\.0\.0\.1 · đang ở Lấy số thứ tự · 09:00/);
      }
      await settled(lan);
      await lan.screenshot({ path: join(shots, "counter-help-1280x800.png") });

      // Asking again from the same screen does not stack up requests.
      await kiosk.getByRole("button", { name: "Đã gọi cán bộ, xin chờ" }).click();
      await kiosk.getByRole("button", { name: "Đã gọi cán bộ, xin chờ" }).waitFor();
      await lan.locator("[data-testid=help-request][data-id='2']").waitFor();
      assert.equal(await lan.getByTestId("help-request").count(), 1);

      // Lan goes: the request leaves both pages, and a page opened later has none.
      await lan.getByRole("button", { name: "Tôi ra hỗ trợ" }).click();
      await lan.getByTestId("help-request").waitFor({ state: "detached" });
      await hung.getByTestId("help-request").waitFor({ state: "detached" });
      await hung.reload();
      await hung.getByRole("button", { name: "Gọi số tiếp theo" }).waitFor();
      await settled(hung);
      assert.equal(await hung.getByTestId("help-request").count(), 0);
    },
  },
];
