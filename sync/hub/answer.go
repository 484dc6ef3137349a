package hub

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	wire "github.com/motcua/motcua/sync"
)

// signAnswers holds each answer until it is complete, then signs it with SigningKey
// (wire.SignAnswer) and sends it. Answers are small, or bundles already in memory.
func (s *Server) signAnswers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := &heldAnswer{header: w.Header()}
		h.ServeHTTP(a, r)
		if a.status == 0 {
			a.status = http.StatusOK
		}
		body := a.body.Bytes()
		if a.status >= 400 && w.Header().Get(wire.HeaderProblem) == "" {
			// Refused before any handler of ours (an unknown path, a wrong method): logged
			// like the others, so a probe of the hub shows in its log.
			s.logRefusal(r, a.status, "http_"+strconv.Itoa(a.status), strings.TrimSpace(string(body[:min(len(body), 200)])))
		}
		if s.SigningKey != nil {
			wire.SignAnswer(w.Header(), s.SigningKey, r, a.status, body, s.now())
		} else {
			w.Header().Set(wire.HeaderServerTime, strconv.FormatInt(s.now().UnixMilli(), 10))
		}
		if a.status != http.StatusNoContent && a.status != http.StatusNotModified {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		}
		w.WriteHeader(a.status)
		_, _ = w.Write(body)
	})
}

// heldAnswer is a ResponseWriter that keeps the status and body for signAnswers.
type heldAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (a *heldAnswer) Header() http.Header { return a.header }

func (a *heldAnswer) WriteHeader(status int) {
	if a.status == 0 {
		a.status = status
	}
}

func (a *heldAnswer) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	return a.body.Write(b)
}
