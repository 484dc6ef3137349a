package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/kiosk"
)

// A received dossier's receipt goes through the spool to the (virtual) printer: its code in
// the printer's font and its lookup URL in the QR, the ID number and phone masked.
func TestDossierReceiptPrints(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, kiosk.Zone)
	cfg := testConfig(t)
	cfg.Demo = true // the demo catalog holds the procedure
	app, err := newApp(ctx, cfg, func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	admin := kiosk.Staff{ID: "quantri", Role: kiosk.RoleAdmin}
	d, err := app.dossiers.Intake(ctx, admin, kiosk.DossierIntake{Procedure: "1.004873",
		Applicant: kiosk.Applicant{Name: "Nguyễn Văn An", IDNumber: "001099012345", Phone: "0912345678", Address: "Thôn 3, Xã Đăk Hà"},
		Documents: []kiosk.DossierDocument{{Name: "Tờ khai", Original: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	url := kiosk.LookupURL("http://192.168.1.10:8080", d.Code)
	r := receiptOf(app.Config.Commune.Name, d, url)
	job, err := app.printer.Encode(hardware.ReceiptLayout, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{d.Code, url} {
		if !bytes.Contains(job, []byte(want)) {
			t.Errorf("the receipt's bytes lack %q", want)
		}
	}
	// Lines with Vietnamese letters print as raster, so the masking is checked on the data:
	// the phone masked here, the ID number by the layout's mask (hardware's golden tests).
	if r.Phone != "*******678" || r.IDNumber != "001099012345" || hardware.Mask(r.IDNumber) != "*********345" ||
		r.Processing != "3 ngày làm việc" || r.Appointment.Format("15:04 02/01") != "09:00 30/11" {
		t.Errorf("receipt %+v", r)
	}
	// Before the spool has heard from the printer, the clerk is not told it is printing.
	if st := app.printDossier(ctx, d, "receipt", url); st.Queued || !strings.Contains(st.Message, "Phiếu sẽ in khi máy in sẵn sàng") {
		t.Fatalf("with the printer not yet heard from: %+v", st)
	}
	if n, err := app.spool.Drain(ctx); err != nil || n != 1 {
		t.Fatalf("printed %d: %v", n, err)
	}
	// Once it answered healthy, a slip is reported as printing.
	if st := app.printDossier(ctx, d, "receipt", url); !st.Queued {
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
