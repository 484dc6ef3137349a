package sync

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Headers of a signed request. The signature covers the method, the path with its query,
// the SHA-256 of the body bytes as sent, the time, a nonce, the kiosk id and the epoch.
const (
	HeaderKiosk     = "X-Motcua-Kiosk"
	HeaderEpoch     = "X-Motcua-Epoch"
	HeaderTime      = "X-Motcua-Time" // Unix milliseconds, by the kiosk's estimate of the hub's clock
	HeaderNonce     = "X-Motcua-Nonce"
	HeaderBodyHash  = "X-Motcua-Content-SHA256"
	HeaderSignature = "X-Motcua-Signature"
	// HeaderServerTime is on every hub answer (Unix milliseconds), so a kiosk whose clock
	// is wrong can sign with the hub's time and judge expiries by it.
	HeaderServerTime = "X-Motcua-Server-Time"
)

// BodyHash is the hex SHA-256 of body (the empty body included).
func BodyHash(body []byte) string {
	s := sha256.Sum256(body)
	return hex.EncodeToString(s[:])
}

// Signer signs a kiosk's requests.
type Signer struct {
	Kiosk string
	Epoch string
	Key   ed25519.PrivateKey
}

// Sign sets the signature headers on req. bodyHash is BodyHash of the bytes req sends;
// at is the time to sign with. Calling Sign again (a retry) makes a fresh nonce and time
// with the same body hash.
func (s Signer) Sign(req *http.Request, bodyHash string, at time.Time) {
	nonce := make([]byte, 12)
	_, _ = rand.Read(nonce)
	h := req.Header
	h.Set(HeaderKiosk, s.Kiosk)
	h.Set(HeaderEpoch, s.Epoch)
	h.Set(HeaderTime, strconv.FormatInt(at.UnixMilli(), 10))
	h.Set(HeaderNonce, base64.RawURLEncoding.EncodeToString(nonce))
	h.Set(HeaderBodyHash, bodyHash)
	msg := canonical(req.Method, requestPath(req), bodyHash, h.Get(HeaderTime), h.Get(HeaderNonce), s.Kiosk, s.Epoch)
	h.Set(HeaderSignature, base64.StdEncoding.EncodeToString(ed25519.Sign(s.Key, msg)))
}

// Resign re-signs a request already signed once, reading the body hash from its header.
func (s Signer) Resign(req *http.Request, at time.Time) {
	s.Sign(req, req.Header.Get(HeaderBodyHash), at)
}

// Signed is what a hub reads from a signed request before it knows the key.
type Signed struct {
	Kiosk, Epoch, Nonce, BodyHash string
	Time                          time.Time
	timeRaw                       string
	sig                           []byte
	method, path                  string
}

// ErrUnsigned is returned by ReadSigned when a header is missing or malformed.
var ErrUnsigned = errors.New("request not signed")

// ReadSigned parses the signature headers of r.
func ReadSigned(r *http.Request) (*Signed, error) {
	h := r.Header
	s := &Signed{
		Kiosk: h.Get(HeaderKiosk), Epoch: h.Get(HeaderEpoch), Nonce: h.Get(HeaderNonce),
		BodyHash: h.Get(HeaderBodyHash), timeRaw: h.Get(HeaderTime),
		method: r.Method, path: requestPath(r),
	}
	if s.Kiosk == "" || s.Epoch == "" || s.Nonce == "" || len(s.Nonce) > 64 || len(s.BodyHash) != 64 || s.timeRaw == "" {
		return nil, fmt.Errorf("%w: missing headers", ErrUnsigned)
	}
	ms, err := strconv.ParseInt(s.timeRaw, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: bad time %q", ErrUnsigned, s.timeRaw)
	}
	s.Time = time.UnixMilli(ms)
	if s.sig, err = base64.StdEncoding.DecodeString(h.Get(HeaderSignature)); err != nil || len(s.sig) != ed25519.SignatureSize {
		return nil, fmt.Errorf("%w: bad signature encoding", ErrUnsigned)
	}
	return s, nil
}

// Verify checks the signature with the kiosk's public key and that body (the bytes
// received) has the signed hash.
func (s *Signed) Verify(pub ed25519.PublicKey, body []byte) error {
	if len(pub) != ed25519.PublicKeySize {
		return errors.New("no valid public key")
	}
	msg := canonical(s.method, s.path, s.BodyHash, s.timeRaw, s.Nonce, s.Kiosk, s.Epoch)
	if !ed25519.Verify(pub, msg, s.sig) {
		return errors.New("signature does not verify")
	}
	if BodyHash(body) != s.BodyHash {
		return errors.New("body does not match its signed hash")
	}
	return nil
}

func requestPath(r *http.Request) string {
	p := r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		p += "?" + r.URL.RawQuery
	}
	return p
}

func canonical(method, path, bodyHash, at, nonce, kiosk, epoch string) []byte {
	return []byte(strings.Join([]string{"MOTCUA-SIG-1", method, path, bodyHash, at, nonce, kiosk, epoch}, "\n"))
}
