// A ticket's QR scanned at the kiosk: where the number stands (GET /api/v1/public/ticket).
// Pure, so the wording choices are tested; TicketStatus.svelte shows it.
import { prompt, ticketCode, withTail, type Spoken } from "../../../lib/speech";
import { SCAN_PARAM } from "./scananywhere";

/** TicketPosition is the server's kiosk.TicketPosition: public, no priority group, no clerk. */
export interface TicketPosition {
  code: string;
  day: string;
  service_name: string;
  priority: boolean;
  state: "waiting" | "called" | "serving" | "served" | "skipped";
  counter_id?: number;
  counter_name?: string;
  ahead: number;
  open_counters: number;
  text: string;
  text_en: string;
}

/** statusText is the sentence shown, in the kiosk's language (the server words both). */
export function statusText(p: TicketPosition, lang: string): string {
  return lang === "en" && p.text_en ? p.text_en : p.text;
}

/** rateHref: a served ticket may be rated; the button opens the later rating with the same code. */
export function rateHref(p: TicketPosition | null, code: string): string | null {
  if (!p || p.state !== "served" || !code) return null;
  return `#/kiosk/rate?${SCAN_PARAM}=${encodeURIComponent(code)}`;
}

/**
 * ticketStatusSpeech is what "Nghe" reads: fixed prompts and the ticket's own number,
 * never the line's name, the count or anything else the server said.
 */
export function ticketStatusSpeech(p: TicketPosition | null): Spoken[] {
  if (!p) return withTail([prompt("ticket.your_number")]);
  const said: Spoken[] = [prompt("ticket.your_number"), ticketCode(p.code)];
  if (p.state === "waiting") said.push(prompt("ticket.listen"));
  if (p.state === "served") said.push(prompt("ratelater.title"));
  return withTail(said);
}
