// Command motcua-hub is the province hub: kiosks enrol with it, push their events to it,
// pull signed bundles and send heartbeats; IT sees the fleet on its dashboard.
//
//	motcua-hub serve [-db hub.db] [-listen :8443] [-key province.key] [-old-key old.pub] [-admin-token T] [-tls-cert C -tls-key K]
//	motcua-hub token create --commune CODE [--region R] [--cluster C] [--ttl 168h]
//	motcua-hub kiosk list | kiosk revoke ID
//	motcua-hub bundle publish --kind catalog|config|holidays|staff [--version N] [--ttl D] [--scope commune:X] FILE
//	motcua-hub command --kiosk ID sync_now|send_logs|reload_config
//	motcua-hub key public
package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/motcua/motcua/sync/hub"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "motcua-hub:", err)
		os.Exit(1)
	}
}

const usage = `motcua-hub serve | token create | kiosk list | kiosk revoke ID | bundle publish FILE | command --kiosk ID KIND | key public`

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	cmd, args := args[0], args[1:]
	if (cmd == "token" || cmd == "kiosk" || cmd == "bundle" || cmd == "key") && len(args) > 0 {
		cmd, args = cmd+" "+args[0], args[1:]
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	dbPath := fs.String("db", envOr("MOTCUA_HUB_DB", "hub.db"), "hub database file")
	keyPath := fs.String("key", envOr("MOTCUA_HUB_KEY", "province.key"), "province Ed25519 signing key (made if missing, mode 0600)")
	switch cmd {
	case "serve":
		listen := fs.String("listen", ":8443", "address to listen on")
		oldKey := fs.String("old-key", "", "previous province public key (second key slot, during rotation)")
		admin := fs.String("admin-token", os.Getenv("MOTCUA_HUB_ADMIN_TOKEN"), "token for the dashboard and admin API")
		inflight := fs.Int("max-inflight", 64, "requests served at once before shedding with 503")
		cert := fs.String("tls-cert", "", "TLS certificate (PEM)")
		tkey := fs.String("tls-key", "", "TLS key (PEM)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		key, err := hub.LoadOrCreateKey(*keyPath)
		if err != nil {
			return err
		}
		keys := []ed25519.PublicKey{key.Public().(ed25519.PublicKey)}
		if *oldKey != "" {
			pk, err := hub.ReadPublicKey(*oldKey)
			if err != nil {
				return err
			}
			keys = append(keys, pk)
		}
		st, err := hub.OpenSQLite(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer st.Close()
		log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
		s := &hub.Server{Store: st, Logger: log, ProvinceKeys: keys, MaxInFlight: *inflight, AdminToken: *admin}
		log.Info("motcua-hub listening", "addr", *listen, "db", *dbPath)
		if *cert != "" {
			srv := &http.Server{Addr: *listen, Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
			go func() { <-ctx.Done(); _ = srv.Close() }()
			if err := srv.ListenAndServeTLS(*cert, *tkey); !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		}
		return s.Serve(ctx, *listen)
	case "token create":
		commune := fs.String("commune", "", "commune code or name (required)")
		region := fs.String("region", "", "region tag")
		cluster := fs.String("cluster", "", "cluster tag (e.g. the former district)")
		ttl := fs.Duration("ttl", 7*24*time.Hour, "how long the token may be used")
		if err := fs.Parse(args); err != nil {
			return err
		}
		return withStore(ctx, *dbPath, func(st hub.Store) error {
			tok, err := st.CreateToken(ctx, hub.Token{Commune: *commune, Region: *region, Cluster: *cluster, Expires: time.Now().Add(*ttl)}, time.Now())
			if err == nil {
				fmt.Println(tok)
			}
			return err
		})
	case "kiosk list":
		if err := fs.Parse(args); err != nil {
			return err
		}
		return withStore(ctx, *dbPath, func(st hub.Store) error {
			ks, err := st.Kiosks(ctx)
			if err != nil {
				return err
			}
			if ks == nil {
				ks = []hub.Kiosk{} // an empty fleet prints [] for scripts, not null
			}
			return json.NewEncoder(os.Stdout).Encode(ks)
		})
	case "kiosk revoke":
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New("kiosk revoke ID")
		}
		return withStore(ctx, *dbPath, func(st hub.Store) error { return st.Revoke(ctx, fs.Arg(0), time.Now()) })
	case "bundle publish":
		kind := fs.String("kind", "", "catalog, config, holidays or staff")
		version := fs.Int64("version", 0, "version (default: the next)")
		ttl := fs.Duration("ttl", 0, "expiry after publishing (default none)")
		scope := fs.String("scope", "", "commune:X, region:X or cluster:X (default all kiosks)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New("bundle publish --kind K FILE")
		}
		payload, err := os.ReadFile(fs.Arg(0))
		if err != nil {
			return err
		}
		key, err := hub.LoadOrCreateKey(*keyPath)
		if err != nil {
			return err
		}
		return withStore(ctx, *dbPath, func(st hub.Store) error {
			b, err := hub.Publish(ctx, st, key, hub.Publication{Kind: *kind, Version: *version, TTL: *ttl, Scope: *scope, Payload: payload}, time.Now())
			if err == nil {
				fmt.Printf("published %s v%d (%d bytes, sha256 %s, key %s)\n", b.Kind, b.Version, len(b.Payload), b.SHA256, b.KeyID)
			}
			return err
		})
	case "command":
		kioskID := fs.String("kiosk", "", "kiosk id")
		ttl := fs.Duration("ttl", 24*time.Hour, "expires if not delivered and done within")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New("command --kiosk ID sync_now|send_logs|reload_config")
		}
		return withStore(ctx, *dbPath, func(st hub.Store) error {
			id, err := st.QueueCommand(ctx, *kioskID, fs.Arg(0), *ttl, time.Now())
			if err == nil {
				fmt.Printf("command %d queued\n", id)
			}
			return err
		})
	case "key public":
		if err := fs.Parse(args); err != nil {
			return err
		}
		key, err := hub.LoadOrCreateKey(*keyPath)
		if err != nil {
			return err
		}
		fmt.Println(base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey)))
		return nil
	}
	return errors.New(usage)
}

func withStore(ctx context.Context, path string, fn func(hub.Store) error) error {
	st, err := hub.OpenSQLite(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
