// Package pgtest gives tests and benchmarks a throwaway PostgreSQL: a cluster made with
// Debian's initdb in a temporary directory, listening on a free loopback port, gone when
// the test binary ends (even killed: the server gets the parent's death signal).
//
// `make test` starts one cluster for every package (build/testpg.sh) and names it in
// MOTCUA_TEST_PG; a plain `go test` starts one per test binary. Each test gets a database
// of its own on it.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	stdsync "sync"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/test/testenv"

	"github.com/jackc/pgx/v5"
)

// EnvURL names a running server to use instead of starting one: a URL whose user may
// create databases (postgres://postgres@127.0.0.1:PORT/postgres).
const EnvURL = "MOTCUA_TEST_PG"

// ErrNotInstalled is returned by Start when no PostgreSQL server binaries are found.
var ErrNotInstalled = errors.New("PostgreSQL is not installed (apt-get install postgresql, or ./build/setup.sh)")

// BinDir returns the newest /usr/lib/postgresql/*/bin holding initdb and postgres.
func BinDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return version(a) - version(b) })
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	return "", ErrNotInstalled
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// Options shape a cluster.
type Options struct {
	// Durable keeps PostgreSQL's own defaults (fsync, synchronous commit, full page
	// writes): for benchmarks. Tests run without them, which is faster and loses only what
	// a crash of the machine would.
	Durable bool
	// Settings are more "-c name=value" settings.
	Settings []string
}

// Cluster is one running throwaway server.
type Cluster struct {
	URL  string // postgres://postgres@127.0.0.1:PORT/postgres, trust authentication
	dir  string
	cmd  *exec.Cmd
	done chan struct{}
}

// Start makes and starts a cluster. As root it runs the server as the postgres user
// (initdb refuses root), which Debian's package creates.
func Start(o Options) (*Cluster, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "motcua-pg-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir}
	var attr syscall.SysProcAttr
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root needs the postgres user to run the server as (Debian's postgresql package makes it): %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		attr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C")
	initdb.SysProcAttr = &attr
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	settings := []string{"listen_addresses=127.0.0.1", "max_connections=200", "unix_socket_directories=" + dir}
	if !o.Durable {
		settings = append(settings, "fsync=off", "synchronous_commit=off", "full_page_writes=off")
	}
	settings = append(settings, o.Settings...)
	// A free port can be taken between asking and listening: a server that exits at once
	// is tried again on another.
	for try := 0; try < 5; try++ {
		port, err := freePort()
		if err != nil {
			break
		}
		args := []string{"-D", data, "-p", strconv.Itoa(port)}
		for _, s := range settings {
			args = append(args, "-c", s)
		}
		log, err := os.Create(filepath.Join(dir, "server.log"))
		if err != nil {
			break
		}
		cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
		cmd.Stdout, cmd.Stderr = log, log
		a := attr
		a.Pdeathsig = syscall.SIGQUIT // the test binary died: the server goes too
		cmd.SysProcAttr = &a
		if err := cmd.Start(); err != nil {
			log.Close()
			break
		}
		c.cmd, c.done = cmd, make(chan struct{})
		go func() { _ = cmd.Wait(); log.Close(); close(c.done) }()
		c.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
		if err := c.ready(30 * time.Second); err == nil {
			return c, nil
		}
		c.kill()
	}
	b, _ := os.ReadFile(filepath.Join(dir, "server.log"))
	os.RemoveAll(dir)
	return nil, fmt.Errorf("PostgreSQL did not start:\n%s", b)
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// ready waits until the server takes connections, or has exited.
func (c *Cluster) ready(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-c.done:
			return errors.New("the server exited")
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn, err := pgx.Connect(ctx, c.URL)
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("the server did not answer in time")
}

func (c *Cluster) kill() {
	_ = c.cmd.Process.Kill()
	<-c.done
}

// Stop shuts the server down (fast: open sessions are ended) and removes its files.
func (c *Cluster) Stop() error {
	_ = c.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-c.done:
	case <-time.After(30 * time.Second):
		c.kill()
	}
	return os.RemoveAll(c.dir)
}

var (
	mu      stdsync.Mutex
	started *Cluster
	failed  error
)

// Server returns the URL of the server for this test binary: MOTCUA_TEST_PG's, or one
// started on first use. It skips t when PostgreSQL is not installed: a suite calls it once
// before its subtests, so the skip is said once.
func Server(t testing.TB) string {
	if u := os.Getenv(EnvURL); u != "" {
		return u
	}
	mu.Lock()
	defer mu.Unlock()
	if started == nil && failed == nil {
		started, failed = Start(Options{})
	}
	// Skipped where PostgreSQL is not installed, failed under CI (testenv.Need).
	testenv.Need(t, !errors.Is(failed, ErrNotInstalled), fmt.Sprintf("PostgreSQL for the stores' PostgreSQL half (postgresql; %v)", failed))
	if failed != nil {
		t.Fatal(failed)
	}
	return started.URL
}

// DB returns the URL of a new, empty database for t, dropped when t ends.
func DB(t testing.TB) string {
	t.Helper()
	return NewDB(t, Server(t))
}

// NewDB makes an empty database on the server at serverURL, dropped when t ends.
func NewDB(t testing.TB, serverURL string) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "motcua_test_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		t.Fatalf("test PostgreSQL at %s: %v", redact(serverURL), err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if conn, err := pgx.Connect(ctx, serverURL); err == nil {
			_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			conn.Close(context.Background())
		}
	})
	u, err := url.Parse(serverURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func redact(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	return "(a URL that does not parse)"
}

// Main runs the tests and stops the cluster they started, if any:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	mu.Lock()
	defer mu.Unlock()
	if started != nil {
		_ = started.Stop()
		started = nil
	}
	return code
}
