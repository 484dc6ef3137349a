// Scanning from any kiosk screen: a villager who walks up and holds a receipt or a ticket to
// the USB scanner, on the home screen or mid-way through the catalog, is taken to the screen
// that reads it. Where a scan goes is decided here (pure, tested); ScanAnywhere.svelte
// listens (lib/scanner.ts) and navigates. The screens that read scans themselves (routes.ts
// readsScans: the dossier look-up, the later rating) keep doing so: this one steps aside there.
import { readScan } from "../lookup/lookup";

/** Where a scan leads: a screen's hash with the scanned code for it to read, or the notice. */
export type ScanRoute = { go: string } | { notice: true };

/** The hash query a screen reads the scanned code from (takeHashParam in lib/router.ts). */
export const SCAN_PARAM = "code";

// kiosk.ParseTicketLookup refuses longer; a longer text is no ticket of ours.
const maxTicket = 200;

/**
 * routeScan says where a scan goes: a receipt's QR (its URL …/d/CODE) or a bare dossier
 * code to the look-up with that code; a ticket's QR ("MC1:T:…") to the ticket's status
 * (where it stands in line; a served one offers the later rating from there).
 * Anything else — a citizen ID card's QR above all — is the notice, and carries nothing of
 * what was scanned: it never reaches a URL, the screen or the server.
 */
export function routeScan(text: string): ScanRoute {
  const r = readScan(text);
  if (r.kind === "code") return { go: `#/kiosk/lookup?${SCAN_PARAM}=${encodeURIComponent(r.code)}` };
  const ticket = text.trim();
  if (r.kind === "ticket" && ticket.length <= maxTicket) return { go: `#/kiosk/ticket-status?${SCAN_PARAM}=${encodeURIComponent(ticket)}` };
  return { notice: true };
}

/** The route facts scanning anywhere depends on (routes.ts Route). */
export interface ScanRouteInfo {
  idleHome?: boolean;
  readsScans?: boolean;
}

/**
 * scansAnywhere: the kiosk-wide listener runs on the public kiosk screens (those that go
 * home when idle), except those that read scans themselves, so a scan is handled once; never
 * on the counter, admin, display or rating-pad pages.
 */
export function scansAnywhere(route: ScanRouteInfo | null | undefined): boolean {
  return !!route?.idleHome && !route.readsScans;
}

/** NOTICE_MS: how long "Kiosk không đọc mã này" stays, unless a touch or a screen change takes it away sooner. */
export const NOTICE_MS = 10_000;
