import { api } from "./api";

/** helpScreen is the screen's path without its query: which screen asked, not what was typed on it. */
export function helpScreen(hash = location.hash): string {
  return hash.replace(/^#/, "").split("?")[0] || "/kiosk";
}

/**
 * requestHelp asks for a person at the kiosk (POST /api/v1/help): the counters see which
 * screen asked (live notice "help.requested"); nothing about the villager is sent. It says
 * whether the request reached the server.
 */
export async function requestHelp(screen = helpScreen()): Promise<boolean> {
  try {
    await api.post("/api/v1/help", { screen });
    return true;
  } catch (e) {
    console.warn("help not requested", e);
    return false;
  }
}
