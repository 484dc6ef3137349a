// "Gọi cán bộ" on the kiosk's "not found" screen.

/** What the button did. The kiosk has no call-staff feature yet, so it asks the villager
 * to go to the desk; when one exists, call it here (an API call) and answer "called": the
 * screen then says a clerk is coming. */
export function callStaff(): "called" | "go_to_desk" {
  return "go_to_desk";
}
