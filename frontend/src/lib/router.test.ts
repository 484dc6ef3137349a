import { describe, expect, it } from "vitest";
import { match } from "./router";

const list = [{ path: "/kiosk" }, { path: "/kiosk/procedures" }, { path: "/counter" }];

describe("match", () => {
  it("takes the longest matching path and returns the rest", () => {
    expect(match("/kiosk/procedures/1.001193", list)).toEqual({ route: list[1], rest: "1.001193" });
    expect(match("/kiosk", list)?.route).toBe(list[0]);
    expect(match("/kiosk/ticket", list)).toEqual({ route: list[0], rest: "ticket" });
  });

  it("does not match a path that merely shares a prefix", () => {
    expect(match("/counterfeit", list)).toBeNull();
  });
});
