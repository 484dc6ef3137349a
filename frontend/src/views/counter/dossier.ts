// The counter's dossiers (hồ sơ): the types of the dossier API (docs/api.md, Dossiers) and
// the pure logic of the intake form and the clerk's lists, which Vitest checks: catching a
// CCCD scan typed into the wrong field, filling the form from a scan, the checklist, the
// form's validation, and which actions a state allows. The server judges everything again;
// these only let the clerk see a mistake before sending.
import { groupDocuments, type Procedure } from "../kiosk/catalog/format";

/** Applicant is the API's person handing the dossier in (the fields a CCCD scan fills, and the phone). */
export interface Applicant {
  name: string;
  id_number?: string;
  old_id_number?: string;
  birth_date?: string;
  sex?: string;
  address?: string;
  id_issue_date?: string;
  phone?: string;
  email?: string;
  owner?: string;
}

export interface DossierDocument {
  name: string;
  original: number;
  certified_copy: number;
  copy: number;
}

export type FeeStatus = "none" | "paid" | "exempt" | "unpaid";

export interface DossierEvent {
  code: string;
  action: string;
  from?: number;
  status: number;
  staff_id: string;
  at: string;
  reason?: string;
  to?: string;
  missing?: string[];
  appointment?: string;
  prev_appointment?: string;
  fields?: string[];
}

export interface Dossier {
  code: string;
  procedure: { code: string; name: string; field?: string; case?: string };
  processing: { text: string };
  status: number;
  status_name: string;
  status_name_en: string;
  received_at: string;
  appointment?: string;
  overdue: boolean;
  clock_paused?: boolean;
  applicant?: Applicant;
  applicant_masked: string;
  documents: DossierDocument[];
  sets: number;
  notes?: string;
  fee: { amount_vnd: number; status: FeeStatus };
  return_method: "desk" | "post";
  ticket_id?: number;
  counter_id?: number;
  staff_id: string;
  events?: DossierEvent[];
}

export interface DossierSummary {
  code: string;
  procedure: string;
  procedure_code: string;
  status: number;
  status_name: string;
  received_at: string;
  appointment?: string;
  overdue: boolean;
  name: string;
  counter_id?: number;
  staff_id: string;
}

export interface Quote {
  procedure: { code: string; name: string; case?: string };
  processing: { text: string };
  received_at: string;
  appointment?: string;
  manual: boolean;
}

/** PrintResult is what became of a slip: queued only when the printer last answered healthy. */
export interface PrintResult {
  queued: boolean;
  message?: string;
}

export interface IntakeResult {
  dossier: Dossier;
  lookup_url: string;
  print: PrintResult;
}

/** A field at fault: the API's field name ("applicant.phone") and a locale key saying what to fix. */
export interface FieldError {
  field: string;
  key: string;
}

// ---- CCCD scans ----

/**
 * splitScan finds a CCCD scan (`ID|old ID|name|DDMMYYYY|sex|address|DDMMYYYY`) typed into a
 * field: a 12-digit number followed by at least four "|", as the server's
 * LooksLikeCCCDScan judges it, possibly after what the field held before the scanner typed.
 * It returns what the field held before and the scan, or null.
 */
export function splitScan(value: string): { before: string; scan: string } | null {
  const m = /\d{12}\|/.exec(value);
  if (!m) return null;
  const scan = value.slice(m.index).trim();
  if ((scan.match(/\|/g) ?? []).length < 4) return null;
  return { before: value.slice(0, m.index).trimEnd(), scan };
}

/** The applicant's fields on the form, as the inputs hold them (dates as Vietnamese write them, DD/MM/YYYY). */
export interface ApplicantForm {
  name: string;
  id_number: string;
  old_id_number: string;
  birth_date: string;
  sex: string;
  address: string;
  id_issue_date: string;
  phone: string;
}

export const applicantFields = ["name", "id_number", "old_id_number", "birth_date", "sex", "address", "id_issue_date", "phone"] as const;

export function emptyApplicant(): ApplicantForm {
  return { name: "", id_number: "", old_id_number: "", birth_date: "", sex: "", address: "", id_issue_date: "", phone: "" };
}

/** dmy writes an API date (YYYY-MM-DD) as the form shows it, DD/MM/YYYY. */
export function dmy(iso: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
}

