package web

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// ReceiptPrinter queues one of a dossier's forms (kiosk.DossierFormOf: the receipt, the
// request to complete, the refusal, the tracking sheet, the apology) on the thermal roll
// through the print spool. It must not block on the printer: the dossier is committed.
type ReceiptPrinter func(ctx context.Context, f kiosk.DossierForm) ReceiptPrint

// ReceiptPrint says whether a dossier's slip went to the printer; when it did not, Message
// tells the clerk (in Vietnamese) to print the A4 copy instead.
type ReceiptPrint struct {
	Queued  bool   `json:"queued"`
	Message string `json:"message,omitempty"`
}

// DefaultLookupLimit bounds public look-ups by code per source address: a phone checking
// its receipt a few times passes; walking through a day's guessable codes (agency, date,
// a 4-digit number) to collect masked names takes hours. The kiosk window is exempt.
var DefaultLookupLimit = Rate{Burst: 30, Every: 2 * time.Second}

// routeDossiers serves the dossiers: intake and handling for clerks, export and audit for
// admins, the public look-up by code, and the receipt QR's status page; and the ticket's
// place in line, which shares the look-ups' allowance.
func (s *Server) routeDossiers(mux *http.ServeMux) {
	s.lookups = newRateLimit(DefaultLookupLimit)
	mux.HandleFunc("POST /api/v1/dossiers", s.dossierIntake)
	mux.HandleFunc("POST /api/v1/dossiers/scan", s.dossierScan)
	mux.HandleFunc("GET /api/v1/dossiers/quote", s.dossierQuote)
	mux.HandleFunc("GET /api/v1/dossiers", s.dossierList)
	mux.HandleFunc("GET /api/v1/dossiers/{code}", s.dossierGet)
	mux.HandleFunc("POST /api/v1/dossiers/{code}/transition", s.dossierTransition)
	mux.HandleFunc("PUT /api/v1/dossiers/{code}/applicant", s.dossierApplicant)
	mux.HandleFunc("POST /api/v1/dossiers/{code}/print", s.dossierPrint)
	mux.HandleFunc("GET /api/v1/dossiers/{code}/a4/{form}", s.dossierA4)
	mux.HandleFunc("GET /api/v1/admin/dossiers/audit", s.dossierAudit)
	mux.HandleFunc("POST /api/v1/admin/dossiers/export", s.dossierExport)
	mux.HandleFunc("POST /api/v1/admin/dossiers/purge", s.dossierPurge)
	mux.HandleFunc("GET /api/v1/calendar", s.calendarYear)
	mux.HandleFunc("GET /api/v1/public/dossier", s.dossierLookup)
	mux.HandleFunc("GET /api/v1/public/ticket", s.ticketPosition)
	mux.HandleFunc("GET "+kiosk.LookupPath+"{code}", s.dossierStatusPage)
}

// staffFor authorizes r in role and returns who acts: the session's staff member, or for
// trusted loopback (no session) an admin named "loopback".
func (s *Server) staffFor(r *http.Request, role kiosk.Role) (kiosk.Staff, error) {
	if err := s.Authorize(r, string(role)); err != nil {
		return kiosk.Staff{}, err
	}
	if sess, err := s.sessionOf(r); err == nil {
		return sess.Staff, nil
	}
	return kiosk.Staff{ID: "loopback", Name: "loopback", Role: kiosk.RoleAdmin}, nil
}

// dossierCall authorizes a staff member in role and hands the dossier service to fn; fn's
// answer is written with status, or its error.
func (s *Server) dossierCall(w http.ResponseWriter, r *http.Request, role kiosk.Role, status int,
	fn func(ds kiosk.DossierService, by kiosk.Staff) (any, error)) {
	by, err := s.staffFor(r, role)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if s.Dossiers == nil {
		s.writeError(w, r, errNoService)
		return
	}
	v, err := fn(s.Dossiers, by)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, status, v)
}

