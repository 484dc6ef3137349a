import { describe, expect, it } from "vitest";
import { routeScan, scansAnywhere } from "./scananywhere";
import { hashParams, takeHashParam } from "../../../lib/router";

const code = "000.00.00.H55-261202-0001";
const ticket = "MC1:T:kiosk-7f3a:2026-12-02:A012";
// A real-format CCCD QR (ID|old ID|name|birth|sex|address|issue date), one with no old ID.
const cccds = [
  "001099012345|123456789|Nguyễn Văn An|15031999|Nam|Số 12, ngõ 34 Láng Hạ, Phường Láng, Hà Nội|20042021",
  "038185004321||Lê Thị Bình|01021985|Nữ|Thôn Đông, Xã Quảng Phú, Thanh Hóa|10052022",
];

/** what the target screen reads back from the hash routeScan gave. */
const handed = (go: string) => ({ path: go.split("?")[0], code: hashParams(go).get("code") });

describe("routeScan: where a scan on any kiosk screen goes", () => {
  it("a receipt's QR (the look-up URL) or a bare dossier code: the look-up with that code", () => {
    for (const text of [`http://192.168.1.10:8080/d/${code}`, `https://motcua.xa.vn/d/${code}?lang=en`, code, ` ${code.toLowerCase()} `]) {
      const r = routeScan(text);
      expect("go" in r && handed(r.go)).toEqual({ path: "#/kiosk/lookup", code });
    }
  });

  it("a ticket's QR: the ticket's status with its lookup code (a served one offers the rating there)", () => {
    const r = routeScan(ticket + " ");
    expect("go" in r && handed(r.go)).toEqual({ path: "#/kiosk/ticket-status", code: ticket });
  });

  it("a citizen ID card's QR: the notice, carrying nothing of the card", () => {
    for (const c of cccds) {
      const r = routeScan(c);
      expect(r).toEqual({ notice: true });
      expect(JSON.stringify(r)).not.toContain("0010");
    }
  });

  it("any other QR, a half code or an overlong ticket: the notice", () => {
    for (const text of [
      "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
      "8934563138165",
      "000.00.00.H55-2612",
      "http://192.168.1.10:8080/d/not-a-code",
      "MC1:T:" + "x".repeat(300) + ":2026-12-02:A012",
      "MC1:T:kiosk|001099012345|Nguyễn Văn An",
    ]) {
      expect(routeScan(text), text).toEqual({ notice: true });
    }
  });
});

describe("scansAnywhere: which screens the kiosk-wide listener serves", () => {
  it("the public kiosk screens, but not those that read scans themselves", () => {
    expect(scansAnywhere({ idleHome: true })).toBe(true); // home, catalog, ticket
    expect(scansAnywhere({ idleHome: true, readsScans: true })).toBe(false); // look-up, later rating
  });

  it("never the counter, admin, display or rating-pad pages, nor an unknown route", () => {
    expect(scansAnywhere({})).toBe(false);
    expect(scansAnywhere(null)).toBe(false);
    expect(scansAnywhere(undefined)).toBe(false);
  });
});

describe("takeHashParam: the scanned code is read once and leaves the address", () => {
  it("returns the value and replaces the hash with the bare route", () => {
    const replaced: string[] = [];
    const hist = { replaceState: (_d: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) };
    expect(takeHashParam("code", { hash: `#/kiosk/lookup?code=${encodeURIComponent(code)}` }, hist)).toBe(code);
    expect(replaced).toEqual(["#/kiosk/lookup"]);
  });

  it("leaves an address without it alone", () => {
    const replaced: string[] = [];
    const hist = { replaceState: () => void replaced.push("x") };
    expect(takeHashParam("code", { hash: "#/kiosk/lookup" }, hist)).toBeNull();
    expect(replaced).toEqual([]);
  });
});
