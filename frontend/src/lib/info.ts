// The kiosk's own facts (commune, version), read once per page load.
import { writable } from "svelte/store";
import { api } from "./api";

export interface Info {
  commune: { name: string; code: string; agency_code: string; province: string };
  version: string;
  kiosk_mode: boolean;
  language: string;
  voice?: { repeat: boolean; digits: boolean };
  server_time: string;
}

export const info = writable<Info | null>(null);

let loading: Promise<void> | null = null;

/** loadInfo fetches /api/v1/info once; callers may call it freely. */
export function loadInfo(): Promise<void> {
  loading ??= api.get<Info>("/api/v1/info").then(
    (i) => info.set(i),
    () => {
      loading = null; // try again next time
    },
  );
  return loading;
}