// intakeResponse is a received dossier with its receipt's QR target and what became of the print.
type intakeResponse struct {
	Dossier   kiosk.Dossier `json:"dossier"`
	LookupURL string        `json:"lookup_url"`
	Print     ReceiptPrint  `json:"print"`
}

// dossierIntake receives a dossier (clerk at their counter, admin) and queues its receipt.
func (s *Server) dossierIntake(w http.ResponseWriter, r *http.Request) {
	s.dossierCall(w, r, kiosk.RoleClerk, http.StatusCreated, func(ds kiosk.DossierService, by kiosk.Staff) (any, error) {
		var in kiosk.DossierIntake
		if err := decodeJSON(w, r, 64<<10, &in); err != nil {
			return nil, err
		}
		d, err := ds.Intake(r.Context(), by, in)
		if err != nil {
			return nil, err
		}
		resp := intakeResponse{Dossier: d, LookupURL: kiosk.LookupURL(s.lookupBase(r), d.Code), Print: printNotQueuedReceipt}
		if s.PrintReceipt != nil {
			if f, err := s.dossierForm(r, d, kiosk.FormReceipt); err == nil {
				resp.Print = s.PrintReceipt(r.Context(), f)
			}
		}
		if s.Catalog != nil { // what this desk receives ranks first in search
			s.countUse(r, s.Catalog, d.Procedure.Code, kiosk.UseReceived)
		}
		s.Logger.Info("dossier received", "code", d.Code, "procedure", d.Procedure.Code, "staff", by.ID)
		return resp, nil
	})
}

var printNotQueuedReceipt = ReceiptPrint{Message: "Chưa in được giấy tiếp nhận: máy in chưa sẵn sàng. Xin in lại sau hoặc in bản A4."}

// dossierScan parses a CCCD QR scan into the applicant fields it holds (clerks): the
// counter form fills itself from the answer, or shows the error and fills nothing.
func (s *Server) dossierScan(w http.ResponseWriter, r *http.Request) {
	s.dossierCall(w, r, kiosk.RoleClerk, http.StatusOK, func(_ kiosk.DossierService, _ kiosk.Staff) (any, error) {
		var body struct {
			Text string `json:"text"`
		}
		if err := decodeJSON(w, r, 4<<10, &body); err != nil {
			return nil, err
		}
		return kiosk.ParseCCCD(body.Text, s.Clock())
	})
}

// dossierQuote is the statutory time and appointment of a procedure received now (clerks).
func (s *Server) dossierQuote(w http.ResponseWriter, r *http.Request) {
	s.dossierCall(w, r, kiosk.RoleClerk, http.StatusOK, func(ds kiosk.DossierService, _ kiosk.Staff) (any, error) {
		q := r.URL.Query()
		return ds.Quote(r.Context(), q.Get("procedure"), q.Get("case"))
	})
}

// dossierList is a clerk's list: ?list=open|due_today|overdue|supplement|ready|all,
// &procedure=CODE, &q=code, name, phone or ID number, &limit, &offset.
func (s *Server) dossierList(w http.ResponseWriter, r *http.Request) {
	s.dossierCall(w, r, kiosk.RoleClerk, http.StatusOK, func(ds kiosk.DossierService, by kiosk.Staff) (any, error) {
		q := r.URL.Query()
		query := kiosk.DossierQuery{List: q.Get("list"), Procedure: q.Get("procedure"), Q: q.Get("q")}
		for _, p := range []struct {
			name string
			dst  *int
		}{{"limit", &query.Limit}, {"offset", &query.Offset}} {
			if v := q.Get(p.name); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil {
					return nil, kiosk.Invalid(p.name, p.name+" phải là số", p.name+" must be a number")
				}
				*p.dst = n
			}
		}
		return ds.List(r.Context(), by, query)
	})
}

