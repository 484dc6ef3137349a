package sync

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Headers of a signed hub answer. The hub signs every answer with the province key, over
// the request it answers (method, path, the kiosk's nonce), the status, the server time
// and the SHA-256 of the body, so a man in the middle can neither forge nor replay an
// answer: not an ack, not a gap, not a command, not the hub's time that bundle expiry is
// judged by. TLS still hides the data; the signature is what the kiosk trusts.
const (
	HeaderAnswerKey       = "X-Motcua-Answer-Key"       // base64 Ed25519 public key that signed
	HeaderAnswerSignature = "X-Motcua-Answer-Signature" // base64 Ed25519 signature
)

// ErrUnauthenticAnswer is wrapped by VerifyAnswer's refusals.
var ErrUnauthenticAnswer = errors.New("hub answer not authenticated")

// SignAnswer sets the server time and the answer signature on h (the answer's headers)
// for req, answered with status and body.
func SignAnswer(h http.Header, key ed25519.PrivateKey, req *http.Request, status int, body []byte, now time.Time) {
	ms := strconv.FormatInt(now.UnixMilli(), 10)
	h.Set(HeaderServerTime, ms)
	h.Set(HeaderAnswerKey, base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey)))
	msg := answerMessage(req.Method, requestPath(req), req.Header.Get(HeaderNonce), status, ms, BodyHash(body))
	h.Set(HeaderAnswerSignature, base64.StdEncoding.EncodeToString(ed25519.Sign(key, msg)))
}

// VerifyAnswer checks that the answer (status, headers h, body) to req was signed by a
// key trust accepts, and returns the hub's time it carries. req must carry a nonce: it is
// what ties the answer to this request and no earlier one.
func VerifyAnswer(trust func(ed25519.PublicKey) bool, req *http.Request, status int, h http.Header, body []byte) (time.Time, error) {
	nonce := req.Header.Get(HeaderNonce)
	if nonce == "" {
		return time.Time{}, fmt.Errorf("%w: the request had no nonce", ErrUnauthenticAnswer)
	}
	pub, err := base64.StdEncoding.DecodeString(h.Get(HeaderAnswerKey))
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return time.Time{}, fmt.Errorf("%w: no signing key", ErrUnauthenticAnswer)
	}
	if !trust(pub) {
		return time.Time{}, fmt.Errorf("%w: signed by key %s, which this kiosk does not trust", ErrUnauthenticAnswer, KeyID(pub))
	}
	sig, err := base64.StdEncoding.DecodeString(h.Get(HeaderAnswerSignature))
	ms := h.Get(HeaderServerTime)
	if err != nil || !ed25519.Verify(pub, answerMessage(req.Method, requestPath(req), nonce, status, ms, BodyHash(body)), sig) {
		return time.Time{}, fmt.Errorf("%w: signature does not verify", ErrUnauthenticAnswer)
	}
	t, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: bad server time %q", ErrUnauthenticAnswer, ms)
	}
	return time.UnixMilli(t), nil
}

// Trusts tells whether pub is one of the keys.
func (k Keys) Trusts(pub ed25519.PublicKey) bool {
	for _, t := range k {
		if len(t) == ed25519.PublicKeySize && t.Equal(pub) {
			return true
		}
	}
	return false
}

func answerMessage(method, path, nonce string, status int, serverTime, bodyHash string) []byte {
	return []byte(strings.Join([]string{"MOTCUA-ANSWER-1", method, path, nonce, strconv.Itoa(status), serverTime, bodyHash}, "\n"))
}
