import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  actionsFor,
  appointmentText,
  applicantOf,
  casesOf,
  changeBody,
  checklistOf,
  dateTime,
  dmy,
  documentsOf,
  emptyApplicant,
  emptyChange,
  fieldKey,
  fillFromScan,
  isoDate,
  listWindow,
  localDay,
  phoneDigits,
  splitScan,
  validateChange,
  validateIntake,
  type IntakeInput,
} from "./dossier";

// The CCCD strings the server's parser is tested with (real format, made-up people).
const vectors: { cases: { name: string; scan: string; want?: Record<string, string>; error?: string }[] } = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../../../kiosk/testdata/cccd_vectors.json", import.meta.url)), "utf8"),
);
const whole = vectors.cases.filter((c) => c.want);

describe("a CCCD scan typed into a field", () => {
  it("is caught in every real-format scan, alone or after what the field held", () => {
    expect(whole.length).toBeGreaterThanOrEqual(4);
    for (const c of whole) {
      expect(splitScan(c.scan), c.name).toEqual({ before: "", scan: c.scan.trim() });
      expect(splitScan("Nguyễn " + c.scan), c.name).toEqual({ before: "Nguyễn", scan: c.scan.trim() });
    }
  });

  it("is caught with an empty old ID and an address with commas", () => {
    const s = "051305000123||Đặng Thị Ngọc Ánh|02112005|Nữ|Thôn 3, Xã Đăk Hà, Tỉnh Quảng Ngãi|10082024";
    expect(splitScan(s)?.scan).toBe(s);
  });

  it("leaves ordinary text alone: names, addresses with a bar, phone numbers", () => {
    for (const s of ["Nguyễn Văn An", "Số 12 | ngõ 34", "0912345678", "001099012345", "001099012345|123|x", ""]) {
      expect(splitScan(s), s).toBeNull();
    }
  });
});

describe("filling the form from a scan", () => {
  it("puts every field the card holds and keeps the phone", () => {
    const c = whole.find((c) => c.name.startsWith("empty old ID"))!;
    const before = { ...emptyApplicant(), name: "old", old_id_number: "123456789", phone: "0912345678" };
    const f = fillFromScan(before, c.want as never);
    expect(f).toEqual({
      name: "Đặng Thị Ngọc Ánh",
      id_number: "051305000123",
      old_id_number: "",
      birth_date: "02/11/2005",
      sex: "Nữ",
      address: "Thôn 3, Xã Đăk Hà, Tỉnh Quảng Ngãi",
      id_issue_date: "10/08/2024",
      phone: "0912345678",
    });
    expect(applicantOf(f)).toEqual({ ...c.want, phone: "0912345678" });
  });
});

const procedure = {
  documents: [
    { name: "Tờ khai", original: 1, copy: 0 },
    { name: "Giấy tờ tùy thân", original: 0, copy: 1 },
    { name: "Thông tin về bản án ly hôn", original: 0, copy: 0 },
    { name: "Giấy chứng sinh", case: "Trẻ sinh tại cơ sở y tế", original: 1, copy: 0 },
    { name: "Văn bản xác nhận của người làm chứng", case: "Trẻ sinh ngoài cơ sở y tế", original: 1, copy: 0 },
  ],
  case_times: [{ case: "Trẻ bị bỏ rơi", processing_time: { working_days: 5, text: "5 ngày" } }],
};

describe("the checklist", () => {
  it("lists the cases from documents and case times", () => {
    expect(casesOf(procedure)).toEqual(["Trẻ sinh tại cơ sở y tế", "Trẻ sinh ngoài cơ sở y tế", "Trẻ bị bỏ rơi"]);
    expect(casesOf({ documents: [{ name: "a", original: 1, copy: 0 }] })).toEqual([]);
  });

  it("keeps the papers of no case and of the case chosen; rows with no count are notes", () => {
    const { rows, notes } = checklistOf(procedure, "Trẻ sinh tại cơ sở y tế");
    expect(rows.map((r) => r.name)).toEqual(["Tờ khai", "Giấy tờ tùy thân", "Giấy chứng sinh"]);
    expect(notes).toEqual(["Thông tin về bản án ly hôn"]);
  });

  it("sends only ticked papers, at least one of each kind ticked", () => {
    const { rows } = checklistOf(procedure, "");
    rows[0].original = true;
    rows[1].copy = true;
    rows[1].original = true;
    expect(documentsOf(rows)).toEqual([
      { name: "Tờ khai", original: 1, certified_copy: 0, copy: 0 },
      { name: "Giấy tờ tùy thân", original: 1, certified_copy: 0, copy: 1 },
    ]);
  });
});

