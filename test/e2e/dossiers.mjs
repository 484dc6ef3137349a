// The dossier the specs receive at the counter: the demo catalog's marriage-status
// certificate (1.004873) for one applicant, whose ID number, phone and address the kiosk
// must never show. For specs that need a dossier without driving the counter page.
import { assert } from "./assert.mjs";
import { clerk } from "./clerk.mjs";

export const applicant = {
  name: "Nguyễn Văn An",
  id_number: "001099012345",
  birth_date: "1999-03-15",
  sex: "Nam",
  address: "Số 12, ngõ 34 Láng Hạ, Phường Láng, Hà Nội",
  id_issue_date: "2021-04-20",
  phone: "0912345678",
};

// The same person's citizen ID card QR (ID|old ID|name|birth|sex|address|issue date), as the scanner types it.
export const cccd = "001099012345|123456789|Nguyễn Văn An|15031999|Nam|Số 12, ngõ 34 Láng Hạ, Phường Láng, Hà Nội|20042021";

// The receipt's QR points at the LAN server as a phone on the commune's Wi-Fi reaches it.
export const receiptConfig = { dossiers: { lookup_url: "http://192.168.1.10:8080" } };

/** dossierBody is POST /api/v1/dossiers at counter 1: applicant, one form (named `form`), no fee. */
export function dossierBody(form = "Tờ khai") {
  return {
    procedure: "1.004873",
    counter_id: 1,
    applicant,
    documents: [{ name: form, original: 1, certified_copy: 0, copy: 0 }],
    fee: { amount_vnd: 0, status: "none" },
  };
}

/** receive has canbo1 receive the dossier over the API; returns its code and the receipt's QR (its lookup URL). */
export async function receive(base) {
  const act = await clerk(base, "canbo1", "1111");
  const r = await act("api/v1/dossiers", dossierBody());
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { code: r.body.dossier.code, url: r.body.lookup_url };
}
