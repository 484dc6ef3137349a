// The design system holds on every screen at the three target sizes: large touch targets,
// readable contrast, no sideways scrolling; the kiosk home also fits without scrolling with
// text ≥ 24 px, in both languages and with "Chữ to".
import { join } from "node:path";
import { assert, settled } from "./assert.mjs";
import { audit, viewports } from "./design.mjs";
import { routes } from "./routes.mjs";

const size = (v) => `${v.width}x${v.height}`;

export const tests = [
  {
    name: "kiosk home at 1080×1920, 1920×1080 and 1280×800 (vi/en, normal and Chữ to): fits, targets ≥ 64 px, text ≥ 24 px, contrast ≥ 4.5:1",
    async run({ base, newPage, shots }) {
      for (const vp of viewports) {
        const page = await newPage(vp);
        await page.goto(base + "#/kiosk");
        await page.getByTestId("connection").and(page.locator("[data-connected=true]")).waitFor();
        for (const [lang, large] of [["vi", false], ["en", false], ["en", true], ["vi", true]]) {
          await page.getByRole("button", { name: lang === "vi" ? "Tiếng Việt" : "English" }).click();
          const toggle = page.locator("footer button[aria-pressed]").last();
          if ((await toggle.getAttribute("aria-pressed")) !== String(large)) await toggle.click();
          await page.waitForFunction((l) => document.documentElement.lang === l, lang);
          const breaches = await audit(page, { minFont: 24, fits: true });
          assert.deepEqual(breaches, [], `kiosk home ${size(vp)} ${lang}${large ? " Chữ to" : ""}`);
          await page.screenshot({ path: join(shots, `kiosk-home-${size(vp)}-${lang}${large ? "-large" : ""}.png`) });
        }
      }
    },
  },
  {
    name: "every screen at the three sizes: targets ≥ 64 px, contrast ≥ 4.5:1, no sideways scrolling",
    async run({ base, newPage, shots }) {
      const found = [];
      for (const vp of viewports) {
        const page = await newPage(vp);
        for (const { hash, ready } of routes) {
          await page.goto(base + hash);
          await page.locator(ready).first().waitFor();
          await settled(page);
          for (const b of await audit(page, { minFont: 24 })) {
            // Text below 24 px is allowed off the kiosk home (staff screens, dense lists)
            // but worth knowing about on public screens: printed, not failed.
            if (!b.startsWith("text ")) found.push(`${hash} ${size(vp)}: ${b}`);
            else if (hash.startsWith("#/kiosk")) console.log(`     note ${hash} ${size(vp)}: ${b}`);
          }
          await page.screenshot({ path: join(shots, `screen${hash.replace(/[#/]+/g, "-")}-${size(vp)}.png`) });
        }
      }
      assert.deepEqual(found, []);
    },
  },
];
