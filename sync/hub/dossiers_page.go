package hub

import (
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// The dossiers page: each dossier as its kiosk's events left it, filtered per commune,
// and a form on each row to set a state decided above the commune (dossier_state). The
// row shows that state as pending until the kiosk's event naming the command comes back.

// DossiersView is the dossiers page's data.
type DossiersView struct {
	Rows     []DossierRow
	Communes []string // the communes the user may pick
	Filter   DossierFilter
	Statuses []int // the states a dossier at the desk can be in (2–10)
	Actions  []DossierActionWord
	Message  string
	// Export is the filter as a query string, for the download links.
	Export template.URL
}

// DossierFilter is the page's filter form as given.
type DossierFilter struct {
	Commune, Kiosk, Code string
	Status               int
	Requested            bool
	From, To             string // local days of receipt, "2006-01-02"
}

// values is the filter as a query string again.
func (f DossierFilter) values() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"commune": f.Commune, "kiosk": f.Kiosk, "code": f.Code, "from": f.From, "to": f.To} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if f.Status != 0 {
		v.Set("status", strconv.Itoa(f.Status))
	}
	if f.Requested {
		v.Set("requested", "1")
	}
	return v
}

// filterError is a filter the hub cannot read, said in Vietnamese and English.
type filterError struct{ vi, en string }

func (e *filterError) Error() string { return e.en }

// day reads a filter's date: "" or a valid "2006-01-02".
func day(v, name string) (string, error) {
	if v == "" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return "", &filterError{"Ngày không hợp lệ (năm-tháng-ngày, ví dụ 2026-03-02): " + v, name + " must be a date YYYY-MM-DD"}
	}
	return v, nil
}

// DossierActionWord is one action the hub may take, in IT's words.
type DossierActionWord struct{ Action, Word string }

var dossierActionWords = []DossierActionWord{
	{"done", "Có kết quả (chờ trả)"},
	{"back", "Trả lại xã xử lý tiếp"},
	{"refuse", "Từ chối (ghi lý do)"},
	{"stop", "Dừng xử lý (ghi lý do)"},
}

// dossierStatusWords are the national status codes (TrangThaiHoSo) as the kiosk names them.
var dossierStatusWords = [...]string{"", "Mới đăng ký", "Đã tiếp nhận", "Không được tiếp nhận", "Đang xử lý",
	"Chờ bổ sung giấy tờ", "Chờ thực hiện nghĩa vụ tài chính", "Đã rút hồ sơ", "Dừng xử lý", "Đã có kết quả, chờ trả", "Đã trả kết quả"}

func dossierStatusWord(s int) string {
	if s < 1 || s >= len(dossierStatusWords) {
		return strconv.Itoa(s)
	}
	return dossierStatusWords[s]
}

// dossierQuery reads the filter from the query string, within the user's communes: a
// cluster's IT asking for another cluster's commune gets no rows. A date it cannot read, or
// a span that ends before it starts, is a *filterError.
func (s *Server) dossierQuery(r *http.Request) (DossierQuery, DossierFilter, []string, error) {
	v := r.URL.Query()
	f := DossierFilter{Commune: strings.TrimSpace(v.Get("commune")), Kiosk: strings.TrimSpace(v.Get("kiosk")),
		Code: strings.TrimSpace(v.Get("code")), Requested: v.Get("requested") != ""}
	f.Status, _ = strconv.Atoi(v.Get("status"))
	var err error
	if f.From, err = day(strings.TrimSpace(v.Get("from")), "from"); err != nil {
		return DossierQuery{}, f, nil, err
	}
	if f.To, err = day(strings.TrimSpace(v.Get("to")), "to"); err != nil {
		return DossierQuery{}, f, nil, err
	}
	if f.From != "" && f.To != "" && f.To < f.From {
		return DossierQuery{}, f, nil, &filterError{"Ngày kết thúc phải từ ngày bắt đầu trở đi", "to is before from"}
	}
	limit, _ := strconv.Atoi(v.Get("limit"))
	q := DossierQuery{Kiosk: f.Kiosk, Code: f.Code, Status: f.Status, Requested: f.Requested, From: f.From, To: f.To, Limit: limit}
	seen, err := s.communesOf(r.Context(), userOf(r))
	if err != nil {
		return q, f, nil, err
	}
	var communes []string
	if seen == nil {
		ks, err := s.Store.Kiosks(r.Context())
		if err != nil {
			return q, f, nil, err
		}
		seen = map[string]bool{}
		for _, k := range ks {
			seen[k.Commune] = true
		}
		if f.Commune != "" {
			q.Communes = []string{f.Commune}
		}
	} else {
		q.Communes = []string{}
		for c := range seen {
			if f.Commune == "" || c == f.Commune {
				q.Communes = append(q.Communes, c)
			}
		}
	}
	for c := range seen {
		communes = append(communes, c)
	}
	slices.Sort(communes)
	return q, f, communes, nil
}

