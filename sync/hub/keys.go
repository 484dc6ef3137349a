package hub

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// LoadOrCreateKey reads the province signing key (a base64 Ed25519 seed) from path, making
// a new one with mode 0600 when the file does not exist. Hubs started together over one
// key file end with the same key: the new file appears whole or not at all (written aside,
// then linked into place, which fails if another got there first).
func LoadOrCreateKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		var priv ed25519.PrivateKey
		if priv, err = createKey(path); priv != nil || !errors.Is(err, fs.ErrExist) {
			return priv, err
		}
		b, err = os.ReadFile(path) // another process made it first: use theirs
	}
	if err != nil {
		return nil, err
	}
	seed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%s: not a base64 Ed25519 seed", path)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// createKey writes a new key beside path and links it into place; fs.ErrExist when path
// exists by then.
func createKey(path string) (ed25519.PrivateKey, error) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	tmp, err := os.CreateTemp(filepath.Dir(path), ".province-key-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(base64.StdEncoding.EncodeToString(priv.Seed()) + "\n")
	if err = errors.Join(err, tmp.Sync(), tmp.Close()); err != nil {
		return nil, err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return nil, err
	}
	return priv, nil
}

// ReadPublicKey reads a base64 Ed25519 public key (the previous key slot during rotation).
func ReadPublicKey(path string) (ed25519.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pub, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%s: not a base64 Ed25519 public key", path)
	}
	return pub, nil
}

// CreateEnrolToken makes a one-time token in st and returns it in the form IT hands out
// (wire.EnrolToken): its secret and the fingerprint of province, the public key the hub
// signs with, which the kiosk pins.
func CreateEnrolToken(ctx context.Context, st Store, province ed25519.PublicKey, t Token, now time.Time) (string, error) {
	secret, err := st.CreateToken(ctx, t, now)
	if err != nil {
		return "", err
	}
	return wire.EnrolToken{Secret: secret, ProvinceKey: wire.Fingerprint(province)}.String(), nil
}

// Publication is what `motcua-hub bundle publish` asks for.
type Publication struct {
	Kind    string
	Version int64         // 0: the next after the latest published
	TTL     time.Duration // 0: no expiry
	Scope   string
	Payload []byte
}

// Publish validates the payload (ValidatePayload: a catalog against the kiosk's schema; a
// known kind, a scope of the right form), signs it
// with key and stores it. It returns the bundle as kiosks will receive it.
func Publish(ctx context.Context, st Store, key ed25519.PrivateKey, p Publication, now time.Time) (*wire.Bundle, error) {
	if !wire.KnownBundleKind(p.Kind) {
		return nil, fmt.Errorf("bundle kind %q unknown (%s)", p.Kind, strings.Join(wire.BundleKinds, ", "))
	}
	if max := wire.MaxPayloadBytes(p.Kind); int64(len(p.Payload)) > max {
		return nil, fmt.Errorf("bundle payload is %d bytes, over the %d a %s bundle may carry", len(p.Payload), max, p.Kind)
	}
	if err := ValidatePayload(p.Kind, p.Payload); err != nil {
		return nil, err
	}
	if p.Kind == wire.BundleUpdate {
		if err := checkUpdateBinaries(ctx, st, p.Payload); err != nil {
			return nil, err
		}
	}
	if p.Scope != "" {
		k, v, ok := strings.Cut(p.Scope, ":")
		if !ok || v == "" || (k != "commune" && k != "region" && k != "cluster") {
			return nil, fmt.Errorf("scope %q: want commune:X, region:X or cluster:X", p.Scope)
		}
	}
	if p.Version == 0 {
		latest, err := st.LatestBundleVersion(ctx, p.Kind)
		if err != nil {
			return nil, err
		}
		p.Version = latest + 1
	}
	// Sign the payload in the form it travels in: encoding/json compacts a RawMessage and
	// escapes <, > and & when it marshals the bundle, so a file's trailing newline or an
	// "&" in a procedure's text would otherwise break the hash the kiosk checks.
	canon, err := json.Marshal(json.RawMessage(p.Payload))
	if err != nil {
		return nil, fmt.Errorf("bundle payload: %w", err)
	}
	b := &wire.Bundle{Kind: p.Kind, Version: p.Version, Issued: now.UTC(), Scope: p.Scope, Payload: json.RawMessage(canon)}
	if p.TTL > 0 {
		b.Expires = now.Add(p.TTL).UTC()
	}
	wire.SignBundle(b, key)
	if err := st.PublishBundle(ctx, b); err != nil {
		return nil, err
	}
	return b, nil
}
