package sync

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"time"
)

// EnrolRequest is POST /v1/enrol: a one-time token from IT and the kiosk's new public key,
// with a signature by that key over the token (proof the kiosk holds the private key).
type EnrolRequest struct {
	Token     string    `json:"token"`
	PublicKey string    `json:"public_key"` // base64
	Epoch     string    `json:"epoch"`
	Hostname  string    `json:"hostname,omitempty"`
	Version   string    `json:"version,omitempty"`
	Proof     string    `json:"proof"` // base64 Ed25519 signature of "MOTCUA-ENROL-1\n"+Token
	Clock     time.Time `json:"clock"`
}

// EnrolReply gives the kiosk its id and the province keys it must trust for bundles.
type EnrolReply struct {
	KioskID      string    `json:"kiosk_id"`
	Commune      string    `json:"commune"`
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
