// The kiosk's own facts (commune, version) and its clock, read once per page load.
import { writable } from "svelte/store";
import { api } from "./api";

export interface Info {
  commune: { name: string; code: string; agency_code: string; province: string };
  version: string;
  kiosk_mode: boolean;
  language: string;
  voice?: { repeat: boolean; digits: boolean };
  /** Demo mode: every screen shows the DEMO band (lib/DemoBand.svelte). */
  demo?: boolean;
  /** Whether the kiosk still needs its first-run setup, and whether this screen may do it. */
  setup?: { required: boolean; here: boolean };
  server_time: string;
}

export const info = writable<Info | null>(null);

let loading: Promise<void> | null = null;

// The server's clock minus this device's. The server's is the product's one clock (what
// opening hours and the day's numbering go by), so screens show its time, not the device's.
let offsetMs = 0;

/** serverNow is the server's time now, in ms since the epoch (the device's until info has loaded). */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** loadInfo fetches /api/v1/info once; callers may call it freely. */
export function loadInfo(): Promise<void> {
  loading ??= api.get<Info>("/api/v1/info").then(
    (i) => {
      const t = Date.parse(i.server_time);
      if (!Number.isNaN(t)) offsetMs = t - Date.now();
      info.set(i);
    },
    () => {
      loading = null; // try again next time
    },
  );
  return loading;
}

/** reloadInfo fetches /api/v1/info again: after the first-run setup, which names the commune. */
export function reloadInfo(): Promise<void> {
  loading = null;
  return loadInfo();
}
