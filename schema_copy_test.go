package main

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/motcua/motcua/kiosk/catalog"
	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/hub"
)

// The hub checks catalog bundles against a copy of the kiosk's schema (sync/hub may not
// import kiosk/, sync/hub/bundle_schema.go says why): the copy is the kiosk's, byte for
// byte. After a change to kiosk/catalog/schema.json: go generate ./sync/hub.
func TestHubCatalogSchemaIsTheKiosks(t *testing.T) {
	if !bytes.Equal(hub.CatalogSchema(), catalog.Schema()) {
		t.Fatal("sync/hub/catalog_schema.json differs from kiosk/catalog/schema.json: run go generate ./sync/hub")
	}
}

// What the kiosk applies, the hub publishes; what the hub refuses, the kiosk would too.
func TestHubAndKioskJudgeCatalogsAlike(t *testing.T) {
	demo, err := os.ReadFile("kiosk/catalog/demo.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := hub.ValidatePayload(wire.BundleCatalog, demo); err != nil {
		t.Fatalf("the hub refuses the kiosk's demo catalog: %v", err)
	}
	bad := bytes.Replace(demo, []byte(`"format": "motcua.catalog.v1"`), []byte(`"format": "motcua.catalog.v0"`), 1)
	var ie *hub.InvalidBundleError
	if err := hub.ValidatePayload(wire.BundleCatalog, bad); !errors.As(err, &ie) || ie.Problems[0].Path != "/format" {
		t.Fatalf("a wrong format: %v", err)
	}
	if _, err := catalog.Parse(bad); err == nil {
		t.Fatal("the kiosk took the catalog the hub refused")
	}
}
