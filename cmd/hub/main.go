// Command motcua-hub is the province hub: kiosks enrol with it, push their events to it,
// pull signed bundles and send heartbeats; IT sees the fleet on its dashboard.
//
//	motcua-hub serve -tls-cert C -tls-key K -admin-token-file F [-db hub.db|postgres://…] [-listen :8443] [-key province.key] [-old-key old.pub]
//	                 [-metrics-token-file M] [-log-level info]
//	motcua-hub serve -insecure-dev -admin-token-file F …   (plain HTTP: tests and development only)
//	motcua-hub token create --commune CODE [--region R] [--cluster C] [--ttl 168h]
//	motcua-hub kiosk list | kiosk revoke ID
//	motcua-hub bundle publish --kind catalog|config|holidays|staff [--version N] [--ttl D] [--scope commune:X] FILE
//	motcua-hub update publish --version 1.5.0 [--ttl D] [--scope commune:X] linux/amd64=FILE [linux/arm64=FILE]
//	motcua-hub command --kiosk ID sync_now|send_logs|reload_config|apply_bundle|dossier_state [--arg catalog:12|'{"code":…,"action":"done"}']
//	motcua-hub user add NAME [--role province|cluster] [--cluster C] [--display "Tên"]   (password on stdin)
//	motcua-hub user passwd NAME | user disable NAME | user list
//	motcua-hub dossiers purge [-purge-after-days 90]
//	motcua-hub key public
//
// Every command takes -personal-key FILE (or MOTCUA_HUB_PERSONAL_KEY): the key that seals
// applicants' personal data, by default personal.key beside a SQLite database; required
// with PostgreSQL (the same file on every hub).
package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/hub"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "motcua-hub:", err)
		os.Exit(1)
	}
}

const usage = `motcua-hub serve | token create | kiosk list | kiosk revoke ID | bundle publish FILE | update publish TARGET=FILE… | command --kiosk ID KIND | user add|passwd|disable NAME | user list | dossiers purge | key public`

// stdin is where `user add` and `user passwd` read the password (tests set it).
var stdin io.Reader = os.Stdin