describe("validating the intake form", () => {
  const ok: IntakeInput = {
    procedure: "1.004873",
    cases: [],
    caseName: "",
    applicant: { ...emptyApplicant(), name: "Nguyễn Văn An", id_number: "001099012345", phone: "+84 912 345 678", birth_date: "15/03/1999" },
    manual: false,
    appointmentDate: "",
    appointmentTime: "08:00",
    feeAmount: 0,
    feeStatus: "",
    today: "2026-12-02",
  };
  const field = (f: Partial<IntakeInput>, a: Partial<IntakeInput["applicant"]> = {}) =>
    validateIntake({ ...ok, ...f, applicant: { ...ok.applicant, ...a } })?.field ?? null;

  it("accepts a whole form", () => expect(field({})).toBeNull());
  it("names the field at fault", () => {
    expect(field({ procedure: "" })).toBe("procedure");
    expect(field({ cases: ["a", "b"] })).toBe("case");
    expect(field({ cases: ["a", "b"], caseName: "b" })).toBeNull();
    expect(field({}, { name: "  " })).toBe("applicant.name");
    expect(field({}, { name: "Nguy6e64n" })).toBe("applicant.name");
    expect(field({}, { id_number: "00109901234" })).toBe("applicant.id_number");
    expect(field({}, { id_number: "123456789" })).toBeNull();
    expect(field({}, { old_id_number: "12345" })).toBe("applicant.old_id_number");
    expect(field({}, { birth_date: "01/01/2027" })).toBe("applicant.birth_date");
    expect(field({}, { birth_date: "31/02/1999" })).toBe("applicant.birth_date");
    expect(field({}, { birth_date: "1999-03-15" })).toBe("applicant.birth_date");
    expect(field({}, { id_issue_date: "2/12/2026" })).toBeNull();
    expect(field({}, { phone: "12345" })).toBe("applicant.phone");
    expect(field({ manual: true })).toBe("appointment");
    expect(field({ manual: true, appointmentDate: "2026-12-01" })).toBe("appointment");
    expect(field({ manual: true, appointmentDate: "2026-12-09" })).toBeNull();
    expect(field({ feeAmount: -1 })).toBe("fee.amount_vnd");
    expect(field({ feeAmount: 8000 })).toBe("fee.status");
    expect(field({ feeAmount: 8000, feeStatus: "exempt" })).toBeNull();
  });
  it("catches a scan left in any field", () => {
    const scan = whole[0].scan;
    expect(validateIntake({ ...ok, applicant: { ...ok.applicant, address: scan } })).toEqual({
      field: "applicant.address",
      key: "dossier.err_scan_in_field",
    });
  });
  it("reads dates as Vietnamese write them", () => {
    expect(isoDate("15/03/1999")).toBe("1999-03-15");
    expect(isoDate("5.3.1999")).toBe("1999-03-05");
    expect(isoDate("29/02/2023")).toBeNull();
    expect(isoDate("29/02/2024")).toBe("2024-02-29");
    expect(isoDate("1999-03-15")).toBeNull();
    expect(dmy("1999-03-15")).toBe("15/03/1999");
    expect(dmy(undefined)).toBe("");
  });
  it("reads phones as the server stores them", () => {
    expect(phoneDigits("+84 912 345 678")).toBe("0912345678");
    expect(phoneDigits("0912.345.678")).toBe("0912345678");
    expect(phoneDigits("(024) 3825 1234")).toBe("02438251234");
    expect(phoneDigits("0912 345 67x")).toBeNull();
    expect(phoneDigits("091234567")).toBeNull();
  });
});

