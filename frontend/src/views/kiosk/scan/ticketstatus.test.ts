import { describe, expect, it } from "vitest";
import { rateHref, statusText, ticketStatusSpeech, type TicketPosition } from "./ticketstatus";
import { hashParams } from "../../../lib/router";

const qr = "MC1:T:kiosk-7f3a:2026-12-02:A012";
const waiting: TicketPosition = {
  code: "A012",
  day: "2026-12-02",
  service_name: "Hộ tịch",
  priority: false,
  state: "waiting",
  ahead: 3,
  open_counters: 2,
  text: "Số A012 — Hộ tịch: còn 3 người trước quý vị; 2 quầy đang mở",
  text_en: "Number A012 — Hộ tịch: 3 ahead of you; 2 counters open",
};
const served: TicketPosition = { ...waiting, state: "served", ahead: 0, text: "Số A012 đã được phục vụ xong", text_en: "Number A012 has been served" };

describe("a scanned ticket's status", () => {
  it("shows the server's sentence in the kiosk's language", () => {
    expect(statusText(waiting, "vi")).toBe("Số A012 — Hộ tịch: còn 3 người trước quý vị; 2 quầy đang mở");
    expect(statusText(waiting, "en")).toBe("Number A012 — Hộ tịch: 3 ahead of you; 2 counters open");
    expect(statusText({ ...waiting, text_en: "" }, "en")).toBe(waiting.text);
  });

  it("offers the later rating, with the scanned code, only for a served ticket", () => {
    const go = rateHref(served, qr);
    expect(go?.split("?")[0]).toBe("#/kiosk/rate");
    expect(hashParams(go!).get("code")).toBe(qr);
    for (const state of ["waiting", "called", "serving", "skipped"] as const) expect(rateHref({ ...waiting, state }, qr)).toBeNull();
    expect(rateHref(null, qr)).toBeNull();
  });

  it("Nghe reads fixed prompts and the number only, never the line or the count", () => {
    const said = ticketStatusSpeech(waiting);
    expect(said).toContainEqual({ code: "A012" });
    expect(JSON.stringify(said)).not.toContain("Hộ tịch");
    expect(said.every((s) => "prompt" in s || "code" in s)).toBe(true);
    expect(ticketStatusSpeech(served)).toContainEqual({ prompt: "ratelater.title" });
  });

  it("a call changes what is said, so auto-speak says the called number again", () => {
    const called = ticketStatusSpeech({ ...waiting, state: "called", counter_id: 1, counter_name: "Quầy 1" });
    expect(called).not.toEqual(ticketStatusSpeech(waiting));
    expect(called).toContainEqual({ code: "A012" });
    expect(ticketStatusSpeech({ ...waiting, ahead: 0 })).toEqual(ticketStatusSpeech(waiting));
  });
});
