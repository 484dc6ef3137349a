// The desk's working hours as the server reports them in the hall's state (GET
// /api/v1/queue → hours): whether numbers are issued now, and the words to say when not.
// The server decides; the page only formats and knows when to ask again.

export type DayKey = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
export const week: DayKey[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const bySunday: DayKey[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

export interface Hours {
  open: boolean;
  today: string[]; // "07:00-11:30"
  week: Partial<Record<DayKey, string[] | null>>;
  closes?: string; // when open: the end of this session (RFC 3339)
  next_open?: string; // when closed: the next session's start, if any within a week
}

/** showSession writes a session as people read it: "07:00-11:30" → "07:00–11:30". */
export function showSession(s: string): string {
  return s.replace("-", "–");
}

/** weekGroups joins consecutive days with the same sessions; closed days are left out. */
export function weekGroups(w: Hours["week"]): { from: DayKey; to: DayKey; sessions: string[] }[] {
  const out: { from: DayKey; to: DayKey; sessions: string[] }[] = [];
  for (const d of week) {
    const sessions = w[d] ?? [];
    const last = out.at(-1);
    if (sessions.length === 0) continue;
    if (last && week.indexOf(last.to) === week.indexOf(d) - 1 && last.sessions.join() === sessions.join()) last.to = d;
    else out.push({ from: d, to: d, sessions: [...sessions] });
  }
  return out;
}

/** weekText: "Thứ Hai – Thứ Sáu 07:00–11:30, 13:30–17:00 · Thứ Bảy 07:30–11:30" ("" when never open). */
export function weekText(w: Hours["week"], dayName: (d: DayKey) => string): string {
  return weekGroups(w)
    .map((g) => `${g.from === g.to ? dayName(g.from) : `${dayName(g.from)} – ${dayName(g.to)}`} ${g.sessions.map(showSession).join(", ")}`)
    .join(" · ");
}

const pad = (n: number) => String(n).padStart(2, "0");

/** inVietnam splits an instant into Vietnam's day, "HH:MM", "dd/MM" and year (UTC+7 all year, no daylight saving). */
export function inVietnam(iso: string): { day: DayKey; time: string; date: string; year: number } {
  const d = new Date(Date.parse(iso) + 7 * 3_600_000);
  return {
    day: bySunday[d.getUTCDay()],
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    date: `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}`,
    year: d.getUTCFullYear(),
  };
}

/**
 * refreshDelay is how long to wait before asking the server again: until just past the
 * next change (a session ends or starts), at most an hour, at least a second. nowMs is the
 * server's time as the page knows it.
 */
export function refreshDelay(h: Hours, nowMs: number): number {
  const change = h.open ? h.closes : h.next_open;
  const hour = 3_600_000;
  if (!change) return hour;
  return Math.min(hour, Math.max(1000, Date.parse(change) - nowMs + 1000));
}