// run is the whole command; stdout gets what scripts read, stderr the log.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	cmd, args := args[0], args[1:]
	if (cmd == "token" || cmd == "kiosk" || cmd == "bundle" || cmd == "key" || cmd == "user" || cmd == "update" || cmd == "dossiers") && len(args) > 0 {
		cmd, args = cmd+" "+args[0], args[1:]
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	dbPath := fs.String("db", envOr("MOTCUA_HUB_DB", "hub.db"), "hub database: a SQLite file, or postgres://user@host:port/db for several hubs over one database (password in PGPASSWORD or ~/.pgpass)")
	keyPath := fs.String("key", envOr("MOTCUA_HUB_KEY", "province.key"), "province Ed25519 signing key (made if missing, mode 0600)")
	personal := fs.String("personal-key", os.Getenv("MOTCUA_HUB_PERSONAL_KEY"), "key file sealing applicants' personal data (AES-256-GCM; mode 0600; made on first use while nothing is sealed; default personal.key beside a SQLite -db, required for PostgreSQL; back it up apart from the database)")
	purgeDays := fs.Int("purge-after-days", hub.DefaultPurgeAfterDays, "days after a dossier became final (returned, refused, withdrawn, stopped) that its personal data is deleted")
	withStore := func(ctx context.Context, where string, fn func(hub.Store) error) error {
		st, err := hub.Open(ctx, where, hub.WithPersonalKey(*personal))
		if err != nil {
			return err
		}
		defer st.Close()
		return fn(st)
	}
	switch cmd {
	case "serve":
		var o serveOptions
		fs.StringVar(&o.listen, "listen", ":8443", "address to listen on")
		fs.StringVar(&o.oldKey, "old-key", "", "previous province public key (second key slot, during rotation)")
		fs.StringVar(&o.adminFile, "admin-token-file", "", "file holding the token for the dashboard and admin API (or MOTCUA_HUB_ADMIN_TOKEN)")
		fs.Func("admin-token", "gone: use -admin-token-file", func(string) error {
			return errors.New("the admin token is no longer taken on the command line (it shows in ps and shell history): use -admin-token-file FILE or MOTCUA_HUB_ADMIN_TOKEN")
		})
		fs.StringVar(&o.metricsFile, "metrics-token-file", "", "file holding the token that opens /metrics and nothing else, for Prometheus (or MOTCUA_HUB_METRICS_TOKEN)")
		fs.TextVar(&o.logLevel, "log-level", slog.LevelInfo, "log level: debug (a line per batch), info, warn, error")
		fs.IntVar(&o.inflight, "max-inflight", 64, "requests served at once before shedding with 503")
		fs.StringVar(&o.cert, "tls-cert", "", "TLS certificate chain (PEM), required")
		fs.StringVar(&o.tlsKey, "tls-key", "", "TLS private key (PEM), required")
		fs.BoolVar(&o.insecureDev, "insecure-dev", false, "serve plain HTTP without TLS: tests and development only, never a real province")
		fs.StringVar(&o.webhook, "alert-webhook", os.Getenv("MOTCUA_HUB_ALERT_WEBHOOK"), "URL that receives a JSON POST for each alert opened or closed (or MOTCUA_HUB_ALERT_WEBHOOK); empty: alerts on the dashboard only")
		fs.DurationVar(&o.alertEvery, "alert-every", time.Minute, "how often alerts are checked and notices sent")
		fs.DurationVar(&o.rules.OfflineAfter, "alert-offline", 4*time.Hour, "alert when a kiosk has sent no heartbeat for this long")
		fs.Int64Var(&o.rules.BacklogMin, "alert-backlog", 200, "alert on a backlog of at least this many events that keeps growing or does not drain")
		fs.DurationVar(&o.rules.BacklogAge, "alert-backlog-age", 2*time.Hour, "a backlog whose oldest event is older than this does not drain")
		fs.DurationVar(&o.rules.MaxSkew, "alert-skew", 2*time.Minute, "alert when a kiosk's clock is off by more than this")
		fs.DurationVar(&o.liveEvery, "live-every", hub.DefaultLiveEvery, "how often the dashboard's live pages look for changes")
		fs.DurationVar(&o.purgeEvery, "purge-every", time.Hour, "how often personal data past -purge-after-days is deleted")
		if err := fs.Parse(args); err != nil {
			return err
		}
		o.db, o.key, o.personalKey = *dbPath, *keyPath, *personal
		var err error
		if o.purgeAfter, err = purgeAfter(*purgeDays); err != nil {
			return err
		}
		return serve(ctx, o, stderr)
	case "user add", "user passwd", "user disable", "user list":
		return userCommand(ctx, cmd, fs, args, func(fn func(hub.Store) error) error { return withStore(ctx, *dbPath, fn) }, stdin, stdout)
	case "dossiers purge":
		if err := fs.Parse(args); err != nil {
			return err
		}
		after, err := purgeAfter(*purgeDays)
		if err != nil {
			return err
		}
		return withStore(ctx, *dbPath, func(st hub.Store) error {
			p := hub.Purger{Store: st, After: after}
			done, err := p.Once(ctx, cliActor())
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "purged the personal data of %d dossiers final for over %d days\n", len(done), *purgeDays)
			return nil
		})
	case "token create":
		commune := fs.String("commune", "", "commune code or name (required)")
		region := fs.String("region", "", "region tag")
		cluster := fs.String("cluster", "", "cluster tag (e.g. the former district)")
		ttl := fs.Duration("ttl", 7*24*time.Hour, "how long the token may be used")
		if err := fs.Parse(args); err != nil {
			return err
		}
		key, err := hub.LoadOrCreateKey(*keyPath)
		if err != nil {
			return err
		}
		return withStore(ctx, *dbPath, func(st hub.Store) error {
			tok, err := hub.CreateEnrolToken(ctx, st, key.Public().(ed25519.PublicKey), hub.Token{Commune: *commune, Region: *region, Cluster: *cluster, Expires: time.Now().Add(*ttl)}, time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, tok)
			return cliAudit(ctx, st, "token.create", *commune, "cluster "+*cluster)
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
			return json.NewEncoder(stdout).Encode(ks)
		})
	case "kiosk revoke":
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New("kiosk revoke ID")
		}
		return withStore(ctx, *dbPath, func(st hub.Store) error {
			if err := st.Revoke(ctx, fs.Arg(0), time.Now()); err != nil {
				return err
			}
			return cliAudit(ctx, st, "kiosk.revoke", fs.Arg(0), "")
		})
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
		payload, err := readBounded(fs.Arg(0), wire.MaxPayloadBytes(*kind))
		if err != nil {
			return err
		}
		key, err := hub.LoadOrCreateKey(*keyPath)
		if err != nil {
			return err
		}
		return withStore(ctx, *dbPath, func(st hub.Store) error {
			b, err := hub.Publish(ctx, st, key, hub.Publication{Kind: *kind, Version: *version, TTL: *ttl, Scope: *scope, Payload: payload}, time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "published %s v%d (%d bytes, sha256 %s, key %s)\n", b.Kind, b.Version, len(b.Payload), b.SHA256, b.KeyID)
			return cliAudit(ctx, st, "bundle.publish", fmt.Sprintf("%s v%d", b.Kind, b.Version), "scope "+b.Scope)
		})
	case "update publish":
		version := fs.String("version", "", "the program's version, e.g. 1.5.0 (newer than the kiosks run)")
		ttl := fs.Duration("ttl", 0, "expiry after publishing (default none)")
		scope := fs.String("scope", "", "commune:X, region:X or cluster:X (default all kiosks; one commune first to try a release)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			return errors.New("update publish --version V linux/amd64=FILE [linux/arm64=FILE]")
		}
		p := hub.UpdatePublication{Version: *version, TTL: *ttl, Scope: *scope, Binaries: map[string][]byte{}}
		for _, a := range fs.Args() {
			target, path, ok := strings.Cut(a, "=")
			if !ok {
				return fmt.Errorf("%q: want TARGET=FILE, e.g. linux/amd64=build/bin/linux-amd64/motcua", a)
			}
			data, err := readBounded(path, wire.MaxUpdateBytes)
			if err != nil {
				return err
			}
			p.Binaries[target] = data
		}
		key, err := hub.LoadOrCreateKey(*keyPath)
		if err != nil {
			return err
		}
		return withStore(ctx, *dbPath, func(st hub.Store) error {
			b, err := hub.PublishUpdate(ctx, st, key, p, time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "published update %s as bundle v%d (%s, key %s)\n", *version, b.Version, string(b.Payload), b.KeyID)
			return cliAudit(ctx, st, "update.publish", fmt.Sprintf("%s v%d", *version, b.Version), "scope "+b.Scope)
		})
	case "command":
		kioskID := fs.String("kiosk", "", "kiosk id")
		ttl := fs.Duration("ttl", 24*time.Hour, "expires if not delivered and done within")
		arg := fs.String("arg", "", `apply_bundle: the bundle kind and version, e.g. catalog:12; dossier_state: {"code", "action", "reason", "at", "by"} in JSON`)
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New("command --kiosk ID sync_now|send_logs|reload_config|apply_bundle|dossier_state")
		}
		return withStore(ctx, *dbPath, func(st hub.Store) error {
			id, err := st.QueueCommandArg(ctx, *kioskID, fs.Arg(0), *arg, *ttl, time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "command %d queued\n", id)
			return cliAudit(ctx, st, "command.queue", *kioskID, fmt.Sprintf("%s %s #%d", fs.Arg(0), *arg, id))
		})
	case "key public":
		if err := fs.Parse(args); err != nil {
			return err
		}
		key, err := hub.LoadOrCreateKey(*keyPath)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey)))
		return nil
	}
	return errors.New(usage)
}

// readBounded reads a file only when it is at most limit bytes, checked before reading.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%s is %d bytes, over the %d a bundle of this kind may carry", path, st.Size(), limit)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(b)) > limit {
		err = fmt.Errorf("%s grew over %d bytes while read", path, limit)
	}
	return b, err
}

// purgeAfter is -purge-after-days as a duration; at least one day.
func purgeAfter(days int) (time.Duration, error) {
	if days < 1 {
		return 0, fmt.Errorf("-purge-after-days must be at least 1, not %d", days)
	}
	return time.Duration(days) * 24 * time.Hour, nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
