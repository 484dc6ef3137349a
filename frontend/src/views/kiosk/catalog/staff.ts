// "Gọi cán bộ" on the kiosk's "not found" screen.

/** callStaff asks for a clerk with request (lib/help's requestHelp, the same request as the
 * header's "Gọi cán bộ"): "called" when the counters were told, so the screen says a clerk
 * is coming; otherwise it asks the villager to go to the desk. */
export async function callStaff(request: () => Promise<boolean>): Promise<"called" | "go_to_desk"> {
  return (await request()) ? "called" : "go_to_desk";
}
