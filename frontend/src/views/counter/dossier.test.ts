import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  actionButtons,
  appointmentText,
  applicantForm,
  applicantOf,
  casesOf,
  changeBody,
  correctedApplicant,
  checklistOf,
  dateTime,
  dmy,
  documentsOf,
  emptyApplicant,
  emptyChange,
  errorCleared,
  fieldKey,
  fillFromScan,
  intakeValues,
  isCorrection,
  isoDate,
  listWindow,
  localDay,
  phoneDigits,
  printsOf,
  splitScan,
  validateApplicant,
  validateChange,
  validateIntake,
  type DossierAction,
  type IntakeFields,
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

describe("the actions the server offers", () => {
  // As GET /api/v1/dossiers/{code} answers a clerk for a dossier being processed (kiosk.DossierActions).
  const offered: DossierAction[] = [
    { action: "supplement", needs: ["missing"] },
    { action: "handover", needs: ["to"] },
    { action: "done", needs: [] },
    { action: "reschedule", needs: ["reason", "appointment"] },
    { action: "refuse", needs: ["reason"], ends: true },
    { action: "applicant", needs: ["applicant", "reason"] },
  ];

  it("are drawn exactly as offered, in the server's order, a warning for those that end the dossier", () => {
    const b = actionButtons({ actions: offered });
    expect(b.map((x) => x.action)).toEqual(offered.map((a) => a.action));
    expect(b.map((x) => x.key)).toEqual(offered.map((a) => "dossier.action_" + a.action));
    expect(b.filter((x) => x.danger).map((x) => x.action)).toEqual(["refuse"]);
    expect(b.find((x) => x.action === "reschedule")!.needs).toEqual(["reason", "appointment"]);
    // Nothing offered (a returned dossier whose data was purged, or an old answer): no buttons, no guess.
    expect(actionButtons({ actions: [] })).toEqual([]);
    expect(actionButtons({})).toEqual([]);
    // An action the page has never heard of is still offered, under its own label key.
    expect(actionButtons({ actions: [{ action: "approve", needs: [] }] })[0].key).toBe("dossier.action_approve");
    expect(offered.filter(isCorrection).map((a) => a.action)).toEqual(["applicant"]);
  });

  it("asks for each action's detail, naming the field", () => {
    const spec = (a: string) => offered.find((s) => s.action === a)!;
    const c = emptyChange();
    expect(validateChange(spec("done"), c)).toBeNull();
    expect(validateChange(spec("supplement"), { ...c, missing: "\n  \n" })?.field).toBe("missing");
    expect(validateChange(spec("handover"), c)?.field).toBe("to");
    expect(validateChange(spec("refuse"), c)?.field).toBe("reason");
    expect(validateChange(spec("applicant"), c)?.field).toBe("reason");
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

  it("offers the prints of the forms the server says apply", () => {
    expect(printsOf({ forms: ["receipt", "tracking"] })).toEqual({ roll: ["receipt"], a4: ["receipt", "tracking"] });
    expect(printsOf({ forms: ["receipt", "refusal", "tracking"] })).toEqual({ roll: ["receipt", "refusal"], a4: ["receipt", "refusal", "tracking"] });
    expect(printsOf({})).toEqual({ roll: [], a4: [] });
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

describe("correcting the applicant", () => {
  const held = {
    name: "Nguyễn Văn An",
    id_number: "001099012345",
    birth_date: "1999-03-15",
    sex: "Nam",
    address: "Số 12, ngõ 34 Láng Hạ, Phường Láng, Hà Nội",
    id_issue_date: "2021-04-20",
    phone: "0912345678",
    email: "an@example.vn",
    owner: "Nguyễn Văn Bình",
  };

  it("opens the form with what is held, dates as they are written", () => {
    const f = applicantForm(held);
    expect(f).toEqual({ ...emptyApplicant(), ...held, birth_date: "15/03/1999", id_issue_date: "20/04/2021", email: undefined, owner: undefined });
    expect(applicantForm(undefined)).toEqual(emptyApplicant());
  });

  it("sends the form's fields and keeps what the form does not show", () => {
    const f = { ...applicantForm(held), phone: "0987 000 111", old_id_number: "" };
    expect(correctedApplicant(held, f)).toEqual({ ...held, phone: "0987 000 111" });
    // A field emptied on the form is removed.
    expect(correctedApplicant(held, { ...f, address: "" }).address).toBeUndefined();
  });

  it("checks the applicant as the intake does", () => {
    const f = applicantForm(held);
    expect(validateApplicant(f, "2026-12-02")).toBeNull();
    expect(validateApplicant({ ...f, id_number: "12345" }, "2026-12-02")?.field).toBe("applicant.id_number");
    expect(validateApplicant({ ...f, id_issue_date: "03/12/2026" }, "2026-12-02")?.field).toBe("applicant.id_issue_date");
    expect(validateApplicant({ ...f, name: "An 2" }, "2026-12-02")?.key).toBe("dossier.err_name_letters");
  });
});

describe("an error on an intake field", () => {
  const base: IntakeFields = {
    procedure: "1.004873",
    caseName: "",
    applicant: { ...emptyApplicant(), name: "Nguyễn Văn An", phone: "0912" },
    manual: false,
    appointmentDate: "",
    appointmentTime: "08:00",
    feeAmount: 8000,
    feeStatus: "",
    notes: "",
    rows: [{ name: "Tờ khai", wantOriginal: 1, wantCopy: 0, original: false, copy: false }],
  };
  const shown = intakeValues(base);

  it("clears once that field changes, and only that field", () => {
    const phone = { ...base, applicant: { ...base.applicant, phone: "0912345678" } };
    expect(errorCleared("applicant.phone", shown, intakeValues(phone))).toBe(true);
    expect(errorCleared("applicant.name", shown, intakeValues(phone))).toBe(false);
    expect(errorCleared("applicant.phone", shown, intakeValues(base))).toBe(false);
    expect(errorCleared("fee.status", shown, intakeValues({ ...base, feeStatus: "paid" }))).toBe(true);
    expect(errorCleared("procedure", shown, intakeValues({ ...base, procedure: "2.000815" }))).toBe(true);
    expect(errorCleared("case", shown, intakeValues({ ...base, caseName: "Trường hợp 1" }))).toBe(true);
    expect(errorCleared("notes", shown, intakeValues({ ...base, notes: "x" }))).toBe(true);
  });

  it("clears when the change answers it another way: no fee, no status asked", () => {
    expect(errorCleared("fee.status", shown, intakeValues({ ...base, feeAmount: 0 }))).toBe(true);
    expect(errorCleared("fee.amount_vnd", shown, intakeValues({ ...base, feeAmount: 0 }))).toBe(true);
  });

  it("reads the server's field names, a paper's row included", () => {
    const ticked = { ...base, rows: [{ ...base.rows[0], original: true }] };
    expect(errorCleared("documents[0].name", shown, intakeValues(ticked))).toBe(true);
    expect(errorCleared("documents[0].name", shown, intakeValues(base))).toBe(false);
    const manual = { ...base, manual: true };
    const shownManual = intakeValues(manual);
    expect(errorCleared("appointment", shownManual, intakeValues({ ...manual, appointmentDate: "2026-12-10" }))).toBe(true);
  });

  it("stays when it names no field, or one the form does not hold", () => {
    const changed = intakeValues({ ...base, notes: "x", procedure: "2.000815" });
    expect(errorCleared("", shown, changed)).toBe(false);
    expect(errorCleared("ticket_id", shown, changed)).toBe(false);
  });
});
