// A clerk receives a dossier at the counter: a CCCD scan typed by the "scanner" (the
// keyboard, as a USB scanner types) fills the form, a malformed scan fills nothing, a scan
// typed into the name field is caught; the procedure from the demo catalog, its papers
// ticked, the fee paid, the appointment quoted; the code, the truthful print result, the
// virtual printer's page with the code and the lookup QR, the public look-up with the name
// masked; then the dossier moved on from the clerk's list, with the errors naming the field.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { assert, settled, waitFor } from "./assert.mjs";
import { audit } from "./design.mjs";

// Real-format CCCD lines (kiosk/testdata/cccd_vectors.json): made-up people.
const an = "001099012345||Nguyễn Văn An|15031999|Nam|Số 12, ngõ 34 Láng Hạ, Phường Láng, Hà Nội|20042021"; // no old ID, commas
const anh = "051305000123|123456789|Đặng Thị Ngọc Ánh|02112005|Nữ|Thôn 3, Xã Đăk Hà, Tỉnh Quảng Ngãi|10082024";
const cut = "001099012345|123456789|Nguyễn Văn An|15031999|Nam|Số 12, ngõ"; // the scan stopped in the address

// printedText is the text of every page the virtual printer printed (hardware/virtual.go).
function printedText(dataDir) {
  const dir = join(dataDir, "printed");
  let names = [];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith("page-") && n.endsWith(".txt"));
  } catch {
    return [];
  }
  return names.map((n) => readFileSync(join(dir, n), "utf8"));
}

