package hub

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// Program updates: IT publishes a release (a binary per target) as an update bundle,
// signed with the province key like every bundle; the binaries stay in the store, and
// kiosks fetch the one for their target from GET /v1/updates/{sha256}, checked against
// the hash and size the signed bundle names (docs/updates.md).

// UpdateStore keeps the binaries of update bundles. Part of Store.
type UpdateStore interface {
	// PutUpdateBinary stores data under its SHA-256 (hex), in chunks of UpdateChunkBytes,
	// in one transaction; the same hash again changes nothing.
	PutUpdateBinary(ctx context.Context, sha256 string, data []byte, now time.Time) error
	// UpdateBinarySize returns a stored binary's size; ErrNotFound.
	UpdateBinarySize(ctx context.Context, sha256 string) (int64, error)
	// UpdateChunk returns chunk n (from 0) of a stored binary; ErrNotFound.
	UpdateChunk(ctx context.Context, sha256 string, n int64) ([]byte, error)
}

// UpdateChunkBytes is the size of a stored chunk: what one download holds in memory.
const UpdateChunkBytes = 1 << 20

func chunks(data []byte) [][]byte {
	var out [][]byte
	for len(data) > 0 {
		n := min(len(data), UpdateChunkBytes)
		out = append(out, data[:n])
		data = data[n:]
	}
	return out
}

// UpdatePublication is a release to publish.
type UpdatePublication struct {
	Version  string
	Binaries map[string][]byte // by target, "linux/amd64"
	Scope    string            // "" all kiosks; a commune first, to try a release on one desk
	TTL      time.Duration     // 0: no expiry
}

// PublishUpdate stores the binaries and publishes the update bundle naming them, signed
// with key.
func PublishUpdate(ctx context.Context, st Store, key ed25519.PrivateKey, p UpdatePublication, now time.Time) (*wire.Bundle, error) {
	u := wire.Update{Version: p.Version}
	for target, data := range p.Binaries {
		u.Binaries = append(u.Binaries, wire.UpdateBinary{Target: target, SHA256: wire.BodyHash(data), Size: int64(len(data))})
	}
	slices.SortFunc(u.Binaries, func(a, b wire.UpdateBinary) int { return strings.Compare(a.Target, b.Target) })
	payload, err := json.Marshal(u)
	if err != nil {
		return nil, err
	}
	if _, err := wire.DecodeUpdate(payload); err != nil {
		return nil, err
	}
	for _, b := range u.Binaries {
		if err := st.PutUpdateBinary(ctx, b.SHA256, p.Binaries[b.Target], now); err != nil {
			return nil, fmt.Errorf("store the %s binary: %w", b.Target, err)
		}
	}
	return Publish(ctx, st, key, Publication{Kind: wire.BundleUpdate, Scope: p.Scope, TTL: p.TTL, Payload: payload}, now)
}

// checkUpdateBinaries refuses an update bundle that names a binary the hub does not hold
// with that size: kiosks could never fetch it.
func checkUpdateBinaries(ctx context.Context, st Store, payload []byte) error {
	u, err := wire.DecodeUpdate(payload)
	if err != nil {
		return err
	}
	for _, b := range u.Binaries {
		size, err := st.UpdateBinarySize(ctx, b.SHA256)
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("update %s: the hub holds no binary %s for %s (publish with motcua-hub update publish)", u.Version, b.SHA256, b.Target)
		}
		if err != nil {
			return err
		}
		if size != b.Size {
			return fmt.Errorf("update %s: the %s binary is %d bytes, not %d", u.Version, b.Target, size, b.Size)
		}
	}
	return nil
}

