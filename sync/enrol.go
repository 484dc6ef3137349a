package sync

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
)

// EnrolRequest is POST /v1/enrol: a one-time token from IT and the kiosk's new public key,
// with a signature by that key over the token (proof the kiosk holds the private key).
// Token is the token's secret (EnrolToken.Secret); the hub also takes a whole token.
type EnrolRequest struct {
	Token     string    `json:"token"`
	PublicKey string    `json:"public_key"` // base64
	Epoch     string    `json:"epoch"`
	Hostname  string    `json:"hostname,omitempty"`
	Version   string    `json:"version,omitempty"`
	Proof     string    `json:"proof"` // base64 Ed25519 signature of "MOTCUA-ENROL-1\n"+Token
	Clock     time.Time `json:"clock"`
}

// EnrolReply gives the kiosk its id, where it belongs (what bundle scopes cover it) and
// the province keys it must trust for bundles. The kiosk keeps only the key its token
// pins.
type EnrolReply struct {
	KioskID      string    `json:"kiosk_id"`
	Commune      string    `json:"commune"`
	Region       string    `json:"region,omitempty"`
	Cluster      string    `json:"cluster,omitempty"`
	ProvinceKeys []string  `json:"province_keys"` // base64, one or two
	ServerTime   time.Time `json:"server_time"`
}

// NewEnrolRequest signs the proof for token with key.
func NewEnrolRequest(token, epoch string, key ed25519.PrivateKey) EnrolRequest {
	return EnrolRequest{
		Token:     token,
		Epoch:     epoch,
		PublicKey: base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey)),
		Proof:     base64.StdEncoding.EncodeToString(ed25519.Sign(key, []byte("MOTCUA-ENROL-1\n"+token))),
	}
}

// Verify checks the proof and returns the public key.
func (r EnrolRequest) Verify() (ed25519.PublicKey, error) {
	pub, err := base64.StdEncoding.DecodeString(r.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return nil, errors.New("public key is not a base64 Ed25519 key")
	}
	sig, err := base64.StdEncoding.DecodeString(r.Proof)
	if err != nil || !ed25519.Verify(pub, []byte("MOTCUA-ENROL-1\n"+r.Token), sig) {
		return nil, errors.New("proof does not verify with the public key")
	}
	return pub, nil
}

// Fingerprint names a public key for pinning: the unpadded base64url of its whole
// SHA-256 (43 characters). KeyID's 8 bytes name a key; they are too short to pin one.
func Fingerprint(pub ed25519.PublicKey) string {
	s := sha256.Sum256(pub)
	return base64.RawURLEncoding.EncodeToString(s[:])
}

// EnrolTokenPrefix starts every enrolment token of this format (version 2), so a token
// says what it is and an older one is told apart with a clear error.
const EnrolTokenPrefix = "mc2."

// EnrolToken is what IT hands to whoever enrols a kiosk: "mc2.<secret>.<fingerprint>".
// The secret is spent by the hub; the fingerprint pins the province key, so the kiosk
// trusts no other key whatever the network between it and the hub answers.
type EnrolToken struct {
	Secret      string // lowercase base32, as the hub made it
	ProvinceKey string // Fingerprint of the province key
}

func (t EnrolToken) String() string { return EnrolTokenPrefix + t.Secret + "." + t.ProvinceKey }

// Errors of ParseEnrolToken.
var (
	ErrOldEnrolToken = errors.New("enrolment token of the old format, which does not pin the province key: ask the province IT for a new token (motcua-hub token create)")
	ErrBadEnrolToken = errors.New("not an enrolment token (want mc2.<secret>.<key fingerprint>)")
)

// ParseEnrolToken reads a token as IT handed it (surrounding space ignored).
func ParseEnrolToken(s string) (EnrolToken, error) {
	s = strings.TrimSpace(s)
	rest, ok := strings.CutPrefix(s, EnrolTokenPrefix)
	if !ok {
		if len(s) >= 16 && len(s) <= 64 && isBase32Lower(s) {
			return EnrolToken{}, ErrOldEnrolToken
		}
		return EnrolToken{}, ErrBadEnrolToken
	}
	secret, fp, ok := strings.Cut(rest, ".")
	if !ok || len(secret) < 16 || len(secret) > 64 || !isBase32Lower(secret) {
		return EnrolToken{}, ErrBadEnrolToken
	}
	if b, err := base64.RawURLEncoding.DecodeString(fp); err != nil || len(b) != sha256.Size {
		return EnrolToken{}, fmt.Errorf("%w: the key fingerprint is damaged", ErrBadEnrolToken)
	}
	return EnrolToken{Secret: secret, ProvinceKey: fp}, nil
}

// EnrolSecret is the secret of token, whether the kiosk sent the secret alone or the
// whole token (a kiosk of an older version given a new token).
func EnrolSecret(token string) string {
	if t, err := ParseEnrolToken(token); err == nil {
		return t.Secret
	}
	return strings.TrimSpace(token)
}

func isBase32Lower(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '2' || r > '7') {
			return false
		}
	}
	return true
}
