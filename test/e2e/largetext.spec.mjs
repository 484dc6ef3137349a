// "Chữ to" makes every text on every kiosk screen at least 1.5× larger, the on-screen
// keyboard included, at the three screen sizes, and nothing scrolls sideways (issue 15).
import { join } from "node:path";
import { assert, settled } from "./assert.mjs";
import { audit, largeTextBreaches, viewports } from "./design.mjs";

const size = (v) => `${v.width}x${v.height}`;

// Every kiosk screen with what is on it once it has loaded; the issued number is reached by
// taking one.
const screens = [
  { hash: "#/kiosk", ready: "[data-testid=commune-name]" },
  { hash: "#/kiosk/procedures", ready: ".keyboard [data-key=a]" },
  { hash: `#/kiosk/procedures/field/${encodeURIComponent("Hộ tịch")}`, ready: "[data-testid=result]" },
  { hash: "#/kiosk/procedures/1.001193", ready: "[data-testid=document]" },
  { hash: "#/kiosk/lookup", ready: ".keyboard [data-key=A]" },
  { hash: "#/kiosk/rate", ready: ".keyboard [data-key=A]" },
  { hash: "#/kiosk/ticket", ready: "[data-service]" },
  { hash: "#/kiosk/ticket?service=hotich", ready: "[data-priority]" },
];

export const tests = [
  {
    name: "Chữ to: every text on every kiosk screen ≥ 1.5×, keyboard included, at 3 sizes, no sideways scrolling",
    async run({ base, newPage, shots }) {
      const found = [];
      for (const vp of viewports) {
        const page = await newPage(vp);
        const check = async (what) => {
          await settled(page);
          for (const b of await largeTextBreaches(page)) found.push(`${what} ${size(vp)}: ${b}`);
          await page.evaluate(() => document.documentElement.classList.add("large-text"));
          for (const b of await audit(page)) found.push(`${what} ${size(vp)} Chữ to: ${b}`);
          await page.screenshot({ path: join(shots, `large${what.replace(/[#/?=.%]+/g, "-")}-${size(vp)}.png`) });
          await page.evaluate(() => document.documentElement.classList.remove("large-text"));
        };
        for (const { hash, ready } of screens) {
          await page.goto("about:blank"); // a fresh load: a hash change alone keeps a screen's state
          await page.goto(base + hash);
          await page.locator(ready).first().waitFor();
          await check(hash);
        }
        // The number just taken, as big as it gets.
        await page.getByRole("button", { name: "Không, lấy số thường" }).click();
        await page.getByTestId("ticket-number").waitFor();
        await check("#/kiosk/ticket issued");
      }
      assert.deepEqual(found, []);
    },
  },
];
