package hub

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// itRoutes are IT's pages and JSON API. Every one is guarded (a session or the admin
// token); every one that names a kiosk answers 403 for a kiosk outside the user's scope.
// The live streams (SSE) and the dossiers' export go on streams, served without
// signAnswers' holding.
func (s *Server) itRoutes(mux, streams *http.ServeMux) {
	mux.Handle("GET /static/", staticFiles())
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.Handle("POST /logout", s.page(s.logout))

	mux.Handle("GET /{$}", s.page(s.fleetPage))
	mux.Handle("GET /fleet", s.page(s.fleetPage))
	streams.Handle("GET /fleet/live", s.page(s.fleetLive))
	mux.Handle("GET /kiosks/{id}", s.page(s.kioskPage))
	streams.Handle("GET /kiosks/{id}/live", s.page(s.kioskLive))
	mux.Handle("POST /kiosks/{id}/commands", s.page(s.kioskCommand))
	mux.Handle("POST /kiosks/{id}/revoke", s.page(s.kioskRevoke))
	mux.Handle("GET /kiosks/{id}/logs/{log}", s.page(s.kioskLog))
	mux.Handle("GET /alerts", s.page(s.alertsPage))
	streams.Handle("GET /alerts/live", s.page(s.alertsLive))
	mux.Handle("GET /tokens", s.page(s.tokensPage))
	mux.Handle("POST /tokens", s.page(s.createToken))
	mux.Handle("POST /tokens/{id}/revoke", s.page(s.revokeToken))
	mux.Handle("GET /audit", s.page(s.auditPage))
	mux.Handle("GET /bundles", s.page(s.bundlesPage))
	mux.Handle("GET /dossiers", s.page(s.dossiersPage))
	mux.Handle("POST /kiosks/{id}/dossiers/{code}/state", s.page(s.dossierState))
	mux.Handle("GET /reports", s.page(s.reportsPage))
	mux.Handle("GET /reports/export", s.page(s.reportExport))
	mux.Handle("POST /bundles", s.pageBody(s.publishBundle, maxUpload))

	mux.Handle("GET /admin/v1/kiosks", s.api(s.apiKiosks))
	mux.Handle("GET /admin/v1/kiosks/{id}", s.api(s.apiKiosk))
	mux.Handle("GET /admin/v1/kiosks/{id}/heartbeats", s.api(s.apiHeartbeats))
	mux.Handle("GET /admin/v1/kiosks/{id}/commands", s.api(s.apiCommands))
	mux.Handle("POST /admin/v1/kiosks/{id}/commands", s.api(s.apiCommand))
	mux.Handle("POST /admin/v1/kiosks/{id}/revoke", s.api(s.apiRevoke))
	mux.Handle("GET /admin/v1/events", s.api(s.apiEvents))
	mux.Handle("GET /admin/v1/dossiers", s.api(s.apiDossiers))
	for _, kind := range []string{exportJSON, exportCSV, exportProgressCSV} {
		streams.Handle("GET /admin/v1/dossiers/"+kind, s.api(s.dossierExport(kind)))
	}
	mux.Handle("POST /admin/v1/dossiers/person", s.api(s.dossierPersonExport))
	mux.Handle("GET /admin/v1/ratings", s.api(s.apiRatings))
	mux.Handle("GET /admin/v1/assessments", s.api(s.apiAssessments))
	mux.Handle("GET /admin/v1/alerts", s.api(s.apiAlerts))
	mux.Handle("GET /admin/v1/audit", s.api(s.auditPage))
	mux.Handle("POST /admin/v1/updates", s.apiBody(s.apiPublishUpdate, maxUpdateUpload))
}

func (s *Server) alertsLive(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	s.live(w, r, "alerts", func(ctx context.Context) (string, error) {
		as, err := s.scopedAlerts(r.WithContext(ctx), AlertQuery{ClosedFrom: s.now().Add(-7 * 24 * time.Hour), Limit: 2000})
		if err != nil {
			return "", err
		}
		v := AlertsView{Webhook: s.AlertWebhook}
		for _, a := range as {
			if a.Closed.IsZero() {
				v.Open = append(v.Open, a)
			} else {
				v.Closed = append(v.Closed, a)
			}
		}
		return fragment("alerts", "alerts-live", pageData{User: u, Now: s.now(), Body: v})
	})
}

