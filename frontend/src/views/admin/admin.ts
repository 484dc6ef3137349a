// Types and words shared by the admin page's sections (docs/api.md): the queue settings as
// PUT /api/v1/admin/queue takes them, staff, the audit list, and how numbers are said to
// people (sizes in MB or GB, durations in minutes and hours, never raw bytes or seconds).
import type { DayKey } from "../../lib/hours";

export interface Line {
  id: string;
  name: string;
  name_en: string;
  prefix: string;
  fields?: string[];
  examples?: string;
  examples_en?: string;
}

export interface CounterConfig {
  id: number;
  name: string;
  services: string[];
}

export interface QueueConfig {
  services: Line[];
  counters: CounterConfig[];
  priorities: { id: string; name: string; name_en: string }[];
  policy: string;
  priority_every: number;
  hours?: Partial<Record<DayKey, string[] | null>>;
  opens?: string;
  closes?: string;
  issue_cutoff_minutes?: number;
  demo_staff: boolean;
  service_minutes: number;
}

export interface Staff {
  id: string;
  name: string;
  title?: string;
  role: "clerk" | "admin";
  counter?: number;
  photo_url?: string;
  disabled?: boolean;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actor_name?: string;
  kind: string;
  summary: string;
  summary_en: string;
}

/** FormError is a refusal to show beside the form: the message, and the box it names. */
export interface FormError {
  message: string;
  field?: string;
}

/** formError turns a thrown error (an ApiError from lib/api, or anything) into what a form shows. */
export function formError(e: unknown, lang: string): FormError {
  const api = e as { text?: (lang: string) => string; field?: string };
  if (typeof api?.text === "function") return { message: api.text(lang), field: api.field };
  return { message: String(e) };
}

/** marks says whether the server's field path ("queue.services[2].prefix") is the box at path. */
export function marks(err: FormError | null, path: string): boolean {
  return !!err?.field && (err.field === path || err.field.startsWith(path + "."));
}

/** humanBytes: 81_637_000_000 → "76,0 GB" (vi) — a size in the unit a person reads, never "77852.9 MB". */
export function humanBytes(n: number, lang: string): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 || v >= 100 ? 0 : 1;
  return `${v.toLocaleString(lang === "vi" ? "vi-VN" : "en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${units[i]}`;
}

