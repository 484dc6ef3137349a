// The hall display read from across the hall (issue 15): a call flash that keeps ≥ 7:1 in
// every frame, a banner that lets go of a skipped or finished number, the clerk's name at
// ≥ 48 px with the photo, the last five calls, and sound that is one tap per display,
// remembered, and never spent on a test call.
import { join } from "node:path";
import { assert, settled, waitFor } from "./assert.mjs";
import { clerk } from "./clerk.mjs";
import { audit } from "./design.mjs";

async function openDisplay(newPage, base) {
  const page = await newPage({ width: 1920, height: 1080 });
  await page.goto(base + "#/display");
  await page.getByText("Hộ tịch – Chứng thực").waitFor();
  await page.waitForFunction(async () => (await (await fetch("/api/v1/health")).json()).sse_clients > 0);
  return page;
}

const take = async (post, service = "hotich") => {
  const r = await post("/api/v1/tickets", { service_id: service, priority: "" });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.ticket.code;
};

const banner = (page) => page.getByTestId("latest-call");

export const tests = [
  {
    name: "display: the call flash keeps ≥ 7:1 contrast in every frame; clerk name ≥ 48 px with photo",
    async run({ base, newPage, post, shots }) {
      const page = await openDisplay(newPage, base);
      const code = await take(post);
      const act = await clerk(base, "canbo1", "1111");
      const called = await act("/api/v1/counters/1/call-next");
      assert.equal(called.status, 200, JSON.stringify(called.body));
      await page.locator("[data-testid=latest-call].flash").getByText(code).waitFor();

      // Sample the flash every 50 ms of its 5 s, each frame held still by the Web
      // Animations API, and measure the banner's text against its background as drawn.
      const backgrounds = new Set();
      for (let t = 0; t < 5000; t += 50) {
        const frame = await page.evaluate((t) => {
          const flash = document.getAnimations().filter((a) => /(^|-)flash$/.test(a.animationName)) // Svelte prefixes the keyframes;
          for (const a of flash) {
            a.pause();
            a.currentTime = t;
          }
          return { n: flash.length, bg: getComputedStyle(document.querySelector("[data-testid=latest-call]")).backgroundColor };
        }, t);
        assert.equal(frame.n, 1, "one flash animation runs");
        backgrounds.add(frame.bg);
        assert.deepEqual(await audit(page, { within: "[data-testid=latest-call]", minContrast: 7 }), [], `frame at ${t} ms`);
        if (t === 500) await page.screenshot({ path: join(shots, "display-flash-on-1920x1080.png") });
      }
      // Not vacuous: the frames sampled include both colours of the flash.
      assert.equal(backgrounds.size, 2, `flash colours seen: ${[...backgrounds].join(", ")}`);

      // The clerk at counter 1: name ≥ 48 px, with the photo loaded.
      const card = page.locator("[data-counter='1']");
      await card.getByTestId("staff-name").filter({ hasText: "Nguyễn Thị Lan" }).waitFor();
      const size = await card.getByTestId("staff-name").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      assert.ok(size >= 48, `clerk name is ${size} px`);
      const photo = card.getByTestId("staff-photo");
      await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await photo.elementHandle());
      const box = await photo.boundingBox();
      assert.ok(box.width >= 96 && box.height >= 96, `photo is ${box.width}×${box.height}`);
    },
  },
  {
    name: "display: a skipped or finished number leaves the banner; the last five calls are listed",
    async run({ base, newPage, post, shots }) {
      const page = await openDisplay(newPage, base);
      const act = await clerk(base, "canbo1", "1111");
      const codes = [];
      for (let i = 0; i < 6; i++) codes.push(await take(post));

      // Called, then skipped (no-show): the banner lets go of it.
      assert.equal((await act("/api/v1/counters/1/call-next")).status, 200);
      await banner(page).getByText(codes[0]).waitFor();
      assert.equal((await act("/api/v1/counters/1/skip")).status, 200);
      await banner(page).getByText("Xin mời quý vị chờ đến lượt").waitFor();
      assert.equal(await banner(page).getByText(codes[0]).count(), 0);

      // Called, served, finished: the same.
      assert.equal((await act("/api/v1/counters/1/call-next")).status, 200);
      await banner(page).getByText(codes[1]).waitFor();
      assert.equal((await act("/api/v1/counters/1/start")).status, 200);
      assert.equal((await act("/api/v1/counters/1/finish")).status, 200);
      await banner(page).getByText("Xin mời quý vị chờ đến lượt").waitFor();

      // Four more calls (call-next finishes the one before): the last five, newest first.
      for (let i = 2; i < 6; i++) {
        assert.equal((await act("/api/v1/counters/1/call-next")).status, 200);
        await banner(page).getByText(codes[i]).waitFor();
      }
      const recent = page.getByTestId("recent-calls").locator(".rcode");
      await waitFor(async () => (await recent.allTextContents()).join(" ") === [...codes].reverse().slice(0, 5).join(" "), {
        what: `recent calls ${[...codes].reverse().slice(0, 5)}`,
      });
      await settled(page);
      await page.screenshot({ path: join(shots, "display-recent-1920x1080.png") });
    },
  },
  {
    name: "display: 'Bật âm thanh' is remembered across reloads, asks for a touch when the browser blocks sound, and speaks only real calls",
    async run({ base, newPage, post }) {
      const page = await openDisplay(newPage, base);
      const announced = [];
      page.on("request", (r) => r.url().includes("/api/v1/voice/announce") && announced.push(r.url()));
      // A call made before sound is on is on screen, never read later.
      await take(post);
      const act = await clerk(base, "canbo1", "1111");
      assert.equal((await act("/api/v1/counters/1/call-next")).status, 200);
      await banner(page).getByText("A001").waitFor();

      await page.getByRole("button", { name: "Bật âm thanh" }).click();
      await page.getByRole("button", { name: "Tắt âm thanh" }).waitFor();
      assert.equal(await page.getByTestId("sound-hint").count(), 0);

      // The browser's rule, as Chromium applies it to a kiosk browser: no sound before the
      // page has had a touch (navigator.userActivation).
      await page.context().addInitScript(() => {
        const play = HTMLMediaElement.prototype.play;
        HTMLMediaElement.prototype.play = function () {
          if (!navigator.userActivation.hasBeenActive) return Promise.reject(new DOMException("no gesture yet", "NotAllowedError"));
          return play.call(this);
        };
      });
      await page.reload();
      await page.getByText("Hộ tịch – Chứng thực").waitFor();
      // Remembered: no "Bật âm thanh" again, but a hint that a touch is needed.
      await page.getByRole("button", { name: "Tắt âm thanh" }).waitFor();
      assert.equal(await page.getByRole("button", { name: "Bật âm thanh" }).count(), 0);
      await page.getByTestId("sound-hint").filter({ hasText: "Chạm vào màn hình để bật âm thanh" }).waitFor();
      await page.mouse.click(960, 700);
      await page.getByTestId("sound-hint").waitFor({ state: "detached" });
      await settled(page);
      assert.deepEqual(announced, [], "nothing was read out: not the old call, not a test call");

      // A real call is read out.
      await page.waitForFunction(async () => (await (await fetch("/api/v1/health")).json()).sse_clients > 0);
      await take(post);
      assert.equal((await act("/api/v1/counters/1/call-next")).status, 200);
      await waitFor(() => announced.length === 1, { what: "one announcement" });
      assert.match(announced[0], /code=A002&counter=1/);

      // Turned off, and that is remembered too.
      await page.getByRole("button", { name: "Tắt âm thanh" }).click();
      await page.reload();
      await page.getByRole("button", { name: "Bật âm thanh" }).waitFor();
    },
  },
];
