import { describe, expect, it } from "vitest";
import { dictionaries, screenOf, translate } from "./i18n";

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

  it("remembers the language per screen, the kiosk's sub-screens sharing one", () => {
    expect(screenOf("/kiosk")).toBe("kiosk");
    expect(screenOf("/kiosk/ticket")).toBe("kiosk");
    expect(screenOf("/counter")).toBe("counter");
    expect(screenOf("")).toBe("kiosk");
  });
});
