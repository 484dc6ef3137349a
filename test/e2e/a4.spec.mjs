// The A4 forms as Chromium prints them: the counter's "In A4" link opens the receipt in a
// new window (title, code, the ID number masked, the lookup QR), and Chromium's own print
// (page.pdf, the page's print stylesheet) puts it on exactly one A4 sheet; a tracking sheet
// of a dossier handed over many times prints on two sheets with the table's header again
// on the second and no row cut across the break; one row more and the signature goes to a
// third sheet with the last row, never alone. A refused form opened in the browser is a
// page in Vietnamese, not JSON. Pages are counted by poppler's pdfinfo and read by pdftotext.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { assert } from "./assert.mjs";
import { dossierBody } from "./dossiers.mjs";

// printed writes a page as Chromium prints it on A4 and returns its page count and each page's text.
async function printed(page, name, shots) {
  const file = join(shots, name + ".pdf");
  writeFileSync(file, await page.pdf({ format: "A4" }));
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
  assert.match(info, /^Page size:\s+59[56]\.\d+ x 84[12]\.\d+ pts \(A4\)/m, info);
  const text = [];
  for (let i = 1; i <= pages; i++) {
    text.push(execFileSync("pdftotext", ["-layout", "-f", String(i), "-l", String(i), "-enc", "UTF-8", file, "-"], { encoding: "utf8" }).normalize("NFC"));
  }
  return { pages, text };
}

// counter opens the counter page logged in as canbo1; its context's request carries the session.
async function counter(newPage, base) {
  const page = await newPage({ width: 1280, height: 800 });
  await page.goto(base + "#/counter");
  await page.locator('[data-staff="canbo1"]').click();
  for (const d of "1111") await page.getByRole("button", { name: d, exact: true }).click();
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByRole("button", { name: "Danh sách hồ sơ" }).waitFor();
  return page;
}

// intake receives a dossier with the clerk's session (api: the page's cookie) and returns its code.
async function intake(api, base) {
  const res = await api.post(base + "api/v1/dossiers", { data: dossierBody("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân") });
  assert.equal(res.status(), 201, await res.text());
  return (await res.json()).dossier.code;
}

// handovers moves the dossier to processing, then hands it over desk to desk `steps` times,
// each with a note that wraps in its cell ("Tổ T01: … lượt 01/kết"). The notes T04–T08 run to
// four lines: a row that tall can be cut (one of two or three lines never is, orphans and
// widows being 2).
async function handovers(api, base, code, steps) {
  const transition = async (body) => {
    const r = await api.post(`${base}api/v1/dossiers/${encodeURIComponent(code)}/transition`, { data: body });
    assert.equal(r.status(), 200, await r.text());
  };
  await transition({ action: "process" });
  for (let i = 1; i <= steps; i++) {
    const n = String(i).padStart(2, "0");
    const more = i >= 4 && i <= 8 ? "đối chiếu bản sao với bản chính, xác minh nơi cư trú, lấy ý kiến trưởng thôn và trình lãnh đạo ký, " : "";
    await transition({ action: "handover", to: `Tổ T${n}: tư pháp – hộ tịch, ${more}lượt ${n}/kết` });
  }
}

