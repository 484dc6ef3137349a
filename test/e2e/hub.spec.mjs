// The province hub's dashboard in Chromium: a real `motcua-hub` with simulated kiosks (the
// spec speaks the wire protocol for them) and one real kiosk (`motcua serve`, enrolled with
// `motcua enrol`) on loopback. IT logs in with a password; a province user sees the whole
// fleet, a cluster user only its cluster, and the API refuses it another cluster's kiosk.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { assert, waitFor } from "./assert.mjs";
import { Hub, SimKiosk, itPassword, kioskBinary, run, webhook } from "./hub.mjs";

// The fleet: Cụm A holds the real kiosk and a healthy simulated one; Cụm B a simulated
// kiosk whose printer runs out of paper and one that fell silent three hours ago.
async function startFleet({ dataDir, clock }) {
  const hub = new Hub();
  const hook = await webhook();
  try {
    await hub.addUser("tinh.it", "province");
    await hub.addUser("cum.a", "cluster", "Cụm A");

    // Three hours before the test's time, the silent kiosk enrols and beats, then stops.
    const earlier = new Date(Date.parse(clock) - 3 * 3600_000).toISOString();
    await hub.start({ clock: earlier });
    const silent = new SimKiosk(hub);
    await silent.enrol(await hub.token("Xã Im Lặng", "Cụm B"));
    await silent.beat();
    await hub.stop();

    await hub.start({ clock, webhook: hook.url });
    const healthy = new SimKiosk(hub);
    await healthy.enrol(await hub.token("Xã Bình Yên", "Cụm A"));
    await healthy.beat();
    const paper = new SimKiosk(hub);
    await paper.enrol(await hub.token("Xã Hết Giấy", "Cụm B"));
    await paper.beat();

    // The real kiosk: enrolled with a token on stdin, beating every second.
    const token = await hub.token("Xã Thật", "Cụm A");
    const out = await run(kioskBinary, ["enrol", "--hub", hub.base, "--token-file", "-", "--data", dataDir], {
      stdin: token + "\n",
      env: { MOTCUA_CONFIG: "" },
    });
    const real = out.match(/mã kiosk (\S+)/)?.[1];
    assert.ok(real, `motcua enrol printed no kiosk id: ${out}`);
    writeFileSync(join(dataDir, "config.json"), JSON.stringify({ hub_heartbeat_seconds: 1 }));
    return { hub, hook, sims: { silent, healthy, paper }, real, logs: () => hub.logs() };
  } catch (e) {
    hook.close();
    await hub.close();
    throw e;
  }
}

async function stopFleet({ hub, hook }) {
  hook?.close();
  await hub?.close();
}

async function login(newPage, hub, name) {
  const page = await newPage({ width: 1600, height: 1000 });
  await page.goto(hub.base + "/fleet");
  assert.match(page.url(), /\/login\?next=/, "no session: the login page");
  await page.getByLabel("Tên đăng nhập").fill(name);
  await page.getByLabel("Mật khẩu").fill(itPassword);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(/\/fleet$/);
  return page;
}

const row = (page, id) => page.locator(`tr[data-kiosk="${id}"]`);

