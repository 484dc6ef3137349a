package client_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/sqlite"
	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client"
	"github.com/motcua/motcua/sync/hub"
)

// clerk receives dossiers in the sync tests.
var clerk = kiosk.Staff{ID: "canbo1", Role: kiosk.RoleClerk, Counter: 1}

// dossierDesk is the kiosk's dossier service over its database, with the demo catalog.
func dossierDesk(t *testing.T, db *sqlite.DB) *sqlite.DossierService {
	t.Helper()
	ctx := context.Background()
	cat := catalog.NewService(sqlite.NewCatalogStore(db), nil)
	if _, err := cat.LoadDemoIfEmpty(ctx); err != nil {
		t.Fatal(err)
	}
	ds := &sqlite.DossierService{DB: db, Catalog: cat, Agency: "000.00.06.H56"}
	if err := ds.LoadCalendar(ctx); err != nil {
		t.Fatal(err)
	}
	return ds
}

// receive takes in a dossier at counter 1 (a certificate of marital status).
func receive(t *testing.T, ds *sqlite.DossierService) kiosk.Dossier {
	t.Helper()
	d, err := ds.Intake(context.Background(), clerk, kiosk.DossierIntake{Procedure: "1.004873", CounterID: 1,
		Applicant: kiosk.Applicant{Name: "Nguyễn Văn An", IDNumber: "001099012345", Phone: "0912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A dossier received at the kiosk reaches a real hub on loopback through the outbox, its
// later changes after it in order: the applicant, sealed in the outbox, arrives opened for
// the province's records, which keep it sealed apart from the events (and open it for the
// export); a change carries no personal data. The province's holidays
// bundle comes back down and moves the kiosk's next appointment.
func TestDossierReachesTheHub(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 5, 9, 0, 0, 0, kiosk.Zone) // a Thursday
	h := startHub(t)
	k := newKiosk(t, h, h.url(), func() time.Time { return at })
	ds := dossierDesk(t, k.db)
	d := receive(t, ds)
	if _, err := ds.Transition(ctx, clerk, d.Code, kiosk.DossierChange{Action: kiosk.ActionProcess}); err != nil {
		t.Fatal(err)
	}
	k.drain(t, 5)
	assertSame(t, h, k)

	got, err := h.Store().Events(ctx, hub.EventQuery{Kiosk: k.id.KioskID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range got {
		if !strings.HasPrefix(e.Kind, "dossier.") {
			continue
		}
		kinds = append(kinds, e.Kind)
		var body struct {
			kiosk.DossierEvent
			Applicant *kiosk.Applicant `json:"applicant"`
			Sealed    string           `json:"sealed"`
		}
		if err := json.Unmarshal(e.Body, &body); err != nil {
			t.Fatal(err)
		}
		if body.Code != d.Code || body.Sealed != "" {
			t.Fatalf("%s at the hub: %s", e.Kind, e.Body)
		}
		switch e.Kind {
		case kiosk.EventDossierReceived:
			if body.Applicant != nil || body.Status != kiosk.DossierReceived {
				t.Fatalf("the received event at the hub: %s", e.Body)
			}
		case kiosk.EventDossierChanged:
			if body.Applicant != nil || body.Action != kiosk.ActionProcess || body.PortalStatus != "processing" {
				t.Fatalf("the change at the hub: %s", e.Body)
			}
		}
	}
	if strings.Join(kinds, " ") != "dossier.received dossier.changed" {
		t.Fatalf("dossier events at the hub: %v", kinds)
	}
	var held *kiosk.Applicant
	if err := h.Store().DossierHistories(ctx, hub.DossierQuery{Code: d.Code}, func(x hub.DossierHistory) error { held = x.Applicant; return nil }); err != nil ||
		held == nil || held.IDNumber != "001099012345" || held.Phone != "0912345678" {
		t.Fatalf("the applicant the hub holds: %+v %v", held, err)
	}

	// The province closes Monday 09/03/2026: Thursday + 3 working days moves from Tuesday to Wednesday.
	before, _ := ds.Quote(ctx, "1.004873", "")
	k.w.Appliers = map[string]client.Applier{wire.BundleHolidays: client.ApplierFunc(func(ctx context.Context, _ int64, payload []byte) error {
		_, err := kiosk.ApplyHolidaysBundle(ctx, ds, payload)
		return err
	})}
	payload := []byte(`[{"date":"2026-03-09","name":"Nghỉ theo quyết định của tỉnh","kind":"holiday","day_off":true}]`)
	if _, err := hub.Publish(ctx, h.Store(), h.key, hub.Publication{Kind: wire.BundleHolidays, Payload: payload}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := k.w.PullBundles(ctx); err != nil {
		t.Fatal(err)
	}
	after, _ := ds.Quote(ctx, "1.004873", "")
	if before.Appointment.Format("2006-01-02 15:04") != "2026-03-10 09:00" || after.Appointment.Format("2006-01-02 15:04") != "2026-03-11 09:00" {
		t.Fatalf("appointment before the bundle %s, after %s", before.Appointment, after.Appointment)
	}
}
