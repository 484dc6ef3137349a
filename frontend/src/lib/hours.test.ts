import { describe, expect, it } from "vitest";
import { inVietnam, refreshDelay, weekGroups, weekText, type DayKey, type Hours } from "./hours";

const names: Record<DayKey, string> = { mon: "Thứ Hai", tue: "Thứ Ba", wed: "Thứ Tư", thu: "Thứ Năm", fri: "Thứ Sáu", sat: "Thứ Bảy", sun: "Chủ nhật" };
const day = ["07:00-11:30", "13:30-17:00"];
const commune: Hours["week"] = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: ["07:30-11:30"], sun: null };

describe("weekText", () => {
  it("joins the working days with the same hours and leaves closed days out", () => {
    expect(weekText(commune, (d) => names[d])).toBe("Thứ Hai – Thứ Sáu 07:00–11:30, 13:30–17:00 · Thứ Bảy 07:30–11:30");
  });
  it("does not join days across a closed one", () => {
    const w: Hours["week"] = { mon: day, tue: [], wed: day };
    expect(weekGroups(w).map((g) => `${g.from}-${g.to}`)).toEqual(["mon-mon", "wed-wed"]);
  });
  it("says nothing for a week with no session", () => {
    expect(weekText({}, (d) => names[d])).toBe("");
  });
});

describe("inVietnam", () => {
  it("reads an instant in UTC+7 whatever the machine's zone", () => {
    expect(inVietnam("2026-12-03T00:00:00Z")).toEqual({ day: "thu", time: "07:00", date: "03/12", year: 2026 });
    expect(inVietnam("2026-12-06T23:30:00Z")).toEqual({ day: "mon", time: "06:30", date: "07/12", year: 2026 });
    expect(inVietnam("2026-12-02T13:30:00+07:00")).toEqual({ day: "wed", time: "13:30", date: "02/12", year: 2026 });
    // New Year in Vietnam while it is still the old year in UTC.
    expect(inVietnam("2026-12-31T17:00:00Z").year).toBe(2027);
  });
});

describe("refreshDelay", () => {
  const now = Date.parse("2026-12-02T11:00:00+07:00");
  it("waits until just past the end of the session when open", () => {
    expect(refreshDelay({ open: true, today: day, week: commune, closes: "2026-12-02T11:30:00+07:00" }, now)).toBe(30 * 60_000 + 1000);
  });
  it("waits at most an hour, and at least a second", () => {
    expect(refreshDelay({ open: false, today: [], week: commune, next_open: "2026-12-03T07:00:00+07:00" }, now)).toBe(3_600_000);
    expect(refreshDelay({ open: false, today: [], week: {} }, now)).toBe(3_600_000);
    expect(refreshDelay({ open: true, today: day, week: commune, closes: "2026-12-02T10:00:00+07:00" }, now)).toBe(1000);
  });
});
