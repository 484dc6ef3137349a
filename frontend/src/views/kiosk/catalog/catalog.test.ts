import { describe, expect, it } from "vitest";
import { callStaff } from "./staff";
import { displayName, formatAmount, formatDays, formatVND, groupDocuments, inLanguage, searchView, ticketLink, translatedName } from "./format";
import { backspace, candidates, press, replaceLast } from "./keyboard";

describe("catalog helpers", () => {
  it("formats money and days the local way", () => {
    expect(formatVND(8000, "vi")).toBe("8.000 đồng");
    expect(formatVND(1250000, "en")).toBe("1,250,000 VND");
    expect(formatVND(0, "vi")).toBe("0 đồng");
    expect(formatDays(0.5, "vi")).toBe("0,5");
    expect(formatDays(17.5, "en")).toBe("17.5");
    expect(formatAmount(5, "USD", "vi")).toBe("5 USD");
    expect(formatAmount(2.5, "USD", "vi")).toBe("2,5 USD");
  });

  it("keeps every document, papers as checklist items and count-less rows as notes", () => {
    const groups = groupDocuments([
      { name: "Tờ khai", original: 1, copy: 0 },
      { name: "Lưu ý", original: 0, copy: 0 },
      { name: "Giấy chứng sinh", original: 1, copy: 0, case: "Giấy tờ phải nộp" },
      { name: "CCCD", original: 0, copy: 1, case: "Giấy tờ phải nộp" },
    ]);
    expect(groups.map((g) => g.case)).toEqual(["", "Giấy tờ phải nộp"]);
    expect(groups[0].bring.map((d) => d.name)).toEqual(["Tờ khai"]);
    expect(groups[0].notes.map((d) => d.name)).toEqual(["Lưu ý"]);
    expect(groups[1].bring).toHaveLength(2);
  });

  it("names procedures in the screen's language", () => {
    const p = { name: "Thủ tục đăng ký khai sinh", name_en: "Birth registration" };
    expect(displayName(p, "vi")).toBe("Thủ tục đăng ký khai sinh");
    expect(displayName(p, "en")).toBe("Birth registration");
    expect(displayName({ name: "Tách hộ" }, "en")).toBe("Tách hộ");
  });

  it("links Lấy số to the ticket screen with the procedure and its service", () => {
    expect(ticketLink({ code: "1.001193" })).toBe("#/kiosk/ticket?procedure=1.001193");
    expect(ticketLink({ code: "2.000815", service: "chung-thuc" })).toBe("#/kiosk/ticket?procedure=2.000815&service=chung-thuc");
  });
});

describe("on-screen keyboard", () => {
  it("offers the marked forms of the last vowel, and đ after d", () => {
    expect(candidates("dang ky a")).toContain("ă");
    expect(candidates("dang ky a")).toContain("ậ");
    expect(candidates("dang ky a")).not.toContain("a");
    expect(candidates("khai sinh")).toEqual([]);
    expect(candidates("d")).toEqual(["đ"]);
    expect(candidates("")).toEqual([]);
    expect(candidates("kê")).toContain("ế");
  });

  it("replaces the last letter, deletes whole letters, refuses leading and double spaces", () => {
    expect(replaceLast("dang ky", "ý")).toBe("dang ký");
    expect(backspace("khai tử")).toBe("khai t");
    expect(backspace("khai tu\u031B\u0309")).toBe("khai t");
    expect(press("", " ")).toBe("");
    expect(press("dang ", " ")).toBe("dang ");
    expect(press("dang", " ")).toBe("dang ");
    expect(press("x".repeat(80), "a")).toBe("x".repeat(80));
  });
});

describe("search screen", () => {
  const none = { procedures: [], found: false };
  const some = { procedures: [{ code: "1.000656", name: "Thủ tục đăng ký khai tử", field: "Hộ tịch" }], found: true };
  it("shows the fields when nothing is typed, results while searching, and 'not found' only for an answer that says so", () => {
    expect(searchView("", null, false)).toBe("fields");
    expect(searchView("  ", some, false)).toBe("fields");
    expect(searchView("bao tu", null, true)).toBe("results");
    expect(searchView("bao tu", some, false)).toBe("results");
    expect(searchView("ho ngheo", none, false)).toBe("not_found");
    // The next query is on its way: the last answer stays, not a flash of "not found".
    expect(searchView("ho ngheo x", none, true)).toBe("results");
  });

  it("calls a clerk, or asks the villager to go to the desk when the request did not go through", async () => {
    expect(await callStaff(async () => true)).toBe("called");
    expect(await callStaff(async () => false)).toBe("go_to_desk");
  });
});

describe("catalog text in the screen's language", () => {
  // Synthetic markers stand in for translations only a native speaker may write.
  const p = { name: "Thủ tục đăng ký khai sinh", name_en: "Birth registration", names: { bdq: "[bdq] khai sinh" } };

  it("names a procedure in any language the bundle translates, else null", () => {
    expect(translatedName(p, "bdq")).toBe("[bdq] khai sinh");
    expect(translatedName(p, "en")).toBe("Birth registration");
    expect(translatedName(p, "jra")).toBeNull();
    expect(translatedName(p, "vi")).toBe(p.name);
    expect(displayName(p, "jra")).toBe(p.name);
    expect(translatedName({ name: "x", translations: { rad: { name: "[rad] x" } } }, "rad")).toBe("[rad] x");
  });

  it("shows the Vietnamese, marked, where a text has no translation; Vietnamese itself is never marked", () => {
    expect(inLanguage("Lệ phí 8.000 đồng", "[bdq] lệ phí", "bdq")).toEqual({ text: "[bdq] lệ phí", untranslated: false });
    expect(inLanguage("Lệ phí 8.000 đồng", undefined, "bdq")).toEqual({ text: "Lệ phí 8.000 đồng", untranslated: true });
    expect(inLanguage("Lệ phí 8.000 đồng", undefined, "vi")).toEqual({ text: "Lệ phí 8.000 đồng", untranslated: false });
    expect(inLanguage("", undefined, "en").untranslated).toBe(false);
  });
});
