package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/kiosk"
)

// newDossierApp is the kiosk in demo mode (the demo catalog holds the procedure) on a
// clock the test moves, with one dossier received at 09:00 on Wednesday 25/11/2026.
func newDossierApp(t *testing.T) (*App, kiosk.Dossier, *time.Time) {
	t.Helper()
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, kiosk.Zone)
	cfg := testConfig(t)
	cfg.Demo = true
	app, err := newApp(context.Background(), cfg, func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	d, err := app.dossiers.Intake(context.Background(), kiosk.Staff{ID: "quantri", Role: kiosk.RoleAdmin}, kiosk.DossierIntake{Procedure: "1.004873",
		Applicant: kiosk.Applicant{Name: "Nguyễn Văn An", IDNumber: "001099012345", Phone: "0912345678", Address: "Thôn 3, Xã Đăk Hà"},
		Documents: []kiosk.DossierDocument{{Name: "Tờ khai", Original: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	return app, d, &at
}

// A received dossier's receipt goes through the spool to the (virtual) printer: its code in
// the printer's font and its lookup URL in the QR, the ID number and phone masked.
func TestDossierReceiptPrints(t *testing.T) {
	ctx := context.Background()
	app, d, _ := newDossierApp(t)
	url := kiosk.LookupURL("http://192.168.1.10:8080", d.Code)
	f, err := kiosk.DossierFormOf(kiosk.FormReceipt, d, kiosk.FormContext{Unit: app.communeName(), LookupURL: url, Now: app.DB.Clock()})
	if err != nil {
		t.Fatal(err)
	}
	job, reprint, err := hardware.FormJob(f, app.printer.Output())
	if err != nil {
		t.Fatal(err)
	}
	if len(reprint) <= len(job) { // the same form under a large IN LẠI
		t.Errorf("the reprint (%d bytes) is not the form marked (%d bytes)", len(reprint), len(job))
	}
	for _, want := range []string{d.Code, url} {
		if !bytes.Contains(job, []byte(want)) || !bytes.Contains(reprint, []byte(want)) {
			t.Errorf("the receipt's bytes lack %q", want)
		}
	}
	// Lines with Vietnamese letters print as raster, so the masking is checked on the form:
	// nothing in it holds the ID number or the phone whole.
	text, _ := json.Marshal(f)
	for _, whole := range []string{"001099012345", "0912345678"} {
		if bytes.Contains(text, []byte(whole)) {
			t.Errorf("the receipt holds %s", whole)
		}
	}
	for _, want := range []string{"*********345", "*******678", "3 ngày làm việc", "Sau 09 giờ 00, ngày 30/11/2026"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("the receipt lacks %q: %s", want, text)
		}
	}
	// Before the spool has heard from the printer, the clerk is not told it is printing.
	if st := app.printDossier(ctx, f); st.Queued || !strings.Contains(st.Message, "Phiếu sẽ in khi máy in sẵn sàng") {
		t.Fatalf("with the printer not yet heard from: %+v", st)
	}
	if n, err := app.spool.Drain(ctx); err != nil || n != 1 {
		t.Fatalf("printed %d: %v", n, err)
	}
	// Once it answered healthy, a slip is reported as printing.
	if st := app.printDossier(ctx, f); !st.Queued {
		t.Fatalf("with a healthy printer: %+v", st)
	}
	if n, err := app.spool.Drain(ctx); err != nil || n != 1 {
		t.Fatalf("printed %d: %v", n, err)
	}
	pages, err := hardware.LatestPages(printerVirtualDir(app.Config), 5)
	if err != nil || len(pages) != 2 {
		t.Fatalf("virtual printer pages %v %v", pages, err)
	}
}

// A clerk prints the tracking sheet and the apology of a rescheduled dossier on the roll:
// POST .../print goes through the spool to the virtual printer, a page each. The refusal
// of a dossier never refused is refused, and nothing is queued for it.
func TestDossierTrackingSheetPrints(t *testing.T) {
	ctx := context.Background()
	app, d, at := newDossierApp(t)
	clerk := kiosk.Staff{ID: "quantri", Role: kiosk.RoleAdmin}
	*at = at.Add(time.Hour)
	if _, err := app.dossiers.Transition(ctx, clerk, d.Code, kiosk.DossierChange{Action: kiosk.ActionProcess}); err != nil {
		t.Fatal(err)
	}
	later := time.Date(2026, 12, 4, 9, 0, 0, 0, kiosk.Zone)
	if _, err := app.dossiers.Transition(ctx, clerk, d.Code, kiosk.DossierChange{Action: kiosk.ActionReschedule,
		Reason: "Chờ xác minh của Công an xã", Appointment: &later}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(app.Handler) // loopback, trusted in this configuration
	defer ts.Close()
	print := func(form string) (int, string) {
		res, err := http.Post(ts.URL+"/api/v1/dossiers/"+d.Code+"/print", "application/json", strings.NewReader(`{"form":"`+form+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for _, form := range []string{kiosk.FormTracking, kiosk.FormApology} {
		if status, body := print(form); status != http.StatusAccepted {
			t.Fatalf("print %s: %d %s", form, status, body)
		}
	}
	if status, body := print(kiosk.FormRefusal); status != http.StatusConflict || !strings.Contains(body, "không có phiếu từ chối") {
		t.Fatalf("the refusal of a dossier never refused: %d %s", status, body)
	}
	if n, err := app.spool.Drain(ctx); err != nil || n != 2 {
		t.Fatalf("printed %d: %v", n, err)
	}
	dir := printerVirtualDir(app.Config)
	pages, err := hardware.LatestPages(dir, 5)
	if err != nil || len(pages) != 2 {
		t.Fatalf("virtual printer pages %v %v", pages, err)
	}
	// The tracking sheet has three rows and the header's QR: a long page.
	for _, p := range pages {
		f, err := os.Open(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dy() < 600 {
			t.Fatalf("page %s: %v %v", p, img.Bounds(), err)
		}
	}
}
