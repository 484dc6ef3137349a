// The app's screens as the browser tests visit them, with a selector that is on screen once
// each has loaded. Add a line here when a route is added to frontend/src/routes.ts.
export const routes = [
  { hash: "#/kiosk", ready: "[data-testid=commune-name]" },
  { hash: "#/kiosk/procedures", ready: "#app > *" },
  { hash: "#/kiosk/ticket", ready: "#app > *" },
  { hash: "#/kiosk/lookup", ready: ".keyboard [data-key=A]" },
  { hash: "#/kiosk/rate", ready: ".keyboard [data-key=A]" },
  { hash: "#/kiosk/ticket-status", ready: "[data-testid=ticket-problem]" },
  { hash: "#/counter", ready: "#app > *" },
  { hash: "#/display", ready: "#app > *" },
  { hash: "#/rate", ready: "#app > *" },
  { hash: "#/rate/1", ready: "[data-testid=rate-pad]" },
  { hash: "#/admin", ready: "#app > *" },
];
