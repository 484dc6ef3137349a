package hub

import (
	"net/http"
	"strconv"
)

// AuditView is a page of the audit log.
type AuditView struct {
	Entries []AuditEntry
	Actor   string
	Older   int64 // the id to page back from; 0 when this is the last page
}

// auditPage shows the audit log to province IT (a cluster's IT gets 403: the log names
// every cluster's kiosks and people).
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	if !s.provinceOnly(w, r) {
		return
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	q := AuditQuery{Actor: r.URL.Query().Get("actor"), Before: before, Limit: 200}
	es, err := s.Store.AuditLog(r.Context(), q)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	v := AuditView{Entries: es, Actor: q.Actor}
	if len(es) == q.Limit {
		v.Older = es[len(es)-1].ID
	}
	if r.URL.Path == "/admin/v1/audit" {
		writeJSON(w, http.StatusOK, es)
		return
	}
	s.render(w, r, http.StatusOK, "audit", "Nhật ký thao tác", v)
}

// provinceOnly answers 403 to anyone but province IT; false when it did.
func (s *Server) provinceOnly(w http.ResponseWriter, r *http.Request) bool {
	if u := userOf(r); u.Role != RoleProvince {
		s.audit(r, u, "access.denied", r.URL.Path, "")
		s.forbidden(w, r, "province IT only", "Chỉ CNTT tỉnh được xem trang này")
		return false
	}
	return true
}
