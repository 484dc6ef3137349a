// The counter's dossiers (hồ sơ): the types of the dossier API (docs/api.md, Dossiers) and
// the pure logic of the intake form and the clerk's lists, which Vitest checks: catching a
// CCCD scan typed into the wrong field, filling the form from a scan, the checklist, the
// form's validation, and how the actions and forms the server offers become buttons. Which
// actions a state allows is the server's to say (Dossier.actions, from kiosk.NextStatus's
// table): nothing here copies that table. The server judges everything again; these only
// let the clerk see a mistake before sending.
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
  /** What the clerk who asked may do now, with what each needs (answers to clerks only). */
  actions?: DossierAction[];
  /** The forms that apply to the dossier, in the order the counter offers them. */
  forms?: FormKind[];
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

/** applicantForm is a dossier's applicant on the form, to correct it. */
export function applicantForm(a: Applicant | undefined): ApplicantForm {
  return fillFromScan({ ...emptyApplicant(), phone: a?.phone ?? "" }, a ?? { name: "" });
}

/** correctedApplicant is the body of a correction: the form's fields over what the form
 * does not show (e-mail, owner), which a correction keeps. */
export function correctedApplicant(current: Applicant | undefined, form: ApplicantForm): Applicant {
  const kept: Partial<Applicant> = {};
  if (current?.email) kept.email = current.email;
  if (current?.owner) kept.owner = current.owner;
  return { ...kept, ...applicantOf(form) };
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
  if (!f.procedure) return { field: "procedure", key: "dossier.err_procedure" };
  if (f.cases.length > 1 && !f.cases.includes(f.caseName)) return { field: "case", key: "dossier.err_case" };
  const bad = validateApplicant(f.applicant, f.today);
  if (bad) return bad;
  if (f.manual) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.appointmentDate) || !/^\d{2}:\d{2}$/.test(f.appointmentTime)) return { field: "appointment", key: "dossier.err_appointment" };
    if (f.appointmentDate < f.today) return { field: "appointment", key: "dossier.err_appointment_past" };
  }
  if (!Number.isInteger(f.feeAmount) || f.feeAmount < 0) return { field: "fee.amount_vnd", key: "dossier.err_fee_amount" };
  if (f.feeAmount > 0 && !["paid", "exempt", "unpaid"].includes(f.feeStatus)) return { field: "fee.status", key: "dossier.err_fee_status" };
  return null;
}

/** validateApplicant finds the first applicant field to fix (at intake and in a correction); today is "YYYY-MM-DD". */
export function validateApplicant(a: ApplicantForm, today: string): FieldError | null {
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
    if (v && (!iso || iso < "1900-01-01" || iso > today)) return { field: "applicant." + k, key: "dossier.err_date" };
  }
  if (a.phone.trim() && !phoneDigits(a.phone)) return { field: "applicant.phone", key: "dossier.err_phone" };
  return null;
}

/** The intake's inputs as validateIntake and the server name them, with the notes and the papers ticked. */
export interface IntakeFields extends Omit<IntakeInput, "cases" | "today"> {
  notes: string;
  rows: ChecklistRow[];
}

/** intakeValues is what each field an error may name holds now, as text, so a change to it can be seen. */
export function intakeValues(f: IntakeFields): Record<string, string> {
  const v: Record<string, string> = {
    procedure: f.procedure,
    case: f.caseName,
    appointment: f.manual ? `${f.appointmentDate} ${f.appointmentTime}` : "",
    "fee.amount_vnd": String(f.feeAmount),
    // The fee's state is asked for only while there is a fee: an amount of 0 answers it too.
    "fee.status": f.feeAmount > 0 ? f.feeStatus : "none",
    notes: f.notes,
    documents: f.rows.map((r) => `${+r.original}${+r.copy}`).join(","),
  };
  for (const k of applicantFields) v["applicant." + k] = f.applicant[k];
  return v;
}

/** errorCleared says whether the error on field (as validateIntake or the server named it,
 * "documents[1].name" included) is answered: that field changed since the error was shown.
 * An error naming no field, or one the form does not hold, stays until the next send. */
export function errorCleared(field: string, shown: Record<string, string>, now: Record<string, string>): boolean {
  const f = field.replace(/\[\d+\].*$/, "");
  return f !== "" && f in now && now[f] !== shown[f];
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

// ---- actions and forms, as the server offers them ----

/** What an action needs besides the tap (kiosk.Need*): a reason, the receiving body, what
 * is missing, a later appointment, or (a correction) the applicant. */
export type Need = "reason" | "to" | "missing" | "appointment" | "applicant";

/** DossierAction is an action the server offers the caller now (Dossier.actions). */
export interface DossierAction {
  action: string;
  needs: Need[];
  /** Ends the dossier without its result (refused, withdrawn, stopped). */
  ends?: boolean;
}

/** An action as the counter draws it: its label's locale key, a warning when it ends the dossier. */
export interface ActionButton extends DossierAction {
  key: string;
  danger: boolean;
}

/** actionButtons is exactly the actions the server offers, in its order, as buttons. */
export function actionButtons(d: Pick<Dossier, "actions">): ActionButton[] {
  return (d.actions ?? []).map((a) => ({ ...a, key: "dossier.action_" + a.action, danger: !!a.ends }));
}

/** isCorrection says whether an action corrects the applicant (PUT …/applicant) rather than moving the dossier. */
export function isCorrection(a: DossierAction): boolean {
  return a.needs.includes("applicant");
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
export function validateChange(spec: DossierAction, c: ChangeInput, current?: string): FieldError | null {
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
export function changeBody(spec: DossierAction, c: ChangeInput): Record<string, unknown> {
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

/** A dossier's forms (kiosk.FormKinds); which apply to a dossier is the server's to say (Dossier.forms). */
export type FormKind = "receipt" | "supplement" | "refusal" | "tracking" | "apology";

/** The forms the counter prints on the thermal roll; the others are A4 only. */
const rollForms: FormKind[] = ["receipt", "supplement", "refusal"];

/** printsOf is what the counter offers to print for a dossier: the forms the server says
 * apply, on A4, and those of them the roll takes. */
export function printsOf(d: Pick<Dossier, "forms">): { roll: FormKind[]; a4: FormKind[] } {
  const forms = d.forms ?? [];
  return { roll: forms.filter((f) => rollForms.includes(f)), a4: forms };
}

export function a4Path(code: string, form: FormKind): string {
  return `/api/v1/dossiers/${encodeURIComponent(code)}/a4/${form}`;
}
