package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/hub"
)

// `motcua-hub dossiers purge` deletes the personal data of dossiers final for longer than
// -purge-after-days, as the serve loop does, and says how many; the purge is in the audit
// log as the command line's user. A PostgreSQL hub without -personal-key is refused.
func TestDossiersPurgeCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, key := filepath.Join(dir, "hub.db"), filepath.Join(dir, "sealed.key")
	st, err := hub.Open(ctx, db, hub.WithPersonalKey(key))
	if err != nil {
		t.Fatal(err)
	}
	// Returned long ago (the hub received it in 2020): past any number of days now.
	long := time.Date(2020, 1, 6, 3, 0, 0, 0, time.UTC)
	tok, _ := st.CreateToken(ctx, hub.Token{Commune: "xa-a"}, long)
	pub, _, _ := ed25519.GenerateKey(nil)
	k, err := st.Enrol(ctx, tok, pub, "e1", "h", long)
	if err != nil {
		t.Fatal(err)
	}
	b := &wire.Batch{Kiosk: k.ID, Epoch: "e1", FromSeq: 1, Events: []wire.Event{
		{Seq: 1, Kind: hub.DossierReceivedKind, CreatedAt: long, Body: json.RawMessage(`{"code":"D1","action":"receive","status":2,"at":"2020-01-06T02:00:00Z","applicant":{"name":"Nguyễn Văn An","id_number":"001090012345"}}`)},
		{Seq: 2, Kind: hub.DossierChangedKind, CreatedAt: long, Body: json.RawMessage(`{"code":"D1","action":"return","status":10,"at":"2020-01-06T03:00:00Z"}`)}}}
	if _, err := st.Ingest(ctx, b, nil, long); err != nil {
		t.Fatal(err)
	}
	st.Close()

	cli := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, args, &out, &bytes.Buffer{})
		return out.String(), err
	}
	if _, err := cli("dossiers", "purge", "-db", db, "-personal-key", key, "-purge-after-days", "0"); err == nil {
		t.Error("-purge-after-days 0 was taken")
	}
	if _, err := cli("dossiers", "purge", "-db", db, "-personal-key", filepath.Join(dir, "other.key")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("another key file: %v", err)
	}
	if out, err := cli("dossiers", "purge", "-db", db, "-personal-key", key); err != nil || !strings.Contains(out, "purged the personal data of 1 dossiers final for over 90 days") {
		t.Fatalf("purge: %q %v", out, err)
	}
	if out, err := cli("dossiers", "purge", "-db", db, "-personal-key", key); err != nil || !strings.Contains(out, "of 0 dossiers") {
		t.Errorf("purge again: %q %v", out, err)
	}
	st, err = hub.Open(ctx, db, hub.WithPersonalKey(key))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log, _ := st.AuditLog(ctx, hub.AuditQuery{Actor: cliActor()})
	if len(log) != 1 || log[0].Action != "dossier.purge" || log[0].Target != k.ID+"/D1" {
		t.Errorf("the purge's audit: %+v", log)
	}
	if _, err := cli("dossiers", "purge", "-db", "postgres://nobody@127.0.0.1:1/none"); err == nil || !strings.Contains(err.Error(), "--personal-key") {
		t.Errorf("PostgreSQL without a key file: %v", err)
	}
}
