package hub

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// Tests named after the findings of the security review (issue 10, "Hub and sync").

// raw sends req with body and returns the answer whole.
func (r *rig) raw(req *http.Request, body []byte) (*http.Response, []byte) {
	r.t.Helper()
	req.Body = io.NopCloser(bytes.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// Finding: the admin pages answered without a token. They want the admin token as
// Bearer or Basic password (or an IT user's session, it_auth_test.go), never from the
// query string; a hub without one refuses all. The API answers 401; a page sends the
// browser to the login page instead.
func TestAdminPagesAnswerOnlyWithTheToken(t *testing.T) {
	r := newRig(t)
	get := func(url string, auth func(*http.Request)) *http.Response {
		req, _ := http.NewRequest("GET", r.ts.URL+url, nil)
		if auth != nil {
			auth(req)
		}
		resp, _ := r.raw(req, nil)
		return resp
	}
	bearer := func(tok string) func(*http.Request) {
		return func(req *http.Request) { req.Header.Set("Authorization", "Bearer "+tok) }
	}
	wrong := strings.Repeat("x", len(testAdminToken))
	for _, url := range []string{"/", "/admin/v1/kiosks", "/admin/v1/events", "/admin/v1/ratings"} {
		for name, c := range map[string]struct {
			url  string
			auth func(*http.Request)
			want int
		}{
			"no token":              {url, nil, 401},
			"query string":          {url + "?token=" + testAdminToken, nil, 401},
			"wrong token":           {url, bearer(wrong), 401},
			"token prefix":          {url, bearer(testAdminToken[:10]), 401},
			"bearer":                {url, bearer(testAdminToken), 200},
			"basic (a web browser)": {url, func(req *http.Request) { req.SetBasicAuth("it", testAdminToken) }, 200},
		} {
			resp := get(c.url, c.auth)
			if url == "/" && c.want == 401 {
				if resp.StatusCode != 200 || resp.Request.URL.Path != "/login" {
					t.Errorf("%s %s: %d at %s, want the login page", url, name, resp.StatusCode, resp.Request.URL)
				}
				continue
			}
			if resp.StatusCode != c.want {
				t.Errorf("%s %s: %d, want %d", url, name, resp.StatusCode, c.want)
			}
			if c.want == 401 && !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Basic") {
				t.Errorf("%s %s: no Basic challenge for a browser", url, name)
			}
		}
	}
	r.server.AdminToken = ""
	if resp := get("/admin/v1/kiosks", bearer("")); resp.StatusCode != 401 {
		t.Errorf("a hub without an admin token answered %d", resp.StatusCode)
	}
}

// Finding: a captured heartbeat replayed 7 s later, after a hub restart, was stored and
// collected the kiosk's queued sync_now. The nonce is in the store; the command goes out
// again until the kiosk acknowledges it.
func TestReplayAfterHubRestartRefused(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	id, err := r.store.QueueCommand(ctx, r.signer.Kiosk, wire.CommandSyncNow, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	hb, _ := json.Marshal(wire.Heartbeat{Version: "1.0", Clock: time.Now()})
	st, _, sent := r.do(r.signer, "POST", wire.PathHeartbeat, hb, false, time.Now())
	if st != 200 {
		t.Fatalf("heartbeat: %d", st)
	}
	captured := sent.Header.Clone()

	r.restart()
	r.ahead.Store(int64(7 * time.Second))
	replay, _ := http.NewRequest("POST", r.ts.URL+wire.PathHeartbeat, nil)
	replay.Header = captured
	resp, body := r.raw(replay, hb)
	if resp.StatusCode != 401 || problemCode(t, body) != wire.CodeReplay {
		t.Fatalf("replay after restart: %d %s", resp.StatusCode, body)
	}
	if hist, _ := r.store.Heartbeats(ctx, r.signer.Kiosk, 10); len(hist) != 1 {
		t.Fatalf("%d heartbeats stored, want 1", len(hist))
	}
	// The real kiosk's next heartbeat still gets the command (its first answer may be the
	// one a thief collected).
	_, body, _ = r.do(r.signer, "POST", wire.PathHeartbeat, hb, false, time.Now().Add(7*time.Second))
	var rep wire.HeartbeatReply
	if json.Unmarshal(body, &rep) != nil || len(rep.Commands) != 1 || rep.Commands[0].ID != id {
		t.Fatalf("the kiosk lost its command: %s", body)
	}

	// Past the window the time alone refuses the capture, and its nonce is forgotten.
	r.ahead.Store(int64(wire.DefaultWindow + time.Minute))
	resp, body = r.raw(replay, hb)
	if resp.StatusCode != 401 || problemCode(t, body) != wire.CodeClockSkew {
		t.Fatalf("old capture: %d %s", resp.StatusCode, body)
	}
	r.do(r.signer, "POST", wire.PathHeartbeat, hb, false, time.Now().Add(wire.DefaultWindow+time.Minute))
	var kept int
	if err := r.store.r.QueryRow(`SELECT count(*) FROM nonces`).Scan(&kept); err != nil || kept != 1 {
		t.Fatalf("nonces kept past their window: %d (%v)", kept, err)
	}
}

// Finding (same review): commands were marked delivered when handed out. A command stays
// in every heartbeat answer until a heartbeat carries its result.
func TestCommandsAcknowledgedByTheKiosk(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	id, _ := r.store.QueueCommand(ctx, r.signer.Kiosk, wire.CommandSendLogs, time.Hour, time.Now())
	beat := func(results ...wire.CommandResult) []wire.Command {
		hb, _ := json.Marshal(wire.Heartbeat{Clock: time.Now(), Results: results})
		st, body, _ := r.do(r.signer, "POST", wire.PathHeartbeat, hb, false, time.Now())
		var rep wire.HeartbeatReply
		if st != 200 || json.Unmarshal(body, &rep) != nil {
			t.Fatalf("%d %s", st, body)
		}
		return rep.Commands
	}
	if c := beat(); len(c) != 1 || c[0].ID != id {
		t.Fatalf("first: %+v", c)
	}
	if c := beat(); len(c) != 1 || c[0].ID != id {
		t.Fatalf("handed out once, then gone before any result: %+v", c)
	}
	cmds, _ := r.store.Commands(ctx, r.signer.Kiosk)
	if cmds[0].State != wire.StateDelivered || cmds[0].Delivered.IsZero() {
		t.Fatalf("state %+v", cmds[0])
	}
	if c := beat(wire.CommandResult{ID: id, State: wire.StateDone}); len(c) != 0 {
		t.Fatalf("acknowledged, still handed out: %+v", c)
	}
	if cmds, _ := r.store.Commands(ctx, r.signer.Kiosk); cmds[0].State != wire.StateDone {
		t.Fatalf("state %+v", cmds[0])
	}
}

// Finding: a lost enrolment answer burnt the token (the retry got 403 and the hub listed a
// kiosk that would never connect). The same key again gets the same kiosk.
func TestLostEnrolmentAnswerDoesNotBurnTheToken(t *testing.T) {
	r := newRig(t)
	tok := r.token("Xã Hùng Lô", "", time.Hour)
	_, priv, _ := ed25519.GenerateKey(nil)
	st1, first := r.postEnrol(wire.NewEnrolRequest(tok.Secret, "e", priv))
	st2, again := r.postEnrol(wire.NewEnrolRequest(tok.Secret, "e", priv)) // the first answer was lost
	if st1 != 200 || st2 != 200 || again.KioskID != first.KioskID || again.Commune != "Xã Hùng Lô" {
		t.Fatalf("retry: %d %+v, %d %+v", st1, first, st2, again)
	}
	// A whole token (what an older kiosk sends) is the same token.
	if st, rep := r.postEnrol(wire.NewEnrolRequest(tok.String(), "e", priv)); st != 200 || rep.KioskID != first.KioskID {
		t.Fatalf("whole token: %d %+v", st, rep)
	}
	_, other, _ := ed25519.GenerateKey(nil)
	if st, _ := r.postEnrol(wire.NewEnrolRequest(tok.Secret, "e", other)); st != 403 {
		t.Fatalf("another key took a spent token: %d", st)
	}
	ks, _ := r.store.Kiosks(context.Background())
	n := 0
	for _, k := range ks {
		if k.Commune == "Xã Hùng Lô" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the hub lists %d kiosks for one token", n)
	}
	// Past the token's life even the same key is refused.
	expired := r.token("Xã Khác", "", time.Millisecond)
	r.ahead.Store(int64(time.Minute))
	if st, _ := r.postEnrol(wire.NewEnrolRequest(expired.Secret, "e", priv)); st != 403 {
		t.Fatalf("expired token: %d", st)
	}
}

// Finding: refused requests were not logged. Each is, at warning level: who, what, why.
func TestRefusedRequestsLoggedAtWarning(t *testing.T) {
	r := newRig(t)
	_, stranger, _ := ed25519.GenerateKey(nil)
	r.do(wire.Signer{Kiosk: "ke-la", Epoch: "e", Key: stranger}, "POST", wire.PathEvents, batch(r.signer, 1, 1), true, time.Now())
	req, _ := http.NewRequest("GET", r.ts.URL+"/admin/v1/kiosks", nil)
	r.raw(req, nil)
	probe, _ := http.NewRequest("GET", r.ts.URL+"/.env", nil)
	r.raw(probe, nil)
	got := r.log.entries("hub refused a request")
	if len(got) != 3 {
		t.Fatalf("%d refusals logged: %s", len(got), r.log.buf.String())
	}
	for i, want := range []map[string]any{
		{"level": "WARN", "kiosk": "ke-la", "method": "POST", "path": wire.PathEvents, "status": float64(401), "code": wire.CodeUnknownKiosk},
		{"level": "WARN", "kiosk": "", "method": "GET", "path": "/admin/v1/kiosks", "status": float64(401), "code": wire.CodeAdminAuth},
		{"level": "WARN", "kiosk": "", "method": "GET", "path": "/.env", "status": float64(404), "code": "http_404"},
	} {
		for k, v := range want {
			if got[i][k] != v {
				t.Errorf("refusal %d: %s = %v, want %v", i, k, got[i][k], v)
			}
		}
		if got[i]["reason"] == "" || !strings.HasPrefix(got[i]["remote"].(string), "127.0.0.1:") {
			t.Errorf("refusal %d says not why or from where: %v", i, got[i])
		}
	}
}

// Finding: hub answers were not authenticated. Every answer, refusals included, carries
// the province key's signature over the request it answers and the hub's time.
func TestEveryAnswerSigned(t *testing.T) {
	r := newRig(t)
	trust := wire.Keys{r.key.Public().(ed25519.PublicKey)}.Trusts
	check := func(name string, req *http.Request, body []byte) {
		t.Helper()
		resp, rb := r.raw(req, body)
		at, err := wire.VerifyAnswer(trust, req, resp.StatusCode, resp.Header, rb)
		if err != nil {
			t.Errorf("%s (%d): %v", name, resp.StatusCode, err)
		} else if d := time.Since(at); d < -time.Minute || d > time.Minute {
			t.Errorf("%s: server time %v", name, at)
		}
	}
	signed := func(method, path string, body []byte) *http.Request {
		req, _ := http.NewRequest(method, r.ts.URL+path, nil)
		req.Header.Set("Content-Encoding", "gzip")
		r.signer.Sign(req, wire.BodyHash(body), time.Now())
		return req
	}
	good := batch(r.signer, 1, 3)
	ack := signed("POST", wire.PathEvents, good)
	check("ack", ack, good)
	check("replay", ack, good)
	check("gap", signed("POST", wire.PathEvents, batch(r.signer, 9, 1)), batch(r.signer, 9, 1))
	check("no bundle (204)", signed("GET", wire.PathBundles+"catalog?since=0", nil), nil)
	enrol := func() *http.Request {
		req, _ := http.NewRequest("POST", r.ts.URL+wire.PathEnrol, nil)
		req.Header.Set(wire.HeaderNonce, "enrol-nonce")
		return req
	}
	_, priv, _ := ed25519.GenerateKey(nil)
	bad, _ := json.Marshal(wire.NewEnrolRequest("spent-or-unknown-token", "e", priv))
	check("enrol refused", enrol(), bad)
	tok := r.token("Xã Chân Mộng", "", time.Hour)
	okBody, _ := json.Marshal(wire.NewEnrolRequest(tok.Secret, "e", priv))
	check("enrol", enrol(), okBody)
}

// Finding: the kiosk took an ack beyond the last seq it sent. The hub acknowledges a batch
// through its own last seq, never further; a batch whose events differ from what the hub
// holds (a kiosk database restored from an older copy) is refused with the hub's position.
func TestAckNeverBeyondTheBatch(t *testing.T) {
	r := newRig(t)
	s := r.signer
	if st, body, _ := r.do(s, "POST", wire.PathEvents, batch(s, 1, 20), true, time.Now()); st != 200 || !strings.Contains(string(body), `"acked_through":20`) {
		t.Fatalf("%d %s", st, body)
	}
	if st, body, _ := r.do(s, "POST", wire.PathEvents, batch(s, 1, 10), true, time.Now()); st != 200 || !strings.Contains(string(body), `"acked_through":10,`) {
		t.Fatalf("a resent batch 1–10 was acknowledged as %d %s", st, body)
	}
	other := &wire.Batch{Kiosk: s.Kiosk, Epoch: s.Epoch, FromSeq: 11}
	for i := int64(11); i <= 15; i++ {
		other.Events = append(other.Events, wire.Event{Seq: i, Kind: "after.restore", Body: json.RawMessage(`{}`), CreatedAt: eventTime})
	}
	wireBody, _ := wire.EncodeBatch(other)
	st, body, _ := r.do(s, "POST", wire.PathEvents, wireBody, true, time.Now())
	var p wire.Problem
	_ = json.Unmarshal(body, &p)
	if st != 409 || p.Code != wire.CodeGap || p.ExpectedSeq != 21 || r.count() != 20 {
		t.Fatalf("diverged batch: %d %s (%d held)", st, body, r.count())
	}
}
