// Pure route matching, kept apart from the route table so it is testable without components.
export interface RouteLike {
  path: string;
}

/** match returns the route for a hash path ("/kiosk/procedures/1.001193") and the rest of the path. The longest matching path wins. */
export function match<R extends RouteLike>(path: string, list: R[]): { route: R; rest: string } | null {
  let best: R | null = null;
  for (const r of list) {
    if ((path === r.path || path.startsWith(r.path + "/")) && (!best || r.path.length > best.path.length)) best = r;
  }
  return best ? { route: best, rest: path.slice(best.path.length).replace(/^\//, "") } : null;
}

/** hashParams returns the query of a hash route: "#/kiosk/ticket?service=hotich" → {service: "hotich"}. */
export function hashParams(hash: string = location.hash): URLSearchParams {
  const i = hash.indexOf("?");
  return new URLSearchParams(i < 0 ? "" : hash.slice(i + 1));
}

/**
 * takeHashParam reads one value of the hash route's query and takes the query out of the
 * address (history.replaceState: no hashchange, no new history entry), so a value handed to a
 * screen (a scanned code) is read once and does not stay in the address bar. null when absent.
 */
export function takeHashParam(name: string, loc: Pick<Location, "hash"> = location, hist: Pick<History, "replaceState"> = history): string | null {
  const value = hashParams(loc.hash).get(name);
  if (value !== null) hist.replaceState(null, "", loc.hash.split("?")[0]);
  return value;
}