export const tests = [
  {
    name: "the receipt prints on one A4 sheet from the counter's link; a long tracking sheet on two, its header repeated, no row cut",
    async run({ base, newPage, shots }) {
      const page = await counter(newPage, base);
      const api = page.context().request;
      const code = await intake(api, base);

      // "In A4" on the dossier opens the receipt in a window of its own.
      await page.getByRole("button", { name: "Danh sách hồ sơ" }).click();
      await page.locator('[data-list="all"]').click();
      await page.locator(`[data-code="${code}"]`).click();
      const opened = page.context().waitForEvent("page");
      await page.locator('[data-a4="receipt"]').click();
      const receipt = await opened;
      await receipt.waitForLoadState("load");
      assert.equal(receipt.url(), `${base}api/v1/dossiers/${encodeURIComponent(code)}/a4/receipt`);
      assert.equal(await receipt.locator("h1").textContent(), "Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
      const body = await receipt.locator("main").textContent();
      assert.ok(body.includes(code), "the code");
      assert.ok(body.includes("*********345"), "the masked ID number");
      assert.ok(!body.includes("001099012345") && !body.includes("0912345678"), "an ID number or phone in the clear");
      const qr = receipt.locator(".code img");
      assert.match(await qr.getAttribute("src"), /^data:image\/png;base64,/);
      assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth >= 200), "the QR image did not load");
      await receipt.screenshot({ path: join(shots, "a4-receipt.png"), fullPage: true });

      const one = await printed(receipt, "a4-receipt", shots);
      assert.equal(one.pages, 1, "the receipt is one sheet");
      assert.ok(one.text[0].includes(code) && one.text[0].includes("GIẤY TIẾP NHẬN HỒ SƠ"), one.text[0]);
      assert.ok(!one.text[0].includes("Bấm Ctrl+P"), "the screen's hint printed");

      // Nineteen steps (twenty rows with the intake): to processing, then handed over desk
      // to desk, each with a note that wraps in its cell. The notes T04–T08 are tall, and the
      // first sheet ends among them: without "tr { break-inside: avoid }" the row of T06 is
      // cut there (checked by removing the rule). One more row and the signature block (45 mm to sign
      // in) goes to a third sheet, with the last row (the next test): the rows are never
      // squeezed to avoid that.
      const steps = 18;
      await handovers(api, base, code, steps);

      const tracking = await page.context().newPage();
      await tracking.goto(`${base}api/v1/dossiers/${encodeURIComponent(code)}/a4/tracking`);
      assert.equal(await tracking.locator("tbody tr:not(.signing)").count(), steps + 2);
      assert.equal(await tracking.locator("thead").evaluate((el) => getComputedStyle(el).display), "table-header-group");
      const two = await printed(tracking, "a4-tracking", shots);
      assert.equal(two.pages, 2, `the tracking sheet takes ${two.pages} sheets`);
      // The header again at the top of the second sheet's table (a header cell may wrap:
      // "Người / thực hiện"), above its first row.
      const second = two.text[1];
      const top = second.slice(0, second.search(/^\s*\d+\s+\d\d giờ/m));
      for (const w of ["STT", "Thời", "gian", "Nội", "dung", "Người", "thực", "hiện", "Kết", "quả", "Ghi", "chú"]) {
        assert.ok(top.includes(w), `no "${w}" of the header on the second sheet:\n${second}`);
      }
      // Every row whole on one sheet: its note's first and last words on the same page.
      let onSecond = 0;
      for (let i = 1; i <= steps; i++) {
        const n = String(i).padStart(2, "0");
        const where = (s) => two.text.findIndex((t) => t.includes(s));
        const first = where(`T${n}:`);
        const last = where(`${n}/kết`);
        assert.ok(first >= 0 && last >= 0, `row ${n} not printed`);
        assert.equal(first, last, `row ${n} is cut across the sheets`);
        if (first === 1) onSecond++;
      }
      // The break fell among the tall rows, where a cut row could have been seen.
      const firstOnSecond = steps - onSecond + 1;
      const tall = (i) => i >= 4 && i <= 8;
      assert.ok(tall(firstOnSecond) || tall(firstOnSecond - 1), `the break falls before T${firstOnSecond}, not among the tall rows`);
      assert.ok(second.includes("NGƯỜI LẬP PHIẾU"), "the signature is on the last sheet");
    },
  },
  {
    name: "a tracking sheet whose table ends at the foot of a sheet takes its last rows over with the signature, never the signature alone",
    async run({ base, newPage, shots }) {
      // One handover more than the test above: 21 rows. The table then ends at the foot of
      // the second sheet and the signature block (45 mm to sign in) no longer fits under it;
      // alone on a third sheet it would be a signature that signs nothing (Decree 30/2020:
      // the signing page carries some of the text), so the last row goes over with it.
      const page = await counter(newPage, base);
      const api = page.context().request;
      const code = await intake(api, base);
      const steps = 19;
      await handovers(api, base, code, steps);
      const tracking = await page.context().newPage();
      await tracking.goto(`${base}api/v1/dossiers/${encodeURIComponent(code)}/a4/tracking`);
      assert.equal(await tracking.locator("tbody tr:not(.signing)").count(), steps + 2);
      const out = await printed(tracking, "a4-tracking-foot", shots);
      assert.ok(out.pages >= 2, `${out.pages} sheets`);
      const last = out.text[out.pages - 1];
      assert.ok(last.includes("NGƯỜI LẬP PHIẾU"), `the signature is not on the last sheet:\n${last}`);
      // Besides the signature block, the last sheet carries rows of the table: the last one
      // at least, whole, under the header repeated.
      assert.ok(last.includes(`T${steps}:`) && last.includes(`${steps}/kết`), `the last row is not on the signing sheet:\n${last}`);
      assert.ok(/^\s*STT\s/m.test(last), `no table header on the signing sheet:\n${last}`);
      for (let i = 1; i <= steps; i++) {
        const n = String(i).padStart(2, "0");
        const where = (s) => out.text.findIndex((t) => t.includes(s));
        assert.equal(where(`T${n}:`), where(`${n}/kết`), `row ${n} is cut across the sheets`);
      }
    },
  },
  {
    name: "a refused A4 form opened in the browser is a page in Vietnamese, English second",
    async run({ base, newPage }) {
      // A counter PC on the LAN, not logged in (this machine's loopback may be trusted).
      const lan = base.replace("127.0.0.1", "lan.test");
      const page = await newPage({ width: 1280, height: 800 });
      const res = await page.goto(`${lan}api/v1/dossiers/000.00.00.H55-261202-0001/a4/receipt`);
      assert.equal(res.status(), 401);
      assert.match(res.headers()["content-type"], /^text\/html/);
      await page.getByRole("heading", { name: "Không mở được mẫu in" }).waitFor();
      await page.getByText("Xin đăng nhập ở trang quầy rồi mở lại mẫu in.").waitFor();
      await page.getByText("Log in on the counter page, then open the form again.").waitFor();
    },
  },
];
