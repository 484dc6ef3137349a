// "Nghe" on kiosk screens (issue 15): the screen's title and choices, and the number just
// taken, from offline Vietnamese clips, one after another; a touch anywhere stops it; only
// fixed prompts and the ticket code are ever fetched to be spoken.
import { assert, waitFor } from "./assert.mjs";

// Records what the page asks the browser to play, and lets a clip end only when the test
// says so (a real clip plays for seconds; the test need not wait on the wall clock).
function recordPlays() {
  window.__played = [];
  window.__volumes = [];
  window.__endClip = () => {};
  HTMLMediaElement.prototype.play = function () {
    window.__played.push(decodeURIComponent(new URL(this.src).pathname + new URL(this.src).search));
    window.__volumes.push(this.volume);
    window.__endClip = () => this.onended?.();
    return Promise.resolve();
  };
  HTMLMediaElement.prototype.pause = function () {};
}

const played = (page) => page.evaluate(() => window.__played);
const volumes = (page) => page.evaluate(() => window.__volumes);
// saidLast waits until clip is the last thing played (what auto-speak or "Nghe" started).
const saidLast = (page, clip) => waitFor(async () => (await played(page)).at(-1) === clip, { what: clip });
const endClip = (page) => page.evaluate(() => window.__endClip());

export const tests = [
  {
    name: "speech: 'Nghe' reads the home screen's prompts in order; a touch elsewhere stops it",
    async run({ base, newPage }) {
      const page = await newPage();
      await page.addInitScript(recordPlays);
      const fetched = [];
      page.on("response", (r) => r.url().includes("/api/v1/voice/") && fetched.push([new URL(r.url()).pathname, r.status()]));
      await page.goto(base + "#/kiosk");
      await page.getByTestId("commune-name").waitFor();
      await page.getByRole("button", { name: "Nghe" }).click();
      await page.getByRole("button", { name: "Dừng đọc" }).waitFor();
      for (const clip of ["p_kiosk_welcome", "p_speech_home", "p_speech_help"]) {
        await waitFor(async () => (await played(page)).at(-1) === `/api/v1/voice/clips/${clip}`, { what: clip });
        await endClip(page);
      }
      await page.getByRole("button", { name: "Nghe" }).waitFor();
      // Each clip the page asked for exists on the server.
      await waitFor(() => fetched.length >= 3, { what: "three clips fetched" });
      assert.deepEqual(fetched.filter(([, s]) => s !== 200), []);

      // Again, and a touch elsewhere on the screen stops it after the first clip.
      await page.getByRole("button", { name: "Nghe" }).click();
      await waitFor(async () => (await played(page)).length === 4, { what: "the first clip again" });
      await page.getByRole("heading", { name: "Xin chào quý vị" }).click();
      await page.getByRole("button", { name: "Nghe" }).waitFor();
      assert.equal(await page.evaluate(() => location.hash), "#/kiosk", "the touch landed on plain text, not on a tile");
      await endClip(page);
      assert.equal((await played(page)).length, 4, "nothing more is said after the touch");
    },
  },
  {
    name: "speech: on the ticket screen, 'Nghe' says the step shown and, once taken, the number; only prompts and the code are spoken",
    async run({ base, newPage }) {
      const page = await newPage();
      await page.addInitScript(recordPlays);
      const asked = [];
      page.on("request", (r) => r.url().includes("/api/v1/voice/") && asked.push(decodeURIComponent(new URL(r.url()).pathname + new URL(r.url()).search)));
      await page.goto(base + "#/kiosk/ticket");
      await page.locator("[data-service=hotich]").click();
      await page.getByRole("button", { name: "Nghe" }).click();
      await waitFor(async () => (await played(page)).at(-1) === "/api/v1/voice/clips/p_ticket_priority_question", { what: "the priority question" });
      await page.getByRole("button", { name: "Dừng đọc" }).click();
      await page.getByRole("button", { name: "Không, lấy số thường" }).click();
      const code = (await page.getByTestId("ticket-number").textContent()).trim();
      await page.getByRole("button", { name: "Nghe" }).click();
      const want = ["/api/v1/voice/clips/p_ticket_your_number", `/api/v1/voice/code?code=${code}`, "/api/v1/voice/clips/p_ticket_listen", "/api/v1/voice/clips/p_speech_help"];
      for (const clip of want) {
        await waitFor(async () => (await played(page)).at(-1) === clip, { what: clip });
        await endClip(page);
      }
      // Nothing but fixed prompts and the ticket's code went to the voice routes.
      const unexpected = asked.filter((u) => !/^\/api\/v1\/voice\/clips\/p_[a-z0-9_]+$/.test(u) && u !== `/api/v1/voice/code?code=${code}`);
      assert.deepEqual(unexpected, []);
      const res = await fetch(base + `api/v1/voice/code?code=${code}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "audio/wav");
    },
  },
  {
    name: "speech: 'Tự đọc' reads each screen on arrival, the error and the number taken; a touch stops it; the home button ends the visit (volume and auto-speak back to default)",
    async run({ base, newPage }) {
      const page = await newPage();
      await page.addInitScript(recordPlays);
      await page.goto(base + "#/kiosk");
      await page.getByTestId("commune-name").waitFor();
      assert.equal(await page.getByTestId("volume-level").textContent(), "Âm lượng 3/5");
      // Untouched, the home says nothing, even with auto-speak on by the admin.
      assert.deepEqual(await played(page), []);
      await page.getByTestId("auto-speak").click();
      assert.equal(await page.getByTestId("auto-speak").getAttribute("aria-pressed"), "true");
      await saidLast(page, "/api/v1/voice/clips/p_kiosk_welcome");
      await page.getByTestId("louder").click();
      await page.getByTestId("louder").click();
      assert.equal(await page.getByTestId("volume-level").textContent(), "Âm lượng 5/5");

      // Each screen on arrival, at the chosen volume; the touch that left home stopped the home.
      // The lines come late, as on a slow network: the screen is still read once, not started
      // over when they arrive (a touch after that must find nothing more to say).
      await page.route("**/api/v1/queue", async (route) => {
        await new Promise((done) => setTimeout(done, 400));
        await route.continue();
      });
      await page.locator("#tile-ticket").click();
      await saidLast(page, "/api/v1/voice/clips/p_ticket_title");
      assert.equal((await volumes(page)).at(-1), 1);
      await endClip(page);
      await saidLast(page, "/api/v1/voice/clips/p_ticket_choose_service");
      const before = (await played(page)).length;
      await page.locator("main h2").click();
      await endClip(page);
      assert.equal((await played(page)).length, before, "a touch on plain text stopped the reading");

      await page.locator("[data-service=hotich]").click();
      await saidLast(page, "/api/v1/voice/clips/p_ticket_priority_question");
      await page.getByRole("button", { name: "Không, lấy số thường" }).click();
      const code = (await page.getByTestId("ticket-number").textContent()).trim();
      await saidLast(page, "/api/v1/voice/clips/p_ticket_your_number");
      await endClip(page);
      await saidLast(page, `/api/v1/voice/code?code=${code}`);

      // "Về trang chủ" ends the visit: nothing more said, the next person finds the defaults.
      const n = (await played(page)).length;
      await page.getByTestId("home").click();
      await page.getByTestId("commune-name").waitFor();
      assert.equal(await page.getByTestId("volume-level").textContent(), "Âm lượng 3/5");
      assert.equal(await page.getByTestId("auto-speak").getAttribute("aria-pressed"), "false");
      await page.getByRole("button", { name: "Nghe" }).click();
      await saidLast(page, "/api/v1/voice/clips/p_kiosk_welcome");
      assert.equal((await played(page)).length, n + 1, "home was not read on its own");
      assert.equal((await volumes(page)).at(-1), 0.7);
    },
  },
  {
    name: "speech: an error is said when it appears (auto-speak), without reading the message itself",
    async run({ base, newPage }) {
      const page = await newPage();
      await page.addInitScript(recordPlays);
      await page.route("**/api/v1/tickets", (r) => r.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "Máy in hỏng", message_en: "Printer broken" } }) }));
      await page.goto(base + "#/kiosk");
      await page.getByTestId("auto-speak").click();
      await page.locator("#tile-ticket").click();
      await page.locator("[data-service=hotich]").click();
      await page.getByRole("button", { name: "Không, lấy số thường" }).click();
      await page.getByRole("alert").waitFor();
      await saidLast(page, "/api/v1/voice/clips/p_speech_error");
      await endClip(page);
      await saidLast(page, "/api/v1/voice/clips/p_ticket_priority_question");
    },
  },
  {
    name: "speech: when the idle kiosk goes home, the volume and auto-speak are back to default (fake clock in the page)",
    async run({ base, newPage }) {
      const page = await newPage();
      await page.addInitScript(recordPlays);
      await page.clock.install();
      await page.goto(base + "#/kiosk");
      await page.getByTestId("commune-name").waitFor();
      await page.getByTestId("auto-speak").click();
      await page.getByTestId("softer").click();
      assert.equal(await page.getByTestId("volume-level").textContent(), "Âm lượng 2/5");
      // Left on the home screen itself: the voice alone makes it a visit to reset.
      await page.clock.fastForward(60_000 + 1_000);
      await page.getByTestId("idle-warning").waitFor();
      await page.clock.fastForward(30_000);
      await page.getByTestId("idle-warning").waitFor({ state: "detached" });
      assert.equal(await page.getByTestId("volume-level").textContent(), "Âm lượng 3/5");
      assert.equal(await page.getByTestId("auto-speak").getAttribute("aria-pressed"), "false");
    },
  },
  {
    name: "speech: the lines' and a procedure's names are said by the synthesiser, asked for by id only",
    async run({ base, newPage }) {
      const page = await newPage();
      await page.addInitScript(recordPlays);
      await page.goto(base + "#/kiosk/ticket");
      await page.locator("[data-service=hotich]").waitFor();
      await page.getByRole("button", { name: "Nghe" }).click();
      for (const clip of ["p_ticket_title", "p_ticket_choose_service", "p_speech_services"]) {
        await saidLast(page, `/api/v1/voice/clips/${clip}`);
        await endClip(page);
      }
      const ids = await page.locator("[data-service]").evaluateAll((els) => els.map((e) => e.dataset.service));
      for (const id of ids) {
        await saidLast(page, `/api/v1/voice/name?kind=service&id=${id}`);
        await endClip(page);
      }
      await saidLast(page, "/api/v1/voice/clips/p_speech_help");
      // The server says them (espeak-ng on this machine) as WAV; a free text has no route.
      const res = await fetch(base + "api/v1/voice/name?kind=service&id=" + ids[0]);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "audio/wav");
      assert.equal((await fetch(base + "api/v1/voice/name?kind=text&id=Nguyễn Văn A")).status, 400);

      await page.goto(base + "#/kiosk/procedures");
      await page.getByTestId("field-tile").first().click();
      await page.getByRole("button", { name: "Nghe" }).click();
      await waitFor(async () => /^\/api\/v1\/voice\/name\?kind=field&id=/.test((await played(page)).at(-1) ?? ""), { what: "the field's name" });
      await page.getByTestId("result").first().click();
      await page.getByRole("button", { name: "Nghe" }).click();
      await waitFor(async () => /^\/api\/v1\/voice\/name\?kind=procedure&id=/.test((await played(page)).at(-1) ?? ""), { what: "the procedure's name" });
    },
  },
];
