package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client/update"
)

// Updater is the Applier of update bundles: the bundle is already verified by Accept
// (the province's signature over the version, targets, hashes and sizes); it picks the
// binary for Target, refuses one not newer than the running version, downloads it next to
// the installed ones (resuming a cut download), and has the Installer check its size and
// hash and switch to it. Once the bundle is recorded, Restart is called: the kiosk exits
// with update.ExitRestart and its service starts the new version on trial.
type Updater struct {
	Worker    *Worker
	Installer *update.Installer
	Target    string // GOOS/GOARCH of this kiosk
	// Restart asks the kiosk to exit with update.ExitRestart; called after the switch.
	Restart func()
	// FetchTimeout bounds one download, resumed attempts included (default 1 h: 30 MB on
	// a slow commune line).
	FetchTimeout time.Duration

	switched bool
}

// ApplyBundle installs the update payload describes, or refuses it and changes nothing
// (a refused download is removed).
func (u *Updater) ApplyBundle(ctx context.Context, _ int64, payload []byte) error {
	up, err := wire.DecodeUpdate(payload)
	if err != nil {
		return err
	}
	bin, err := up.For(u.Target)
	if err != nil {
		return err
	}
	if err := u.Installer.Check(up.Version); err != nil {
		return err
	}
	staged := u.Installer.StagePath(bin)
	if err := u.Worker.fetchUpdate(ctx, bin, staged, u.FetchTimeout); err != nil {
		return fmt.Errorf("%w %s: %w", errDownload, up.Version, err)
	}
	if err := u.Installer.Install(up.Version, bin, staged); err != nil {
		return err
	}
	u.Worker.Logger.Info("update installed; restarting into it", "version", up.Version, "from", u.Installer.Running, "target", u.Target)
	u.switched = true
	return nil
}

// Committed restarts the kiosk once the bundle is recorded as applied.
func (u *Updater) Committed() {
	if u.switched && u.Restart != nil {
		u.switched = false
		u.Restart()
	}
}

// committer is an Applier with work after its bundle is recorded (Accept calls it).
type committer interface{ Committed() }

// refuser is an Applier told of each refusal of its kind's bundles (Accept calls it).
type refuser interface {
	Refused(b *wire.Bundle, err error)
}

// Download failures: errDownload wraps every one; errCut marks one that is tried again
// at the next pull (the partial file kept), which is no refusal.
var (
	errDownload = errors.New("download")
	errCut      = errors.New("the partial download is resumed at the next pull")
)

// Refused records a refused update as the last update's outcome, which the heartbeats
// carry to the hub: a province that published a broken update sees which kiosks refused
// it and why. A download cut short or a trial on is no refusal of the update (it is
// tried again). The version is read from the payload even when its signature failed:
// only as a label for IT, never acted on.
func (u *Updater) Refused(b *wire.Bundle, err error) {
	if errors.Is(err, errCut) || errors.Is(err, update.ErrTrying) {
		return
	}
	version := ""
	if up, derr := wire.DecodeUpdate(b.Payload); derr == nil {
		version = up.Version
	}
	if werr := u.Installer.Refused(version, err.Error(), refusalVI(err)); werr != nil {
		u.Worker.Logger.Warn("update refusal not recorded", "err", werr, "refusal", err)
	}
}

// fetchUpdate downloads b from the hub into dst, resuming from what dst holds (Range),
// until it holds b.Size bytes. The hub's answer is not signed (it is tens of MB): the
// Installer checks the bytes against the signed hash before they run. An attempt that
// brings bytes is followed by another at once; three in a row that bring none give up.
func (w *Worker) fetchUpdate(ctx context.Context, b wire.UpdateBinary, dst string, timeout time.Duration) error {
	w.init()
	if timeout <= 0 {
		timeout = time.Hour
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for idle := 0; ; {
		got, err := w.fetchOnce(ctx, b, dst)
		if err == nil {
			return nil
		}
		var p *wire.Problem
		if errors.As(err, &p) && p.Status < 500 && p.Status != http.StatusTooManyRequests || errors.Is(err, update.ErrTruncated) {
			os.Remove(dst)
			return err // refused: not found, revoked…
		}
		if got == 0 {
			idle++
		} else {
			idle = 0
		}
		if idle >= 3 || ctx.Err() != nil {
			return fmt.Errorf("%w (%w)", err, errCut) // the partial file stays: the next try resumes it
		}
		w.Logger.Warn("update download cut; resuming", "err", err, "sha256", b.SHA256)
		w.alive()
		t := time.NewTimer(time.Duration(idle) * 2 * time.Second)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (%w)", ctx.Err(), errCut)
		case <-t.C:
		}
	}
}

// fetchOnce is one request of fetchUpdate; got is how many bytes it added.
func (w *Worker) fetchOnce(ctx context.Context, b wire.UpdateBinary, dst string) (got int64, err error) {
	f, err := os.OpenFile(dst, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	have, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return 0, err
	}
	if have >= b.Size {
		if have == b.Size {
			return 0, nil
		}
		if err := f.Truncate(0); err != nil {
			return 0, err
		}
		have, _ = f.Seek(0, io.SeekStart)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, w.t.hub+b.Path(), nil)
	if err != nil {
		return 0, err
	}
	if have > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(have, 10)+"-")
	}
	if w.t.epoch != nil {
		w.t.signer.Epoch = w.t.epoch()
	}
	w.t.signer.Sign(req, wire.BodyHash(nil), w.t.hubNow())
	// No overall timeout per request (the pooled client's 30 s would cut every large
	// download): ctx bounds the whole.
	resp, err := (&http.Client{Transport: w.t.c.HTTPClient.Transport}).Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusOK:
		if err := f.Truncate(0); err != nil {
			return 0, err
		}
		have, _ = f.Seek(0, io.SeekStart)
	case resp.StatusCode == http.StatusPartialContent && strings.HasPrefix(resp.Header.Get("Content-Range"), fmt.Sprintf("bytes %d-", have)):
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable:
		// The hub holds fewer bytes than the bundle signed, and this kiosk has them all.
		return 0, fmt.Errorf("%w: the hub has no bytes past %d of the %d signed", update.ErrTruncated, have, b.Size)
	default:
		rb, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		return 0, wire.DecodeProblem(resp.StatusCode, rb)
	}
	// One byte more than is due shows a hub serving a bigger file than the bundle signed.
	n, err := io.Copy(f, &aliveReader{r: io.LimitReader(resp.Body, b.Size-have+1), alive: w.alive})
	if err == nil && have+n > b.Size {
		f.Truncate(0)
		return n, &wire.Problem{Status: http.StatusBadRequest, Code: wire.CodeMalformed,
			Reason: fmt.Sprintf("the hub sent more than the %d bytes the update signed", b.Size)}
	}
	if err == nil && have+n < b.Size {
		err = fmt.Errorf("download ended at %d of %d bytes", have+n, b.Size)
	}
	return n, err
}

// aliveReader tells the watchdog the sync worker lives while a long download runs.
type aliveReader struct {
	r     io.Reader
	alive func()
	n     int
}

func (a *aliveReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if a.n += n; a.n >= 1<<20 {
		a.n = 0
		a.alive()
	}
	return n, err
}
