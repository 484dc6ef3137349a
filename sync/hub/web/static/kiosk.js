// The kiosk view's charts: the heartbeat history the page carries as JSON, drawn with
// Chart.js (vendored, /static/chart.umd.js).
const h = JSON.parse(document.getElementById("history").textContent);
const line = (label, data, color, axis = "y") => ({ label, data, borderColor: color, backgroundColor: color, pointRadius: 0, tension: 0.2, yAxisID: axis });
const opts = (right) => ({
  animation: false,
  responsive: true,
  interaction: { mode: "index", intersect: false },
  scales: right ? { y: { beginAtZero: true }, y2: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } } } : { y: { beginAtZero: true } },
});
new Chart(document.getElementById("chart-sync"), {
  type: "line",
  data: { labels: h.labels, datasets: [line("Sự kiện chờ gửi", h.backlog, "#a40000"), line("Phút từ lần đồng bộ cuối", h.since_sync_min, "#12355b", "y2")] },
  options: opts(true),
});
new Chart(document.getElementById("chart-health"), {
  type: "line",
  data: { labels: h.labels, datasets: [line("Ổ đĩa trống (GB)", h.disk_free_gb, "#0a6b2b"), line("Lệch giờ (giây)", h.skew_s, "#8a5a00", "y2")] },
  options: opts(true),
});
new Chart(document.getElementById("chart-printer"), {
  type: "line",
  data: { labels: h.labels, datasets: [{ ...line("Máy in sẵn sàng (1 có, 0 không)", h.printer_ok, "#0a6b2b"), stepped: true }, line("Lệnh in chờ", h.printer_queued, "#12355b", "y2")] },
  options: opts(true),
});
