package hub

import (
	"net/http"
	"time"
)

// AlertsView is the alerts page: what is open now and what closed in the last week, of
// the kiosks the user sees.
type AlertsView struct {
	Open, Closed []Alert
	Webhook      bool
}

func (s *Server) scopedAlerts(r *http.Request, q AlertQuery) ([]Alert, error) {
	as, err := s.Store.Alerts(r.Context(), q)
	if err != nil {
		return nil, err
	}
	u := userOf(r)
	out := as[:0]
	for _, a := range as {
		if u.Sees(&Kiosk{Cluster: a.Cluster}) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (s *Server) alertsPage(w http.ResponseWriter, r *http.Request) {
	as, err := s.scopedAlerts(r, AlertQuery{ClosedFrom: s.now().Add(-7 * 24 * time.Hour), Limit: 2000})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	v := AlertsView{Webhook: s.AlertWebhook}
	for _, a := range as {
		if a.Closed.IsZero() {
			v.Open = append(v.Open, a)
		} else {
			v.Closed = append(v.Closed, a)
		}
	}
	s.render(w, r, http.StatusOK, "alerts", "Cảnh báo", v)
}

// apiAlerts lists the open alerts (and, with ?closed_days=N, those closed since) in scope.
func (s *Server) apiAlerts(w http.ResponseWriter, r *http.Request) {
	q := AlertQuery{OpenOnly: true, Limit: 5000}
	if d := r.URL.Query().Get("closed_days"); d != "" {
		days, err := time.ParseDuration(d + "h")
		if err == nil {
			q = AlertQuery{ClosedFrom: s.now().Add(-24 * days), Limit: 5000}
		}
	}
	as, err := s.scopedAlerts(r, q)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if as == nil {
		as = []Alert{}
	}
	writeJSON(w, http.StatusOK, as)
}
