// The SSE stream as a page sees it: the first event is "hello" with the server's time, and
// a notice posted to the API reaches an open page as a "notice" event.
import { assert } from "./assert.mjs";

export const tests = [
  {
    name: "SSE: hello carries server_time, then a posted notice arrives as event: notice",
    async run({ base, clock, newPage, post }) {
      const page = await newPage();
      await page.goto(base + "#/kiosk");
      const hello = await page.evaluate(
        () =>
          new Promise((resolve, reject) => {
            const es = new EventSource("/api/v1/events");
            window.__es = es;
            window.__notices = [];
            es.addEventListener("notice", (e) => window.__notices.push(JSON.parse(e.data)));
            es.addEventListener("hello", (e) => resolve(JSON.parse(e.data)), { once: true });
            es.onerror = () => reject(new Error("EventSource error before hello"));
          }),
      );
      // The server runs on the clock the harness set (MOTCUA_CLOCK), not the machine's.
      const since = Date.parse(hello.server_time) - Date.parse(clock);
      assert.ok(since >= 0 && since < 3_600_000, `hello.server_time ${hello.server_time} is on the server's set clock (started ${clock})`);

      // The stream is open (hello came through it), so the notice cannot be missed.
      const text = "Sáng thứ Bảy bộ phận một cửa làm việc đến 11 giờ 30";
      const res = await post("/api/v1/notice", { text });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const got = await page.waitForFunction(() => window.__notices.at(-1), null, { timeout: 10_000 });
      const notice = await got.jsonValue();
      assert.equal(notice.text, text, `notice event: ${JSON.stringify(notice)}`);
      assert.equal(notice.text, notice.text.normalize("NFC"));
      await page.evaluate(() => window.__es.close());
    },
  },
  {
    name: "the app's own connection indicator turns on when the stream says hello",
    async run({ base, newPage }) {
      const page = await newPage();
      for (const hash of ["#/kiosk", "#/rate", "#/admin"]) {
        await page.goto(base + hash);
        await page.locator("[data-testid=connection][data-connected=true]").waitFor({ timeout: 10_000 });
      }
    },
  },
];
