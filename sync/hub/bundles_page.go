package hub

import (
	"context"
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

// The bundles page: publish a catalog, configuration, holiday or staff bundle to a scope
// (checked as kiosks check it, signed with the province key), list what was published,
// and see which version of each kind the kiosks in the user's scope have applied.

// BundleRow is a published bundle as the page lists it.
type BundleRow struct {
	Kind      string    `json:"kind"`
	Version   int64     `json:"version"`
	Scope     string    `json:"scope,omitempty"`
	Published time.Time `json:"published"`
	Bytes     int64     `json:"bytes"` // the signed envelope's size
	// Applied counts the kiosks in the user's scope that the bundle is meant for and that
	// run this version or a later one; InScope the kiosks it is meant for.
	Applied, InScope int `json:"-"`
}

// Applied is how many of the user's kiosks run each version of a kind.
type Applied struct {
	Kind     string
	Versions []VersionCount
}

// VersionCount is the kiosks at one version (0: none applied yet).
type VersionCount struct {
	Version int64
	Kiosks  []string
}

// BundlesView is the bundles page's data.
type BundlesView struct {
	Bundles   []BundleRow
	Applied   []Applied
	Kinds     []string
	Published *wire.Bundle
	Invalid   *InvalidBundleError
	Error     string
	Scope     string // the scope the form proposes
}

// maxUpload bounds a bundle upload: the largest payload (a catalog) and the form around it.
var maxUpload = wire.MaxPayloadBytes(wire.BundleCatalog) + 64<<10

func (s *Server) bundlesView(ctx context.Context, u *User) (BundlesView, error) {
	// A program update is published with its binaries (motcua-hub update publish, or
	// POST /admin/v1/updates), not as a file on this form.
	v := BundlesView{Kinds: slices.DeleteFunc(slices.Clone(wire.BundleKinds), func(k string) bool { return k == wire.BundleUpdate })}
	if u.Role == RoleCluster {
		v.Scope = "cluster:" + u.Cluster
	}
	rows, err := s.Store.Bundles(ctx)
	if err != nil {
		return v, err
	}
	ks, err := s.Store.Kiosks(ctx)
	if err != nil {
		return v, err
	}
	var mine []*Kiosk
	for i := range ks {
		if u.Sees(&ks[i]) && ks[i].Revoked.IsZero() {
			mine = append(mine, &ks[i])
		}
	}
	for _, b := range rows {
		if u.Role == RoleCluster && !u.SeesScope(b.Scope) && b.Scope != "" {
			continue // another cluster's or commune's bundle
		}
		for _, k := range mine {
			if k.InScope(b.Scope) {
				b.InScope++
				if k.LastHeartbeat.BundleVersions[b.Kind] >= b.Version {
					b.Applied++
				}
			}
		}
		v.Bundles = append(v.Bundles, b)
	}
	for _, kind := range wire.BundleKinds {
		at := map[int64][]string{}
		for _, k := range mine {
			ver := k.LastHeartbeat.BundleVersions[kind]
			at[ver] = append(at[ver], k.ID)
		}
		a := Applied{Kind: kind}
		for ver, ids := range at {
			a.Versions = append(a.Versions, VersionCount{Version: ver, Kiosks: ids})
		}
		slices.SortFunc(a.Versions, func(x, y VersionCount) int { return int(y.Version - x.Version) })
		v.Applied = append(v.Applied, a)
	}
	return v, nil
}

func (s *Server) bundlesPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.bundlesView(r.Context(), userOf(r))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "bundles", "Gói dữ liệu", v)
}

// publishBundle takes the page's upload (multipart: kind, scope, ttl_days, file), checks
// it as kiosks will, signs it and publishes it.
func (s *Server) publishBundle(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	fail := func(status int, inv *InvalidBundleError, msg string) {
		v, err := s.bundlesView(r.Context(), u)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		v.Invalid, v.Error = inv, msg
		s.render(w, r, status, "bundles", "Gói dữ liệu", v)
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		fail(http.StatusBadRequest, nil, "Không đọc được tệp tải lên (quá lớn?): "+err.Error())
		return
	}
	defer r.MultipartForm.RemoveAll()
	kind, scope := r.FormValue("kind"), strings.TrimSpace(r.FormValue("scope"))
	if !u.SeesScope(scope) {
		s.audit(r, u, "access.denied", "bundle "+kind, "scope "+scope)
		s.forbidden(w, r, "a cluster's IT publishes to its own cluster only (scope cluster:"+u.Cluster+")",
			"Chỉ được phát hành gói cho cụm của mình (phạm vi cluster:"+u.Cluster+")")
		return
	}
	if !wire.KnownBundleKind(kind) || kind == wire.BundleUpdate {
		fail(http.StatusBadRequest, nil, "Loại gói không đúng. / Unknown bundle kind.")
		return
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		fail(http.StatusBadRequest, nil, "Chưa chọn tệp. / No file chosen.")
		return
	}
	defer f.Close()
	payload, err := io.ReadAll(io.LimitReader(f, wire.MaxPayloadBytes(kind)+1))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if int64(len(payload)) > wire.MaxPayloadBytes(kind) {
		fail(http.StatusRequestEntityTooLarge, nil, fmt.Sprintf("Tệp quá lớn: gói %s tối đa %d MB.", kind, wire.MaxPayloadBytes(kind)>>20))
		return
	}
	var ttl time.Duration
	if d := strings.TrimSpace(r.FormValue("ttl_days")); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 3650 {
			fail(http.StatusBadRequest, nil, "Thời hạn là số ngày từ 1 đến 3650. / The lifetime is 1 to 3650 days.")
			return
		}
		ttl = time.Duration(n) * 24 * time.Hour
	}
	if s.SigningKey == nil {
		fail(http.StatusServiceUnavailable, nil, "Máy chủ chưa có khoá tỉnh để ký. / The hub has no province key.")
		return
	}
	b, err := Publish(r.Context(), s.Store, s.SigningKey, Publication{Kind: kind, Scope: scope, TTL: ttl, Payload: payload}, s.now())
	var inv *InvalidBundleError
	switch {
	case errors.As(err, &inv):
		s.audit(r, u, "bundle.refused", kind, fmt.Sprintf("%d problems", inv.Total))
		fail(http.StatusUnprocessableEntity, inv, "")
		return
	case err != nil:
		fail(http.StatusBadRequest, nil, err.Error())
		return
	}
	s.audit(r, u, "bundle.publish", fmt.Sprintf("%s v%d", b.Kind, b.Version), "scope "+b.Scope+", sha256 "+b.SHA256)
	v, err := s.bundlesView(r.Context(), u)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	v.Published = b
	s.render(w, r, http.StatusCreated, "bundles", "Gói dữ liệu", v)
}
