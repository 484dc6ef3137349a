// Where the API lives and how to reach it. The same pages run in three places:
// - inside the Wails window (location wails://wails): Wails' asset server hands every
//   request that is not an embedded file to the Go handler in-process, so the API is on
//   the same origin; but an <audio> element cannot load a wails:// URL (Wails issue 2090),
//   so sound must be fetched and played from a blob: URL;
// - in a browser on the LAN, served by `motcua serve`: same origin, plain URLs;
// - under Vite's dev server: same origin too, Vite proxies /api to the Go server.

export type TransportKind = "wails" | "lan" | "dev";

export interface Transport {
  kind: TransportKind;
  /** Prefix for API requests; "" means the page's own origin. */
  apiBase: string;
  /** How audio clips are played: from a fetched blob: URL, or by their URL directly. */
  audio: "blob" | "url";
  /** How live events arrive: EventSource, or a streaming fetch where EventSource is missing. */
  events: "eventsource" | "fetch-stream";
}

export interface PageLocation {
  protocol: string;
  port: string;
}

/** chooseTransport decides, from the page's location and the browser's features, how to reach the server. */
export function chooseTransport(loc: PageLocation, opts: { dev?: boolean; hasEventSource?: boolean } = {}): Transport {
  const events = opts.hasEventSource === false ? "fetch-stream" : "eventsource";
  if (loc.protocol === "wails:") {
    return { kind: "wails", apiBase: "", audio: "blob", events };
  }
  if (loc.protocol !== "http:" && loc.protocol !== "https:") {
    throw new Error(`Trang phải được mở qua máy chủ kiosk (http), không phải ${loc.protocol}`);
  }
  return { kind: opts.dev ? "dev" : "lan", apiBase: "", audio: "url", events };
}