// dossiersPage lists the dossiers the user's kiosks sent (GET /dossiers).
func (s *Server) dossiersPage(w http.ResponseWriter, r *http.Request) {
	q, f, communes, err := s.dossierQuery(r)
	var bad *filterError
	if errors.As(err, &bad) {
		s.renderError(w, r, http.StatusBadRequest, bad.vi, bad.en)
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	rows, err := s.Store.Dossiers(r.Context(), q)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	v := DossiersView{Rows: rows, Communes: communes, Filter: f, Actions: dossierActionWords,
		Statuses: []int{2, 3, 4, 5, 6, 7, 8, 9, 10}, Export: template.URL(f.values().Encode())}
	if r.URL.Query().Get("done") == "state" {
		v.Message = "Đã xếp lệnh đặt trạng thái. Hồ sơ hiện «chờ kiosk» cho tới khi kiosk báo lại sự kiện của nó."
	}
	s.render(w, r, http.StatusOK, "dossiers", "Hồ sơ", v)
}

// apiDossiers is the dossiers page's rows as JSON (GET /admin/v1/dossiers).
func (s *Server) apiDossiers(w http.ResponseWriter, r *http.Request) {
	q, _, _, err := s.dossierQuery(r)
	if err != nil {
		s.queryRefused(w, r, err)
		return
	}
	rows, err := s.Store.Dossiers(r.Context(), q)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if rows == nil {
		rows = []DossierRow{}
	}
	writeJSON(w, http.StatusOK, rows)
}

// dossierState queues a dossier_state command from a row's form
// (POST /kiosks/{id}/dossiers/{code}/state: action, reason).
func (s *Server) dossierState(w http.ResponseWriter, r *http.Request) {
	k := s.kioskFor(w, r)
	if k == nil {
		return
	}
	arg := wire.DossierStateArg{Code: r.PathValue("code"), Action: r.PostFormValue("action"), Reason: r.PostFormValue("reason")}
	if _, err := s.queueCommand(r, k, wire.CommandDossierState, arg.String(), 0); err != nil {
		vi, en := commandRefusal(err)
		s.renderError(w, r, http.StatusBadRequest, "Không xếp được lệnh: "+vi, en)
		return
	}
	back := url.Values{"done": {"state"}, "commune": {k.Commune}}
	http.Redirect(w, r, "/dossiers?"+back.Encode(), http.StatusSeeOther)
}

// dossierStateArg fills in a dossier_state argument what IT need not type: who decided
// (the account, unless given) and when (now, unless given). Other kinds pass unchanged.
func (s *Server) dossierStateArg(r *http.Request, kind, arg string) (string, error) {
	if kind != wire.CommandDossierState {
		return arg, nil
	}
	a, err := wire.ParseDossierStateArg(arg)
	if err != nil {
		return "", err
	}
	if a.By == "" {
		a.By = userOf(r).Label()
	}
	if a.At.IsZero() {
		a.At = s.now().UTC()
	}
	return a.String(), nil
}

// commandRefusal puts why a command was not queued in Vietnamese and English.
func commandRefusal(err error) (vi, en string) {
	var p *wire.Problem
	switch {
	case errors.As(err, &p):
		return p.ReasonVI, p.Reason
	case errors.Is(err, ErrNotFound):
		return "máy chủ tỉnh không có hồ sơ hoặc kiosk này", err.Error()
	}
	return err.Error(), err.Error()
}

// commandArg reads a command's "arg" from the API's JSON: a string, or (for
// dossier_state) the argument's object itself.
func commandArg(raw json.RawMessage) (string, error) {
	var s string
	switch t := strings.TrimSpace(string(raw)); {
	case t == "" || t == "null":
		return "", nil
	case strings.HasPrefix(t, `"`):
		err := json.Unmarshal(raw, &s)
		return s, err
	}
	return string(raw), nil
}

// queryRefused answers an API call whose dossier filter failed: 400 with the reason for a
// filter it cannot read, 500 otherwise.
func (s *Server) queryRefused(w http.ResponseWriter, r *http.Request, err error) {
	var bad *filterError
	if errors.As(err, &bad) {
		s.problem(w, r, &wire.Problem{Status: http.StatusBadRequest, Code: wire.CodeMalformed, Reason: bad.en, ReasonVI: bad.vi})
		return
	}
	s.internal(w, r, err)
}