/** isoDate reads a date typed as DD/MM/YYYY (or D/M/YYYY, dots or dashes) as YYYY-MM-DD; null when not a real date. */
export function isoDate(s: string): string | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${m[3]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** fillFromScan puts what a scan read into the form: every field the card holds is replaced
 * (an empty old ID clears the old one), the phone, which no card holds, is kept. */
export function fillFromScan(form: ApplicantForm, a: Applicant): ApplicantForm {
  return {
    name: a.name ?? "",
    id_number: a.id_number ?? "",
    old_id_number: a.old_id_number ?? "",
    birth_date: dmy(a.birth_date),
    sex: a.sex ?? "",
    address: a.address ?? "",
    id_issue_date: dmy(a.id_issue_date),
    phone: form.phone,
  };
}

/** applicantOf is the form as the API's Applicant: empty fields left out. */
export function applicantOf(form: ApplicantForm): Applicant {
  const a: Applicant = { name: form.name.trim() };
  for (const f of applicantFields) {
    let v = form[f].trim();
    if (f === "birth_date" || f === "id_issue_date") v = isoDate(v) ?? v;
    if (f !== "name" && v) (a as unknown as Record<string, string>)[f] = v;
  }
  return a;
}

// ---- the procedure's checklist ----

/** casesOf lists a procedure's cases (trường hợp), from its documents and its case times, in first-seen order. */
export function casesOf(p: Pick<Procedure, "documents" | "case_times">): string[] {
  const out: string[] = [];
  for (const c of [...p.documents.map((d) => d.case), ...(p.case_times ?? []).map((c) => c.case)]) {
    if (c && !out.includes(c)) out.push(c);
  }
  return out;
}

/** A checklist row: a paper the catalog asks for, with what the clerk ticked. */
export interface ChecklistRow {
  name: string;
  note?: string;
  /** How many the catalog asks for (0: none asked). */
  wantOriginal: number;
  wantCopy: number;
  original: boolean;
  copy: boolean;
}

/** checklistOf is the papers of the procedure for a case: those of no case and those of the
 * case chosen, nothing ticked. Rows with no count are conditions, returned as notes. */
export function checklistOf(p: Pick<Procedure, "documents">, caseName: string): { rows: ChecklistRow[]; notes: string[] } {
  const rows: ChecklistRow[] = [];
  const notes: string[] = [];
  for (const g of groupDocuments(p.documents)) {
    if (g.case !== "" && g.case !== caseName) continue;
    for (const d of g.bring) rows.push({ name: d.name, note: d.note, wantOriginal: d.original, wantCopy: d.copy, original: false, copy: false });
    for (const d of g.notes) notes.push(d.name);
  }
  return { rows, notes };
}

/** documentsOf is what was handed in: each ticked row with the counts the catalog asks for (at least one). */
export function documentsOf(rows: ChecklistRow[]): DossierDocument[] {
  return rows
    .filter((r) => r.original || r.copy)
    .map((r) => ({ name: r.name, original: r.original ? Math.max(1, r.wantOriginal) : 0, certified_copy: 0, copy: r.copy ? Math.max(1, r.wantCopy) : 0 }));
}

// ---- the form's validation ----

/** phoneDigits writes a Vietnamese phone as the server stores it ("+84 912 345 678" → "0912345678"), or null. */
export function phoneDigits(s: string): string | null {
  const t = s.trim();
  if (!/^\+?[\d .()-]*$/.test(t)) return null;
  let d = t.replace(/\D/g, "");
  if ((d.length === 11 || d.length === 12) && d.startsWith("84")) d = "0" + d.slice(2);
  else if (d.length === 9 && !d.startsWith("0")) d = "0" + d;
  return /^0\d{9}$/.test(d) || /^02\d{9}$/.test(d) ? d : null;
}

export interface IntakeInput {
  procedure: string;
  cases: string[];
  caseName: string;
  applicant: ApplicantForm;
  manual: boolean;
  /** The clerk's date and hour ("YYYY-MM-DD", "HH:MM") when the quote is manual. */
  appointmentDate: string;
  appointmentTime: string;
  feeAmount: number;
  feeStatus: FeeStatus | "";
  /** The local day today, "YYYY-MM-DD", for the dates' bounds. */
  today: string;
}

/** validateIntake finds the first thing the clerk must fix before sending, naming the field. */
export function validateIntake(f: IntakeInput): FieldError | null {
  const a = f.applicant;
  if (!f.procedure) return { field: "procedure", key: "dossier.err_procedure" };
  if (f.cases.length > 1 && !f.cases.includes(f.caseName)) return { field: "case", key: "dossier.err_case" };
  for (const k of applicantFields) {
    if (splitScan(a[k])) return { field: "applicant." + k, key: "dossier.err_scan_in_field" };
  }
  if (!a.name.trim()) return { field: "applicant.name", key: "dossier.err_name" };
  if (/\d/.test(a.name) || a.name.trim().length > 100) return { field: "applicant.name", key: "dossier.err_name_letters" };
  if (a.id_number.trim() && !/^(\d{12}|\d{9})$/.test(a.id_number.trim())) return { field: "applicant.id_number", key: "dossier.err_id_number" };
  if (a.old_id_number.trim() && !/^(\d{9}|\d{12})$/.test(a.old_id_number.trim())) return { field: "applicant.old_id_number", key: "dossier.err_old_id_number" };
  for (const k of ["birth_date", "id_issue_date"] as const) {
    const v = a[k].trim();
    const iso = isoDate(v);
    if (v && (!iso || iso < "1900-01-01" || iso > f.today)) return { field: "applicant." + k, key: "dossier.err_date" };
  }
  if (a.phone.trim() && !phoneDigits(a.phone)) return { field: "applicant.phone", key: "dossier.err_phone" };
  if (f.manual) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.appointmentDate) || !/^\d{2}:\d{2}$/.test(f.appointmentTime)) return { field: "appointment", key: "dossier.err_appointment" };
    if (f.appointmentDate < f.today) return { field: "appointment", key: "dossier.err_appointment_past" };
  }
  if (!Number.isInteger(f.feeAmount) || f.feeAmount < 0) return { field: "fee.amount_vnd", key: "dossier.err_fee_amount" };
  if (f.feeAmount > 0 && !["paid", "exempt", "unpaid"].includes(f.feeStatus)) return { field: "fee.status", key: "dossier.err_fee_status" };
  return null;
}