describe("dates in Vietnam's time", () => {
  it("writes the appointment as the receipt does, whatever the machine's zone", () => {
    expect(appointmentText("2026-12-03T02:00:00Z", "vi")).toBe("Sau 09 giờ 00, ngày 03/12/2026");
    expect(appointmentText("2026-12-03T09:00:00+07:00", "en")).toBe("After 09:00, 03/12/2026");
    expect(localDay("2026-12-02T18:30:00Z")).toBe("2026-12-03");
    expect(dateTime("2026-12-02T07:05:00Z")).toBe("14:05 02/12/2026");
  });
});

describe("actions a state allows", () => {
  const names = (s: number, admin = false) => actionsFor(s, admin).map((a) => a.action);
  it("follows the table of docs/dossiers.md", () => {
    expect(names(2)).toEqual(["process", "supplement", "done", "reschedule", "refuse", "withdraw"]);
    expect(names(4)).toEqual(["supplement", "handover", "forward", "back", "pay", "done", "reschedule", "refuse", "withdraw"]);
    expect(names(5)).toEqual(["supplemented", "withdraw"]);
    expect(names(5, true)).toEqual(["supplemented", "withdraw", "stop"]);
    expect(names(9)).toEqual(["return"]);
    expect(names(10)).toEqual([]);
  });

  it("asks for each action's detail, naming the field", () => {
    const spec = (a: string) => actionsFor(4, true).find((s) => s.action === a)!;
    const c = emptyChange();
    expect(validateChange(spec("done"), c)).toBeNull();
    expect(validateChange(spec("supplement"), { ...c, missing: "\n  \n" })?.field).toBe("missing");
    expect(validateChange(spec("handover"), c)?.field).toBe("to");
    expect(validateChange(spec("refuse"), c)?.field).toBe("reason");
    const at = "2026-12-07T09:00:00+07:00";
    expect(validateChange(spec("reschedule"), { ...c, reason: "x" }, at)?.field).toBe("appointment");
    expect(validateChange(spec("reschedule"), { ...c, reason: "x", date: "2026-12-07", time: "09:00" }, at)?.key).toBe("dossier.err_reschedule_later");
    expect(validateChange(spec("reschedule"), { ...c, date: "2026-12-08", time: "09:00" }, at)?.field).toBe("reason");
    expect(changeBody(spec("reschedule"), { ...c, reason: " trễ ", date: "2026-12-08", time: "09:00" })).toEqual({
      action: "reschedule",
      reason: "trễ",
      appointment: "2026-12-08T09:00:00+07:00",
    });
    expect(changeBody(spec("supplement"), { ...c, missing: "Tờ khai\n\n Giấy chứng sinh " })).toEqual({
      action: "supplement",
      missing: ["Tờ khai", "Giấy chứng sinh"],
    });
  });

  it("names the API's fields to the clerk", () => {
    expect(fieldKey("applicant.phone")).toBe("dossier.f_phone");
    expect(fieldKey("documents[2].name")).toBe("dossier.f_documents");
    expect(fieldKey("fee.status")).toBe("dossier.f_fee_status");
    expect(fieldKey("nonsense")).toBe("");
    expect(fieldKey(undefined)).toBe("");
  });
});

describe("the list's ▲/▼", () => {
  it("moves a page at a time and fetches more at the end", () => {
    expect(listWindow(0, 5, 12, false)).toEqual({ from: 0, to: 5, up: false, down: true, fetch: false });
    expect(listWindow(10, 5, 12, false)).toEqual({ from: 10, to: 12, up: true, down: false, fetch: false });
    expect(listWindow(10, 5, 12, true)).toEqual({ from: 10, to: 12, up: true, down: true, fetch: true });
    expect(listWindow(20, 5, 3, false)).toEqual({ from: 2, to: 3, up: true, down: false, fetch: false });
    expect(listWindow(0, 5, 0, false)).toEqual({ from: 0, to: 0, up: false, down: false, fetch: false });
  });
});
