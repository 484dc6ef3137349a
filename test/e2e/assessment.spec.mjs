// The nine-indicator assessment, where the province turns it on (queue.rating_assessment):
// a clerk hands a dossier back during a visit, the pad asks the faces and then the
// assessment's questions, and the answers show in the admin page's report beside the
// indicators the kiosk computed.
import { join } from "node:path";
import { assert } from "./assert.mjs";
import { clerk } from "./clerk.mjs";
import { audit } from "./design.mjs";
import { dossierBody } from "./dossiers.mjs";

const lan = (base) => base.replace("127.0.0.1", "lan.test");

export const tests = [
  {
    name: "a dossier handed back on the counter: the pad asks the assessment after the faces, the answers show in the report",
    config: { queue: { rating_assessment: true } },
    async run({ base, newPage, post, shots }) {
      const pad = await newPage({ width: 1280, height: 800 });
      await pad.goto(base + "#/rate/1");
      await pad.locator("[data-testid=rate-pad][data-step=waiting]").waitFor();
      await pad.locator("[data-testid=connection][data-connected=true]").waitFor();

      // canbo1 received a dossier earlier; its result is ready.
      const act = await clerk(base, "canbo1", "1111");
      const received = await act("/api/v1/dossiers", dossierBody());
      assert.equal(received.status, 201, JSON.stringify(received.body));
      const code = received.body.dossier.code;
      for (const action of ["process", "done"]) {
        const r = await act(`/api/v1/dossiers/${code}/transition`, { action });
        assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
      }

      // The villager comes back with a number; the counter calls it, hands the result back, finishes.
      assert.equal((await post("/api/v1/tickets", { service_id: "khac" })).status, 201);
      for (const [path, body] of [
        ["/api/v1/counters/1/call-next", {}],
        [`/api/v1/dossiers/${code}/transition`, { action: "return" }],
        ["/api/v1/counters/1/finish", {}],
      ]) {
        const r = await act(path, body);
        assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
      }

      // The faces first, then the questions.
      await pad.locator("[data-step=ask]").getByText("D001").waitFor({ timeout: 5000 });
      await pad.getByRole("group", { name: "Mức độ hài lòng" }).getByRole("button", { name: "Rất hài lòng" }).click();
      await pad.getByRole("heading", { name: "Ngoài bộ phận một cửa, quý vị có phải đến cơ quan, đơn vị nào khác để hoàn thiện hồ sơ không?" }).waitFor();
      await pad.getByText("Xác nhận tình trạng hôn nhân", { exact: false }).first().waitFor();
      const choices = pad.getByRole("group", { name: "Các lựa chọn" }).getByRole("button");
      assert.deepEqual((await choices.allInnerTexts()).map((s) => s.trim()), ["Không phải đi nơi nào khác", "Thêm 1 nơi", "Từ 2 nơi trở lên"]);
      assert.deepEqual(await audit(pad), [], "pad assessing");
      await pad.screenshot({ path: join(shots, "rate-assess-1280x800.png") });
      await choices.getByText("Không phải đi nơi nào khác").click();

      await pad.getByRole("heading", { name: "Cán bộ đã phục vụ quý vị thế nào?" }).waitFor();
      await pad.getByText("Câu 2/4").waitFor();
      await pad.getByRole("button", { name: "Bỏ qua câu này" }).click();
      await pad.getByRole("heading", { name: "Quý vị thấy việc làm thủ tục có thuận tiện không?" }).waitFor();
      await choices.getByText("Rất hài lòng").click();
      await pad.getByRole("heading", { name: "Nhìn chung, quý vị hài lòng với việc giải quyết hồ sơ này không?" }).waitFor();
      await choices.getByText("Hài lòng", { exact: true }).click();
      await pad.getByRole("status").getByText("Xin cảm ơn quý vị đã đánh giá!").waitFor();

      // Once: the answer again is refused.
      const again = await post("/api/v1/counters/1/assessment", { ticket_id: 1, dossier_code: code, scores: {} });
      assert.equal(again.status, 409, JSON.stringify(again.body));

      // The admin page's report: the nine, computed and answered, and what they are not.
      const admin = await newPage({ width: 1280, height: 800 });
      await admin.goto(lan(base) + "#/admin");
      await admin.locator('[data-staff="quantri"]').click();
      for (const d of "9999") await admin.getByRole("button", { name: d, exact: true }).click();
      await admin.getByRole("button", { name: "Đăng nhập" }).click();
      await admin.getByRole("button", { name: "Báo cáo" }).click();
      const card = admin.getByTestId("assessment");
      await card.getByText("Số hồ sơ được đánh giá: 1").waitFor();
      await card.getByText("không phải điểm chấm theo Quyết định 766/QĐ-TTg").waitFor();
      const cell = async (id) => (await card.locator(`[data-indicator=${id}] td.num`).first().innerText()).trim();
      assert.deepEqual(
        [await cell("total_time"), await cell("one_stop"), await cell("disclosed"), await cell("bodies"), await cell("attitude"), await cell("convenience"), await cell("overall")],
        ["2.00 / 2", "2.00 / 2", "2.00 / 2", "2.00 / 2", "—", "3.00 / 3", "2.00 / 3"],
      );
      await admin.screenshot({ path: join(shots, "admin-report-assessment-1280x800.png"), fullPage: true });
    },
  },
];