// ---- dates in Asia/Ho_Chi_Minh ----

/** zoned is a local date and hour in Vietnam (UTC+7 all year) as RFC 3339. */
export function zoned(date: string, time: string): string {
  return `${date}T${time}:00+07:00`;
}

function parts(iso: string): Record<string, string> {
  const f = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return Object.fromEntries(f.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
}

/** localDay is the day of an instant in Vietnam, "YYYY-MM-DD". */
export function localDay(iso: string): string {
  const p = parts(iso);
  return `${p.year}-${p.month}-${p.day}`;
}

/** appointmentText writes an appointment as the receipt does: "Sau 09 giờ 00, ngày 05/03/2026". */
export function appointmentText(iso: string, lang: string): string {
  const p = parts(iso);
  const day = `${p.day}/${p.month}/${p.year}`;
  return lang === "en" ? `After ${p.hour}:${p.minute}, ${day}` : `Sau ${p.hour} giờ ${p.minute}, ngày ${day}`;
}

/** dateTime writes an instant as "14:05 02/12/2026" in Vietnam's time. */
export function dateTime(iso: string): string {
  const p = parts(iso);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

// ---- states and actions ----

/** What an action needs besides the tap: the server refuses it without (docs/dossiers.md). */
export type Need = "reason" | "to" | "missing" | "appointment";

export interface ActionSpec {
  action: string;
  from: number[];
  needs: Need[];
  admin?: boolean;
  /** Ends the dossier or turns it away: the button is drawn as a warning. */
  danger?: boolean;
}

/** The table of docs/dossiers.md ("States and who moves them"), clerk's side; the server's
 * kiosk.NextStatus is the judge and answers conflict for anything else. */
export const actionSpecs: ActionSpec[] = [
  { action: "receive", from: [1], needs: [] },
  { action: "process", from: [2], needs: [] },
  { action: "supplement", from: [2, 4], needs: ["missing"] },
  { action: "supplemented", from: [5], needs: [] },
  { action: "handover", from: [4], needs: ["to"] },
  { action: "forward", from: [4], needs: ["to"] },
  { action: "back", from: [4], needs: [] },
  { action: "pay", from: [4], needs: ["reason"] },
  { action: "paid", from: [6], needs: [] },
  { action: "done", from: [2, 4], needs: [] },
  { action: "return", from: [9], needs: [] },
  { action: "reschedule", from: [2, 4, 6], needs: ["appointment", "reason"] },
  { action: "refuse", from: [1, 2, 4], needs: ["reason"], danger: true },
  { action: "withdraw", from: [1, 2, 4, 5, 6], needs: ["reason"], danger: true },
  { action: "stop", from: [2, 4, 5, 6], needs: ["reason"], admin: true, danger: true },
];

/** actionsFor is what a clerk (or an admin) may do to a dossier in status. */
export function actionsFor(status: number, admin: boolean): ActionSpec[] {
  return actionSpecs.filter((s) => s.from.includes(status) && (admin || !s.admin));
}

export interface ChangeInput {
  reason: string;
  to: string;
  /** One missing paper per line. */
  missing: string;
  date: string;
  time: string;
}

export function emptyChange(): ChangeInput {
  return { reason: "", to: "", missing: "", date: "", time: "08:00" };
}

/** missingList is the missing papers, one a line, blank lines dropped. */
export function missingList(s: string): string[] {
  return s
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

/** validateChange names the first detail the action needs and lacks; appointment must be after current (an instant). */
export function validateChange(spec: ActionSpec, c: ChangeInput, current?: string): FieldError | null {
  for (const n of spec.needs) {
    if (n === "appointment") {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(c.date) || !/^\d{2}:\d{2}$/.test(c.time)) return { field: "appointment", key: "dossier.err_appointment" };
      if (current && new Date(zoned(c.date, c.time)) <= new Date(current)) return { field: "appointment", key: "dossier.err_reschedule_later" };
    }
    if (n === "reason" && !c.reason.trim()) return { field: "reason", key: "dossier.err_reason" };
    if (n === "to" && !c.to.trim()) return { field: "to", key: "dossier.err_to" };
    if (n === "missing" && missingList(c.missing).length === 0) return { field: "missing", key: "dossier.err_missing" };
  }
  return null;
}

/** changeBody is the transition's body: only what the action takes. */
export function changeBody(spec: ActionSpec, c: ChangeInput): Record<string, unknown> {
  const body: Record<string, unknown> = { action: spec.action };
  if (spec.needs.includes("reason")) body.reason = c.reason.trim();
  if (spec.needs.includes("to")) body.to = c.to.trim();
  if (spec.needs.includes("missing")) body.missing = missingList(c.missing);
  if (spec.needs.includes("appointment")) body.appointment = zoned(c.date, c.time);
  return body;
}

/** fieldKey is the locale key naming an API field ("applicant.phone", "documents[2].name") to the clerk. */
export function fieldKey(field: string | undefined): string {
  if (!field) return "";
  const f = field.replace(/\[\d+\].*$/, "").replace(/^applicant\./, "");
  const known = [...applicantFields, "procedure", "case", "documents", "sets", "notes", "fee.amount_vnd", "fee.status", "return_method",
    "appointment", "reason", "to", "missing", "scan", "ticket_id", "q", "list"];
  return known.includes(f) ? "dossier.f_" + f.replace(".", "_") : "";
}

// ---- the lists ----

export const lists = ["open", "due_today", "overdue", "supplement", "ready", "all"] as const;
export type ListName = (typeof lists)[number];

/** listWindow is the rows shown from start, size at a time, and whether ▲/▼ can move; ▼ at
 * the end of what is loaded asks for the next page when the server said there is more. */
export function listWindow(start: number, size: number, loaded: number, more: boolean) {
  const from = Math.max(0, Math.min(start, Math.max(0, loaded - 1)));
  return { from, to: Math.min(loaded, from + size), up: from > 0, down: from + size < loaded || more, fetch: from + size >= loaded && more };
}

/** The A4 forms of a dossier (HTML with a print stylesheet). */
export const a4Forms = ["receipt", "supplement", "refusal", "tracking", "apology"] as const;

export function a4Path(code: string, form: (typeof a4Forms)[number]): string {
  return `/api/v1/dossiers/${encodeURIComponent(code)}/a4/${form}`;
}