// dossierGet is one dossier whole, with its applicant (an audited view) and tracking sheet.
func (s *Server) dossierGet(w http.ResponseWriter, r *http.Request) {
	s.dossierCall(w, r, kiosk.RoleClerk, http.StatusOK, func(ds kiosk.DossierService, by kiosk.Staff) (any, error) {
		d, err := ds.Dossier(r.Context(), by, r.PathValue("code"))
		return forStaff(d, by), err
	})
}

// forStaff adds to a dossier answered to by what they may do to it now and the forms that
// apply: the counter offers exactly these (no copy of the rules in the page).
func forStaff(d kiosk.Dossier, by kiosk.Staff) kiosk.Dossier {
	d.Actions, d.Forms = kiosk.DossierActions(d, by.Role), kiosk.DossierForms(d)
	return d
}

// dossierTransition takes an action on a dossier (body: kiosk.DossierChange).
func (s *Server) dossierTransition(w http.ResponseWriter, r *http.Request) {
	s.dossierCall(w, r, kiosk.RoleClerk, http.StatusOK, func(ds kiosk.DossierService, by kiosk.Staff) (any, error) {
		var c kiosk.DossierChange
		if err := decodeJSON(w, r, 16<<10, &c); err != nil {
			return nil, err
		}
		d, err := ds.Transition(r.Context(), by, r.PathValue("code"), c)
		if err == nil {
			s.Logger.Info("dossier changed", "code", d.Code, "action", c.Action, "status", int(d.Status), "staff", by.ID)
		}
		return forStaff(d, by), err
	})
}

// dossierApplicant corrects the applicant's details (body: {applicant, reason}).
func (s *Server) dossierApplicant(w http.ResponseWriter, r *http.Request) {
	s.dossierCall(w, r, kiosk.RoleClerk, http.StatusOK, func(ds kiosk.DossierService, by kiosk.Staff) (any, error) {
		var body struct {
			Applicant kiosk.Applicant `json:"applicant"`
			Reason    string          `json:"reason"`
		}
		if err := decodeJSON(w, r, 16<<10, &body); err != nil {
			return nil, err
		}
		d, err := ds.UpdateApplicant(r.Context(), by, r.PathValue("code"), body.Applicant, body.Reason)
		return forStaff(d, by), err
	})
}

// dossierPrint queues one of a dossier's forms on the thermal roll again (body: {form},
// default "receipt"; kiosk.FormKinds): a reprint reads the dossier whole, so it is an
// audited view. ECONFLICT for a form that does not apply to the dossier.
func (s *Server) dossierPrint(w http.ResponseWriter, r *http.Request) {
	s.dossierCall(w, r, kiosk.RoleClerk, http.StatusAccepted, func(ds kiosk.DossierService, by kiosk.Staff) (any, error) {
		var body struct {
			Form string `json:"form"`
		}
		if r.ContentLength != 0 {
			if err := decodeJSON(w, r, 1<<10, &body); err != nil {
				return nil, err
			}
		}
		if body.Form == "" {
			body.Form = kiosk.FormReceipt
		}
		if err := kiosk.ValidFormKind(body.Form); err != nil {
			return nil, err
		}
		if err := s.limitPrint(r); err != nil {
			return nil, err
		}
		d, err := ds.Dossier(r.Context(), by, r.PathValue("code"))
		if err != nil {
			return nil, err
		}
		f, err := s.dossierForm(r, d, body.Form)
		if err != nil {
			return nil, err
		}
		if s.PrintReceipt == nil {
			return map[string]any{"print": printNotQueuedReceipt}, nil
		}
		return map[string]any{"print": s.PrintReceipt(r.Context(), f)}, nil
	})
}

// dossierAudit is the personal data audit log (admins): ?code= for one dossier, &limit.
func (s *Server) dossierAudit(w http.ResponseWriter, r *http.Request) {
	s.dossierCall(w, r, kiosk.RoleAdmin, http.StatusOK, func(ds kiosk.DossierService, by kiosk.Staff) (any, error) {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		list, err := ds.Audit(r.Context(), by, r.URL.Query().Get("code"), limit)
		return map[string]any{"audit": list}, err
	})
}

