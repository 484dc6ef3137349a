import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { prompt } from "../../../lib/speech";
import vi from "../../../locales/vi/lookup.json";
import en from "../../../locales/en/lookup.json";
import {
  adviceOf,
  codeKeys,
  exampleCode,
  formatAppointment,
  formatWhen,
  lookupSpeech,
  problemOf,
  readCode,
  readScan,
  readTyped,
  todoOf,
  type PublicDossier,
} from "./lookup";

// Real-format citizen ID (CCCD) QR strings: ID|old ID|name|birth|sex|address|issue date.
const cccd = "001099012345|123456789|Nguyễn Văn An|15031999|Nam|Số 12, ngõ 34 Láng Hạ, Phường Láng, Hà Nội|20042021";
const cccdNoOldID = "079203004567||Trần Thị Bình|02112003|Nữ|Thôn 3, xã Ea Kao, Đắk Lắk|10052024";

describe("what a typed or scanned text is", () => {
  it("reads a code as kiosk.ParseDossierCode does: any case, stray spaces, or the receipt's URL", () => {
    const cases: Record<string, string | null> = {
      "000.00.06.H56-231027-0361": "000.00.06.H56-231027-0361",
      " 000.00.06.h56-231027-0361 ": "000.00.06.H56-231027-0361",
      "000.00.06.H56 - 231027 - 0361": "000.00.06.H56-231027-0361",
      "http://192.168.1.10:8080/d/000.00.06.H56-231027-0361": "000.00.06.H56-231027-0361",
      "http://192.168.1.10:8080/d/000.00.06.h56-231027-0361?from=qr": "000.00.06.H56-231027-0361",
      "/d/H56-231027-000361": "H56-231027-000361",
      "000.00.06.H56-231027-361": null,
      "000.00.06.H56-2310270-0361": null,
      "000..06-231027-0361": null,
      A012: null,
      "http://evil/d/../../etc": null,
      "x/d/000.00.06.H56-231027-0361": null, // a path that is no URL
      [`${"1.".repeat(30)}1-231027-0361`]: null, // longer than any code
    };
    for (const [text, want] of Object.entries(cases)) expect(readCode(text), text).toBe(want);
  });

  it("looks up only a receipt's code; a citizen ID, a ticket or another QR is named as such", () => {
    expect(readScan("http://192.168.1.10:8080/d/000.00.00.H55-261202-0001")).toEqual({ kind: "code", code: "000.00.00.H55-261202-0001" });
    expect(readScan("000.00.00.H55-261202-0001")).toEqual({ kind: "code", code: "000.00.00.H55-261202-0001" });
    expect(readScan(cccd)).toEqual({ kind: "cccd" });
    expect(readScan(cccdNoOldID)).toEqual({ kind: "cccd" });
    expect(readScan("001099012345|123456789|Nguyễn Văn An")).toEqual({ kind: "cccd" }); // a partial read
    expect(readScan("MC1:T:kiosk-1:2026-12-02:A012")).toEqual({ kind: "ticket" });
    expect(readScan("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html")).toEqual({ kind: "not_receipt" });
    expect(readScan("http://192.168.1.10:8080/d/")).toEqual({ kind: "not_receipt" });
    expect(readScan("8935049501234")).toEqual({ kind: "not_receipt" }); // a product's barcode
  });

  it("says nothing was typed, or that what was typed is not a code", () => {
    expect(readTyped("")).toEqual({ kind: "empty" });
    expect(readTyped("   ")).toEqual({ kind: "empty" });
    expect(readTyped("000.00.00.H55-2612")).toEqual({ kind: "invalid" });
    expect(readTyped("000.00.00.H55-261202-0001")).toEqual({ kind: "code", code: "000.00.00.H55-261202-0001" });
  });
});

describe("the code keyboard", () => {
  it("has digits, capitals, '.' and '-', and stops at the longest code", () => {
    const keys = codeKeys.rows.flat();
    for (const k of ["0", "9", "A", "H", "Z", ".", "-"]) expect(keys).toContain(k);
    expect(keys.every((k) => k.length === 1 && k === k.toUpperCase())).toBe(true);
    expect(codeKeys.space).toBeFalsy();
    expect(codeKeys.candidates).toBeUndefined();
    let s = "";
    for (const ch of "000.00.00.H55-261202-0001") s = codeKeys.press(s, ch);
    expect(readCode(s)).toBe("000.00.00.H55-261202-0001");
    expect(codeKeys.press("1".repeat(64), "2")).toBe("1".repeat(64));
  });

  it("shows a code's shape with this desk's agency code and the day, itself a valid code", () => {
    const now = Date.parse("2026-12-02T09:00:00+07:00");
    expect(exampleCode("000.00.00.H55", now)).toBe("000.00.00.H55-261202-0001");
    expect(exampleCode("", now)).toBe("000.00.06.H56-261202-0001");
    // 23:30 UTC on 1 December is already 2 December in Vietnam.
    expect(exampleCode("H55", Date.parse("2026-12-01T23:30:00Z"))).toBe("H55-261202-0001");
    expect(readCode(exampleCode("000.00.00.H55", now))).not.toBeNull();
  });
});

