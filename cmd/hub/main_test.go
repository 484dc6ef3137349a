package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	stdsync "sync"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client"
	"github.com/motcua/motcua/sync/hub"
)

// hubFiles are a hub's files in a temporary directory: database, province key, admin
// token, and a self-signed certificate for 127.0.0.1.
type hubFiles struct {
	dir, db, key, admin, cert, tlsKey string
	personal                          string // the personal data key file
	pool                              *x509.CertPool
}

const adminTok = "an-admin-token-of-forty-characters-0123"

func newHubFiles(t *testing.T) hubFiles {
	t.Helper()
	t.Setenv("MOTCUA_HUB_ADMIN_TOKEN", "")
	dir := t.TempDir()
	f := hubFiles{dir: dir, db: filepath.Join(dir, "hub.db"), key: filepath.Join(dir, "province.key"), personal: filepath.Join(dir, hub.PersonalKeyFile),
		admin: filepath.Join(dir, "admin.token"), cert: filepath.Join(dir, "cert.pem"), tlsKey: filepath.Join(dir, "key.pem")}
	if err := os.WriteFile(f.admin, []byte(adminTok+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	priv, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "motcua-hub test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(priv)
	_ = os.WriteFile(f.cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	_ = os.WriteFile(f.tlsKey, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	f.pool = x509.NewCertPool()
	f.pool.AddCert(cert)
	return f
}

// Finding: `motcua-hub serve` with no flags served plain HTTP with its admin pages open.
// It refuses to start without TLS (unless -insecure-dev) and without an admin token from a
// file or the environment, never argv.
func TestServeRefusesWithoutTLSOrAdminToken(t *testing.T) {
	f := newHubFiles(t)
	base := []string{"serve", "-db", f.db, "-key", f.key, "-listen", "127.0.0.1:0"}
	short := filepath.Join(f.dir, "short.token")
	_ = os.WriteFile(short, []byte("admin\n"), 0o600)
	for _, c := range []struct {
		name  string
		args  []string
		words string
	}{
		{"no flags", nil, "admin token"},
		{"admin token, no TLS", []string{"-admin-token-file", f.admin}, "without TLS"},
		{"TLS, no admin token", []string{"-tls-cert", f.cert, "-tls-key", f.tlsKey}, "admin token"},
		{"certificate without its key", []string{"-admin-token-file", f.admin, "-tls-cert", f.cert}, "both"},
		{"a short admin token", []string{"-admin-token-file", short, "-insecure-dev"}, "at least"},
		{"admin token on the command line", []string{"-admin-token", adminTok, "-insecure-dev"}, "command line"},
		{"a short metrics token", []string{"-admin-token-file", f.admin, "-insecure-dev", "-metrics-token-file", short}, "metrics token"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := run(ctx, append(append([]string{}, base...), c.args...), &bytes.Buffer{}, &bytes.Buffer{})
		cancel()
		if err == nil || !strings.Contains(err.Error(), c.words) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// logWatch is the hub's stderr: it tells the address once the hub listens.
type logWatch struct {
	mu   stdsync.Mutex
	buf  bytes.Buffer
	addr chan string
}

func (l *logWatch) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(b)
	var m map[string]any
	if json.Unmarshal(b, &m) == nil && m["msg"] == "motcua-hub listening" {
		l.addr <- m["addr"].(string)
	}
	return len(b), nil
}

// The real `serve` over TLS, end to end: admin pages behind the token, a token from
// `token create`, a kiosk enrolled and pushing through https.
func TestServeOverTLSEndToEnd(t *testing.T) {
	f := newHubFiles(t)
	ctx, cancel := context.WithCancel(context.Background())
	log := &logWatch{addr: make(chan string, 1)}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-db", f.db, "-key", f.key, "-listen", "127.0.0.1:0", "-admin-token-file", f.admin,
			"-tls-cert", f.cert, "-tls-key", f.tlsKey}, &bytes.Buffer{}, log)
	}()
	var addr string
	select {
	case addr = <-log.addr:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("the hub never listened")
	}
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve ended with %v", err)
		}
	}()
	tlsClient := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: f.pool}}}
	url := "https://" + addr

	if resp, err := http.Get("http://" + addr + "/admin/v1/kiosks"); err == nil {
		resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Fatalf("plain HTTP answered %d", resp.StatusCode)
		}
	}
	for _, c := range []struct {
		path, bearer string
		want         int
	}{{"/admin/v1/kiosks", "", 401}, {"/admin/v1/kiosks?token=" + adminTok, "", 401}, {"/admin/v1/kiosks", adminTok, 200}} {
		req, _ := http.NewRequest("GET", url+c.path, nil)
		if c.bearer != "" {
			req.Header.Set("Authorization", "Bearer "+c.bearer)
		}
		resp, err := tlsClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("GET %s (bearer %v): %d, want %d", c.path, c.bearer != "", resp.StatusCode, c.want)
		}
	}

	var out bytes.Buffer
	if err := run(ctx, []string{"token", "create", "-db", f.db, "-key", f.key, "--commune", "Tân Lập"}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	tok := strings.TrimSpace(out.String())
	if !strings.HasPrefix(tok, "mc2.") {
		t.Fatalf("token %q", tok)
	}
	kdir := t.TempDir()
	id, err := (&client.Enroller{HTTPClient: tlsClient}).Enrol(ctx, url, tok, kdir)
	if err != nil {
		t.Fatal(err)
	}
	// The kiosk's first push, as its worker sends it: one signed, gzipped batch. (Built
	// here from the wire types, so the hub's tests need none of the kiosk's store.)
	signer := wire.Signer{Kiosk: id.KioskID, Epoch: "epoch-1", Key: id.Key}
	body, err := wire.EncodeBatch(&wire.Batch{Kiosk: id.KioskID, Epoch: "epoch-1", FromSeq: 1,
		Events: []wire.Event{{Seq: 1, Kind: "ticket.issued", Body: json.RawMessage(`{"number":"A001"}`), CreatedAt: time.Now()}}})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", url+wire.PathEvents, bytes.NewReader(body))
	req.Header.Set("Content-Encoding", "gzip")
	signer.Sign(req, wire.BodyHash(body), time.Now())
	resp, err := tlsClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("push over TLS: %d", resp.StatusCode)
	}
	st, err := hub.OpenSQLite(ctx, f.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if evs, err := st.Events(ctx, hub.EventQuery{Kiosk: id.KioskID}); err != nil || len(evs) != 1 {
		t.Fatalf("the hub holds %v (%v)", evs, err)
	}
}

// The log names the database a hub runs on, never with the password a URL may carry.
func TestDatabaseLoggedWithoutPassword(t *testing.T) {
	for in, want := range map[string]string{
		"hub.db": "hub.db",
		"postgres://hub:s3cret@db.tinh.gov.vn:5432/motcua?pool_max_conns=8": "postgres://hub:xxxxx@db.tinh.gov.vn:5432/motcua?pool_max_conns=8",
		"postgresql://hub@db/motcua":                                        "postgresql://hub@db/motcua",
	} {
		if got := redactDB(in); got != want || strings.Contains(got, "s3cret") {
			t.Errorf("redactDB(%q) = %q, want %q", in, got, want)
		}
	}
}
