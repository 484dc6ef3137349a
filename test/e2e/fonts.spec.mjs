// The shipped font (full Noto Sans, frontend/public/fonts) draws the letters of Bahnar,
// Jrai and Ê Đê itself (issue 15): each is drawn on a canvas in Chromium with Noto Sans
// first and two different fallbacks after it. Drawn by Noto Sans, the pixels are the same
// whichever fallback follows; a letter Noto lacks would be drawn by the fallback (Noto
// Serif, DejaVu Sans Mono here) and differ, or be a .notdef box like a code point no font
// has. A control letter that Noto Sans lacks shows the method sees the difference.
import { assert } from "./assert.mjs";

const letters = ["ê̆", "ô̆", "ơ̆", "ư̆", "c̆", "ƀ", "č", "ñ", "Ê̆", "Ƀ", "Č", "Ñ"];
const missing = ["\uE000", "\u0378"]; // private use, unassigned: no font draws them
const controls = ["⌘", "☃", "∯", "⍟"]; // symbols Noto Sans lacks and the fallbacks have

function drawAll({ letters, missing, controls }) {
  const canvas = document.createElement("canvas");
  canvas.width = 160;
  canvas.height = 140;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const draw = (text, family) => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.font = `72px ${family}`;
    ctx.fillStyle = "#000";
    ctx.fillText(text, 30, 105);
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 0;
    let ink = 0;
    for (let i = 3; i < d.length; i += 4) {
      hash = (Math.imul(hash, 31) + d[i]) >>> 0;
      if (d[i] > 0) ink++;
    }
    return { hash, ink, width: Math.round(ctx.measureText(text).width * 100) / 100 };
  };
  const both = (s) => ({ s, serif: draw(s, '"Noto Sans", serif'), mono: draw(s, '"Noto Sans", monospace') });
  return { letters: letters.map(both), missing: missing.map((s) => draw(s, '"Noto Sans"')), controls: controls.map(both) };
}

export const tests = [
  {
    name: "fonts: Noto Sans itself draws ê̆ ô̆ ơ̆ ư̆ c̆ ƀ č ñ (canvas pixels in Chromium), none a .notdef box",
    async run({ base, newPage }) {
      const page = await newPage();
      await page.goto(base + "#/kiosk");
      await page.getByTestId("commune-name").waitFor();
      const all = [...letters, ...controls].join("");
      const loaded = await page.evaluate(async (text) => (await document.fonts.load('72px "Noto Sans"', text)).length, all);
      assert.ok(loaded >= 1, "the shipped Noto Sans loaded");
      const r = await page.evaluate(drawAll, { letters, missing, controls });

      // The method can tell: some control symbol is drawn differently by the two fallbacks.
      assert.ok(
        r.controls.some((c) => c.serif.hash !== c.mono.hash),
        `no control symbol told the fallbacks apart: ${JSON.stringify(r.controls)}`,
      );
      for (const l of r.letters) {
        assert.ok(l.serif.ink > 50, `${l.s} draws ink`);
        assert.equal(l.serif.hash, l.mono.hash, `${l.s} is drawn by Noto Sans whatever the fallback (${JSON.stringify(l)})`);
        for (const m of r.missing) assert.notEqual(l.serif.hash, m.hash, `${l.s} is not a .notdef box`);
      }
      // The combining breve sits on the letter: wider ink than the bare letter's, same advance.
      const bare = await page.evaluate(drawAll, { letters: ["ê", "c"], missing: [], controls: [] });
      for (const [i, base] of [[0, 0], [4, 1]]) {
        assert.ok(r.letters[i].serif.ink > bare.letters[base].serif.ink, `${r.letters[i].s} has its breve`);
      }
    },
  },
];
