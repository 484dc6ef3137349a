package sync

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestSignVerify(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	s := Signer{Kiosk: "k1", Epoch: "e1", Key: priv}
	body := []byte("hello")
	req := httptest.NewRequest("POST", "http://hub/v1/events?x=1", bytes.NewReader(body))
	now := time.Now()
	s.Sign(req, BodyHash(body), now)

	verify := func(mutate func(*Signed), b []byte) error {
		got, err := ReadSigned(req)
		if err != nil {
			return err
		}
		if mutate != nil {
			mutate(got)
		}
		return got.Verify(pub, b)
	}
	if err := verify(nil, body); err != nil {
		t.Fatalf("good request refused: %v", err)
	}
	if verify(nil, []byte("hellO")) == nil {
		t.Fatal("tampered body accepted")
	}
	if verify(func(s *Signed) { s.path = "/v1/heartbeat" }, body) == nil {
		t.Fatal("other path accepted")
	}
	if verify(func(s *Signed) { s.Epoch = "e2" }, body) == nil {
		t.Fatal("other epoch accepted")
	}
	other, _, _ := ed25519.GenerateKey(nil)
	got, _ := ReadSigned(req)
	if got.Verify(other, body) == nil {
		t.Fatal("other key accepted")
	}
	req.Header.Del(HeaderNonce)
	if _, err := ReadSigned(req); err == nil {
		t.Fatal("unsigned accepted")
	}
}

func TestReplayGuard(t *testing.T) {
	ctx := context.Background()
	g := &ReplayGuard{Window: time.Minute, Nonces: &MemoryNonces{}}
	now := time.Now()
	if err := g.Check(ctx, "k", "n1", now, now); err != nil {
		t.Fatal(err)
	}
	var p *Problem
	if err := g.Check(ctx, "k", "n1", now, now.Add(time.Second)); !errors.As(err, &p) || p.Code != CodeReplay {
		t.Fatalf("replay: %v", err)
	}
	if err := g.Check(ctx, "k2", "n1", now, now); err != nil {
		t.Fatal("another kiosk's nonce refused")
	}
	if err := g.Check(ctx, "k", "n2", now.Add(-2*time.Minute), now); !errors.As(err, &p) || p.Code != CodeClockSkew {
		t.Fatalf("stale: %v", err)
	}
}

// Hub answers are signed over the request they answer: a changed body, status or time, an
// answer to another request, or a key the kiosk does not trust are all refused.
func TestAnswerSignature(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	_, rogue, _ := ed25519.GenerateKey(nil)
	trust := Keys{pub}.Trusts
	req := httptest.NewRequest("POST", "http://hub/v1/events", nil)
	req.Header.Set(HeaderNonce, "n1")
	body := []byte(`{"acked_through":10}`)
	at := time.UnixMilli(1_800_000_000_000)
	h := http.Header{}
	SignAnswer(h, priv, req, 200, body, at)
	if got, err := VerifyAnswer(trust, req, 200, h, body); err != nil || !got.Equal(at) {
		t.Fatalf("good answer: %v %v", got, err)
	}
	other := httptest.NewRequest("POST", "http://hub/v1/events", nil)
	other.Header.Set(HeaderNonce, "n2")
	forged := http.Header{}
	SignAnswer(forged, rogue, req, 200, body, at)
	later := h.Clone()
	later.Set(HeaderServerTime, "1900000000000")
	for name, check := range map[string]func() error{
		"body":          func() error { _, err := VerifyAnswer(trust, req, 200, h, []byte(`{"acked_through":99}`)); return err },
		"status":        func() error { _, err := VerifyAnswer(trust, req, 409, h, body); return err },
		"server time":   func() error { _, err := VerifyAnswer(trust, req, 200, later, body); return err },
		"other request": func() error { _, err := VerifyAnswer(trust, other, 200, h, body); return err },
		"rogue key":     func() error { _, err := VerifyAnswer(trust, req, 200, forged, body); return err },
		"unsigned":      func() error { _, err := VerifyAnswer(trust, req, 200, http.Header{}, body); return err },
	} {
		if err := check(); !errors.Is(err, ErrUnauthenticAnswer) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestEnrolTokenFormat(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(nil)
	tok := EnrolToken{Secret: "abcdefghijklmnopqrstuvwxyz234567", ProvinceKey: Fingerprint(pub)}
	got, err := ParseEnrolToken("  " + tok.String() + "\n")
	if err != nil || got != tok {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	if EnrolSecret(tok.String()) != tok.Secret || EnrolSecret(tok.Secret) != tok.Secret {
		t.Fatal("secret not found")
	}
	if _, err := ParseEnrolToken("abcdefghijklmnopqrstuvwxyz234567"); !errors.Is(err, ErrOldEnrolToken) {
		t.Fatalf("old token: %v", err)
	}
	for _, bad := range []string{"", "mc2.", "mc2.abc", "mc2.abcdefghijklmnopqrstuvwxyz234567", "mc2.abcdefghijklmnopqrstuvwxyz234567.short",
		"mc2.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567." + Fingerprint(pub), "hello world"} {
		if _, err := ParseEnrolToken(bad); !errors.Is(err, ErrBadEnrolToken) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestBundleSignature(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	oldPub, oldPriv, _ := ed25519.GenerateKey(nil)
	b := &Bundle{Kind: BundleCatalog, Version: 3, Issued: time.Now(), Payload: json.RawMessage(`{"a":1}`)}
	SignBundle(b, priv)
	if err := VerifyBundle(b, Keys{oldPub, pub}); err != nil {
		t.Fatalf("second slot: %v", err)
	}
	old := *b
	SignBundle(&old, oldPriv)
	if err := VerifyBundle(&old, Keys{oldPub, pub}); err != nil {
		t.Fatalf("first slot: %v", err)
	}
	for name, mutate := range map[string]func(*Bundle){
		"payload":  func(b *Bundle) { b.Payload = json.RawMessage(`{"a":2}`) },
		"version":  func(b *Bundle) { b.Version = 4 },
		"kind":     func(b *Bundle) { b.Kind = BundleStaff },
		"expires":  func(b *Bundle) { b.Expires = time.Now() },
		"scope":    func(b *Bundle) { b.Scope = "commune:x" },
		"key":      func(b *Bundle) { b.KeyID = KeyID(oldPub) },
		"unknown":  func(b *Bundle) { b.Kind = "firmware" },
		"unsigned": func(b *Bundle) { b.Signature = "" },
	} {
		c := *b
		mutate(&c)
		if VerifyBundle(&c, Keys{oldPub, pub}) == nil {
			t.Errorf("tampered %s accepted", name)
		}
	}
	if VerifyBundle(b, Keys{oldPub}) == nil {
		t.Error("untrusted key accepted")
	}
}

func TestEnrolProof(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(nil)
	r := NewEnrolRequest("tok", "e", priv)
	if _, err := r.Verify(); err != nil {
		t.Fatal(err)
	}
	r.Token = "other"
	if _, err := r.Verify(); err == nil {
		t.Fatal("proof for another token accepted")
	}
}
