package web

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/motcua/motcua/kiosk"
)

// CatalogPrinter queues a "what to bring" slip for a procedure (a durable print job) and
// returns the job's id. documents are the indexes in p.Documents the villager ticked (none:
// all); a bad index is an EINVALID error. The printer area provides it; until then the
// endpoint answers EUNAVAILABLE and the kiosk says printing is not ready.
type CatalogPrinter func(ctx context.Context, p *kiosk.Procedure, lang string, documents []int) (jobID int64, err error)

// maxBundleUpload bounds a bundle uploaded from the admin page.
const maxBundleUpload = 64 << 20

// routeCatalog serves the procedure catalog: public reads for the kiosk and counter pages,
// a bundle upload for admins.
func (s *Server) routeCatalog(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/catalog", s.withCatalog(s.catalogInfo))
	mux.HandleFunc("GET /api/v1/catalog/fields", s.withCatalog(s.catalogFields))
	mux.HandleFunc("GET /api/v1/catalog/procedures", s.withCatalog(s.catalogProcedures))
	mux.HandleFunc("GET /api/v1/catalog/procedures/{code}", s.withCatalog(s.catalogProcedure))
	mux.HandleFunc("POST /api/v1/catalog/procedures/{code}/print", s.withCatalog(s.catalogPrint))
	mux.HandleFunc("POST /api/v1/admin/catalog", s.withCatalog(s.catalogUpload))
}

// catalogInfo answers the catalog in force: its version, issuer and counts.
func (s *Server) catalogInfo(w http.ResponseWriter, r *http.Request, c kiosk.CatalogService) {
	info, err := c.Info(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, info)
}

// catalogFields lists the fields (lĩnh vực) with their procedure counts.
func (s *Server) catalogFields(w http.ResponseWriter, r *http.Request, c kiosk.CatalogService) {
	fields, err := c.Fields(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"fields": fields})
}

// catalogProcedures lists a field's procedures in bundle order (?field=NAME) or searches
// (?q=TEXT&limit=N); a search says whether anything matched well enough (found).
func (s *Server) catalogProcedures(w http.ResponseWriter, r *http.Request, c kiosk.CatalogService) {
	q := r.URL.Query()
	var list []kiosk.ProcedureSummary
	var err error
	switch {
	case q.Has("q"):
		limit := 20
		if l := q.Get("limit"); l != "" {
			if limit, err = strconv.Atoi(l); err != nil || limit < 1 || limit > 100 {
				s.writeError(w, r, kiosk.Invalid("limit", "Giới hạn phải từ 1 đến 100", "limit must be 1–100"))
				return
			}
		}
		if len(q.Get("q")) > 500 {
			s.writeError(w, r, kiosk.Invalid("q", "Từ khóa tìm kiếm quá dài", "the query is too long"))
			return
		}
		list, err = c.Search(r.Context(), q.Get("q"), limit)
	case q.Has("field"):
		list, err = c.ByField(r.Context(), q.Get("field"))
	default:
		err = kiosk.Invalid("q", "Cần từ khóa (q) hoặc lĩnh vực (field)", "give q (a query) or field")
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body := map[string]any{"procedures": list}
	if q.Has("q") {
		// Whether anything matched well enough (kiosk.SearchThreshold): false is the
		// kiosk's "Không tìm thấy — xin hỏi cán bộ", never a list of near misses.
		body["found"] = len(list) > 0
	}
	writeJSON(w, http.StatusOK, body)
}

// catalogProcedure answers one procedure whole, and counts it as opened.
func (s *Server) catalogProcedure(w http.ResponseWriter, r *http.Request, c kiosk.CatalogService) {
	p, err := c.Procedure(r.Context(), r.PathValue("code"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.countUse(r, c, p.Code, kiosk.UseOpened)
	writeJSON(w, http.StatusOK, p)
}

// catalogPrint queues a procedure's "what to bring" slip with the documents ticked on
// screen: rate-limited per LAN address like tickets (the window is exempt).
func (s *Server) catalogPrint(w http.ResponseWriter, r *http.Request, c kiosk.CatalogService) {
	var body struct {
		Lang      string `json:"lang"`
		Documents []int  `json:"documents"` // indexes of the documents ticked on screen
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, 4<<10, &body); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	p, err := c.Procedure(r.Context(), r.PathValue("code"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.limitPrint(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	if s.PrintChecklist == nil {
		s.writeError(w, r, kiosk.Errorf(kiosk.EUNAVAILABLE, "Chưa in được giấy tờ cần mang: máy in chưa sẵn sàng. Xin chụp ảnh màn hình hoặc hỏi cán bộ.",
			"printing is not ready yet; take a photo of the screen or ask a clerk"))
		return
	}
	id, err := s.PrintChecklist(r.Context(), p, body.Lang, body.Documents)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.countUse(r, c, p.Code, kiosk.UsePrinted)
	writeJSON(w, http.StatusAccepted, map[string]any{"job": id})
}

// catalogUpload applies a bundle uploaded from the admin page (admins), exactly as
// `motcua catalog import` applies a file.
func (s *Server) catalogUpload(w http.ResponseWriter, r *http.Request, c kiosk.CatalogService) {
	r, err := s.asAdmin(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBundleUpload))
	if err != nil {
		s.writeError(w, r, kiosk.Errorf(kiosk.ETOOLARGE, "Gói danh mục quá lớn (tối đa 64 MB)", "the bundle is over 64 MB"))
		return
	}
	v, err := c.Apply(r.Context(), data)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"version": v})
}

// countUse counts what was done with a procedure, so search ranks first what this desk
// handles. Best effort: a failure (a full disk) is logged, never the caller's, since
// reading a procedure or printing its slip must not fail for it.
func (s *Server) countUse(r *http.Request, c kiosk.CatalogService, code string, use kiosk.ProcedureUse) {
	if err := c.CountUse(r.Context(), code, use); err != nil {
		s.Logger.Warn("count procedure use", "code", code, "use", use, "err", err)
	}
}

func (s *Server) withCatalog(h func(http.ResponseWriter, *http.Request, kiosk.CatalogService)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Catalog == nil {
			s.writeError(w, r, errNoService)
			return
		}
		h(w, r, s.Catalog)
	}
}
