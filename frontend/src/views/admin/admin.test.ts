import { describe, expect, it } from "vitest";
import { formError, fromForm, humanBytes, humanDuration, lineId, marks, nextCounterId, printerLink, printerState, toForm, updateState, vnTime, series, bucketLabel, vnDay, presets, type Report, type UpdateHealth } from "./admin";
import { translate } from "../../lib/i18n";

describe("admin helpers", () => {
  it("says sizes in human units", () => {
    expect(humanBytes(81_637_000_000, "vi")).toBe("76,0 GB");
    expect(humanBytes(81_637_000_000, "en")).toBe("76.0 GB");
    expect(humanBytes(512, "vi")).toBe("512 B");
    expect(humanBytes(3 * 1048576 + 200_000, "en")).toBe("3.2 MB");
    expect(humanBytes(300 * 1048576, "en")).toBe("300 MB");
  });
  it("says durations in minutes and hours", () => {
    const w = { h: "giờ", min: "phút", s: "giây" };
    expect(humanDuration(45, w)).toBe("45 giây");
    expect(humanDuration(754, w)).toBe("13 phút");
    expect(humanDuration(3900, w)).toBe("1 giờ 5 phút");
    expect(humanDuration(7200, w)).toBe("2 giờ");
  });
  it("splits a day into morning and afternoon and back", () => {
    expect(toForm(["07:00-11:30", "13:30-17:00"])).toEqual({ open: true, morning: ["07:00", "11:30"], afternoon: ["13:30", "17:00"] });
    expect(fromForm(toForm(["07:30-11:30"]))).toEqual(["07:30-11:30"]);
    expect(toForm(["13:30-17:00"]).morning).toEqual(["", ""]);
    expect(fromForm({ ...toForm([]), open: false })).toEqual([]);
    expect(toForm(null).open).toBe(false);
  });
  it("marks the box a refusal names", () => {
    const err = formError({ text: () => "Dịch vụ «A»: …", field: "queue.services[2].prefix" }, "vi");
    expect(marks(err, "queue.services[2].prefix")).toBe(true);
    expect(marks(err, "queue.services[2]")).toBe(true);
    expect(marks(err, "queue.services[1].prefix")).toBe(false);
    expect(marks(null, "x")).toBe(false);
    expect(err.message).toBe("Dịch vụ «A»: …");
    expect(formError(new Error("boom"), "vi")).toEqual({ message: "Error: boom" });
  });
  it("makes ids for new lines and counters", () => {
    expect(lineId("Tư pháp – Đất đai", ["tu-phap-dat-dai"])).toBe("tu-phap-dat-dai-2");
    expect(lineId("!!!", [])).toBe("dichvu");
    expect(nextCounterId([{ id: 1, name: "", services: [] }, { id: 4, name: "", services: [] }])).toBe(5);
  });
});

