import { describe, expect, it } from "vitest";
import { serviceForField, shownCounters } from "./queue";
import { hashParams } from "./router";

const services = [
  { id: "hotich", name: "Hộ tịch", name_en: "", prefix: "A", fields: ["Hộ tịch", "Chứng thực"] },
  { id: "khac", name: "Khác", name_en: "", prefix: "D" },
];

describe("serviceForField", () => {
  it("finds the line for a field, whatever the Unicode form", () => {
    expect(serviceForField(services, "Chứng thực".normalize("NFD"))?.id).toBe("hotich");
  });
  it("falls back to the catch-all line", () => {
    expect(serviceForField(services, "Đất đai")?.id).toBe("khac");
  });
});

describe("hashParams", () => {
  it("reads the query of a hash route", () => {
    expect(hashParams("#/kiosk/ticket?service=hotich&x=1").get("service")).toBe("hotich");
    expect(hashParams("#/kiosk/ticket").get("service")).toBeNull();
  });
});

describe("display counters", () => {
  const cs = [{ id: 1 }, { id: 2 }, { id: 3 }];
  it("shows every counter when none is chosen, else only the chosen", () => {
    expect(shownCounters(cs, [])).toEqual(cs);
    expect(shownCounters(cs, [3, 1])).toEqual([{ id: 1 }, { id: 3 }]);
  });
});
