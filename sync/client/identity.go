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
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
)

// Identity is what enrolment leaves in the data directory: the hub's address, the kiosk id
// it gave, the province keys to trust for bundles, and the kiosk's private key.
type Identity struct {
	Hub          string             `json:"hub"`
	KioskID      string             `json:"kiosk_id"`
	Commune      string             `json:"commune"`
	ProvinceKeys []string           `json:"province_keys"`
	Enrolled     time.Time          `json:"enrolled"`
	Key          ed25519.PrivateKey `json:"-"`
}

// Files inside dataDir.
const (
	identityFile = "sync/identity.json"
	keyFile      = "sync/kiosk.key" // base64 Ed25519 seed, mode 0600
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

// Enrol makes a new Ed25519 key pair, registers its public key with the hub using the
// one-time token from IT, and writes the identity and the private key (mode 0600) into
// dataDir. The caller then records id.KioskID in the database (sqlite.DB.SetKioskID).
func Enrol(ctx context.Context, hubURL, token, dataDir string) (*Identity, error) {
	hubURL = normalHub(hubURL)
	if !strings.HasPrefix(hubURL, "https://") && !strings.HasPrefix(hubURL, "http://") {
		return nil, kiosk.Invalid("hub", "Địa chỉ máy chủ tỉnh phải bắt đầu bằng https://", "the hub URL must start with https://")
	}
	if strings.TrimSpace(token) == "" {
		return nil, kiosk.Invalid("token", "Thiếu mã đăng ký", "the enrolment token is missing")
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	req := wire.NewEnrolRequest(strings.TrimSpace(token), "", priv)
	req.Hostname, _ = os.Hostname()
	req.Clock = time.Now()
	body, _ := json.Marshal(req)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, hubURL+wire.PathEnrol, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	hr.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		return nil, kiosk.Errorf(kiosk.EUNAVAILABLE, "Không kết nối được máy chủ tỉnh: "+err.Error(), "cannot reach the hub: "+err.Error())
	}
	defer resp.Body.Close()
	rb, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		p := wire.DecodeProblem(resp.StatusCode, rb)
		vi := p.ReasonVI
		if vi == "" {
			vi = "Máy chủ tỉnh từ chối đăng ký"
		}
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, vi, p.Error())
	}
	var rep wire.EnrolReply
	if err := json.Unmarshal(rb, &rep); err != nil || rep.KioskID == "" {
		return nil, fmt.Errorf("enrol: bad reply from hub: %s", rb)
	}
	id := &Identity{Hub: hubURL, KioskID: rep.KioskID, Commune: rep.Commune, ProvinceKeys: rep.ProvinceKeys, Enrolled: time.Now(), Key: priv}
	return id, id.save(dataDir)
}

func (id *Identity) save(dataDir string) error {
	if err := os.MkdirAll(filepath.Join(dataDir, "sync"), 0o700); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dataDir, keyFile), []byte(base64.StdEncoding.EncodeToString(id.Key.Seed())+"\n"), 0o600); err != nil {
		return fmt.Errorf("save kiosk key: %w", err)
	}
	b, _ := json.MarshalIndent(id, "", "  ")
	return writeFileAtomic(filepath.Join(dataDir, identityFile), b, 0o640)
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
