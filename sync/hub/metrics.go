package hub

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are what GET /metrics shows Prometheus. Counters and the latency histogram are
// this process's own (Prometheus sums them over the hubs); the fleet and the pools are
// read at each scrape, the fleet from the store, so every hub over one database reports
// the same fleet (take max, not sum, over hubs).
type metrics struct {
	reg          *prometheus.Registry
	stored       prometheus.Counter
	batches      *prometheus.CounterVec
	batchSeconds prometheus.Histogram
	rejected     *prometheus.CounterVec
	refused      *prometheus.CounterVec
}

// Batch outcomes, the result label of motcua_hub_batches_total.
const (
	batchStored    = "stored"    // it held new events
	batchDuplicate = "duplicate" // all held already: a retry, or another hub stored it first
	batchGap       = "gap"       // refused with 409: a hole, or events that differ
	batchFailed    = "error"     // the store failed
)

func newMetrics(st Store, now func() time.Time) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		stored: prometheus.NewCounter(prometheus.CounterOpts{Name: "motcua_hub_events_stored_total",
			Help: "Events new to the hub, stored by this process (the ingest rate is its rate())."}),
		batches: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "motcua_hub_batches_total",
			Help: "Batches that reached the store, by result: stored, duplicate, gap, error."}, []string{"result"}),
		batchSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "motcua_hub_batch_duration_seconds",
			Help:    "Time to answer POST /v1/events, from the request read to the answer (signature, replay guard, store).",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "motcua_hub_events_rejected_total",
			Help: "Single events refused as business errors (Server.Reject), by reason."}, []string{"reason"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "motcua_hub_requests_refused_total",
			Help: "Requests refused, by problem code (bad_signature, replay, clock_skew, gap, too_large, overloaded, …)."}, []string{"code"}),
	}
	m.reg.MustRegister(m.stored, m.batches, m.batchSeconds, m.rejected, m.refused, &storeCollector{st: st, now: now},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// handler serves the metrics; a store that fails a scrape still gets the rest served.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// storeCollector reads the fleet and the connection pools at each scrape.
type storeCollector struct {
	st  Store
	now func() time.Time
}

var (
	descKiosks = prometheus.NewDesc("motcua_hub_kiosks",
		"Enrolled kiosks by state: online (a heartbeat within the dashboard's 10 minutes), offline, revoked.", []string{"state"}, nil)
	descBacklog = prometheus.NewDesc("motcua_hub_kiosk_backlog_events",
		"Events a kiosk has not pushed yet, as its last heartbeat said (revoked kiosks left out).", []string{"kiosk", "commune"}, nil)
	descPoolOpen  = prometheus.NewDesc("motcua_hub_db_connections", "Database connections by state (in_use, idle).", []string{"pool", "state"}, nil)
	descPoolMax   = prometheus.NewDesc("motcua_hub_db_connections_max", "Connections the pool may open.", []string{"pool"}, nil)
	descPoolWaits = prometheus.NewDesc("motcua_hub_db_waits_total", "Acquisitions that waited for a free connection.", []string{"pool"}, nil)
	descPoolWait  = prometheus.NewDesc("motcua_hub_db_wait_seconds_total", "Time spent waiting for a free connection.", []string{"pool"}, nil)
)

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descKiosks, descBacklog, descPoolOpen, descPoolMax, descPoolWaits, descPoolWait} {
		ch <- d
	}
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	for _, p := range c.st.Pools() {
		ch <- prometheus.MustNewConstMetric(descPoolOpen, prometheus.GaugeValue, float64(p.InUse), p.Name, "in_use")
		ch <- prometheus.MustNewConstMetric(descPoolOpen, prometheus.GaugeValue, float64(p.Open-p.InUse), p.Name, "idle")
		ch <- prometheus.MustNewConstMetric(descPoolMax, prometheus.GaugeValue, float64(p.Max), p.Name)
		ch <- prometheus.MustNewConstMetric(descPoolWaits, prometheus.CounterValue, float64(p.Waits), p.Name)
		ch <- prometheus.MustNewConstMetric(descPoolWait, prometheus.CounterValue, p.WaitTime.Seconds(), p.Name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ks, err := c.st.Kiosks(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(descKiosks, err)
		return
	}
	now := c.now()
	counts := map[string]int{"online": 0, "offline": 0, "revoked": 0}
	for _, k := range ks {
		switch {
		case !k.Revoked.IsZero():
			counts["revoked"]++
			continue
		case isOnline(now, k.LastSeen):
			counts["online"]++
		default:
			counts["offline"]++
		}
		ch <- prometheus.MustNewConstMetric(descBacklog, prometheus.GaugeValue, float64(k.LastHeartbeat.Backlog), k.ID, k.Commune)
	}
	for state, n := range counts {
		ch <- prometheus.MustNewConstMetric(descKiosks, prometheus.GaugeValue, float64(n), state)
	}
}