// updateBinary serves a binary to an enrolled kiosk, whole or from the offset of a
// "Range: bytes=N-" (a download resumed). The answer is not signed whole like the others
// (signAnswers would hold tens of MB): the signed bundle's hash authenticates it.
func (s *Server) updateBinary(w http.ResponseWriter, r *http.Request, k *Kiosk, _ string, _ []byte) {
	sha := r.PathValue("sha256")
	size, err := s.Store.UpdateBinarySize(r.Context(), sha)
	if errors.Is(err, ErrNotFound) {
		s.problem(w, r, &wire.Problem{Status: 404, Code: wire.CodeNotFound, Reason: "no update binary " + sha})
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	from := int64(0)
	status := http.StatusOK
	if rg := r.Header.Get("Range"); rg != "" {
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(rg, "bytes="), "-"), 10, 64)
		if err != nil || !strings.HasPrefix(rg, "bytes=") || !strings.HasSuffix(rg, "-") || n < 0 || n >= size {
			w.Header().Set("Content-Range", "bytes */"+strconv.FormatInt(size, 10))
			s.problem(w, r, &wire.Problem{Status: http.StatusRequestedRangeNotSatisfiable, Code: wire.CodeMalformed,
				Reason: "range " + rg + ": only bytes=N- with N below the size"})
			return
		}
		from, status = n, http.StatusPartialContent
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", n, size-1, size))
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(size-from, 10))
	w.Header().Set("Accept-Ranges", "bytes")
	w.WriteHeader(status)
	for n := from / UpdateChunkBytes; n*UpdateChunkBytes < size; n++ {
		c, err := s.Store.UpdateChunk(r.Context(), sha, n)
		if err != nil {
			s.logger().Error("update binary: chunk unreadable; the kiosk will resume", "sha256", sha, "chunk", n, "err", err)
			return
		}
		if skip := from - n*UpdateChunkBytes; skip > 0 {
			c = c[skip:]
		}
		if _, err := w.Write(c); err != nil {
			return // the kiosk went away; it resumes from what it has
		}
	}
	s.logger().Info("update binary served", "kiosk", k.ID, "sha256", sha, "from", from, "bytes", size-from)
}

// apiPublishUpdate is POST /admin/v1/updates?version=V[&scope=S][&ttl_days=N], a
// multipart body with one file part per target, named by it ("linux/amd64"). Province IT
// only: a program runs on every desk its scope covers.
func (s *Server) apiPublishUpdate(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if u.Role != RoleProvince {
		s.audit(r, u, "access.denied", "update publish", "")
		s.forbidden(w, r, "only province IT publishes program updates", "Chỉ CNTT cấp tỉnh được phát hành bản cập nhật phần mềm")
		return
	}
	bad := func(reason, vi string) {
		s.problem(w, r, &wire.Problem{Status: 400, Code: wire.CodeMalformed, Reason: reason, ReasonVI: vi})
	}
	q := r.URL.Query()
	p := UpdatePublication{Version: q.Get("version"), Scope: q.Get("scope"), Binaries: map[string][]byte{}}
	if d := q.Get("ttl_days"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 3650 {
			bad("ttl_days: 1 to 3650", "Thời hạn là số ngày từ 1 đến 3650")
			return
		}
		p.TTL = time.Duration(n) * 24 * time.Hour
	}
	if s.SigningKey == nil {
		s.problem(w, r, &wire.Problem{Status: 503, Code: wire.CodeInternal, Reason: "the hub has no province key", ReasonVI: "Máy chủ chưa có khoá tỉnh để ký"})
		return
	}
	mr, err := r.MultipartReader()
	if err != nil {
		bad("a multipart body with one file per target: "+err.Error(), "Cần tệp chương trình cho từng nền tảng (multipart)")
		return
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			bad("multipart: "+err.Error(), "Không đọc được tệp tải lên")
			return
		}
		data, err := io.ReadAll(io.LimitReader(part, wire.MaxUpdateBytes+1))
		if err != nil {
			bad("multipart: "+err.Error(), "Không đọc được tệp tải lên")
			return
		}
		if len(data) > wire.MaxUpdateBytes {
			bad(fmt.Sprintf("%s: over %d bytes", part.FormName(), wire.MaxUpdateBytes), "Tệp chương trình quá lớn")
			return
		}
		p.Binaries[part.FormName()] = data
	}
	b, err := PublishUpdate(r.Context(), s.Store, s.SigningKey, p, s.now())
	if err != nil {
		bad(err.Error(), "Bản cập nhật không hợp lệ")
		return
	}
	s.audit(r, u, "update.publish", fmt.Sprintf("%s v%d", p.Version, b.Version), "scope "+b.Scope+", sha256 "+b.SHA256)
	writeJSON(w, http.StatusCreated, b)
}

// maxUpdateUpload bounds POST /admin/v1/updates: a binary for each of a few targets.
const maxUpdateUpload = 4*wire.MaxUpdateBytes + 64<<10
