// The admin page, seen from a tablet on the LAN (http://lan.test:PORT/, not trusted as
// loopback): queue settings changed in its forms reach the kiosk at once, without a
// restart; a staff photo uploaded there shows on the hall display.
import { join } from "node:path";
import { assert, waitFor } from "./assert.mjs";

const lan = (base) => base.replace("127.0.0.1", "lan.test");

async function enterPIN(page, staffId, pin) {
  await page.locator(`[data-staff="${staffId}"]`).click();
  for (const d of pin) await page.getByRole("button", { name: d, exact: true }).click();
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

async function save(admin) {
  await admin.getByTestId("save-queue").click();
  await admin.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();
}

// Every visible button and form box of the admin page is at least 64 px high (a finger on
// a 1280×800 tablet).
async function touchTargetsOK(page, where) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll(".admin button, .admin input:not([type=checkbox]), .admin select")]
      .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height < 63.5)
      .map((e) => `${e.tagName} ${e.textContent || e.getAttribute("aria-label") || e.getAttribute("type")}`),
  );
  assert.deepEqual(small, [], `${where}: targets under 64 px`);
}

export const tests = [
  {
    name: "opening hours and a line's examples changed on the admin page reach the kiosk at once, without a restart",
    async run({ base, newPage, shots }) {
      const kiosk = await newPage({ width: 1080, height: 1920 });
      await kiosk.goto(base + "#/kiosk");
      await kiosk.getByRole("link", { name: /Lấy số thứ tự/ }).waitFor();
      assert.equal(await kiosk.getByTestId("hours-closed").count(), 0, "the desk is open on a Wednesday at 09:00");

      const admin = await newPage({ width: 1280, height: 800 });
      await admin.goto(lan(base) + "#/admin");
      await enterPIN(admin, "quantri", "9999");
      const line = admin.locator('[data-line="hotich"]');
      await line.getByTestId("examples").fill("làm giấy khai sinh, đăng ký kết hôn, sao y bản chính");
      await touchTargetsOK(admin, "lines");

      // A letter already used is refused, naming the box, and nothing changes.
      const prefixB = admin.locator('[data-line="datdai"]').getByLabel("Chữ cái đầu số");
      await prefixB.fill("A");
      await admin.getByTestId("save-queue").click();
      await admin.getByRole("alert").filter({ hasText: "Dịch vụ «Đất đai – Xây dựng – Môi trường»: «Chữ cái đầu số» A đã dùng cho dịch vụ khác" }).waitFor();
      assert.equal(await prefixB.getAttribute("aria-invalid"), "true");
      await admin.screenshot({ path: join(shots, "admin-lines-refused-1280x800.png") });
      await prefixB.fill("B");
      await save(admin);

      // Wednesday closed: the kiosk's home says so at once.
      await admin.getByRole("button", { name: "Giờ làm việc" }).click();
      await touchTargetsOK(admin, "hours");
      await admin.getByTestId("open-wed").uncheck();
      await save(admin);
      await admin.screenshot({ path: join(shots, "admin-hours-1280x800.png") });
      await kiosk.getByTestId("hours-closed").waitFor();
      await kiosk.locator("#tile-ticket.closed").waitFor();

      // The lines show the new examples; reopening Wednesday offers them to tap, live.
      await kiosk.locator("#tile-ticket").click();
      await kiosk.locator('[data-service="hotich"]').getByText("làm giấy khai sinh, đăng ký kết hôn, sao y bản chính").waitFor();
      await admin.getByTestId("open-wed").check();
      await save(admin);
      await kiosk.locator('button[data-service="hotich"]').getByTestId("line-examples").filter({ hasText: "làm giấy khai sinh" }).waitFor();
      await kiosk.screenshot({ path: join(shots, "kiosk-lines-with-examples-1080x1920.png") });

      // The audit list names each change by name, under the admin's name.
      await admin.getByRole("button", { name: "Nhật ký thay đổi" }).click();
      const audit = admin.getByTestId("audit");
      for (const said of ["Sửa dịch vụ «Hộ tịch – Chứng thực»: ví dụ trên kiosk", "Giờ làm việc Thứ Tư: nghỉ", "Giờ làm việc Thứ Tư: 07:00–11:30, 13:30–17:00"]) {
        await audit.getByRole("row").filter({ hasText: said }).filter({ hasText: "Phạm Minh Đức" }).first().waitFor();
      }
      await admin.screenshot({ path: join(shots, "admin-audit-1280x800.png") });
    },
  },
  {
    name: "a staff photo uploaded on the admin page shows on the hall display; a file that is not a picture is refused",
    async run({ base, newPage, shots }) {
      // canbo1 opens counter 1: the display shows their badge.
      const display = await newPage({ width: 1920, height: 1080 });
      await display.goto(base + "#/display");
      await display.evaluate(async () => {
        const post = (path, body) => fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
        if (!(await post("/api/v1/auth/login", { staff_id: "canbo1", pin: "1111" })).ok) throw new Error("login");
        if (!(await post("/api/v1/counters/1/resume", {})).ok) throw new Error("resume");
      });
      await display.getByText("Nguyễn Thị Lan").waitFor();
      // Before an upload, the demo clerk's badge is the drawn silhouette the demo ships.
      assert.equal(await display.locator(".staff img").getAttribute("src"), "/demo/canbo1.svg", "the demo silhouette before any upload");

      const admin = await newPage({ width: 1280, height: 800 });
      await admin.goto(lan(base) + "#/admin");
      await enterPIN(admin, "quantri", "9999");
      await admin.getByRole("button", { name: "Cán bộ", exact: true }).click();
      await admin.locator('[data-staff-row="canbo1"]').getByRole("button", { name: "Sửa" }).click();
      const input = admin.getByTestId("photo-input");
      await input.setInputFiles({ name: "ho-so.txt", mimeType: "text/plain", buffer: Buffer.from("Họ và tên: Nguyễn Thị Lan") });
      await admin.getByRole("alert").filter({ hasText: "Tệp này không phải ảnh JPEG hoặc PNG" }).waitFor();

      // A portrait picture drawn in the page, as a phone would take it.
      const png = await admin.evaluate(async () => {
        const c = document.createElement("canvas");
        c.width = 600;
        c.height = 800;
        const g = c.getContext("2d");
        g.fillStyle = "#2a7";
        g.fillRect(0, 0, 600, 800);
        g.fillStyle = "#fff";
        g.beginPath();
        g.arc(300, 300, 150, 0, 2 * Math.PI);
        g.fill();
        const blob = await new Promise((r) => c.toBlob(r, "image/png"));
        return Array.from(new Uint8Array(await blob.arrayBuffer()));
      });
      await input.setInputFiles({ name: "lan.png", mimeType: "image/png", buffer: Buffer.from(png) });
      await admin.getByRole("status").filter({ hasText: "Đã lưu ảnh" }).waitFor();
      await touchTargetsOK(admin, "staff");
      await admin.screenshot({ path: join(shots, "admin-staff-photo-1280x800.png") });

      const img = display.locator(".staff img");
      await waitFor(async () => /^\/api\/v1\/staff\/canbo1\/photo\?v=[0-9a-f]{12}$/.test(await img.getAttribute("src")), { what: "the uploaded photo in place of the silhouette" });
      await waitFor(() => img.evaluate((e) => e.complete && e.naturalWidth === 320 && e.naturalHeight === 320), { what: "the 320×320 badge to load on the display" });
      await display.screenshot({ path: join(shots, "display-staff-photo-1920x1080.png") });

      // The display shows only the counters chosen, at once; the printer and sync in words.
      assert.equal(await display.locator(".counter").count(), 3);
      await admin.getByRole("button", { name: "Thiết bị và đồng bộ" }).click();
      const displaySettings = admin.getByTestId("display-settings");
      await displaySettings.getByText("Quầy 1", { exact: true }).click();
      await displaySettings.getByRole("button", { name: "Lưu" }).click();
      await waitFor(async () => (await display.locator(".counter").count()) === 1, { what: "the display to show counter 1 alone" });
      await admin.getByTestId("printer").getByText("Máy in ảo: các trang được lưu thành ảnh (chưa nối máy in thật)").waitFor();
      await admin.getByTestId("sync").getByText("Kiosk chưa ghi danh với máy chủ tỉnh, nên chưa đồng bộ.").waitFor();
      assert.equal(await admin.getByText("virtual:").count(), 0, "the printer's raw URI is shown");
      await touchTargetsOK(admin, "devices");
      await admin.screenshot({ path: join(shots, "admin-devices-1280x800.png"), fullPage: true });
    },
  },
  {
    name: "reports: today's figures in a table and charts, CSV and Excel downloads, a one-page A4 summary of the day",
    async run({ base, newPage, post, shots }) {
      for (const line of ["hotich", "hotich", "datdai"]) assert.equal((await post("/api/v1/tickets", { service_id: line })).status, 201);
      // canbo1's counter serves one villager and misses one: figures for the counter report.
      const clerk = await newPage({ width: 1280, height: 800 });
      await clerk.goto(base + "#/display");
      await clerk.evaluate(async () => {
        const post = (path, body = {}) => fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
        if (!(await post("/api/v1/auth/login", { staff_id: "canbo1", pin: "1111" })).ok) throw new Error("login");
        for (const a of ["call-next", "start", "finish", "call-next", "skip"]) if (!(await post(`/api/v1/counters/1/${a}`)).ok) throw new Error(a);
      });
      const admin = await newPage({ width: 1280, height: 800 });
      await admin.goto(lan(base) + "#/admin");
      await enterPIN(admin, "quantri", "9999");
      await admin.getByRole("button", { name: "Báo cáo" }).click();
      const table = admin.getByTestId("report-table");
      await table.getByRole("row").filter({ hasText: "Hộ tịch – Chứng thực" }).filter({ hasText: /^Hộ tịch – Chứng thực\s*2\s*1\s*1/ }).waitFor();
      await admin.getByText("không phải điểm Bộ chỉ số phục vụ người dân, doanh nghiệp theo Quyết định 766/QĐ-TTg").first().waitFor();
      assert.equal(await admin.locator(".chart canvas").count(), 3, "tickets, waiting-time and satisfaction charts (the rating pad's ratings are counted)");
      await admin.getByTestId("report-by").selectOption("counter");
      await table.getByRole("row").filter({ hasText: "Quầy 1" }).waitFor();
      await waitFor(async () => (await admin.locator(".chart canvas").count()) === 4, { what: "the counter-time chart" });
      await touchTargetsOK(admin, "reports");
      await admin.screenshot({ path: join(shots, "admin-reports-1280x800.png"), fullPage: true });

      const csv = await admin.evaluate(async (href) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await (await fetch(href)).arrayBuffer()), await admin.getByRole("link", { name: "Tải CSV" }).getAttribute("href"));
      assert.match(csv, /^\uFEFFKỳ,Quầy,Đã cấp số/);
      assert.match(csv, /Cả kỳ,Tổng cộng,3,1,1,/);
      const xlsx = await admin.evaluate(async (href) => {
        const res = await fetch(href);
        return { type: res.headers.get("content-type"), size: (await res.arrayBuffer()).byteLength };
      }, await admin.getByRole("link", { name: "Tải Excel (.xlsx)" }).getAttribute("href"));
      assert.equal(xlsx.type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      assert.ok(xlsx.size > 1000, `xlsx of ${xlsx.size} bytes`);

      await admin.evaluate(() => (window.print = () => (window.__printed = true)));
      await admin.getByRole("button", { name: /In tóm tắt ngày 02\/12\/2026/ }).click();
      const summary = admin.getByTestId("day-summary");
      await summary.getByRole("heading", { name: "Theo cán bộ" }).waitFor();
      await summary.getByRole("row").filter({ hasText: "Nguyễn Thị Lan" }).waitFor();
      await waitFor(() => admin.evaluate(() => window.__printed === true), { what: "the print dialog to be asked for" });
      await admin.emulateMedia({ media: "print" });
      assert.equal(await admin.getByTestId("report-table").isVisible(), false, "the screen's report prints too");
      assert.equal(await admin.getByRole("button", { name: "Đăng xuất" }).isVisible(), false, "the tabs print too");
      const pdf = await admin.pdf({ format: "A4", printBackground: true });
      const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.equal(pages, 1, `the day's summary takes ${pages} A4 pages`);
      await admin.screenshot({ path: join(shots, "admin-day-summary-print.png"), fullPage: true });
    },
  },
];
