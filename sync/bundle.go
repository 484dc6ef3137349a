package sync

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Bundle kinds the hub publishes and kiosks apply.
const (
	BundleCatalog  = "catalog"
	BundleConfig   = "config"
	BundleHolidays = "holidays"
	BundleStaff    = "staff"
	// BundleUpdate is a release of the kiosk program (update.go): its payload names the
	// binaries, which the kiosk fetches from PathUpdates.
	BundleUpdate = "update"
)

// BundleKinds lists every kind, in the order a kiosk pulls them: data first, a program
// update last (it restarts the kiosk).
var BundleKinds = []string{BundleConfig, BundleHolidays, BundleCatalog, BundleStaff, BundleUpdate}

// KnownBundleKind tells whether kind is one of BundleKinds.
func KnownBundleKind(kind string) bool {
	for _, k := range BundleKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// MaxPayloadBytes bounds a bundle's payload by kind, checked before it is read whole: a
// province catalog is a few MB; configuration, holidays and a commune's staff are small.
func MaxPayloadBytes(kind string) int64 {
	if kind == BundleCatalog {
		return 64 << 20
	}
	return 1 << 20
}

// MaxEnvelopeOverhead is what a bundle's envelope adds to its payload on the wire.
const MaxEnvelopeOverhead = 16 << 10

// Bundle is the signed envelope of a versioned document. The signature covers a canonical
// string of every field but Payload, and SHA256 covers Payload's exact bytes.
type Bundle struct {
	Format    int             `json:"format"` // 1
	Kind      string          `json:"kind"`
	Version   int64           `json:"version"`
	Issued    time.Time       `json:"issued"`
	Expires   time.Time       `json:"expires,omitzero"` // judged by the hub's time at the last sync
	Scope     string          `json:"scope,omitempty"`  // "" all kiosks; "commune:X", "region:X", "cluster:X"
	SHA256    string          `json:"sha256"`
	KeyID     string          `json:"key_id"` // KeyID of the province key that signed
	Signature string          `json:"signature"`
	Payload   json.RawMessage `json:"payload"`
}

// KeyID names a public key: the hex of the first 8 bytes of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	s := sha256.Sum256(pub)
	return hex.EncodeToString(s[:8])
}

func (b *Bundle) signedMessage() []byte {
	exp := ""
	if !b.Expires.IsZero() {
		exp = b.Expires.UTC().Format(time.RFC3339Nano)
	}
	return []byte(strings.Join([]string{"MOTCUA-BUNDLE-1", strconv.Itoa(b.Format), b.Kind,
		strconv.FormatInt(b.Version, 10), b.Issued.UTC().Format(time.RFC3339Nano), exp, b.Scope, b.SHA256, b.KeyID}, "\n"))
}

// SignBundle fills Format, SHA256, KeyID and Signature.
func SignBundle(b *Bundle, key ed25519.PrivateKey) {
	b.Format = 1
	b.SHA256 = BodyHash(b.Payload)
	b.KeyID = KeyID(key.Public().(ed25519.PublicKey))
	b.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, b.signedMessage()))
}

// Keys are the province's public keys a kiosk trusts: two slots, so the province can
// publish with a new key while kiosks still hold the old one.
type Keys [2]ed25519.PublicKey

// ErrBundle is wrapped by every refusal of VerifyBundle; ErrBundleSignature too by those
// that find the bundle not signed by a key the kiosk trusts.
var (
	ErrBundle          = errors.New("bundle refused")
	ErrBundleSignature = errors.New("bad signature")
)

// VerifyBundle checks b's shape, that one of keys signed it and that the payload has the
// signed hash. It does not judge versions or expiry (the kiosk's state does).
func VerifyBundle(b *Bundle, keys Keys) error {
	if b.Format != 1 {
		return fmt.Errorf("%w: format %d unknown", ErrBundle, b.Format)
	}
	if !KnownBundleKind(b.Kind) {
		return fmt.Errorf("%w: kind %q unknown", ErrBundle, b.Kind)
	}
	if b.Version < 1 {
		return fmt.Errorf("%w: version %d", ErrBundle, b.Version)
	}
	if n, max := int64(len(b.Payload)), MaxPayloadBytes(b.Kind); n > max {
		return fmt.Errorf("%w: payload of %d bytes, over the %d a %s bundle may carry", ErrBundle, n, max, b.Kind)
	}
	var key ed25519.PublicKey
	for _, k := range keys {
		if len(k) == ed25519.PublicKeySize && KeyID(k) == b.KeyID {
			key = k
		}
	}
	if key == nil {
		return fmt.Errorf("%w: %w: signed by key %q, which this kiosk does not trust", ErrBundle, ErrBundleSignature, b.KeyID)
	}
	sig, err := base64.StdEncoding.DecodeString(b.Signature)
	if err != nil || !ed25519.Verify(key, b.signedMessage(), sig) {
		return fmt.Errorf("%w: %w: signature does not verify", ErrBundle, ErrBundleSignature)
	}
	if BodyHash(b.Payload) != b.SHA256 {
		return fmt.Errorf("%w: payload does not match its hash", ErrBundle)
	}
	if !json.Valid(b.Payload) {
		return fmt.Errorf("%w: payload is not JSON", ErrBundle)
	}
	return nil
}

// BundleArg is the argument of CommandApplyBundle: "kind:version".
func BundleArg(kind string, version int64) string { return kind + ":" + strconv.FormatInt(version, 10) }

// ParseBundleArg reads a CommandApplyBundle argument.
func ParseBundleArg(arg string) (kind string, version int64, err error) {
	kind, v, ok := strings.Cut(arg, ":")
	version, verr := strconv.ParseInt(v, 10, 64)
	if !ok || !KnownBundleKind(kind) || verr != nil || version < 1 {
		return "", 0, fmt.Errorf("apply_bundle wants kind:version (e.g. catalog:12), not %q", arg)
	}
	return kind, version, nil
}
