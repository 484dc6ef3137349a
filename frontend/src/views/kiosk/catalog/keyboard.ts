// The on-screen Vietnamese keyboard's logic: the kiosk has no physical keyboard, and search
// ignores marks, so plain letters are enough; after a vowel the keyboard still offers its
// marked forms (á à ả ã ạ …) for those who want to write them.
import { backspace, replaceLast, type KeyboardLayout } from "../../../lib/keyboard";

export { backspace, replaceLast };

/** Rows of keys; "đ" sits beside "d". */
export const rows: string[][] = [
  ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
  ["q", "w", "e", "r", "t", "y", "u", "i", "o", "p"],
  ["a", "s", "d", "đ", "f", "g", "h", "j", "k", "l"],
  ["z", "x", "c", "v", "b", "n", "m", "."],
];

const families: Record<string, string> = {
  a: "aáàảãạăắằẳẵặâấầẩẫậ",
  e: "eéèẻẽẹêếềểễệ",
  i: "iíìỉĩị",
  o: "oóòỏõọôốồổỗộơớờởỡợ",
  u: "uúùủũụưứừửữự",
  y: "yýỳỷỹỵ",
  d: "dđ",
};

const familyOf = new Map<string, string>();
for (const letters of Object.values(families)) for (const ch of letters) familyOf.set(ch, letters);

/** candidates returns the forms the last letter of text can take (itself excluded), or none. */
export function candidates(text: string): string[] {
  const last = [...text].pop();
  if (!last) return [];
  const fam = familyOf.get(last.toLowerCase());
  return fam ? [...fam].filter((c) => c !== last.toLowerCase()) : [];
}

/** maxLength bounds what the keyboard lets a person type. */
export const maxLength = 80;

/** press returns text after tapping key. */
export function press(text: string, key: string): string {
  if ([...text].length >= maxLength) return text;
  if (key === " " && (text === "" || text.endsWith(" "))) return text;
  return text + key;
}

/** vietnamese is the search keyboard: letters, đ, digits, marks offered after a vowel. */
export const vietnamese: KeyboardLayout = { rows, press, candidates, space: true };
