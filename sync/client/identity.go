// Package client is the kiosk's side of sync: the worker that pushes outbox events to the
// province hub, pulls signed bundles and sends heartbeats, and the enrolment that gives
// the kiosk its key pair.
package client

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
)

// Identity is what enrolment leaves in the data directory: the hub's address, the kiosk id
// it gave, where the kiosk belongs (which bundle scopes cover it), the province key to
// trust for bundles and answers (the one its token pinned), and the kiosk's private key.
type Identity struct {
	Hub          string             `json:"hub"`
	KioskID      string             `json:"kiosk_id"`
	Commune      string             `json:"commune"`
	Region       string             `json:"region,omitempty"`
	Cluster      string             `json:"cluster,omitempty"`
	ProvinceKeys []string           `json:"province_keys"`
	Enrolled     time.Time          `json:"enrolled"`
	Key          ed25519.PrivateKey `json:"-"`
}

// Files inside dataDir.
const (
	identityFile = "sync/identity.json"
	keyFile      = "sync/kiosk.key" // base64 Ed25519 seed, mode 0600
	// pendingKeyFile is the key of an enrolment not yet answered: a retry, even after a
	// restart, asks again with the same key, which the hub recognises.
	pendingKeyFile = "sync/kiosk.key.pending"
)

// ErrNotEnrolled is returned by LoadIdentity when the kiosk has never enrolled.
var ErrNotEnrolled = errors.New("kiosk not enrolled with a hub")

// Keys returns the province keys as the bundle verifier wants them.
func (id *Identity) Keys() wire.Keys {
	var k wire.Keys
	for i, s := range id.ProvinceKeys {
		if i >= len(k) {
			break
		}
		if b, err := base64.StdEncoding.DecodeString(s); err == nil && len(b) == ed25519.PublicKeySize {
			k[i] = b
		}
	}
	return k
}

// InScope tells whether a bundle scope ("" or "commune:X", "region:X", "cluster:X")
// covers this kiosk, as the hub's Kiosk.InScope does.
func (id *Identity) InScope(scope string) bool {
	switch {
	case scope == "":
		return true
	case id.Commune != "" && scope == "commune:"+id.Commune,
		id.Region != "" && scope == "region:"+id.Region,
		id.Cluster != "" && scope == "cluster:"+id.Cluster:
		return true
	}
	return false
}

// Enrol enrols with the defaults of Enroller.
func Enrol(ctx context.Context, hubURL, token, dataDir string) (*Identity, error) {
	return (&Enroller{}).Enrol(ctx, hubURL, token, dataDir)
}

// Enroller registers a kiosk with a hub. Its zero value is ready to use.
type Enroller struct {
	HTTPClient *http.Client // default: 30 s per attempt, the system's CAs
	Clock      kiosk.Clock  // default kiosk.SystemClock
	Attempts   int          // default 4: a lost answer is asked again, with the same key
	Wait       time.Duration
}

