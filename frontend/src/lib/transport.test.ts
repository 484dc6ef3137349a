import { describe, expect, it } from "vitest";
import { chooseTransport } from "./transport";

describe("chooseTransport", () => {
  it("uses the in-process handler and blob audio inside the Wails window", () => {
    const t = chooseTransport({ protocol: "wails:", port: "" });
    expect(t).toEqual({ kind: "wails", apiBase: "", audio: "blob", events: "eventsource" });
  });

  it("uses plain same-origin URLs in a LAN browser", () => {
    const t = chooseTransport({ protocol: "http:", port: "8080" });
    expect(t.kind).toBe("lan");
    expect(t.audio).toBe("url");
    expect(t.apiBase).toBe("");
  });

  it("marks the Vite dev server, whose proxy forwards /api", () => {
    expect(chooseTransport({ protocol: "http:", port: "5173" }, { dev: true }).kind).toBe("dev");
  });

  it("falls back to a streaming fetch where EventSource is missing", () => {
    expect(chooseTransport({ protocol: "wails:", port: "" }, { hasEventSource: false }).events).toBe("fetch-stream");
  });

  it("refuses a page opened from a file, in Vietnamese", () => {
    expect(() => chooseTransport({ protocol: "file:", port: "" })).toThrow(/máy chủ kiosk/);
  });
});
