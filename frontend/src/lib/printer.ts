// The printer setting as the printer picker edits it (PrinterPicker.svelte, shared by the
// first-run setup and the admin page): a choice among those the kiosk found (GET
// /api/v1/setup, GET /api/v1/admin/printer), a network printer's address, the paper width,
// and any other option of the setting kept as it was (baud=…, status=…).

/** PrinterChoice is kiosk.PrinterChoice: a port found, "tcp://" to complete, or "virtual:". */
export interface PrinterChoice {
  uri: string;
  kind: "usblp" | "serial" | "winspool" | "tcp" | "virtual";
  label: string;
  label_en: string;
}

/** isFound says whether a choice is a printer found on this PC (not the network or virtual one). */
export function isFound(c: PrinterChoice): boolean {
  return c.kind !== "tcp" && c.kind !== "virtual";
}

/** PrinterParts are the picker's boxes. */
export interface PrinterParts {
  choice: string; // a choice's uri; "tcp://" for a network printer; "" when the setting is none of them
  address: string; // host[:port] of a network printer
  paper: 58 | 80;
  options: string; // the setting's other options, "baud=115200&flow=rtscts", kept as they were
}

/** printerParts reads a setting into the picker's boxes. */
export function printerParts(uri: string, choices: PrinterChoice[]): PrinterParts {
  const [base, query = ""] = uri.trim().split(/\?(.*)/s);
  const q = new URLSearchParams(query);
  const paper = q.get("paper") === "58" ? 58 : 80;
  q.delete("paper");
  const options = q.toString();
  if (base.startsWith("tcp://")) return { choice: "tcp://", address: base.slice("tcp://".length), paper, options };
  const found = choices.find((c) => c.uri === base);
  return { choice: found ? found.uri : "", address: "", paper, options };
}

/** printerURI writes the boxes back as a setting: 80 mm, the default, is left unsaid. */
export function printerURI(p: PrinterParts): string {
  const base = p.choice === "tcp://" ? "tcp://" + p.address.trim() : p.choice;
  const q = new URLSearchParams(p.options);
  if (p.paper === 58) q.set("paper", "58");
  const query = q.toString();
  return query ? `${base}?${query}` : base;
}
