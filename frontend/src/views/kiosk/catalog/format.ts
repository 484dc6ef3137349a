// The catalog screens' types, mirroring the server's JSON, and the small pure functions
// (formatting, grouping) the screens use and Vitest checks.

export interface Field {
  name: string;
  code?: string;
  description?: string;
  translations?: Record<string, string>;
  count: number;
}

export interface Summary {
  code: string;
  name: string;
  field: string;
  service?: string;
  name_en?: string;
  /** The name in the other languages the bundle translates it into, by ISO 639 code. */
  names?: Record<string, string>;
  /** How well a search result matches, from the server's threshold to 1. */
  score?: number;
}

/** A search's answer: only the procedures that match well; found is false when none did. */
export interface SearchAnswer {
  procedures: Summary[];
  found: boolean;
}

/** What the catalog screen shows for the query typed and the answer held: the field tiles
 * (nothing typed), the results, or "Không tìm thấy — xin hỏi cán bộ" once the answer for
 * what is typed says nothing matched well. While a search runs, the last answer stays. */
export function searchView(query: string, answer: SearchAnswer | null, searching: boolean): "fields" | "results" | "not_found" {
  if (query.trim() === "" || answer === null) return query.trim() === "" ? "fields" : "results";
  if (!answer.found && answer.procedures.length === 0 && !searching) return "not_found";
  return "results";
}

export interface ProcessingTime {
  working_days: number | null;
  /** The value in the publisher's own unit (30 "day" = thirty calendar days). */
  value?: number;
  unit?: "working_day" | "day" | "hour" | "month" | "other";
  text: string;
}

export interface Attachment {
  name: string;
  file_id?: string;
}

export interface Fee {
  amount_vnd: number | null;
  /** A fee stated in another currency (ISO 4217, e.g. USD); amount_vnd is then null. */
  amount?: number;
  currency?: string;
  text: string;
  /** The fee schedule's files, when the amounts are in a file. */
  attachments?: Attachment[];
}

export interface Document {
  name: string;
  case?: string;
  original: number;
  copy: number;
  note?: string;
  form?: string;
}

export interface Method {
  channel: "direct" | "online" | "post";
  processing_time: ProcessingTime;
  fees?: Fee[];
  note?: string;
}

export interface Procedure {
  code: string;
  name: string;
  field: string;
  level?: string;
  agency?: string;
  targets?: string[];
  steps: string[];
  methods: Method[];
  documents: Document[];
  processing_time: ProcessingTime;
  fee: Fee;
  result?: string;
  legal_basis?: string[];
  forms?: string[];
  requirements?: string;
  address?: string;
  note?: string;
  case_times?: { case?: string; processing_time: ProcessingTime }[];
  service?: string;
  translations?: Record<string, ProcedureText>;
}

/** ProcedureText is a procedure's text in one other language; lists follow the Vietnamese item by item. */
export interface ProcedureText {
  name?: string;
  result?: string;
  fee_text?: string;
  processing_text?: string;
  requirements?: string;
  steps?: string[];
  documents?: string[];
}

type Named = { name: string; name_en?: string; names?: Record<string, string>; translations?: Record<string, { name?: string }> };

/** translatedName is the procedure's name in lang, or null when the bundle has none for it. */
export function translatedName(p: Named, lang: string): string | null {
  if (lang === "vi") return p.name;
  return p.names?.[lang] || p.translations?.[lang]?.name || (lang === "en" && p.name_en) || null;
}

/** displayName is the procedure's name in the screen's language, Vietnamese when no translation. */
export function displayName(p: Named, lang: string): string {
  return translatedName(p, lang) ?? p.name;
}

/**
 * inLanguage is a catalog text as the screen shows it: the translation for lang when the
 * bundle has one, else the Vietnamese, marked untranslated (unless the screen is Vietnamese).
 */
export function inLanguage(vi: string, translation: string | undefined, lang: string): { text: string; untranslated: boolean } {
  if (lang === "vi" || !vi) return { text: vi, untranslated: false };
  return translation ? { text: translation, untranslated: false } : { text: vi, untranslated: true };
}

/** formatVND writes 8000 as "8.000 đ" (vi) or "8,000 VND" (en). */
export function formatVND(amount: number, lang: string): string {
  const digits = Math.round(amount).toString().replace(/\B(?=(\d{3})+(?!\d))/g, lang === "en" ? "," : ".");
  return lang === "en" ? `${digits} VND` : `${digits} đồng`;
}

/** formatAmount writes a fee in another currency: 2.5 USD as "2,5 USD" (vi) or "2.5 USD" (en). */
export function formatAmount(amount: number, currency: string, lang: string): string {
  return `${formatDays(amount, lang)} ${currency}`;
}

/** formatDays writes 1 as "1", 0.5 as "0,5" (vi) or "0.5" (en). */
export function formatDays(days: number, lang: string): string {
  const s = String(days);
  return lang === "en" ? s : s.replace(".", ",");
}

export interface DocumentGroup {
  case: string;
  /** Papers to bring: at least one original or copy. */
  bring: Document[];
  /** Rows with no count: conditions and notes the portal lists among the papers. */
  notes: Document[];
}

/** groupDocuments splits the documents by case, in first-seen order, keeping every row:
 * papers with counts become checklist items, the rest notes. */
export function groupDocuments(docs: Document[]): DocumentGroup[] {
  const groups: DocumentGroup[] = [];
  const byCase = new Map<string, DocumentGroup>();
  for (const d of docs) {
    const c = d.case ?? "";
    let g = byCase.get(c);
    if (!g) {
      g = { case: c, bring: [], notes: [] };
      byCase.set(c, g);
      groups.push(g);
    }
    (d.original > 0 || d.copy > 0 ? g.bring : g.notes).push(d);
  }
  return groups;
}

/** ticketLink is where "Lấy số" goes: the queue's ticket screen for this procedure's service. */
export function ticketLink(p: { code: string; service?: string }): string {
  const q = new URLSearchParams({ procedure: p.code });
  if (p.service) q.set("service", p.service);
  return "#/kiosk/ticket?" + q.toString();
}
