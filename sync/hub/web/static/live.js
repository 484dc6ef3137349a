// Live refresh: an element with data-live="URL" data-event="NAME" takes the HTML of each
// Server-Sent Event NAME from URL as its content. EventSource reconnects by itself.
for (const el of document.querySelectorAll("[data-live]")) {
  const es = new EventSource(el.dataset.live);
  es.addEventListener(el.dataset.event, (e) => {
    el.innerHTML = e.data;
    el.dispatchEvent(new CustomEvent("live-updated", { bubbles: true }));
  });
}
// A button with data-confirm asks before its form is sent.
document.addEventListener("submit", (e) => {
  const b = e.submitter;
  const msg = b?.dataset.confirm ?? e.target.dataset.confirm;
  if (msg && !confirm(msg)) e.preventDefault();
});