// dossierExport is one person's data on their request (admins). The ID number is in the
// body, never the URL, which proxies and histories keep.
func (s *Server) dossierExport(w http.ResponseWriter, r *http.Request) {
	s.dossierCall(w, r, kiosk.RoleAdmin, http.StatusOK, func(ds kiosk.DossierService, by kiosk.Staff) (any, error) {
		var body struct {
			IDNumber string `json:"id_number"`
		}
		if err := decodeJSON(w, r, 1<<10, &body); err != nil {
			return nil, err
		}
		return ds.ExportPerson(r.Context(), by, body.IDNumber)
	})
}

// dossierPurge runs the retention purge now (admins); the kiosk also runs it on its own.
func (s *Server) dossierPurge(w http.ResponseWriter, r *http.Request) {
	s.dossierCall(w, r, kiosk.RoleAdmin, http.StatusOK, func(ds kiosk.DossierService, _ kiosk.Staff) (any, error) {
		n, err := ds.Purge(r.Context())
		return map[string]int{"purged": n}, err
	})
}

// calendarYear lists the working-day calendar's entries of ?year= (default this year):
// the province's, or computed for a year it has not announced. Public.
func (s *Server) calendarYear(w http.ResponseWriter, r *http.Request) {
	if s.Calendar == nil {
		s.writeError(w, r, errNoService)
		return
	}
	year := s.Clock().In(kiosk.Zone).Year()
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			s.writeError(w, r, kiosk.Invalid("year", "Năm phải từ 2000 đến 2100", "year must be 2000–2100"))
			return
		}
		year = y
	}
	cal := s.Calendar()
	bundled := false
	for _, y := range cal.Years() {
		bundled = bundled || y == year
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": year, "announced": bundled, "days": cal.Year(year)})
}

// dossierLookup is the public look-up (the kiosk's "Tra cứu hồ sơ"): ?code= holds what
// was typed or scanned, a code or the receipt's QR URL. PublicDossier only.
func (s *Server) dossierLookup(w http.ResponseWriter, r *http.Request) {
	p, err := s.lookup(r, r.URL.Query().Get("code"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) lookup(r *http.Request, code string) (kiosk.PublicDossier, error) {
	if s.Dossiers == nil {
		return kiosk.PublicDossier{}, errNoService
	}
	if err := s.throttleLookup(r); err != nil {
		return kiosk.PublicDossier{}, err
	}
	return s.Dossiers.Lookup(r.Context(), code)
}

// throttleLookup takes one public look-up by code (a dossier, a ticket's place) from r's
// source address's allowance, or says how long to wait. The kiosk window is exempt.
func (s *Server) throttleLookup(r *http.Request) error {
	if s.exempt(r) {
		return nil
	}
	if wait := s.lookups.take(sourceOf(r), s.Clock()); wait > 0 {
		vi, en := kiosk.WaitText(wait)
		e := kiosk.Errorf(kiosk.ETOOMANY, "Tra cứu quá nhiều lần. Xin chờ "+vi+" rồi thử lại.", "too many look-ups; wait "+en)
		e.RetryAfter = wait
		return e
	}
	return nil
}

// lookupBase is where a phone on the commune's Wi-Fi reaches this server: the configured
// LookupBase, else the address the clerk's browser used (a counter PC reaches the kiosk by
// its LAN address), else nothing usable is known and the QR holds the code alone.
func (s *Server) lookupBase(r *http.Request) string {
	if s.LookupBase != "" {
		return s.LookupBase
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if fromWindow(r) || loopbackHost(r.Host) || host == "" || strings.HasSuffix(host, ".localhost") || net.ParseIP(host) == nil && !strings.Contains(host, ".") {
		return ""
	}
	return "http://" + r.Host
}
