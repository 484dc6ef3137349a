package sync

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
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
	g := &ReplayGuard{Window: time.Minute}
	now := time.Now()
	if p := g.Check("k", "n1", now, now); p != nil {
		t.Fatal(p)
	}
	if p := g.Check("k", "n1", now, now.Add(time.Second)); p == nil || p.Code != CodeReplay {
		t.Fatalf("replay: %v", p)
	}
	if p := g.Check("k2", "n1", now, now); p != nil {
		t.Fatal("another kiosk's nonce refused")
	}
	if p := g.Check("k", "n2", now.Add(-2*time.Minute), now); p == nil || p.Code != CodeClockSkew {
		t.Fatalf("stale: %v", p)
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
