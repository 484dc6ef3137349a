import { describe, expect, it } from "vitest";
import { nameOf, padCounter, shouldAsk, type RatingRequest } from "./pad";

describe("padCounter", () => {
  it("binds the counter in the path, else the one remembered, else asks", () => {
    expect(padCounter("2", null)).toBe(2);
    expect(padCounter("2", "3")).toBe(2);
    expect(padCounter("", "3")).toBe(3);
    expect(padCounter("", null)).toBeNull();
    expect(padCounter("choose", "3")).toBeNull();
  });
  it("refuses what is not a counter number", () => {
    for (const bad of ["0", "-1", "02", "1.5", "1000", "abc", " 2"]) expect(padCounter(bad, null)).toBeNull();
    expect(padCounter("", "garbage")).toBeNull();
  });
});

describe("shouldAsk", () => {
  const req: RatingRequest = { ticket_id: 7, code: "A001", counter_id: 2, service_id: "hotich", finished_at: "" };
  it("asks about its own counter's ticket once", () => {
    expect(shouldAsk(req, 2, null)).toBe(true);
    expect(shouldAsk(req, 2, 6)).toBe(true);
    expect(shouldAsk(req, 2, 7)).toBe(false);
    expect(shouldAsk(req, 1, null)).toBe(false);
  });
});

describe("nameOf", () => {
  it("is Vietnamese first, English when chosen and present", () => {
    const l = { name: "Hài lòng", name_en: "Satisfied" };
    expect(nameOf(l, "vi")).toBe("Hài lòng");
    expect(nameOf(l, "en")).toBe("Satisfied");
    expect(nameOf({ name: "Hài lòng", name_en: "" }, "en")).toBe("Hài lòng");
  });
});
