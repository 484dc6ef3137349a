package hardware

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
)

// PagesHandler serves the virtual printer's folder for the admin page: GET on the handler's
// root lists the newest n pages ({"pages":["page-….png", …]}, newest first); GET on
// <root>/<name> returns that PNG. Mount it with http.StripPrefix, behind the admin check.
func PagesHandler(dir string, n int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "" {
			names, err := LatestPages(dir, n)
			if err != nil {
				http.Error(w, "cannot read the printed pages", http.StatusInternalServerError)
				return
			}
			if names == nil {
				names = []string{}
			}
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Cache-Control", "no-store")
			_ = json.NewEncoder(w).Encode(map[string][]string{"pages": names})
			return
		}
		if !strings.HasPrefix(name, "page-") || !strings.HasSuffix(name, ".png") || strings.ContainsAny(name, `/\`) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Cache-Control", "private, max-age=86400, immutable")
		http.ServeFile(w, r, filepath.Join(dir, name))
	})
}