// apiKiosks lists the kiosks the user sees.
func (s *Server) apiKiosks(w http.ResponseWriter, r *http.Request) {
	ks, err := s.Store.Kiosks(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	u := userOf(r)
	out := make([]Kiosk, 0, len(ks))
	for i := range ks {
		if u.Sees(&ks[i]) {
			out = append(out, ks[i])
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiKiosk(w http.ResponseWriter, r *http.Request) {
	if k := s.kioskFor(w, r); k != nil {
		writeJSON(w, http.StatusOK, k)
	}
}

func (s *Server) apiHeartbeats(w http.ResponseWriter, r *http.Request) {
	k := s.kioskFor(w, r)
	if k == nil {
		return
	}
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 5000 {
		limit = HistoryBeats
	}
	hs, err := s.Store.Heartbeats(r.Context(), k.ID, limit)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if hs == nil {
		hs = []HeartbeatRow{}
	}
	writeJSON(w, http.StatusOK, hs)
}

func (s *Server) apiCommands(w http.ResponseWriter, r *http.Request) {
	k := s.kioskFor(w, r)
	if k == nil {
		return
	}
	cs, err := s.Store.Commands(r.Context(), k.ID)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if cs == nil {
		cs = []CommandRow{}
	}
	writeJSON(w, http.StatusOK, cs)
}

func (s *Server) apiCommand(w http.ResponseWriter, r *http.Request) {
	k := s.kioskFor(w, r)
	if k == nil {
		return
	}
	var req struct {
		Kind string          `json:"kind"`
		Arg  json.RawMessage `json:"arg"` // a string, or a dossier_state's object
		TTL  string          `json:"ttl"`
	}
	err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&req)
	arg := ""
	if err == nil {
		arg, err = commandArg(req.Arg)
	}
	if err != nil {
		s.problem(w, r, &wire.Problem{Status: 400, Code: wire.CodeMalformed, Reason: "command JSON: " + err.Error(), ReasonVI: "Lệnh không phải JSON hợp lệ"})
		return
	}
	ttl, _ := time.ParseDuration(req.TTL)
	id, err := s.queueCommand(r, k, req.Kind, arg, ttl)
	var p *wire.Problem
	switch {
	case errors.As(err, &p):
		s.problem(w, r, p)
		return
	case errors.Is(err, ErrNotFound):
		s.notFound(w, r, err.Error(), "Máy chủ tỉnh không có hồ sơ này của kiosk")
		return
	case err != nil:
		s.problem(w, r, &wire.Problem{Status: 400, Code: wire.CodeMalformed, Reason: err.Error(), ReasonVI: "Lệnh không hợp lệ"})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]int64{"id": id})
}

func (s *Server) apiRevoke(w http.ResponseWriter, r *http.Request) {
	k := s.kioskFor(w, r)
	if k == nil {
		return
	}
	if err := s.Store.Revoke(r.Context(), k.ID, s.now()); err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, userOf(r), "kiosk.revoke", k.ID, k.Commune)
	w.WriteHeader(http.StatusNoContent)
}

// apiEvents lists stored events. A cluster's IT must name a kiosk of its cluster: the
// raw stream of every kiosk is province IT's.
func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if u := userOf(r); u.Role != RoleProvince {
		k, err := s.Store.Kiosk(r.Context(), q.Get("kiosk"))
		if err != nil && !errors.Is(err, ErrNotFound) {
			s.internal(w, r, err)
			return
		}
		if k == nil || !u.Sees(k) {
			s.audit(r, u, "access.denied", "events of "+q.Get("kiosk"), "")
			s.forbidden(w, r, "name a kiosk of your cluster (?kiosk=ID)", "Chỉ xem được sự kiện của kiosk thuộc cụm mình")
			return
		}
	}
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	evs, err := s.Store.Events(r.Context(), EventQuery{Kiosk: q.Get("kiosk"), Epoch: q.Get("epoch"), Kind: q.Get("kind"), AfterSeq: after, Limit: limit})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, evs)
}

// communesOf is the set of communes of the kiosks u sees (nil: all, for province IT).
func (s *Server) communesOf(ctx context.Context, u *User) (map[string]bool, error) {
	if u.Role == RoleProvince {
		return nil, nil
	}
	ks, err := s.Store.Kiosks(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for i := range ks {
		if u.Sees(&ks[i]) {
			out[ks[i].Commune] = true
		}
	}
	return out, nil
}

// clusterOf returns the communes the caller sees (nil: all, for province IT) for a figure
// asked of commune ("" for every one), or answers and returns false: 500 when the kiosks
// cannot be read, 403 when commune is outside them. The rows are then kept with inCluster.
func (s *Server) clusterOf(w http.ResponseWriter, r *http.Request, commune string) (map[string]bool, bool) {
	cluster, err := s.communesOf(r.Context(), userOf(r))
	if err != nil {
		s.internal(w, r, err)
		return nil, false
	}
	if cluster != nil && commune != "" && !cluster[commune] {
		s.forbidden(w, r, "commune "+commune+" is outside your cluster", "Xã/phường này không thuộc cụm bạn quản lý")
		return nil, false
	}
	return cluster, true
}

// inCluster keeps the rows whose commune is in cluster (every row when cluster is nil), in
// place: the per-commune figures a cluster's IT may read.
func inCluster[T any](rows []T, cluster map[string]bool, commune func(T) string) []T {
	if cluster == nil {
		return rows
	}
	kept := rows[:0]
	for _, row := range rows {
		if cluster[commune(row)] {
			kept = append(kept, row)
		}
	}
	return kept
}