describe("dates and states", () => {
  it("writes times in Vietnam's time as the receipt does, whatever the machine's zone", () => {
    expect(formatWhen("2026-12-02T09:00:02.84465+07:00", "vi")).toBe("09 giờ 00, ngày 02/12/2026");
    expect(formatWhen("2026-12-31T17:30:00Z", "vi")).toBe("00 giờ 30, ngày 01/01/2027");
    expect(formatWhen("2026-12-02T02:05:00Z", "en")).toBe("09:05, 02/12/2026");
    expect(formatAppointment("2026-12-07T09:00:02+07:00", "vi")).toBe("Sau 09 giờ 00, ngày 07/12/2026");
    expect(formatAppointment("2026-12-07T13:30:00+07:00", "en")).toBe("after 13:30, 07/12/2026");
  });

  it("maps the server's errors and what to do about each problem", () => {
    expect(problemOf("invalid")).toBe("invalid");
    expect(problemOf("not_found")).toBe("not_found");
    expect(problemOf("too_many")).toBe("limited");
    expect(problemOf("unavailable")).toBe("unavailable");
    expect(problemOf("internal")).toBe("unavailable");
    expect(todoOf("cccd")).toBe("scan");
    expect(todoOf("not_receipt")).toBe("scan");
    expect(todoOf("not_found")).toBe("check");
    expect(todoOf("invalid")).toBe("check");
    expect(todoOf("limited")).toBe("wait");
    expect([2, 4, 5, 6, 9, 3, 8, 10].map(adviceOf)).toEqual(["", "", "supplement", "paying", "ready", "reason", "reason", ""]);
  });

  it("has every problem, advice and to-do in both languages", () => {
    for (const p of ["empty", "invalid", "cccd", "ticket", "not_receipt", "not_found", "limited", "unavailable"] as const) {
      expect(vi[`problem_${p}`], p).toBeTruthy();
      expect(en[`problem_${p}`], p).toBeTruthy();
      expect(vi[`todo_${todoOf(p)}`]).toBeTruthy();
    }
    for (const s of [3, 5, 6, 8, 9]) expect(vi[`advice_${adviceOf(s)}` as keyof typeof vi]).toBeTruthy();
  });

  it("speaks each state by the name the server gives it (kiosk/dossier_status.go)", () => {
    const go = readFileSync(fileURLToPath(new URL("../../../../../kiosk/dossier_status.go", import.meta.url)), "utf8");
    const names = [...go.matchAll(/^\s+Dossier\w+:\s+\{"([^"]+)", "([^"]+)"/gm)].map((m) => [m[1], m[2]]);
    expect(names).toHaveLength(10);
    names.forEach(([nameVi, nameEn], i) => {
      expect(vi[`status_${i + 1}` as keyof typeof vi]).toBe(nameVi);
      expect(en[`status_${i + 1}` as keyof typeof en]).toBe(nameEn);
    });
  });
});

describe("Nghe on the look-up", () => {
  const d: PublicDossier = {
    code: "000.00.00.H55-261202-0001",
    procedure: "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
    status: 5,
    status_name: "Chờ bổ sung giấy tờ",
    status_name_en: "Awaiting documents",
    received_at: "2026-12-02T09:00:00+07:00",
    appointment: "2026-12-07T09:00:00+07:00",
    overdue: true,
    applicant_masked: "Nguyễn V. A.",
  };

  it("says how to look up, then the state, what it asks and that the dates are on screen", () => {
    expect(lookupSpeech({ dossier: null, problem: null })).toEqual([prompt("lookup.title"), prompt("speech.lookup"), prompt("speech.help")]);
    expect(lookupSpeech({ dossier: d, problem: null })).toEqual([
      prompt("lookup.status"),
      prompt("lookup.status_5"),
      prompt("lookup.overdue"),
      prompt("lookup.advice_supplement"),
      prompt("speech.lookup_result"),
      prompt("speech.help"),
    ]);
    expect(lookupSpeech({ dossier: { ...d, status: 4, overdue: false }, problem: null })).toEqual([
      prompt("lookup.status"),
      prompt("lookup.status_4"),
      prompt("speech.lookup_result"),
      prompt("speech.help"),
    ]);
    expect(lookupSpeech({ dossier: d, problem: "cccd" })).toEqual([prompt("lookup.problem_cccd"), prompt("lookup.todo_scan"), prompt("speech.help")]);
    expect(lookupSpeech({ dossier: null, problem: "not_found" })).toEqual([prompt("lookup.problem_not_found"), prompt("lookup.todo_check"), prompt("speech.help")]);
  });

  it("never says the name, the code or the procedure: fixed prompts only", () => {
    for (const status of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const said = lookupSpeech({ dossier: { ...d, status }, problem: null });
      expect(said.every((s) => "prompt" in s)).toBe(true);
      const text = said.map((s) => ("prompt" in s ? vi[s.prompt.replace("lookup.", "") as keyof typeof vi] ?? "" : "")).join(" ");
      for (const secret of ["Nguyễn", "V. A.", "0001", "hôn nhân"]) expect(text).not.toContain(secret);
    }
  });
});
