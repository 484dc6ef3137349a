import { describe, expect, it } from "vitest";
import { fromKey, merge, screenKey } from "./help";

describe("help requests on the counter page", () => {
  it("names the kiosk screens and the device", () => {
    expect(screenKey("/kiosk")).toBe("common.screen_home");
    expect(screenKey("/kiosk/procedures/1.001193")).toBe("common.screen_procedures");
    expect(screenKey("/kiosk/ticket")).toBe("common.screen_ticket");
    expect(screenKey("/kiosk/lookup")).toBe("common.screen_lookup");
    expect(screenKey("/kiosk/rate")).toBe("common.screen_rate");
    expect(screenKey("/kiosk/unknown")).toBe("");
    expect(fromKey("window")).toBe("counter.help_from_kiosk");
    expect(fromKey("192.0.2.30")).toBe("counter.help_from_device");
  });

  it("keeps one request per device, the newest last", () => {
    const a = { id: 1, screen: "/kiosk", from: "window", at: "" };
    const b = { id: 2, screen: "/kiosk/ticket", from: "192.0.2.30", at: "" };
    const a2 = { id: 3, screen: "/kiosk/procedures", from: "window", at: "" };
    expect(merge(merge(merge([], a), b), a2).map((h) => h.id)).toEqual([2, 3]);
    expect(merge([a], a).map((h) => h.id)).toEqual([1]);
  });
});
