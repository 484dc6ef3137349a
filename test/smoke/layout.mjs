// Where the smoke test clicks in the Wails window, and what the screens it waits for look
// like: the same pages from the same server, laid out by Chromium (playwright-core) at the
// window's size. WebKitGTK and Chromium lay the page out alike (same fonts, same CSS), so a
// button's centre here is the button's centre in the window; the screenshots are the
// references the smoke test tells the window's screens apart by.
//
// Usage: node test/smoke/layout.mjs BASE_URL WIDTH HEIGHT OUT_DIR
// Prints "name x y" lines (staff, digit9, login); writes OUT_DIR/ref-login.png (the admin
// page's PIN login) and OUT_DIR/ref-pad.png (the same with the demo admin chosen).
// The page is opened as http://lan.test:PORT/ (resolved to loopback): a LAN client, which the
// server's loopback trust does not make admin, so it shows the PIN login as the window does.
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { chromium } = createRequire(join(root, "frontend", "package.json"))("playwright-core");

const [base, width, height, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: node test/smoke/layout.mjs BASE_URL WIDTH HEIGHT OUT_DIR");
  process.exit(2);
}
const admin = "quantri"; // the demo admin (docs/api.md)

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-dev-shm-usage", "--host-resolver-rules=MAP lan.test 127.0.0.1"],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) }, locale: "vi-VN" });
  await page.goto(base.replace(/127\.0\.0\.1|localhost/, "lan.test") + "#/admin");
  const staff = page.locator(`[data-staff="${admin}"]`);
  await staff.waitFor();
  await settle(page);
  await page.screenshot({ path: join(out, "ref-login.png") });
  await staff.click();
  const login = page.getByRole("button", { name: "Đăng nhập" });
  await login.waitFor();
  await settle(page);
  await page.screenshot({ path: join(out, "ref-pad.png") });
  const targets = { staff, digit9: page.getByRole("button", { name: "9", exact: true }), login };
  for (const [name, loc] of Object.entries(targets)) {
    const b = await loc.boundingBox();
    console.log(name, Math.round(b.x + b.width / 2), Math.round(b.y + b.height / 2));
  }
} finally {
  await browser.close();
}

// settle waits for the fonts and two frames, so the screenshot shows the page as painted.
async function settle(page) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}
