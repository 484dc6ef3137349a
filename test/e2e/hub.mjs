// A province hub for the e2e specs: the real `motcua-hub` binary (make hub) on a free
// loopback port over a SQLite file in a temporary directory, its IT users made with
// `motcua-hub user add` (password on stdin), and simulated kiosks that speak the real wire
// protocol (Ed25519 enrolment proof, signed requests) from Node's own crypto.
import { spawn } from "node:child_process";
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const hubBinary = process.env.MOTCUA_HUB_BIN ?? join(root, "build/bin/motcua-hub");
export const kioskBinary = process.env.MOTCUA_BIN ?? join(root, "build/bin/motcua");
export const itPassword = "mật khẩu thử nghiệm e2e";

/** run runs a binary to its end and resolves with its stdout; stdin is written first. */
export function run(bin, args, { stdin = "", env = {} } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (err += b));
    child.on("exit", (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`${bin} ${args.join(" ")} exited ${code}:\n${err}${out}`))));
    child.stdin.end(stdin);
  });
}

export class Hub {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "motcua-hub-e2e-"));
    this.db = join(this.dir, "hub.db");
    this.key = join(this.dir, "province.key");
    this.tokenFile = join(this.dir, "admin.token");
    this.adminToken = randomBytes(24).toString("base64url");
    writeFileSync(this.tokenFile, this.adminToken + "\n", { mode: 0o600 });
    this.stderr = "";
  }

  /** cli runs `motcua-hub ARGS -db … -key …`. */
  cli(args, stdin = "") {
    const [cmd, sub, ...rest] = args;
    const head = ["token", "kiosk", "bundle", "key", "user"].includes(cmd) ? [cmd, sub] : [cmd];
    const tail = head.length === 2 ? rest : [sub, ...rest].filter((a) => a !== undefined);
    return run(hubBinary, [...head, "-db", this.db, "-key", this.key, ...tail], { stdin });
  }

  addUser(name, role, cluster = "") {
    const args = ["user", "add", "-role", role];
    if (cluster) args.push("-cluster", cluster);
    return this.cli([...args, name], itPassword + "\n");
  }

  async token(commune, cluster) {
    return (await this.cli(["token", "create", "-commune", commune, "-cluster", cluster])).trim();
  }

  /** start serves the hub on its clock (MOTCUA_HUB_CLOCK) and resolves with its base URL. */
  start({ clock, webhook = "" }) {
    return new Promise((resolvePromise, reject) => {
      const args = ["serve", "-insecure-dev", "-listen", "127.0.0.1:0", "-db", this.db, "-key", this.key, "-admin-token-file", this.tokenFile,
        "-alert-every", "1s", "-live-every", "500ms", "-alert-offline", "1h"];
      if (webhook) args.push("-alert-webhook", webhook);
      this.child = spawn(hubBinary, args, { env: { ...process.env, MOTCUA_HUB_CLOCK: clock }, stdio: ["ignore", "ignore", "pipe"] });
      const timer = setTimeout(() => reject(new Error(`motcua-hub did not start in 30 s:\n${this.stderr}`)), 30_000);
      const from = this.stderr.length; // a restart's log follows the last run's
      this.child.stderr.on("data", (b) => {
        this.stderr += b;
        const m = this.stderr.slice(from).match(/"msg":"motcua-hub listening","addr":"([^"]+)"/);
        if (m && !this.base) {
          clearTimeout(timer);
          this.base = `http://${m[1]}`;
          resolvePromise(this.base);
        }
      });
      this.child.on("exit", (code) => {
        clearTimeout(timer);
        if (!this.base) reject(new Error(`motcua-hub exited ${code}:\n${this.stderr}`));
      });
    });
  }

  stop() {
    const child = this.child;
    this.child = undefined;
    this.base = undefined;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((r) => {
      child.on("exit", r);
      child.kill("SIGTERM");
    });
  }

  async close() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  logs() {
    const warn = this.stderr.split("\n").filter((l) => /"level":"(WARN|ERROR)"/.test(l) && !l.includes("favicon")).slice(-10).join("\n");
    return `hub warnings and errors (last 10):\n${warn}\nhub stderr (last 2 KB):\n${this.stderr.slice(-2048)}`;
  }
}

// hubFetch is fetch with the reason of a failed connection in its message.
async function hubFetch(url, init) {
  try {
    return await fetch(url, init);
  } catch (e) {
    throw new Error(`${init.method} ${url}: ${e.cause?.message ?? e.message}`);
  }
}

const sha256 = (b) => createHash("sha256").update(b).digest("hex");

/** SimKiosk is a kiosk the spec plays itself: it enrols with a token and sends heartbeats. */
export class SimKiosk {
  constructor(hub) {
    this.hub = hub;
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    this.privateKey = privateKey;
    this.publicKey = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
    this.epoch = "sim-" + randomBytes(6).toString("hex");
    this.offsetMs = 0; // the hub's clock minus ours, from its answers
  }

  async enrol(token) {
    const proof = sign(null, Buffer.from("MOTCUA-ENROL-1\n" + token), this.privateKey).toString("base64");
    const res = await hubFetch(this.hub.base + "/v1/enrol", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token, epoch: this.epoch, public_key: this.publicKey.toString("base64"), proof, hostname: "sim" }),
    });
    const reply = await res.json();
    if (res.status !== 200) throw new Error(`enrol: ${res.status} ${JSON.stringify(reply)}`);
    this.id = reply.kiosk_id;
    this.offsetMs = Date.parse(reply.server_time) - Date.now();
    return this.id;
  }

  /** beat sends one heartbeat (printer state and backlog as given), signed as a kiosk signs. */
  async beat({ printer = { online: true }, backlog = 0, version = "sim-1.0" } = {}) {
    const now = new Date(Date.now() + this.offsetMs);
    const body = Buffer.from(JSON.stringify({ version, printer, backlog, clock: now.toISOString(), disk_free_bytes: 8e9 }));
    const path = "/v1/heartbeat";
    const at = String(now.getTime());
    const nonce = randomBytes(12).toString("base64url");
    const hash = sha256(body);
    const msg = ["MOTCUA-SIG-1", "POST", path, hash, at, nonce, this.id, this.epoch].join("\n");
    const res = await hubFetch(this.hub.base + path, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Motcua-Kiosk": this.id,
        "X-Motcua-Epoch": this.epoch,
        "X-Motcua-Time": at,
        "X-Motcua-Nonce": nonce,
        "X-Motcua-Content-SHA256": hash,
        "X-Motcua-Signature": sign(null, Buffer.from(msg), this.privateKey).toString("base64"),
      },
      body,
    });
    if (res.status !== 200) throw new Error(`heartbeat of ${this.id}: ${res.status} ${await res.text()}`);
    this.offsetMs = Number(res.headers.get("X-Motcua-Server-Time")) - Date.now();
    return res.json();
  }
}

/** webhook is an HTTP server on loopback that keeps what it receives. */
export function webhook() {
  const got = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (b) => (body += b));
    req.on("end", () => {
      got.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  return new Promise((r) =>
    server.listen(0, "127.0.0.1", () => r({ url: `http://127.0.0.1:${server.address().port}/alerts`, got, close: () => server.close() })),
  );
}
