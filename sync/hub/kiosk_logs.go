package hub

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// KeepLogs is how many uploaded logs the hub keeps per kiosk; an upload past it drops
// the oldest.
const KeepLogs = 10

// MaxLogBytes bounds an uploaded log once uncompressed: the kiosk sends the tail of its
// log, and the hub refuses a body that would inflate past this.
const MaxLogBytes = 8 << 20

// LogRow is an uploaded log, without its text.
type LogRow struct {
	ID       int64     `json:"id"`
	Kiosk    string    `json:"kiosk"`
	Command  int64     `json:"command,omitempty"`
	Received time.Time `json:"received"`
	Bytes    int64     `json:"bytes"`
}

// LogStore keeps the logs kiosks upload. Part of Store.
type LogStore interface {
	// KeepLog stores a gzip'd log of size bytes uncompressed, and drops the kiosk's
	// oldest beyond KeepLogs.
	KeepLog(ctx context.Context, kiosk string, command int64, gz []byte, size int64, now time.Time) (int64, error)
	// Logs lists a kiosk's logs, newest first.
	Logs(ctx context.Context, kiosk string) ([]LogRow, error)
	// Log returns one of a kiosk's logs with its gzip'd text; ErrNotFound.
	Log(ctx context.Context, kiosk string, id int64) (*LogRow, []byte, error)
}

// logs takes a send_logs upload: a gzip'd text of at most MaxLogBytes, for a command of
// this kiosk. The upload is the command's work; its result still comes in the next
// heartbeat, as for any command.
func (s *Server) logs(w http.ResponseWriter, r *http.Request, k *Kiosk, _ string, body []byte) {
	cmd, _ := strconv.ParseInt(r.URL.Query().Get("command"), 10, 64)
	size, err := gunzipSize(body, MaxLogBytes)
	if err != nil {
		s.problem(w, r, &wire.Problem{Status: 400, Code: wire.CodeMalformed, Reason: "log upload: " + err.Error(),
			ReasonVI: "Tệp nhật ký gửi lên không hợp lệ"})
		return
	}
	id, err := s.Store.KeepLog(r.Context(), k.ID, cmd, body, size, s.now())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.logger().Info("kiosk log uploaded", "kiosk", k.ID, "command", cmd, "bytes", size)
	writeJSON(w, http.StatusCreated, map[string]int64{"id": id})
}

var errLogTooLarge = errors.New("log over the size the hub keeps")

// gunzipSize checks that gz is gzip and returns its size uncompressed, at most limit.
func gunzipSize(gz []byte, limit int64) (int64, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(io.Discard, io.LimitReader(zr, limit+1))
	if err != nil {
		return 0, err
	}
	if n > limit {
		return 0, errLogTooLarge
	}
	return n, nil
}

// gunzip inflates a log the hub accepted (gunzipSize bounded it on the way in).
func gunzip(gz []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(zr, MaxLogBytes))
}
