// The app's screens, by hash path. The longest matching path wins, so an area adds a
// sub-screen with one line (e.g. "/kiosk/procedures") without touching the others.
import type { Component } from "svelte";
import KioskHome from "./views/kiosk/Home.svelte";
import Catalog from "./views/kiosk/catalog/Catalog.svelte";
import Counter from "./views/counter/Counter.svelte";
import Display from "./views/display/Display.svelte";
import Rate from "./views/rate/Rate.svelte";
import Admin from "./views/admin/Admin.svelte";
import Ticket from "./views/kiosk/ticket/Ticket.svelte";
import Lookup from "./views/kiosk/lookup/Lookup.svelte";
import RateLater from "./views/kiosk/rate/RateLater.svelte";
import TicketStatus from "./views/kiosk/scan/TicketStatus.svelte";

export interface Route {
  path: string;
  component: Component<any>;
  /**
   * Public kiosk screens return home after a spell with no touch, clearing what was typed;
   * each also shows the "Về trang chủ" button (lib/HomeButton.svelte). Add a kiosk screen
   * here only once it is built: a tile must never lead to a placeholder.
   */
  idleHome?: boolean;
  /**
   * The screen reads the USB QR scanner itself (lib/scanner.ts); on the other public kiosk
   * screens the kiosk-wide listener (views/kiosk/scan/ScanAnywhere.svelte) sends a scan here.
   */
  readsScans?: boolean;
}

export const routes: Route[] = [
  { path: "/kiosk", component: KioskHome, idleHome: true },
  { path: "/kiosk/procedures", component: Catalog, idleHome: true },
  { path: "/kiosk/ticket", component: Ticket, idleHome: true },
  { path: "/kiosk/lookup", component: Lookup, idleHome: true, readsScans: true },
  { path: "/kiosk/rate", component: RateLater, idleHome: true, readsScans: true },
  { path: "/kiosk/ticket-status", component: TicketStatus, idleHome: true },
  { path: "/counter", component: Counter },
  { path: "/display", component: Display },
  { path: "/rate", component: Rate },
  { path: "/admin", component: Admin },
];