export const tests = [
  {
    name: "hub: a kiosk silent for three hours shows as offline, the real kiosk as online",
    before: startFleet,
    after: stopFleet,
    async run({ newPage, hub, sims, real }) {
      const page = await login(newPage, hub, "tinh.it");
      await waitFor(async () => (await row(page, real).getAttribute("data-status")) === "online", { what: "the real kiosk online" });
      assert.equal(await row(page, sims.silent.id).getAttribute("data-status"), "offline");
      const cell = await row(page, sims.silent.id).innerText();
      assert.match(cell, /mất kết nối/, cell);
      assert.match(cell, /3 giờ trước/, cell);
      assert.equal(await row(page, sims.healthy.id).getAttribute("data-status"), "online");
      // The offline filter shows it alone; the offline alert opens (offline > 1 h).
      await page.goto(hub.base + "/fleet?status=offline");
      assert.deepEqual(await page.locator("tr[data-kiosk]").evaluateAll((rs) => rs.map((r) => r.dataset.kiosk)), [sims.silent.id]);
      await page.goto(hub.base + "/alerts");
      await page.locator(`#open-alerts tr[data-kiosk="${sims.silent.id}"][data-alert="offline"]`).waitFor({ timeout: 15_000 });
    },
  },
  {
    name: "hub: a printer out of paper stands out and raises an alert, on the page and to the webhook",
    before: startFleet,
    after: stopFleet,
    async run({ newPage, hub, hook, sims }) {
      const page = await login(newPage, hub, "tinh.it");
      const r = row(page, sims.paper.id);
      assert.doesNotMatch(await r.innerText(), /HẾT GIẤY/);
      await sims.paper.beat({ printer: { online: true, paper_out: true } });
      // The open page refreshes itself (SSE): the row turns red and carries the alert.
      await page.locator(`tr.paper-out[data-kiosk="${sims.paper.id}"] [data-alert="paper_out"]`).waitFor({ timeout: 20_000 });
      assert.match(await r.innerText(), /HẾT GIẤY/);
      const bg = await r.locator("td").first().evaluate((td) => getComputedStyle(td).backgroundColor);
      assert.notEqual(bg, "rgba(0, 0, 0, 0)", "the paper-out row has a background of its own");
      await waitFor(() => hook.got.find((m) => m.event === "opened" && m.alert.kind === "paper_out" && m.alert.kiosk === sims.paper.id), {
        what: "the webhook's paper_out message",
        ms: 15_000,
      });
      const msg = hook.got.find((m) => m.alert.kind === "paper_out");
      assert.equal(msg.alert.commune, "Xã Hết Giấy");
      assert.match(msg.text, /Máy in hết giấy/);
    },
  },
  {
    name: "hub: “Đồng bộ ngay” reaches the real kiosk and ends as done",
    before: startFleet,
    after: stopFleet,
    async run({ newPage, hub, real }) {
      const page = await login(newPage, hub, "tinh.it");
      await page.locator(`tr[data-kiosk="${real}"] a`).first().click();
      await page.waitForURL(new RegExp(`/kiosks/${real}$`));
      await page.locator('button[data-command="sync_now"]').click();
      await page.waitForURL(/done=command/);
      assert.match(await page.locator(".notice").innerText(), /Đã xếp lệnh/);
      // The commands table is live: queued → delivered → done, without reloading.
      const cmd = page.locator('#commands tr[data-kind="sync_now"]');
      await page.locator('#commands tr[data-kind="sync_now"][data-state="done"]').waitFor({ timeout: 30_000 });
      assert.match(await cmd.innerText(), /xong/);
      // The charts drew the real kiosk's heartbeats.
      const drawn = await page.evaluate(() => Object.values(Chart.instances).map((c) => c.data.labels.length));
      assert.equal(drawn.length, 3, `charts: ${drawn}`);
      assert.ok(drawn.every((n) => n >= 1), `chart points: ${drawn}`);
      // The audit log names who asked.
      await page.goto(hub.base + "/audit");
      assert.match(await page.locator("#audit").innerText(), new RegExp(`tinh\\.it\\s+command\\.queue\\s+${real}`));
    },
  },
  {
    name: "hub: a cluster admin sees only its cluster, and the API answers 403 for another's kiosk",
    before: startFleet,
    after: stopFleet,
    async run({ newPage, hub, sims, real }) {
      const page = await login(newPage, hub, "cum.a");
      const shown = await page.locator("tr[data-kiosk]").evaluateAll((rs) => rs.map((r) => r.dataset.kiosk).sort());
      assert.deepEqual(shown, [real, sims.healthy.id].sort(), "Cụm A's kiosks only");
      const text = await page.locator("main").innerText();
      for (const other of [sims.paper.id, sims.silent.id]) assert.ok(!text.includes(other), `${other} is on the page`);
      // Not just a hidden row: the API and the page refuse another cluster's kiosk.
      for (const path of [`/admin/v1/kiosks/${sims.paper.id}`, `/admin/v1/kiosks/${sims.paper.id}/heartbeats`, `/admin/v1/events?kiosk=${sims.silent.id}`]) {
        const res = await page.request.get(hub.base + path);
        assert.equal(res.status(), 403, `GET ${path}`);
      }
      const mine = await page.request.get(hub.base + `/admin/v1/kiosks/${real}`);
      assert.equal(mine.status(), 200);
      const list = await (await page.request.get(hub.base + "/admin/v1/kiosks")).json();
      assert.deepEqual(list.map((k) => k.id).sort(), [real, sims.healthy.id].sort());
      const res = await page.goto(hub.base + `/kiosks/${sims.paper.id}`);
      assert.equal(res.status(), 403);
      assert.match(await page.locator("h1").innerText(), /không thuộc cụm/);
      // A command to another cluster's kiosk, even with the page's CSRF token, is refused.
      const csrf = await page.evaluate(() => document.querySelector('input[name="csrf"]').value);
      const post = await page.request.post(hub.base + `/kiosks/${sims.paper.id}/commands`, {
        form: { kind: "sync_now", csrf },
        headers: { Origin: hub.base },
        maxRedirects: 0,
      });
      assert.equal(post.status(), 403);
    },
  },
];
