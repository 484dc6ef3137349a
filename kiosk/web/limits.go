package web

import (
	"net/http"
	"sync"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// Rate is Burst requests at once, then one per Every.
type Rate struct {
	Burst int
	Every time.Duration
}

// Defaults of the Server's limits (docs/api.md, "Limits").
var (
	// DefaultPrintLimit: a villager takes one number, perhaps a slip or two; a hall busy
	// enough to print more than ten a minute from one LAN client has a kiosk window.
	DefaultPrintLimit = Rate{Burst: 10, Every: 6 * time.Second}
	// DefaultRatingLimit: a counter serves a villager every few minutes, and its pad sends
	// one rating for each; a burst covers a kiosk look-up or two besides.
	DefaultRatingLimit = Rate{Burst: 6, Every: 20 * time.Second}
	// DefaultHelpLimit: a villager calls for a clerk once, perhaps again when nobody has
	// come; a kiosk screen on the LAN calling more often is someone playing with it.
	DefaultHelpLimit = Rate{Burst: 3, Every: time.Minute}
)

const (
	DefaultMaxEventStreams          = 200 // every screen of a large hall, several times over
	DefaultMaxEventStreamsPerSource = 20  // a counter PC with a few tabs open
)

// rateLimit keeps one leaky bucket per source, in memory: no LAN client can make the
// kiosk restart, and a restart forgets only a few seconds' worth.
type rateLimit struct {
	rate    Rate
	mu      sync.Mutex
	buckets map[string]kiosk.Bucket
}

func newRateLimit(r Rate) *rateLimit {
	return &rateLimit{rate: r, buckets: map[string]kiosk.Bucket{}}
}

// take counts one request from source at now, or says how long until one is allowed.
func (l *rateLimit) take(source string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[source].Drain(now, l.rate.Every)
	if b.Level >= l.rate.Burst {
		return b.At.Add(l.rate.Every).Sub(now)
	}
	b.Level++
	l.buckets[source] = b
	if len(l.buckets) > 1024 { // forget the sources whose buckets have emptied
		for k, v := range l.buckets {
			if v.Drain(now, l.rate.Every).Level == 0 {
				delete(l.buckets, k)
			}
		}
	}
	return 0
}

// limitPrint refuses r with ETOOMANY once its source has printed its share: tickets and
// slips take paper, and a LAN client once printed 200 tickets in 3 s. The kiosk window is
// exempt.
func (s *Server) limitPrint(r *http.Request) error {
	return s.limit(s.prints, r, "Máy này đã lấy quá nhiều phiếu trong thời gian ngắn.", "too many tickets or slips from this device")
}

// limit counts r against l, or refuses it with ETOOMANY: vi and en say what was too much,
// and the wait is added to them. The kiosk window is exempt, and loopback when trusted.
func (s *Server) limit(l *rateLimit, r *http.Request, vi, en string) error {
	if s.exempt(r) {
		return nil
	}
	wait := l.take(sourceOf(r), s.Clock())
	if wait <= 0 {
		return nil
	}
	waitVI, waitEN := kiosk.WaitText(wait)
	e := kiosk.Errorf(kiosk.ETOOMANY, vi+" Xin chờ "+waitVI+" rồi thử lại.", en+"; wait "+waitEN+" and try again")
	e.RetryAfter = wait
	return e
}

// streamCount counts open SSE streams, in all and per source.
type streamCount struct {
	max, perSource int
	mu             sync.Mutex
	total          int
	bySource       map[string]int
}

// open admits one more stream from source, or refuses it with EUNAVAILABLE; release
// must be called when an admitted stream ends.
func (c *streamCount) open(source string) (release func(), err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.total >= c.max || c.bySource[source] >= c.perSource {
		e := kiosk.Errorf(kiosk.EUNAVAILABLE, "Quá nhiều màn hình đang kết nối với kiosk. Xin thử lại sau.",
			"too many screens are connected to the kiosk; try again later")
		e.RetryAfter = 10 * time.Second
		return nil, e
	}
	c.total++
	c.bySource[source]++
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.total--
			if c.bySource[source]--; c.bySource[source] == 0 {
				delete(c.bySource, source)
			}
		})
	}, nil
}
