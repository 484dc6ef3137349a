package hub

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// upload posts the bundles page's form as a browser sends it (multipart, with the
// session's CSRF token and the hub's Origin).
func (b *browser) upload(kind, scope, payload string) (*http.Response, string) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", b.csrf)
	_ = mw.WriteField("kind", kind)
	_ = mw.WriteField("scope", scope)
	fw, _ := mw.CreateFormFile("file", kind+".json")
	_, _ = fw.Write([]byte(payload))
	_ = mw.Close()
	return b.do("POST", "/bundles", nil, map[string]string{"Content-Type": mw.FormDataContentType(), "Origin": b.base, "X-Body": body.String()})
}

func TestBundlesPageChecksSignsAndPublishes(t *testing.T) {
	r := newRig(t)
	r.addUser("tinh.it", RoleProvince, "")
	b := r.browser()
	b.login("tinh.it", testPassword)
	ctx := context.Background()

	// A catalog the kiosk's schema refuses: the problems are listed, nothing is published.
	resp, page := b.upload(wire.BundleCatalog, "", `{"format":"motcua.catalog.v1","version":0,"procedures":[]}`)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "bị từ chối") || !strings.Contains(page, "<code>/version</code>") {
		t.Fatalf("invalid catalog: %d %s", resp.StatusCode, page)
	}
	if v, _ := r.store.LatestBundleVersion(ctx, wire.BundleCatalog); v != 0 {
		t.Fatalf("an invalid catalog was published as v%d", v)
	}
	if resp, _ := b.upload(wire.BundleHolidays, "", `{"not":"a list"}`); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("holidays as an object: %d", resp.StatusCode)
	}
	// A configuration for one commune: signed, stored, served to the kiosk in scope.
	resp, page = b.upload(wire.BundleConfig, "commune:xa-tan-lap", `{"services":[]}`)
	if resp.StatusCode != http.StatusCreated || !strings.Contains(page, "Đã ký và phát hành gói <strong>config v1</strong>") {
		t.Fatalf("config: %d %s", resp.StatusCode, page)
	}
	st, body, _ := r.do(r.signer, "GET", wire.PathBundles+"config?since=0", nil, false, time.Now())
	if st != 200 || !strings.Contains(string(body), `"scope":"commune:xa-tan-lap"`) {
		t.Fatalf("the kiosk's pull: %d %s", st, body)
	}
	if _, page := b.get("/bundles"); !strings.Contains(page, `data-kind="config" data-version="1"`) || !strings.Contains(page, "0/1 kiosk") {
		t.Fatalf("bundles list: %s", page)
	}

	// A cluster's IT publishes to its own cluster only.
	r.addUser("cum.it", RoleCluster, "Đoan Hùng")
	c := r.browser()
	c.login("cum.it", testPassword)
	if resp, _ := c.upload(wire.BundleConfig, "", `{}`); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a cluster admin publishing to every kiosk: %d", resp.StatusCode)
	}
	if resp, _ := c.upload(wire.BundleConfig, "cluster:Đoan Hùng", `{}`); resp.StatusCode != http.StatusCreated {
		t.Fatalf("a cluster admin publishing to its cluster: %d", resp.StatusCode)
	}
	log, _ := r.store.AuditLog(ctx, AuditQuery{})
	var acts []string
	for _, e := range log {
		if strings.HasPrefix(e.Action, "bundle.") {
			acts = append(acts, e.Actor+":"+e.Action)
		}
	}
	if strings.Join(acts, " ") != "cum.it:bundle.publish tinh.it:bundle.publish tinh.it:bundle.refused tinh.it:bundle.refused" {
		t.Fatalf("audit %v", acts)
	}
}
