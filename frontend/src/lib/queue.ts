// Types of the queue API (docs/api.md) shared by the kiosk, counter and display screens.
import type { Hours } from "./hours";

export type Priority = "" | string;

export interface Service {
  id: string;
  name: string;
  name_en: string;
  prefix: string;
  fields?: string[];
  /** Everyday words for what the line handles, shown on its kiosk tile. */
  examples?: string;
  examples_en?: string;
}

export interface Ticket {
  id: number;
  day: string;
  service_id: string;
  number: number;
  code: string;
  /** The group for clerks; public answers (display, kiosk, events) say only true or false. */
  priority?: Priority | boolean;
  status: "waiting" | "called" | "serving" | "done" | "no_show";
  issued_at: string;
  queued_at: string;
  to_counter?: number;
  counter_id?: number;
  calls: number;
  staff_id?: string;
}

export interface CounterState {
  id: number;
  name: string;
  services: string[];
  status: "open" | "paused" | "closed";
  current?: Ticket;
  staff?: { name: string; title?: string; photo_url?: string };
}

export interface Call {
  ticket_id: number;
  code: string;
  counter_id: number;
  counter_name: string;
  recall: boolean;
  at: string;
}

export interface QueueState {
  day: string;
  services: (Service & { waiting: number; wait_minutes: number })[];
  counters: CounterState[];
  recent_calls: Call[];
  policy: string;
  priorities: { id: string; name: string; name_en: string }[];
  hours: Hours;
}

export interface Issued {
  ticket: Ticket;
  service_name: string;
  ahead: number;
  wait_minutes: number;
  /** A counter serving the line is open: with nobody ahead, the villager is called at once. */
  counter_open: boolean;
  /** printing is true only when the printer last answered healthy; otherwise the messages say what is wrong. */
  print: { printing: boolean; message?: string; message_en?: string };
}

/** serviceForField picks the line that handles a procedure's field (lĩnh vực); the last service is the catch-all. */
export function serviceForField(services: Service[], field: string): Service | undefined {
  const f = field.normalize("NFC").toLowerCase();
  return services.find((s) => s.fields?.some((x) => x.normalize("NFC").toLowerCase() === f)) ?? services[services.length - 1];
}

/** shownCounters keeps the counters the display is set to show (all when none is chosen). */
export function shownCounters<T extends { id: number }>(counters: T[], chosen: number[]): T[] {
  return chosen.length === 0 ? counters : counters.filter((c) => chosen.includes(c.id));
}