/** humanDuration: seconds as "1 giờ 5 phút" / "12 phút" / "45 giây" in the page's words. */
export function humanDuration(seconds: number, words: { h: string; min: string; s: string }): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} ${words.s}`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} ${words.min}`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} ${words.h} ${m % 60} ${words.min}` : `${h} ${words.h}`;
}

/** DaySessions is a weekday as the hours form edits it: open or not, morning and afternoon. */
export interface DaySessions {
  open: boolean;
  morning: [string, string];
  afternoon: [string, string];
}

/** toForm splits a day's sessions into the form's morning and afternoon ("" for none). */
export function toForm(sessions: string[] | null | undefined): DaySessions {
  const s = (sessions ?? []).map((x) => x.split("-") as [string, string]);
  const none: [string, string] = ["", ""];
  if (s.length === 0) return { open: false, morning: ["07:00", "11:30"], afternoon: ["13:30", "17:00"] };
  if (s.length === 1) return Number(s[0][0].slice(0, 2)) < 12 ? { open: true, morning: s[0], afternoon: none } : { open: true, morning: none, afternoon: s[0] };
  return { open: true, morning: s[0], afternoon: s[1] };
}

/** fromForm is the inverse: the day's sessions, a session left blank dropped, the lunch break between. */
export function fromForm(d: DaySessions): string[] {
  if (!d.open) return [];
  return [d.morning, d.afternoon].filter(([a, b]) => a && b).map(([a, b]) => `${a}-${b}`);
}

/** nextCounterId is the number a new counter gets: one past the highest. */
export function nextCounterId(cs: CounterConfig[]): number {
  return cs.reduce((m, c) => Math.max(m, c.id), 0) + 1;
}

/** lineId makes an id for a new line from its name: "Tư pháp" → "tu-phap" (unique among ids). */
export function lineId(name: string, taken: string[]): string {
  const base =
    name
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 24) || "dichvu";
  let id = base;
  for (let i = 2; taken.includes(id); i++) id = `${base}-${i}`;
  return id;
}

/** Enrolment is GET /api/v1/admin/enrolment (kiosk.Enrolment). */
export interface Enrolment {
  enrolled: boolean;
  hub?: string;
  kiosk_id?: string;
  commune?: string;
  enrolled_at?: string;
}

/** Health is GET /api/v1/admin/health. */
export interface Health {
  version: string;
  kiosk_id: string;
  disk_free_bytes: number;
  db_bytes: number;
  backlog: number;
  oldest_pending?: string;
  printer: { configured: string; online: boolean; paper_low?: boolean; paper_out?: boolean; cover_open?: boolean; error?: string; queued: number; checked_at?: string };
  sync: { enabled: boolean; hub?: string; last_success?: string; last_error?: string; last_error_at?: string };
  update?: UpdateHealth;
}

/** UpdateHealth is the last program update tried through the hub (kiosk.UpdateHealth). */
export interface UpdateHealth {
  version: string;
  from?: string;
  state: "trying" | "installed" | "rolled_back" | "refused";
  reason?: string;
  reason_vi?: string;
  at?: string;
}

/**
 * updateState says what became of the last update as one key with its words: the reason
 * in the page's language (the kiosk writes it in both; English when Vietnamese is
 * missing, and the reverse), the time as vnTime does. bad: rolled back or refused.
 */
export function updateState(u: UpdateHealth, lang: string, nowMs: number, unknown: string): { key: string; vars: Record<string, string>; bad: boolean } {
  const reason = (lang === "vi" ? u.reason_vi || u.reason : u.reason || u.reason_vi) ?? "";
  const vars = { version: u.version || unknown, from: u.from || "—", time: u.at ? vnTime(u.at, nowMs) : "—", reason };
  return { key: `admin.update_${u.state}`, vars, bad: u.state === "rolled_back" || u.state === "refused" };
}

/** printerLink says how the printer is connected, in words, never the raw URI. */
export function printerLink(uri: string): { key: string; vars: Record<string, string> } {
  const [base, query = ""] = uri.split(/\?(.*)/s);
  const [scheme, rest = ""] = base.split(/:(.*)/s);
  const path = rest.replace(/^\/\//, "");
  switch (scheme) {
    case "virtual":
      return { key: "admin.printer_virtual", vars: {} };
    case "serial": {
      const baud = new URLSearchParams(query).get("baud") ?? "";
      return { key: baud ? "admin.printer_serial_baud" : "admin.printer_serial", vars: { dev: path, baud } };
    }
    case "usblp":
      return { key: "admin.printer_usb", vars: { dev: path } };
    case "winspool":
      return { key: "admin.printer_windows", vars: { name: decodeURIComponent(rest) } };
    case "tcp":
      return { key: "admin.printer_tcp", vars: { host: path.replace(/:9100$/, "") } };
    default:
      return { key: "admin.printer_connection", vars: { uri } };
  }
}

/** printerState is the printer's live state as one key: what a clerk would say about it. */
export function printerState(p: Health["printer"]): string {
  if (!p.online) return "admin.printer_offline";
  if (p.paper_out) return "admin.printer_paper_out";
  if (p.cover_open) return "admin.printer_cover_open";
  if (p.paper_low) return "admin.printer_paper_low";
  return "admin.printer_online";
}

/** vnTime: an instant as "14:02" when it is today in Vietnam (now given), else "14:02 28/11". */
export function vnTime(iso: string, nowMs: number): string {
  const shift = (ms: number) => new Date(ms + 7 * 3_600_000);
  const d = shift(Date.parse(iso));
  const today = shift(nowMs);
  const pad = (n: number) => String(n).padStart(2, "0");
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const sameDay = d.toISOString().slice(0, 10) === today.toISOString().slice(0, 10);
  return sameDay ? hm : `${hm} ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}`;
}

/** Report is GET /api/v1/admin/reports (kiosk.Report). */
export interface Figures {
  issued: number;
  served: number;
  no_shows: number;
  wait_mean_s: number;
  wait_p90_s: number;
  service_mean_s: number;
  service_p90_s: number;
  open_s: number;
  paused_s: number;
  closed_s: number;
  satisfaction?: { count: number; satisfied: number; rate: number; reasons: Record<string, number> };
  dossiers?: { received: number; on_time: number; late: number };
}
export interface Report {
  from: string;
  to: string;
  period: "day" | "week" | "month";
  by: "line" | "counter" | "clerk";
  buckets: { key: string; from: string; to: string }[];
  groups: { key: string; name: string }[];
  rows: (Figures & { bucket: string; group: string })[];
  totals: (Figures & { group: string })[];
  total: Figures;
  ratings: boolean;
  dossiers: boolean;
  /** The nine indicators' averages, present only while the province has the assessment on. */
  assessment?: AssessmentFigures;
}

/** The nine-indicator assessment over a report's range (docs/api.md, "Assessment"). */
export interface AssessmentFigures {
  count: number;
  averages: Record<string, number>;
  scored: Record<string, number>;
  indicators: { id: string; name: string; name_en: string; min: number; max: number; computed: boolean }[];
  note: string;
  note_en: string;
}

const dm = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;

/** bucketLabel names a period: "02/12", "30/11–06/12", "12/2026". */
export function bucketLabel(period: Report["period"], b: { from: string; to: string }): string {
  if (period === "month") return `${b.from.slice(5, 7)}/${b.from.slice(0, 4)}`;
  if (period === "week") return `${dm(b.from)}–${dm(b.to)}`;
  return dm(b.from);
}

/** series gives, for each group, one value per bucket (null where the group had nothing then). */
export function series(r: Report, pick: (f: Figures) => number): { group: string; name: string; values: (number | null)[] }[] {
  return r.groups.map((g) => ({
    group: g.key,
    name: g.name,
    values: r.buckets.map((b) => {
      const row = r.rows.find((x) => x.bucket === b.key && x.group === g.key);
      return row ? pick(row) : null;
    }),
  }));
}

/** vnDay is the local day in Vietnam of an instant in ms: "2026-12-02". */
export function vnDay(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** presets are the date ranges one tap away, from today (a Vietnam day). */
export function presets(today: string): Record<"today" | "week" | "month" | "last_month", { from: string; to: string }> {
  const d = new Date(`${today}T00:00:00Z`);
  const shift = (days: number) => new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const monday = shift(-((d.getUTCDay() + 6) % 7));
  const first = `${today.slice(0, 8)}01`;
  const lastMonthEnd = new Date(Date.parse(`${first}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return {
    today: { from: today, to: today },
    week: { from: monday, to: today },
    month: { from: first, to: today },
    last_month: { from: `${lastMonthEnd.slice(0, 8)}01`, to: lastMonthEnd },
  };
}