export const tests = [
  {
    name: "receive a dossier from a CCCD scan, print its receipt, scan its QR at the kiosk (masked), move it to done from the list",
    async run({ base, dataDir, newPage, post, shots }) {
      // A LAN counter PC: its address is where the receipt's QR sends a phone.
      const lan = base.replace("127.0.0.1", "lan.test");
      const ticket = await post("/api/v1/tickets", { service_id: "hotich" });
      assert.equal(ticket.status, 201, JSON.stringify(ticket.body));

      const page = await newPage({ width: 1280, height: 800 });
      await page.goto(lan + "#/counter");
      await page.locator('[data-staff="canbo1"]').click();
      for (const d of "1111") await page.getByRole("button", { name: d, exact: true }).click();
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.getByRole("button", { name: "Gọi số tiếp theo" }).click();
      await page.getByTestId("current").getByText("A001").waitFor();

      await page.getByRole("button", { name: "Tiếp nhận hồ sơ" }).click();
      await page.getByText("Tiếp nhận hồ sơ cho số A001").waitFor();
      const scan = page.getByTestId("scan");
      const name = page.getByTestId("f-name");
      assert.ok(await scan.evaluate((el) => el === document.activeElement), "the scan field is not focused when the form opens");

      // A scan cut short fills nothing and says why, in Vietnamese.
      await page.keyboard.type(cut);
      await page.keyboard.press("Enter");
      await page.getByTestId("scan-error").getByText(/chưa đọc đủ \(mới có 6\/7 phần\)/).waitFor();
      assert.equal(await name.inputValue(), "");
      assert.equal(await page.getByTestId("f-id_number").inputValue(), "");
      assert.equal(await scan.inputValue(), "", "the scan stays in the scan field");

      // A scan typed into the name field is caught: the field is cleared and the form filled from it.
      await name.click();
      await page.keyboard.type(anh);
      await page.keyboard.press("Enter");
      await page.getByTestId("scan-notice").getByText("Mã căn cước bị quét vào ô “Họ và tên”", { exact: false }).waitFor();
      assert.equal(await name.inputValue(), "Đặng Thị Ngọc Ánh");
      assert.equal(await page.getByTestId("f-old_id_number").inputValue(), "123456789");

      // The real scan, into the scan field: an empty old ID and an address with commas.
      await scan.click();
      await page.keyboard.type(an);
      await page.keyboard.press("Enter");
      await page.getByTestId("scan-notice").getByText("Đã điền thông tin từ căn cước").waitFor();
      assert.equal(await name.inputValue(), "Nguyễn Văn An");
      assert.equal(await page.getByTestId("f-id_number").inputValue(), "001099012345");
      assert.equal(await page.getByTestId("f-old_id_number").inputValue(), "");
      assert.equal(await page.getByTestId("f-birth_date").inputValue(), "15/03/1999");
      assert.equal(await page.getByTestId("f-id_issue_date").inputValue(), "20/04/2021");
      assert.equal(await page.getByTestId("f-address").inputValue(), "Số 12, ngõ 34 Láng Hạ, Phường Láng, Hà Nội");
      assert.equal(await page.getByRole("button", { name: "Nam", exact: true }).getAttribute("aria-pressed"), "true");
      await page.getByTestId("f-phone").fill("0912 345 678");

      // Nothing chosen yet: the form says what is missing and sends nothing.
      await page.getByTestId("intake-submit").click();
      await page.getByTestId("intake-error").getByText("Thủ tục: Xin chọn thủ tục.").waitFor();

      // The procedure by the kiosk's search, without marks; its papers ticked; the fee paid.
      await page.getByTestId("procedure-search").fill("xac nhan thong tin ho tich");
      await page.getByTestId("procedure-results").getByRole("button", { name: /Thủ tục xác nhận thông tin hộ tịch/ }).click();
      await page.getByTestId("procedure-chosen").getByText("Thủ tục xác nhận thông tin hộ tịch").waitFor();
      // Choosing the procedure answered the error on it: it is gone before the next send.
      await page.getByTestId("intake-error").waitFor({ state: "detached" });
      // One working day from Wednesday 09:00 (the test clock): Thursday 09:00.
      await page.getByTestId("quote-appointment").getByText("Sau 09 giờ 00, ngày 03/12/2026").waitFor();
      for (const paper of [/^Bản chính: Tờ khai đề nghị xác nhận thông tin hộ tịch/, /^Bản chính: Giấy tờ, tài liệu có liên quan/]) {
        const tick = page.getByRole("button", { name: paper });
        await tick.click();
        assert.equal(await tick.getAttribute("aria-pressed"), "true");
      }
      assert.equal(await page.getByTestId("fee-amount").inputValue(), "8000");
      await page.getByTestId("intake-submit").click();
      await page.getByTestId("intake-error").getByText("Lệ phí: Xin chọn lệ phí đã nộp, được miễn hay chưa nộp.").waitFor();
      await page.getByRole("button", { name: "Đã nộp", exact: true }).click();
      await page.getByTestId("intake-error").waitFor({ state: "detached" });
      assert.deepEqual(await audit(page, { within: "[data-testid=intake]" }), []);
      await page.screenshot({ path: join(shots, "counter-intake-1280x800.png"), fullPage: true });

      const answer = page.waitForResponse((r) => r.url().endsWith("/api/v1/dossiers") && r.request().method() === "POST");
      await page.getByTestId("intake-submit").click();
      const res = await answer;
      assert.equal(res.status(), 201);
      const got = await res.json();
      const code = got.dossier.code;
      assert.match(code, /^000\.00\.00\.H55-261202-\d{4}$/);
      assert.equal(got.dossier.ticket_id, ticket.body.ticket.id);
      assert.equal(got.dossier.fee.status, "paid");
      assert.deepEqual(got.dossier.documents.map((d) => d.original), [1, 1]);
      assert.equal(got.lookup_url, `${lan}d/${code}`);
      await page.getByTestId("dossier-code").getByText(code).waitFor();
      await page.getByTestId("dossier-appointment").getByText("Sau 09 giờ 00, ngày 03/12/2026").waitFor();
      // The print result as the server said it: "Đang in" only when it was queued.
      const said = (await page.getByTestId("print-result").textContent()).trim();
      if (got.print.queued) assert.equal(said, "Đang in giấy tiếp nhận và hẹn trả kết quả.");
      else assert.equal(said, got.print.message);
      const a4 = page.getByTestId("a4-receipt");
      assert.equal(await a4.getAttribute("href"), `/api/v1/dossiers/${encodeURIComponent(code)}/a4/receipt`);
      assert.equal(await a4.getAttribute("target"), "_blank");
      await page.screenshot({ path: join(shots, "counter-intake-done-1280x800.png") });

      // The receipt on the virtual printer: the code in the printer's font, the look-up URL in its QR.
      const receipt = await waitFor(() => printedText(dataDir).find((t) => t.includes(code)), { what: "the receipt on the virtual printer" });
      assert.ok(receipt.includes(`[QR] ${lan}d/${code}`), `the receipt's QR: ${receipt}`);
      assert.ok(!receipt.includes("001099012345") && !receipt.includes("0912345678"), "an ID number or phone printed in the clear");

      // "In lại": the slip again, said as the server said it.
      const again = page.waitForResponse((r) => r.url().endsWith("/print") && r.request().method() === "POST");
      await page.getByRole("button", { name: "In lại" }).click();
      const re = await (await again).json();
      await page.getByTestId("print-result").getByText(re.print.queued ? "Đang in giấy tiếp nhận" : re.print.message).waitFor();
      await waitFor(() => printedText(dataDir).filter((t) => t.includes(code)).length === 2, { what: "the reprinted receipt" });

      // The public look-up: state and masked name, never the ID number or phone.
      const look = async () => (await fetch(`${base}api/v1/public/dossier?code=${encodeURIComponent(code)}`)).json();
      const pub = await look();
      assert.equal(pub.status, 2);
      assert.equal(pub.status_name, "Đã tiếp nhận");
      assert.equal(pub.applicant_masked, "Nguyễn V. A.");
      assert.ok(!JSON.stringify(pub).includes("0912345678") && !JSON.stringify(pub).includes("001099012345"));

      // The villager at the kiosk scans the receipt's QR (the scanner types what the printed QR
      // holds, then Enter): the kiosk's "Tra cứu hồ sơ" shows the state and the masked name.
      const qr = receipt.split("\n").find((l) => l.startsWith("[QR] ")).slice("[QR] ".length);
      const kiosk = await newPage({ width: 1080, height: 1920 });
      await kiosk.goto(base + "#/kiosk");
      await kiosk.getByRole("link", { name: /Tra cứu hồ sơ/ }).click();
      await kiosk.locator('.keyboard [data-key="A"]').waitFor();
      await settled(kiosk);
      await kiosk.keyboard.type(qr + "\n");
      await kiosk.getByTestId("dossier").waitFor();
      assert.equal(await kiosk.getByTestId("code").innerText(), code);
      assert.equal(await kiosk.getByTestId("state").innerText(), "Đã tiếp nhận");
      assert.equal(await kiosk.getByTestId("applicant").innerText(), "Nguyễn V. A.");
      const shown = await kiosk.evaluate(() => document.documentElement.outerHTML);
      assert.ok(!shown.includes("0912345678") && !shown.includes("001099012345"), "the kiosk shows an ID number or phone");
      await kiosk.screenshot({ path: join(shots, "kiosk-lookup-scanned-receipt-1080x1920.png") });
      await kiosk.close();

      // The clerk's list: found by phone, opened, moved on; every action asks for its detail.
      await page.getByRole("button", { name: "Danh sách hồ sơ" }).click();
      await page.locator('[data-list="all"]').click();
      await page.getByTestId("dossier-search").fill("0912345678");
      await page.getByRole("button", { name: "Tìm", exact: true }).click();
      await page.locator(`[data-code="${code}"]`).click();
      await page.getByTestId("dossier-state").getByText("Đã tiếp nhận").waitFor();
      await page.getByTestId("events").getByText("Tiếp nhận").waitFor();

      // Only what the server offers for a received dossier, in its order; no stop for a clerk.
      const offered = await page.getByTestId("actions").locator("[data-action]").evaluateAll((els) => els.map((e) => e.dataset.action));
      assert.deepEqual(offered, ["process", "supplement", "done", "reschedule", "refuse", "withdraw", "applicant"]);
      assert.deepEqual(await page.getByTestId("prints").locator("[data-a4]").evaluateAll((els) => els.map((e) => e.dataset.a4)), ["receipt", "tracking"]);

      // The applicant corrected: the intake's form, filled with what is held; a scan of the
      // new card (same number, a new address) fills it again and keeps the phone; a reason is required.
      await page.locator('[data-action="applicant"]').click();
      const form = page.getByTestId("action-form");
      assert.equal(await form.getByTestId("f-name").inputValue(), "Nguyễn Văn An");
      assert.equal(await form.getByTestId("f-birth_date").inputValue(), "15/03/1999");
      assert.equal(await form.getByTestId("f-phone").inputValue(), "0912345678");
      await form.getByTestId("scan").click();
      await page.keyboard.type("001099012345||Nguyễn Văn An|15031999|Nam|Thôn 3, Xã Đăk Hà, Tỉnh Quảng Ngãi|01072025");
      await page.keyboard.press("Enter");
      await form.getByTestId("scan-notice").getByText("Đã điền thông tin từ căn cước").waitFor();
      assert.equal(await form.getByTestId("f-address").inputValue(), "Thôn 3, Xã Đăk Hà, Tỉnh Quảng Ngãi");
      assert.equal(await form.getByTestId("f-phone").inputValue(), "0912345678");
      await page.getByTestId("action-confirm").click();
      await page.getByTestId("action-error").getByText("Lý do: Xin ghi lý do.").waitFor();
      await page.getByTestId("change-reason").fill("Người nộp đã đổi căn cước, địa chỉ mới");
      const corrected = page.waitForResponse((r) => r.url().endsWith("/applicant") && r.request().method() === "PUT");
      await page.getByTestId("action-confirm").click();
      const fix = await (await corrected).json();
      assert.equal(fix.applicant.address, "Thôn 3, Xã Đăk Hà, Tỉnh Quảng Ngãi");
      assert.equal(fix.applicant.id_issue_date, "2025-07-01");
      assert.equal(fix.applicant.phone, "0912345678");
      await page.getByTestId("events").getByText("Sửa thông tin người nộp").waitFor();
      await page.getByTestId("dossier-state").getByText("Đã tiếp nhận").waitFor();

      await page.locator('[data-action="supplement"]').click();
      await page.getByTestId("action-confirm").click();
      await page.getByTestId("action-error").getByText("Giấy tờ cần bổ sung: Xin ghi giấy tờ cần bổ sung.").waitFor();
      await page.getByRole("button", { name: "Hủy", exact: true }).click();

      await page.locator('[data-action="process"]').click();
      await page.getByTestId("action-confirm").click();
      await page.getByTestId("dossier-state").getByText("Đang xử lý").waitFor();
      // The server's refusal names the field: a receiving body longer than it takes.
      await page.locator('[data-action="handover"]').click();
      await page.getByTestId("change-to").fill("x".repeat(1001));
      await page.getByTestId("action-confirm").click();
      await page.getByTestId("action-error").getByText("Nơi nhận hồ sơ: Nội dung quá dài (tối đa 1000 ký tự)").waitFor();
      await page.getByRole("button", { name: "Hủy", exact: true }).click();
      assert.deepEqual(await audit(page, { within: ".dossiers" }), []);
      await page.screenshot({ path: join(shots, "counter-dossiers-1280x800.png") });

      await page.locator('[data-action="done"]').click();
      await page.getByTestId("action-confirm").click();
      await page.getByTestId("dossier-state").getByText("Đã có kết quả, chờ trả").waitFor();
      await page.getByTestId("events").getByText("Đã có kết quả").waitFor();
      await page.locator('[data-list="ready"]').click();
      await page.getByTestId("dossier-search").fill("");
      await page.getByRole("button", { name: "Tìm", exact: true }).click();
      await page.locator(`[data-code="${code}"]`).waitFor();
      const done = await look();
      assert.equal(done.status, 9);
      assert.equal(done.applicant_masked, "Nguyễn V. A.");
    },
  },
];
