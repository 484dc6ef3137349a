// axe-core (@axe-core/playwright) over every screen, kiosk screens in both text sizes: no
// serious or critical violation of WCAG 2.x A/AA rules. Moderate and minor ones are
// printed as notes. The project's own checks (design.mjs: targets, contrast, sideways
// scrolling) stay: axe does not know the kiosk's 64 px targets.
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { assert, settled } from "./assert.mjs";
import { routes } from "./routes.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { AxeBuilder } = createRequire(join(root, "frontend", "package.json"))("@axe-core/playwright");

// Every kiosk screen as a villager reaches it (screens.spec.mjs has the same walk), then
// the staff and hall screens of routes.mjs.
const kiosk = [
  { hash: "#/kiosk", ready: "[data-testid=commune-name]" },
  { hash: "#/kiosk/procedures", ready: "[data-testid=field-tile]" },
  { hash: `#/kiosk/procedures/field/${encodeURIComponent("Hộ tịch")}`, ready: "[data-testid=result]" },
  { hash: "#/kiosk/procedures/1.001193", ready: "[data-testid=document]" },
  { hash: "#/kiosk/procedures/9.999999", ready: "[role=alert]" },
  { hash: "#/kiosk/ticket", ready: "[data-service]" },
  { hash: "#/kiosk/ticket?service=hotich", ready: "[data-priority]" },
  { hash: "#/kiosk/lookup", ready: ".keyboard [data-key=A]" },
  { hash: "#/kiosk/rate", ready: ".keyboard [data-key=A]" },
  { hash: "#/khong-co", ready: "[data-testid=home]" },
];
const others = routes.filter((r) => !r.hash.startsWith("#/kiosk"));

async function violations(page, what) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const bad = [];
  for (const v of violations) {
    const where = v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ");
    const line = `${what}: ${v.impact} ${v.id} (${v.help}) at ${where}`;
    if (v.impact === "serious" || v.impact === "critical") bad.push(line);
    else console.log(`     note ${line}`);
  }
  return bad;
}

export const tests = [
  {
    name: "axe-core: no serious or critical violation on any kiosk screen, normal and Chữ to, nor on the staff and hall screens",
    async run({ base, newPage }) {
      const page = await newPage();
      const found = [];
      for (const { hash, ready } of kiosk) {
        await page.goto("about:blank");
        await page.goto(base + hash);
        await page.locator(ready).first().waitFor();
        await settled(page);
        found.push(...(await violations(page, hash)));
        await page.evaluate(() => document.documentElement.classList.add("large-text"));
        found.push(...(await violations(page, `${hash} Chữ to`)));
      }
      // The number just taken.
      await page.evaluate(() => document.documentElement.classList.remove("large-text"));
      await page.goto("about:blank");
      await page.goto(base + "#/kiosk/ticket?service=hotich");
      await page.getByRole("button", { name: "Không, lấy số thường" }).click();
      await page.getByTestId("ticket-number").waitFor();
      found.push(...(await violations(page, "#/kiosk/ticket issued")));

      const wide = await newPage({ width: 1920, height: 1080 });
      for (const { hash, ready } of others) {
        await wide.goto("about:blank");
        await wide.goto(base + hash);
        await wide.locator(ready).first().waitFor();
        await settled(wide);
        found.push(...(await violations(wide, hash)));
      }
      assert.deepEqual(found, []);
    },
  },
];
