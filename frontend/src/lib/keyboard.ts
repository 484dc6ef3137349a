// The kiosk's on-screen keyboards (lib/Keyboard.svelte): the kiosk has no physical one. A
// layout says which keys there are and what a tap does to the text; the catalog's search
// has Vietnamese letters (views/kiosk/catalog/keyboard.ts), the dossier look-up the
// characters of a dossier code (views/kiosk/lookup/lookup.ts).

export interface KeyboardLayout {
  /** Rows of keys, each key the text it types; the last row ends with ⌫. */
  rows: string[][];
  /** press returns text after tapping key. */
  press(text: string, key: string): string;
  /** candidates, when the layout has them, are the forms the last letter can take (the
   * marked vowels after "a"), shown in a strip above the keys. */
  candidates?(text: string): string[];
  /** space: a wide space bar on the bottom row. */
  space?: boolean;
}

/** backspace removes the last character (a whole letter, marks included). */
export function backspace(text: string): string {
  const chars = [...text.normalize("NFC")];
  chars.pop();
  return chars.join("");
}

/** replaceLast swaps the last letter of text for c (a candidate from the strip). */
export function replaceLast(text: string, c: string): string {
  const chars = [...text];
  chars.pop();
  return chars.join("") + c;
}
