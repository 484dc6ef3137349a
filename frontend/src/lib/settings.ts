// The public screens' settings an admin sets (GET /api/v1/settings): the display's sound and
// counters, the kiosk's idle time-out, languages and large text. Loaded once per page and
// again on every SSE "settings" (a change) and "hello" (a reconnection).
import { writable, type Readable } from "svelte/store";
import { api } from "./api";

export interface ScreenSettings {
  display: { sound: boolean; counters: number[] };
  kiosk: { idle_seconds: number; languages: string[]; large_text: boolean; auto_speak: boolean };
}

export const defaultSettings: ScreenSettings = {
  display: { sound: true, counters: [] },
  kiosk: { idle_seconds: 90, languages: ["vi", "en"], large_text: false, auto_speak: false },
};

const store = writable<ScreenSettings>(defaultSettings);
/** settings is the store screens read; defaults until the server answers. */
export const settings: Readable<ScreenSettings> = store;

let started = false;
/** watchSettings loads the settings and follows changes; calling it again does nothing. */
export function watchSettings(): void {
  if (started) return;
  started = true;
  const load = () =>
    api.get<ScreenSettings>("/api/v1/settings").then(
      (s) => store.set(s),
      () => {},
    );
  load();
  api.events("settings", (s: ScreenSettings) => store.set(s));
  api.events("hello", load);
}
