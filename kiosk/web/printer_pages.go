package web

import (
	"net/http"
	"path/filepath"
	"strings"
)

// PrinterPages is the virtual printer's folder as staff see it on the admin page: each
// printed page is a PNG named page-….png.
type PrinterPages struct {
	Dir string
	// Latest lists the newest n page names, newest first (hardware.LatestPages).
	Latest func(dir string, n int) ([]string, error)
	// N is how many pages the list shows (default 12).
	N int
}

// routePrinterPages serves GET …/printer/pages/ (the list, {"pages": [...]}) and
// GET …/printer/pages/{name} (one PNG) to clerks and admins. Only page-*.png names in the
// folder itself are served, so the database next to it can never be fetched.
func (s *Server) routePrinterPages(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/printer/pages/{name...}", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Authorize(r, "clerk"); err != nil {
			s.writeError(w, r, err)
			return
		}
		p := s.PrinterPages
		if p == nil {
			s.writeError(w, r, errNoService)
			return
		}
		name := r.PathValue("name")
		if name == "" {
			n := p.N
			if n == 0 {
				n = 12
			}
			names, err := p.Latest(p.Dir, n)
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			if names == nil {
				names = []string{}
			}
			w.Header().Set("Cache-Control", "no-store")
			writeJSON(w, http.StatusOK, map[string][]string{"pages": names})
			return
		}
		if !strings.HasPrefix(name, "page-") || !strings.HasSuffix(name, ".png") || strings.ContainsAny(name, `/\`) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Cache-Control", "private, max-age=86400, immutable")
		http.ServeFile(w, r, filepath.Join(p.Dir, name))
	})
}
