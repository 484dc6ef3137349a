// The one way pages talk to the kiosk server: JSON over HTTP and live events over SSE,
// the same in the Wails window and in a LAN browser (see transport.ts).
import { writable, type Readable } from "svelte/store";
import { chooseTransport, type Transport } from "./transport";
import { parseSSE } from "./sse";

export const transport: Transport = chooseTransport(
  { protocol: location.protocol, port: location.port },
  { dev: import.meta.env.DEV, hasEventSource: typeof EventSource !== "undefined" },
);

/** ApiError carries the server's error: a code for programs, a Vietnamese message for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly field?: string,
    /** Tells apart refusals of one code that a screen answers differently (docs/api.md, "Errors"). */
    readonly reason?: string,
  ) {
    super(messageVi);
  }
  /** The message in the screen's language. */
  text(lang: string): string {
    return lang === "en" ? this.messageEn || this.messageVi : this.messageVi;
  }
}

const offline = () =>
  new ApiError(0, "unavailable", "Không kết nối được máy chủ kiosk. Xin thử lại.", "Cannot reach the kiosk server. Please try again.");

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  // A Blob (a photo, a bundle) goes as it is, with its own type; anything else as JSON.
  const raw = body instanceof Blob;
  try {
    res = await fetch(transport.apiBase + path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": raw ? body.type || "application/octet-stream" : "application/json" },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw offline();
  }
  const text = await res.text();
  let data: any = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    if (!res.ok) throw new ApiError(res.status, "internal", "Máy chủ trả lời không hợp lệ.", "The server sent an invalid reply.");
  }
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? "internal", e.message ?? "Đã có lỗi.", e.message_en ?? "Something went wrong.", e.field, e.reason);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body: unknown = {}) => request<T>("POST", path, body),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  /** upload sends a file as the request body (a photo, a catalog bundle). */
  upload: <T>(path: string, file: Blob) => request<T>("POST", path, file),
  events: subscribe,
};

// ---- live events ----

type Handler = (data: any) => void;
const handlers = new Map<string, Set<Handler>>();
const connectedStore = writable(false);
/** Whether the live event stream is connected (screens show an indicator). */
export const connected: Readable<boolean> = connectedStore;

let started = false;
let source: EventSource | null = null;

/** subscribe calls handler with each event of kind; it returns the function that stops it. */
function subscribe(kind: string, handler: Handler): () => void {
  if (!handlers.has(kind)) {
    handlers.set(kind, new Set());
    source?.addEventListener(kind, listener(kind));
  }
  handlers.get(kind)!.add(handler);
  if (!started) {
    started = true;
    connect(0);
  }
  return () => handlers.get(kind)?.delete(handler);
}

function dispatch(kind: string, raw: string) {
  let data: unknown = null;
  try {
    data = JSON.parse(raw);
  } catch {
    return;
  }
  if (kind === "hello") connectedStore.set(true);
  handlers.get(kind)?.forEach((h) => h(data));
}

function listener(kind: string) {
  return (e: MessageEvent) => dispatch(kind, e.data);
}

// connect opens the stream; on loss it retries with backoff up to 10 s. A reconnect gets a
// fresh "hello", on which screens re-read their state, so nothing missed stays missed.
function connect(attempt: number) {
  const url = transport.apiBase + "/api/v1/events";
  const retry = () => {
    connectedStore.set(false);
    setTimeout(() => connect(attempt + 1), Math.min(10_000, 500 * 2 ** attempt));
  };
  if (transport.events === "eventsource") {
    const es = new EventSource(url);
    source = es;
    for (const kind of new Set([...handlers.keys(), "hello"])) es.addEventListener(kind, listener(kind));
    es.addEventListener("hello", () => (attempt = 0));
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) {
        source = null;
        retry();
      } else {
        connectedStore.set(false); // EventSource reconnects by itself
      }
    };
    return;
  }
  streamFetch(url).then(retry, retry);
}

async function streamFetch(url: string) {
  const res = await fetch(url, { headers: { Accept: "text/event-stream" } });
  if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const { messages, rest } = parseSSE(buffer + value);
    buffer = rest;
    for (const m of messages) dispatch(m.event, m.data);
  }
}

// ---- audio ----

/**
 * playClip plays a sound from the server; inside the Wails window via a blob: URL. An
 * aborted signal stops it at once (a touch stops "Nghe"), and the promise resolves.
 * volume (0–1) is the element's own, under the PC's mixer; 1 when not given.
 */
export async function playClip(path: string, signal?: AbortSignal, volume = 1): Promise<void> {
  let src = transport.apiBase + path;
  let revoke = "";
  if (transport.audio === "blob") {
    const res = await fetch(src, { signal });
    if (!res.ok) throw new Error(`clip ${path}: ${res.status}`);
    src = revoke = URL.createObjectURL(await res.blob());
  }
  try {
    if (signal?.aborted) return;
    const audio = new Audio(src);
    audio.volume = volume;
    await new Promise<void>((resolve, reject) => {
      const stop = () => {
        audio.pause();
        resolve();
      };
      signal?.addEventListener("abort", stop, { once: true });
      audio.onended = () => resolve();
      audio.onerror = () => reject(new Error(`clip ${path}: cannot play`));
      audio.play().catch(reject);
    });
  } finally {
    if (revoke) URL.revokeObjectURL(revoke);
  }
}

/** silentWav is 50 ms of silence, 8 kHz mono 16-bit: enough to unlock audio. */
function silentWav(): Blob {
  const samples = 400;
  const buf = new ArrayBuffer(44 + samples * 2);
  const v = new DataView(buf);
  const text = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  text(0, "RIFF");
  v.setUint32(4, 36 + samples * 2, true);
  text(8, "WAVEfmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, 8000, true);
  v.setUint32(28, 16000, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, "data");
  v.setUint32(40, samples * 2, true);
  return new Blob([buf], { type: "audio/wav" });
}

/**
 * unlockAudio plays silence; call it from a tap. Browsers (and WebKitGTK in the window)
 * allow sound only after a gesture, and the hall must not hear a made-up call for it.
 */
export async function unlockAudio(): Promise<void> {
  const url = URL.createObjectURL(silentWav());
  try {
    await new Audio(url).play();
  } finally {
    URL.revokeObjectURL(url);
  }
}