describe("devices in words", () => {
  it("names the printer's connection, not its URI", () => {
    expect(printerLink("serial:///dev/ttyUSB0?baud=115200")).toEqual({ key: "admin.printer_serial_baud", vars: { dev: "/dev/ttyUSB0", baud: "115200" } });
    expect(printerLink("usblp:///dev/usb/lp0")).toEqual({ key: "admin.printer_usb", vars: { dev: "/dev/usb/lp0" } });
    expect(printerLink("winspool:EPSON%20TM-T82?paper=58")).toEqual({ key: "admin.printer_windows", vars: { name: "EPSON TM-T82" } });
    expect(printerLink("tcp://192.0.2.50:9100")).toEqual({ key: "admin.printer_tcp", vars: { host: "192.0.2.50" } });
    expect(printerLink("tcp://192.0.2.50:9101?paper=58")).toEqual({ key: "admin.printer_tcp", vars: { host: "192.0.2.50:9101" } });
    expect(printerLink("usblp:///dev/usb/lp0?paper=58").vars).toEqual({ dev: "/dev/usb/lp0" });
    expect(printerLink("virtual:").key).toBe("admin.printer_virtual");
  });
  it("says the printer's state", () => {
    const p = { configured: "virtual:", online: true, queued: 0 };
    expect(printerState(p)).toBe("admin.printer_online");
    expect(printerState({ ...p, paper_low: true })).toBe("admin.printer_paper_low");
    expect(printerState({ ...p, paper_out: true, paper_low: true })).toBe("admin.printer_paper_out");
    expect(printerState({ ...p, cover_open: true })).toBe("admin.printer_cover_open");
    expect(printerState({ ...p, online: false, paper_out: true })).toBe("admin.printer_offline");
  });
  it("says a sync time as a clock reading, with the date when not today", () => {
    const now = Date.parse("2026-12-01T09:00:00+07:00");
    expect(vnTime("2026-12-01T07:02:00Z", now)).toBe("14:02");
    expect(vnTime("2026-11-28T07:02:00Z", now)).toBe("14:02 28/11");
  });
  it("says what became of the last update, with the reason in the page's language", () => {
    const now = Date.parse("2026-12-01T15:00:00+07:00");
    const say = (u: UpdateHealth, lang: string) => {
      const s = updateState(u, lang, now, translate(lang, "admin.update_unknown_version"));
      return [translate(lang, s.key, s.vars), s.bad] as const;
    };
    const at = "2026-12-01T07:02:00Z";
    expect(say({ version: "1.5.0", from: "1.4.2", state: "installed", at }, "vi")).toEqual(["Đã cập nhật lên 1.5.0 lúc 14:02", false]);
    expect(say({ version: "1.5.0", from: "1.4.2", state: "trying", at }, "en")[0]).toMatch(/^Trying 1\.5\.0 \(replacing 1\.4\.2\) since 14:02;/);
    const rolled: UpdateHealth = { version: "1.5.0", from: "1.4.2", state: "rolled_back", at: "2026-11-30T07:07:00Z",
      reason: "not healthy within 5m0s of its first start", reason_vi: "bản mới không báo khoẻ trong 5 phút" };
    expect(say(rolled, "vi")).toEqual(["Đã quay lại 1.4.2 lúc 14:07 30/11 (bản 1.5.0 không dùng được): bản mới không báo khoẻ trong 5 phút", true]);
    expect(say(rolled, "en")).toEqual(["Went back to 1.4.2 at 14:07 30/11 (1.5.0 did not work): not healthy within 5m0s of its first start", true]);
    // A refusal whose bundle named no version, from a kiosk that wrote no Vietnamese reason.
    expect(say({ version: "", from: "1.4.2", state: "refused", at, reason: "update: no binaries" }, "vi")).toEqual([
      "Đã từ chối bản cập nhật (không rõ phiên bản) lúc 14:02, vẫn chạy 1.4.2: update: no binaries",
      true,
    ]);
    expect(say({ version: "1.5.0", from: "1.4.2", state: "refused", at, reason_vi: "chữ ký không hợp lệ", reason: "bad signature" }, "vi")[0]).toBe(
      "Đã từ chối bản cập nhật 1.5.0 lúc 14:02, vẫn chạy 1.4.2: chữ ký không hợp lệ",
    );
  });
});

describe("reports", () => {
  const r = {
    from: "2026-11-30",
    to: "2026-12-06",
    period: "day",
    by: "counter",
    buckets: [
      { key: "2026-11-30", from: "2026-11-30", to: "2026-11-30" },
      { key: "2026-12-01", from: "2026-12-01", to: "2026-12-01" },
    ],
    groups: [
      { key: "1", name: "Quầy 1" },
      { key: "2", name: "Quầy 2" },
    ],
    rows: [
      { bucket: "2026-11-30", group: "1", issued: 5 },
      { bucket: "2026-12-01", group: "2", issued: 7 },
    ],
  } as unknown as Report;
  it("lays rows out as one series per group, a gap where a group had nothing", () => {
    expect(series(r, (f) => f.issued)).toEqual([
      { group: "1", name: "Quầy 1", values: [5, null] },
      { group: "2", name: "Quầy 2", values: [null, 7] },
    ]);
  });
  it("labels periods", () => {
    expect(bucketLabel("day", { from: "2026-12-02", to: "2026-12-02" })).toBe("02/12");
    expect(bucketLabel("week", { from: "2026-11-30", to: "2026-12-06" })).toBe("30/11–06/12");
    expect(bucketLabel("month", { from: "2026-12-01", to: "2026-12-31" })).toBe("12/2026");
  });
  it("offers ranges from the Vietnam day", () => {
    expect(vnDay(Date.parse("2026-12-01T18:30:00Z"))).toBe("2026-12-02");
    const p = presets("2026-12-02");
    expect(p.week).toEqual({ from: "2026-11-30", to: "2026-12-02" });
    expect(p.month).toEqual({ from: "2026-12-01", to: "2026-12-02" });
    expect(p.last_month).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(presets("2026-03-15").last_month).toEqual({ from: "2026-02-01", to: "2026-02-28" });
  });
});
