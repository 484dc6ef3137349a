package client_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client"
)

var fastEnrol = &client.Enroller{Wait: time.Millisecond}

// Finding: enrolment over plain HTTP fetched the province's bundle keys in cleartext, so
// a man in the middle could swap the trust anchor. The token pins the province key's
// fingerprint; the kiosk refuses any other key, and an answer not signed by it.
func TestEnrolmentPinsTheProvinceKey(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	p := startProxy(t, h)
	_, rogue, _ := ed25519.GenerateKey(nil)
	rogueB64 := base64.StdEncoding.EncodeToString(rogue.Public().(ed25519.PublicKey))
	realB64 := base64.StdEncoding.EncodeToString(h.key.Public().(ed25519.PublicKey))

	for name, forge := range map[string]func(r *http.Request, status int, hd http.Header, b []byte) (int, []byte){
		// The attacker swaps the key and signs the answer with his own.
		"key swapped": func(r *http.Request, status int, hd http.Header, b []byte) (int, []byte) {
			b = bytes.ReplaceAll(b, []byte(realB64), []byte(rogueB64))
			wire.SignAnswer(hd, rogue, r, status, b, time.Now())
			return status, b
		},
		// He adds his key beside the real one, leaving the answer's signature alone.
		"key added": func(r *http.Request, status int, hd http.Header, b []byte) (int, []byte) {
			return status, bytes.Replace(b, []byte(`"`+realB64+`"`), []byte(`"`+realB64+`","`+rogueB64+`"`), 1)
		},
	} {
		t.Run(name, func(t *testing.T) {
			p.Forge = forge
			defer func() { p.Forge = nil }()
			dir := t.TempDir()
			_, err := (&client.Enroller{Attempts: 1}).Enrol(ctx, p.URL, h.token("Tân Lập"), dir)
			var ke *kiosk.Error
			if !errors.As(err, &ke) {
				t.Fatalf("enrolled through a man in the middle: %v", err)
			}
			if _, err := client.LoadIdentity(dir); !errors.Is(err, client.ErrNotEnrolled) {
				t.Fatalf("an identity was written: %v", err)
			}
		})
	}

	// Without him, the kiosk trusts exactly the pinned key.
	id, err := fastEnrol.Enrol(ctx, p.URL, h.token("Tân Lập"), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(id.ProvinceKeys) != 1 || id.ProvinceKeys[0] != realB64 {
		t.Fatalf("trusts %v", id.ProvinceKeys)
	}

	// A token of the old form, and a hub over plain HTTP elsewhere than this machine,
	// are refused with words a person can act on.
	for _, c := range []struct{ hub, token, words string }{
		{p.URL, "abcdefghijklmnopqrstuvwxyz234567", "dạng cũ"},
		{p.URL, "mc2.abcdefghijklmnopqrst.not-a-fingerprint", "không đúng dạng"},
		{"http://hub.example.gov.vn", h.token("Tân Lập"), "https://"},
	} {
		_, err := fastEnrol.Enrol(ctx, c.hub, c.token, t.TempDir())
		var ke *kiosk.Error
		if !errors.As(err, &ke) || !strings.Contains(ke.Message, c.words) {
			t.Errorf("%s %s: %v", c.hub, c.token, err)
		}
	}
}

// Finding (same): the token was given on the command line. It is read from a file or
// standard input.
func TestEnrolTokenReadFromFileOrStdin(t *testing.T) {
	const tok = "mc2.abcdefghijklmnopqrstuvwxyz234567.47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"
	path := filepath.Join(t.TempDir(), "token.txt")
	if err := os.WriteFile(path, []byte("\n  "+tok+"  \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := client.ReadTokenFile(path, nil); err != nil || got != tok {
		t.Fatalf("file: %q %v", got, err)
	}
	if got, err := client.ReadTokenFile("-", strings.NewReader(tok+"\n")); err != nil || got != tok {
		t.Fatalf("stdin: %q %v", got, err)
	}
	for name, in := range map[string]string{"empty": "\n\n", "old form": "abcdefghijklmnopqrstuvwxyz234567\n", "garbage": "xin chào\n"} {
		if _, err := client.ReadToken(strings.NewReader(in)); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
	if _, err := client.ReadTokenFile(filepath.Join(t.TempDir(), "missing"), nil); err == nil {
		t.Error("a missing file gave a token")
	}
}

// Finding: a lost enrolment answer burnt the token: the retry got 403 and the hub listed
// a kiosk that would never connect. The kiosk asks again with the same key, in the same
// run or the next, and gets the same kiosk.
func TestLostEnrolmentAnswerDoesNotBurnTheToken(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	p := startProxy(t, h)
	var enrols atomic.Int64
	loseFirst := func(r *http.Request) fault {
		if r.URL.Path == wire.PathEnrol && enrols.Add(1) == 1 {
			return lostAnswer
		}
		return pass
	}
	p.setPick(loseFirst)
	dir := t.TempDir()
	id, err := fastEnrol.Enrol(ctx, p.URL, h.token("Xã Hùng Lô"), dir)
	if err != nil {
		t.Fatalf("retry after a lost answer: %v", err)
	}
	if enrols.Load() != 2 {
		t.Fatalf("%d enrolment requests", enrols.Load())
	}

	// The answer lost and the command given up: run again with the same token.
	enrols.Store(0)
	dir2, tok := t.TempDir(), h.token("Xã Chân Mộng")
	if _, err := (&client.Enroller{Attempts: 1}).Enrol(ctx, p.URL, tok, dir2); err == nil {
		t.Fatal("a lost answer reported as success")
	}
	id2, err := fastEnrol.Enrol(ctx, p.URL, tok, dir2)
	if err != nil {
		t.Fatalf("second run: %v", err)
	}

	ks, err := h.Store().Kiosks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ks) != 2 {
		t.Fatalf("the hub lists %d kiosks for two enrolments", len(ks))
	}
	for _, want := range []*client.Identity{id, id2} {
		k, err := h.Store().Kiosk(ctx, want.KioskID)
		if err != nil || !k.PublicKey.Equal(want.Key.Public()) {
			t.Fatalf("kiosk %s: %v", want.KioskID, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir2, "sync", "kiosk.key.pending")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the pending key is left behind: %v", err)
	}
}
