package hub

import (
	"crypto/ed25519"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The enrolment tokens' page: one-time tokens scoped to a commune (and its region and
// cluster tags), expiring, shown once when made; an unused one can be revoked. A
// cluster's IT makes and sees only tokens of its own cluster.

// TokensView is the tokens page's data.
type TokensView struct {
	Tokens   []TokenRow
	NewToken string // the token just made, shown once
	Made     *TokenRow
	Error    string
	Form     Token
	TTLHours int
}

func (s *Server) visibleTokens(r *http.Request) ([]TokenRow, error) {
	all, err := s.Store.Tokens(r.Context())
	if err != nil {
		return nil, err
	}
	u := userOf(r)
	var out []TokenRow
	for _, t := range all {
		if u.Role == RoleProvince || t.Cluster == u.Cluster {
			out = append(out, t)
		}
	}
	return out, nil
}

func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request) {
	s.renderTokens(w, r, http.StatusOK, TokensView{TTLHours: 168})
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, v TokensView) {
	ts, err := s.visibleTokens(r)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	v.Tokens = ts
	if u := userOf(r); u.Role == RoleCluster {
		v.Form.Cluster = u.Cluster
	}
	s.render(w, r, status, "tokens", "Mã đăng ký", v)
}

// MaxTokenTTL is the longest an enrolment token may live.
const MaxTokenTTL = 30 * 24 * time.Hour

// createToken makes a token from the page's form.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	t := Token{Commune: strings.TrimSpace(r.PostFormValue("commune")), Region: strings.TrimSpace(r.PostFormValue("region")),
		Cluster: strings.TrimSpace(r.PostFormValue("cluster"))}
	hours, _ := strconv.Atoi(r.PostFormValue("ttl_hours"))
	v := TokensView{Form: t, TTLHours: hours}
	switch {
	case u.Role == RoleCluster && t.Cluster != u.Cluster:
		s.audit(r, u, "access.denied", "token", "cluster "+t.Cluster)
		s.forbidden(w, r, "a cluster's IT makes tokens of its own cluster only", "Chỉ tạo được mã đăng ký cho cụm của mình")
		return
	case t.Commune == "":
		v.Error = "Cần nhập xã/phường. / A commune is required."
	case hours < 1 || time.Duration(hours)*time.Hour > MaxTokenTTL:
		v.Error = "Thời hạn từ 1 giờ đến 30 ngày (720 giờ). / The lifetime is 1 to 720 hours."
	case s.SigningKey == nil:
		v.Error = "Máy chủ chưa có khoá tỉnh. / The hub has no province key."
	}
	if v.Error != "" {
		s.renderTokens(w, r, http.StatusBadRequest, v)
		return
	}
	now := s.now()
	t.Expires = now.Add(time.Duration(hours) * time.Hour)
	tok, err := CreateEnrolToken(r.Context(), s.Store, s.SigningKey.Public().(ed25519.PublicKey), t, now)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, u, "token.create", t.Commune, "cluster "+t.Cluster+", expires "+t.Expires.UTC().Format(time.RFC3339))
	v = TokensView{NewToken: tok, Made: &TokenRow{Commune: t.Commune, Region: t.Region, Cluster: t.Cluster, Expires: t.Expires}, TTLHours: 168}
	s.renderTokens(w, r, http.StatusCreated, v)
}

// revokeToken ends an unused token from the page.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	id := r.PathValue("id")
	ts, err := s.visibleTokens(r)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	seen := false
	for _, t := range ts {
		seen = seen || t.ID == id
	}
	if !seen {
		s.notFound(w, r, "no token "+id+" you may see", "Không có mã đăng ký này")
		return
	}
	err = s.Store.RevokeToken(r.Context(), id, s.now())
	if errors.Is(err, ErrNotFound) {
		s.renderTokens(w, r, http.StatusConflict, TokensView{TTLHours: 168, Error: "Mã này đã dùng hoặc đã thu hồi. / The token is used or revoked already."})
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, u, "token.revoke", id, "")
	http.Redirect(w, r, "/tokens", http.StatusSeeOther)
}