// Enrol registers the kiosk with the hub using the one-time token from IT
// (wire.EnrolToken), and writes the identity and the private key (mode 0600) into
// dataDir. The caller then records id.KioskID in the database (sqlite.DB.SetKioskID).
//
// The hub must be https:// (plain http:// only on this machine, for tests). The key pair
// is kept as pending until the hub answers, so a retry (here, or a second run after a
// lost answer) asks with the same key and gets the same kiosk. The answer must be signed
// by the province key whose fingerprint the token carries, and only that key is trusted
// from then on: a man in the middle cannot slip in his own.
func (e *Enroller) Enrol(ctx context.Context, hubURL, token, dataDir string) (*Identity, error) {
	hubURL = normalHub(hubURL)
	if err := checkHubURL(hubURL); err != nil {
		return nil, err
	}
	tok, err := parseToken(token)
	if err != nil {
		return nil, err
	}
	clock, client := e.Clock, e.HTTPClient
	if clock == nil {
		clock = kiosk.SystemClock
	}
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	attempts, wait := e.Attempts, e.Wait
	if attempts <= 0 {
		attempts = 4
	}
	if wait <= 0 {
		wait = 2 * time.Second
	}
	priv, err := pendingKey(dataDir)
	if err != nil {
		return nil, err
	}
	req := wire.NewEnrolRequest(tok.Secret, "", priv)
	req.Hostname, _ = os.Hostname()
	pinned := func(pub ed25519.PublicKey) bool { return wire.Fingerprint(pub) == tok.ProvinceKey }
	var rep *wire.EnrolReply
	for i := 0; ; i++ {
		req.Clock = clock()
		var retry bool
		rep, retry, err = enrolOnce(ctx, client, hubURL, req, pinned)
		if err == nil || !retry || i+1 >= attempts {
			break
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
	}
	if err != nil {
		return nil, err
	}
	var trusted string
	for _, k := range rep.ProvinceKeys {
		if b, err := base64.StdEncoding.DecodeString(k); err == nil && len(b) == ed25519.PublicKeySize && pinned(b) {
			trusted = k
		}
	}
	if trusted == "" {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN,
			"Máy chủ tỉnh đưa khoá khác với khoá ghi trong mã đăng ký; kiosk từ chối (có thể bị can thiệp trên đường truyền)",
			"the hub offered province keys other than the one the token pins; refused")
	}
	id := &Identity{Hub: hubURL, KioskID: rep.KioskID, Commune: rep.Commune, Region: rep.Region, Cluster: rep.Cluster,
		ProvinceKeys: []string{trusted}, Enrolled: clock(), Key: priv}
	return id, id.save(dataDir)
}

// enrolOnce posts the request once. retry tells a failure worth asking again (no answer,
// a hub error, an answer that does not authenticate) from a refusal.
func enrolOnce(ctx context.Context, client *http.Client, hubURL string, req wire.EnrolRequest, pinned func(ed25519.PublicKey) bool) (rep *wire.EnrolReply, retry bool, err error) {
	body, _ := json.Marshal(req)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, hubURL+wire.PathEnrol, bytes.NewReader(body))
	if err != nil {
		return nil, false, err
	}
	nonce := make([]byte, 12)
	_, _ = rand.Read(nonce)
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set(wire.HeaderNonce, base64.RawURLEncoding.EncodeToString(nonce))
	resp, err := client.Do(hr)
	if err != nil {
		return nil, true, kiosk.Errorf(kiosk.EUNAVAILABLE, "Không kết nối được máy chủ tỉnh: "+err.Error(), "cannot reach the hub: "+err.Error())
	}
	defer resp.Body.Close()
	rb, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, true, kiosk.Errorf(kiosk.EUNAVAILABLE, "Mất kết nối khi nhận trả lời của máy chủ tỉnh", "reading the hub's answer: "+err.Error())
	}
	if _, err := wire.VerifyAnswer(pinned, hr, resp.StatusCode, resp.Header, rb); err != nil {
		return nil, true, kiosk.Errorf(kiosk.EUNAVAILABLE,
			"Câu trả lời không có chữ ký bằng khoá của tỉnh ghi trong mã đăng ký (có thể bị can thiệp trên đường truyền)",
			"enrol: "+err.Error())
	}
	if resp.StatusCode != http.StatusOK {
		p := wire.DecodeProblem(resp.StatusCode, rb)
		vi := p.ReasonVI
		if vi == "" {
			vi = "Máy chủ tỉnh từ chối đăng ký"
		}
		return nil, resp.StatusCode >= 500, kiosk.Errorf(kiosk.EFORBIDDEN, vi, p.Error())
	}
	rep = &wire.EnrolReply{}
	if err := json.Unmarshal(rb, rep); err != nil || rep.KioskID == "" {
		return nil, false, fmt.Errorf("enrol: bad reply from hub: %.200s", rb)
	}
	return rep, false, nil
}

