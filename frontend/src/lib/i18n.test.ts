import { describe, expect, it } from "vitest";
import { coverage, dictionaries, languages, screenOf, translate } from "./i18n";

describe("i18n", () => {
  it("namespaces keys by area file and language", () => {
    const d = dictionaries({
      "../locales/vi/kiosk.json": { title: "Lấy số" },
      "../locales/en/kiosk.json": { title: "Take a number" },
    });
    expect(d.vi["kiosk.title"]).toBe("Lấy số");
    expect(d.en["kiosk.title"]).toBe("Take a number");
  });

  it("fills placeholders and falls back to the key", () => {
    expect(translate("vi", "common.people_ahead", { n: 3 })).toContain("3");
    expect(translate("en", "no.such.key")).toBe("no.such.key");
  });

  it("says English plurals right, and Vietnamese has no plural forms to need", () => {
    expect(translate("en", "catalog.procedures_count", { n: 1 })).toBe("1 procedure");
    expect(translate("en", "catalog.procedures_count", { n: 2 })).toBe("2 procedures");
    expect(translate("en", "catalog.procedures_count", { n: 0 })).toBe("0 procedures");
    expect(translate("en", "display.people", { n: 1 })).toBe("1 person");
    expect(translate("en", "counter.calls", { n: 1 })).toBe("Called once");
    expect(translate("vi", "catalog.procedures_count", { n: 1 })).toBe("1 thủ tục");
  });

  it("offers the minority languages by ISO 639-3 code, in Vietnamese where untranslated", () => {
    expect(languages.map((l) => l.code)).toEqual(["vi", "en", "bdq", "jra", "rad"]);
    const src = {
      vi: { "kiosk.title": "Lấy số", "kiosk.hint": "Chạm vào đây", "catalog.count": "{n} thủ tục" },
      jra: { "kiosk.title": "(Jrai)" },
    };
    expect(translate("bdq", "kiosk.title", {}, src)).toBe("Lấy số");
    expect(translate("jra", "kiosk.title", {}, src)).toBe("(Jrai)");
    expect(translate("jra", "kiosk.hint", {}, src)).toBe("Chạm vào đây");
    expect(translate("jra", "catalog.count", { n: 1 }, src)).toBe("1 thủ tục");
    expect(coverage("vi", src)).toBe(1);
    expect(coverage("bdq", src)).toBe(0);
    expect(coverage("jra", src)).toBeCloseTo(1 / 3);
    expect(coverage("en")).toBe(1);
  });

  it("remembers the language per screen, the kiosk's sub-screens sharing one", () => {
    expect(screenOf("/kiosk")).toBe("kiosk");
    expect(screenOf("/kiosk/ticket")).toBe("kiosk");
    expect(screenOf("/counter")).toBe("counter");
    expect(screenOf("")).toBe("kiosk");
  });
});
