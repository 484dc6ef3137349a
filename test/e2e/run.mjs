// End-to-end runner: for each *.spec.mjs here, start the real `motcua serve` on a free
// loopback port with a fresh data directory, launch Debian's Chromium through
// playwright-core, and run the spec's tests. Ends with "N passed, N failed".
//
// A spec exports `tests`: [{ name, config?, env?, run: async ({ browser, base, clock, dataDir, newPage, post }) => {} }];
// `newPage({ width, height, hasTouch })`: 1080×1920 unless given; hasTouch for page.touchscreen.
// `config` is written to the data directory's config.json before the server starts;
// `before({ dataDir, clock })`, when given, runs next (it may start other processes, enrol
// the kiosk, rewrite the config) and what it returns is passed on to `run` and to
// `after(ctx)`, which runs last whatever happened. Every
// server runs on a set clock (MOTCUA_CLOCK, default a weekday 09:00 in Vietnam, clock.mjs)
// that a test may change with `env`; `clock` is the instant it started at.
// Usage: node test/e2e/run.mjs [filter]
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { weekdayMorning } from "./clock.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const require = createRequire(join(root, "frontend", "package.json"));
const { chromium } = require("playwright-core");

const binary = process.env.MOTCUA_BIN ?? join(root, "build/bin/motcua");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const shots = process.env.E2E_SHOTS ?? mkdtempSync(join(tmpdir(), "motcua-e2e-shots-"));
mkdirSync(shots, { recursive: true });

// startServer runs `motcua serve` and resolves with its base URL once it prints it.
function startServer(dataDir, env = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, ["serve", "--addr", "127.0.0.1:0", "--data", dataDir], {
      // Demo mode (the demo staff and catalog the specs log in with and browse) unless a
      // spec turns it off with env MOTCUA_DEMO: "0", as the first-run setup's does.
      env: { ...process.env, MOTCUA_CONFIG: "", MOTCUA_CLOCK: weekdayMorning, MOTCUA_DEMO: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`motcua serve did not start in 30 s:\n${out}\n${err}`)), 30_000);
    child.stdout.on("data", (b) => {
      out += b;
      const m = out.match(/listening on (http:\/\/\S+\/)/);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, base: m[1], stderr: () => err });
      }
    });
    child.stderr.on("data", (b) => (err += b));
    child.on("exit", (code) => reject(new Error(`motcua serve exited ${code}:\n${err}`)));
  });
}

function stopServer(child) {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null) return resolvePromise(child.exitCode);
    child.removeAllListeners("exit");
    child.on("exit", (code) => resolvePromise(code));
    child.kill("SIGTERM");
  });
}

// Counts the page's fetches in flight (window.__fetching) so `settled` in assert.mjs can wait
// for a screen's data to load; the SSE stream is an EventSource and is not counted.
function countFetches() {
  const orig = window.fetch;
  window.__fetching = 0;
  window.fetch = (...args) => {
    window.__fetching++;
    return orig(...args).finally(() => window.__fetching--);
  };
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  // Keep Chromium off the network: this machine's only network is loopback.
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    // A LAN client's view of the server: pages opened at http://lan.test:PORT/ reach it on
    // loopback but name another host, so the server's loopback trust does not apply.
    "--host-resolver-rules=MAP lan.test 127.0.0.1",
  ],
});

const filter = process.argv[2] ?? "";
const specs = readdirSync(here).filter((f) => f.endsWith(".spec.mjs") && f.includes(filter)).sort();
let passed = 0;
let failed = 0;
for (const file of specs) {
  const { tests } = await import(pathToFileURL(join(here, file)).href);
  for (const test of tests) {
    const dataDir = mkdtempSync(join(tmpdir(), "motcua-e2e-"));
    const contexts = [];
    let server;
    let extra;
    const started = performance.now();
    const took = () => `(${((performance.now() - started) / 1000).toFixed(1)} s)`;
    try {
      if (test.config) writeFileSync(join(dataDir, "config.json"), JSON.stringify(test.config));
      extra = test.before ? await test.before({ dataDir, clock: test.env?.MOTCUA_CLOCK ?? weekdayMorning }) : {};
      server = await startServer(dataDir, test.env);
      const newPage = async ({ width = 1080, height = 1920, hasTouch = false } = {}) => {
        const ctx = await browser.newContext({ viewport: { width, height }, hasTouch, locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
        await ctx.addInitScript(countFetches);
        contexts.push(ctx);
        return ctx.newPage();
      };
      const post = async (path, body) => {
        const res = await fetch(server.base + path.replace(/^\//, ""), {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: await res.json() };
      };
      const clock = test.env?.MOTCUA_CLOCK ?? weekdayMorning;
      await test.run({ browser, base: server.base, clock, dataDir, newPage, post, shots, ...extra });
      passed++;
      console.log(`ok   ${file} › ${test.name} ${took()}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${file} › ${test.name} ${took()}\n     ${String(e?.stack ?? e).split("\n").join("\n     ")}`);
      if (server) console.log(`     server stderr (last 2 KB):\n${server.stderr().slice(-2048)}`);
      if (extra?.logs) console.log(`     ${extra.logs()}`);
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
      if (test.after) await test.after(extra ?? {}).catch((e) => console.log(`warn ${file} › ${test.name}: after: ${e}`));
      if (server) {
        const code = await stopServer(server.child);
        if (code !== 0 && !failed) console.log(`warn ${file} › ${test.name}: server exited ${code} on SIGTERM`);
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
await browser.close();
console.log(`screenshots: ${shots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
