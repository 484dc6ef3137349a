package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"strconv"

	wire "github.com/motcua/motcua/sync"
)

// The hub's commands the worker carries out itself, beside sync_now and reload_config
// (heartbeat.go): send_logs uploads the tail of the kiosk's log; apply_bundle pulls
// bundles now and checks the version the hub asked for is applied.

// uploadLogs sends the log's tail (Worker.Logs) to the hub, gzip'd, as a send_logs
// command's work: the newest part that fits in one request.
func (w *Worker) uploadLogs(ctx context.Context, c wire.Command) error {
	text, err := w.Logs(ctx)
	if err != nil {
		return fmt.Errorf("read the log: %w", err)
	}
	var gz []byte
	for {
		if gz, err = gzipped(text); err != nil {
			return err
		}
		if len(gz) <= wire.MaxWireBytes || len(text) < 1024 {
			break
		}
		text = text[len(text)/2:] // keep the newer half
	}
	status, rb, err := w.t.call(ctx, http.MethodPost, wire.PathLogs+"?command="+strconv.FormatInt(c.ID, 10), gz, false, 1<<20)
	if err != nil {
		return err
	}
	if status != http.StatusCreated {
		return wire.DecodeProblem(status, rb)
	}
	return nil
}

func gzipped(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// applyBundle pulls bundles now and succeeds when the kind's applied version is at least
// the one asked for; otherwise it says why (the bundle's refusal, or not yet published in
// the kiosk's scope).
func (w *Worker) applyBundle(ctx context.Context, c wire.Command) error {
	kind, version, err := wire.ParseBundleArg(c.Arg)
	if err != nil {
		return err
	}
	if _, ok := w.Appliers[kind]; !ok {
		return fmt.Errorf("this kiosk does not apply %s bundles", kind)
	}
	perr := w.PullBundles(ctx)
	st := w.Status()
	if have := st.Bundles[kind]; have >= version {
		return nil
	}
	if perr != nil {
		return perr
	}
	if st.LastBundleError != "" {
		return fmt.Errorf("%s v%d not applied: %s", kind, version, st.LastBundleError)
	}
	return fmt.Errorf("%s v%d not applied: the kiosk has v%d, and the hub offers none newer in its scope", kind, version, st.Bundles[kind])
}
