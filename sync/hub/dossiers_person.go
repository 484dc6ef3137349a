package hub

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
)

// The export of one person's data on request (Law 91/2025: the data subject's right to
// have it): POST /admin/v1/dossiers/person with {"id_number": "…"} in the body, never the
// URL (which proxies and access logs keep). Province IT only. The dossiers are found by the
// ID number's blind index; only theirs are opened. The audit log names the dossiers and
// their count, never the number.

// PersonExport is what the hub holds of one person.
type PersonExport struct {
	IDNumber   string          `json:"id_number"` // as asked, masked (*********345)
	ExportedAt time.Time       `json:"exported_at"`
	Dossiers   []PersonDossier `json:"dossiers"`
}

// PersonDossier is one of the person's dossiers: its row, the applicant whole (every
// field the kiosk sent, not only the portal's), and the dossier in the portal's fields
// with its progress rows.
type PersonDossier struct {
	DossierRow
	Applicant kiosk.Applicant `json:"applicant"`
	Portal    PortalDossier   `json:"portal"`
}

// maxPersonBody bounds the request: one ID number.
const maxPersonBody = 1 << 10

func (s *Server) dossierPersonExport(w http.ResponseWriter, r *http.Request) {
	if !s.provinceOnly(w, r) {
		return
	}
	var req struct {
		IDNumber string `json:"id_number"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPersonBody)).Decode(&req); err != nil {
		s.problem(w, r, &wire.Problem{Status: http.StatusBadRequest, Code: wire.CodeMalformed,
			Reason: `the body must be {"id_number": "…"}`, ReasonVI: `Nội dung yêu cầu phải là {"id_number": "…"}`})
		return
	}
	id := NormalizeIDNumber(req.IDNumber)
	if len(id) != 12 && len(id) != 9 {
		s.problem(w, r, &wire.Problem{Status: http.StatusBadRequest, Code: wire.CodeMalformed,
			Reason: "the ID number must be 12 digits (an old CMND: 9)", ReasonVI: "Số định danh cá nhân gồm 12 chữ số (CMND cũ: 9 chữ số)"})
		return
	}
	out := PersonExport{IDNumber: kiosk.MaskID(id), ExportedAt: s.now().UTC(), Dossiers: []PersonDossier{}}
	var names []string
	err := s.Store.DossierHistories(r.Context(), DossierQuery{IDNumber: id}, func(h DossierHistory) error {
		if h.Applicant == nil { // purged between the index and the row: nothing of the person left
			return nil
		}
		out.Dossiers = append(out.Dossiers, PersonDossier{DossierRow: h.DossierRow, Applicant: *h.Applicant, Portal: portalDossierOf(h)})
		names = append(names, DossierKey{Kiosk: h.Kiosk, Code: h.Code}.String())
		return nil
	})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, userOf(r), auditPersonExport, strings.Join(names, " "), strconv.Itoa(len(names))+" dossiers, by ID number")
	if len(out.Dossiers) == 0 {
		s.notFound(w, r, "the hub holds no dossier of this ID number", "Máy chủ tỉnh không lưu hồ sơ nào của số định danh này")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
}
