// A villager served at counter 1, for the specs that rate or scan a ticket afterwards.
import { assert } from "./assert.mjs";
import { clerk } from "./clerk.mjs";

/** serve issues a number for the line `service` and has canbo1 call and finish it at counter 1; returns the ticket. */
export async function serve(base, post, service = "hotich") {
  const issued = await post("/api/v1/tickets", { service_id: service });
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  const act = await clerk(base, "canbo1", "1111");
  for (const action of ["call-next", "finish"]) {
    const r = await act(`/api/v1/counters/1/${action}`);
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  }
  return issued.body.ticket;
}

/** ticketQR is what the printed ticket's QR holds (kiosk.TicketLookupCode): "MC1:T:<kiosk>:<day>:<number>". */
export async function ticketQR(base, ticket) {
  const res = await fetch(base + "api/v1/admin/health"); // the server trusts loopback
  const { kiosk_id } = await res.json();
  assert.ok(kiosk_id, "the kiosk has an id");
  return `MC1:T:${kiosk_id}:${ticket.day}:${ticket.code}`;
}