// checkHubURL wants https://, or http:// to this machine only (tests, development).
func checkHubURL(hubURL string) error {
	u, err := url.Parse(hubURL)
	if err == nil && u.Host != "" {
		if u.Scheme == "https" {
			return nil
		}
		if ip := net.ParseIP(u.Hostname()); u.Scheme == "http" && (u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback())) {
			return nil
		}
	}
	return kiosk.Invalid("hub", "Địa chỉ máy chủ tỉnh phải bắt đầu bằng https://", "the hub URL must be https:// (http:// only to this machine)")
}

// pendingKey returns the key of the enrolment under way in dataDir, made and kept (0600)
// if there is none.
func pendingKey(dataDir string) (ed25519.PrivateKey, error) {
	path := filepath.Join(dataDir, pendingKeyFile)
	if b, err := os.ReadFile(path); err == nil {
		seed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(seed) != ed25519.SeedSize {
			return nil, fmt.Errorf("%s is not a base64 Ed25519 seed", pendingKeyFile)
		}
		return ed25519.NewKeyFromSeed(seed), nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(dataDir, "sync"), 0o700); err != nil {
		return nil, err
	}
	if err := writeFileAtomic(path, []byte(base64.StdEncoding.EncodeToString(priv.Seed())+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("save kiosk key: %w", err)
	}
	return priv, nil
}

// save writes the identity, then makes the pending key the kiosk's key.
func (id *Identity) save(dataDir string) error {
	if err := os.MkdirAll(filepath.Join(dataDir, "sync"), 0o700); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dataDir, keyFile), []byte(base64.StdEncoding.EncodeToString(id.Key.Seed())+"\n"), 0o600); err != nil {
		return fmt.Errorf("save kiosk key: %w", err)
	}
	b, _ := json.MarshalIndent(id, "", "  ")
	if err := writeFileAtomic(filepath.Join(dataDir, identityFile), b, 0o640); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dataDir, pendingKeyFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func writeFileAtomic(path string, b []byte, mode os.FileMode) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp, mode); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// LoadIdentity reads the identity enrolment left in dataDir, or ErrNotEnrolled.
func LoadIdentity(dataDir string) (*Identity, error) {
	id, err := readIdentity(dataDir)
	if err != nil {
		return nil, err
	}
	kb, err := os.ReadFile(filepath.Join(dataDir, keyFile))
	if err != nil {
		return nil, fmt.Errorf("kiosk key: %w", err)
	}
	seed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(kb)))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%s is not a base64 Ed25519 seed", keyFile)
	}
	id.Key = ed25519.NewKeyFromSeed(seed)
	return id, nil
}

func readIdentity(dataDir string) (*Identity, error) {
	b, err := os.ReadFile(IdentityPath(dataDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotEnrolled
	}
	if err != nil {
		return nil, err
	}
	var id Identity
	if err := json.Unmarshal(b, &id); err != nil {
		return nil, fmt.Errorf("%s: %w", identityFile, err)
	}
	return &id, nil
}

// IdentityPath is the file enrolment writes in dataDir, holding the hub's address.
func IdentityPath(dataDir string) string { return filepath.Join(dataDir, identityFile) }

// EnrolledHub returns the hub address enrolment recorded in dataDir, or ErrNotEnrolled.
// That address is the one sync talks to: the kiosk id and key pair are registered there
// and nowhere else. It reads only the identity file, not the private key.
func EnrolledHub(dataDir string) (string, error) {
	id, err := readIdentity(dataDir)
	if err != nil {
		return "", err
	}
	return id.Hub, nil
}

// SameHub reports whether two hub addresses name the same hub, compared as Enrol records
// them (spaces and trailing slashes do not count).
func SameHub(a, b string) bool { return normalHub(a) == normalHub(b) }

func normalHub(u string) string { return strings.TrimRight(strings.TrimSpace(u), "/") }
