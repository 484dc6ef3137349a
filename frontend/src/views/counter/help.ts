// How the counter page names a "Gọi cán bộ" request: which screen, and which device.

export interface HelpRequest {
  id: number;
  screen: string;
  from: string;
  at: string;
}

/** screenKey is the locale key naming the kiosk screen at path ("/kiosk/ticket" → "common.screen_ticket"). */
export function screenKey(path: string): string {
  const [, area, sub] = path.split("/");
  if (area !== "kiosk") return "";
  if (!sub) return "common.screen_home";
  if (sub === "procedures") return "common.screen_procedures";
  if (sub === "ticket") return "common.screen_ticket";
  if (sub === "lookup") return "common.screen_lookup";
  if (sub === "rate") return "common.screen_rate";
  return "";
}

/** fromKey is the locale key naming the device: the kiosk itself, or another screen on the LAN. */
export function fromKey(from: string): string {
  return from === "window" ? "counter.help_from_kiosk" : "counter.help_from_device";
}

/** merge adds or replaces h (a device that asks again keeps one request), oldest first. */
export function merge(list: HelpRequest[], h: HelpRequest): HelpRequest[] {
  return [...list.filter((x) => x.from !== h.from && x.id !== h.id), h];
}

