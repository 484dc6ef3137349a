package main

import (
	"context"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/hardware/spool"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/web"
)

// printDossier queues one of a dossier's forms (kiosk.DossierFormOf) on the thermal roll
// through the durable spool, with its IN LẠI reprint for a resend. The dossier is committed
// already; this never waits for the printer, and the clerk is told when the form could
// not be queued so they print the A4 copy instead.
func (a *App) printDossier(ctx context.Context, f kiosk.DossierForm) web.ReceiptPrint {
	data, reprint, err := hardware.FormJob(f, a.printer.Output())
	if err == nil {
		_, err = a.spool.Enqueue(ctx, kiosk.PrintJob{Kind: "receipt", Ref: f.Code, Data: data, Reprint: reprint})
	}
	if err != nil {
		a.Logger.Error("dossier form not queued for printing", "code", f.Code, "form", f.Kind, "err", err)
		return web.ReceiptPrint{Message: "Không in được phiếu trên máy in nhiệt. Xin in bản A4."}
	}
	// "Queued" only when the printer last answered healthy, as for tickets.
	if trouble, _, ok := spool.Trouble(a.spool.State()); !ok {
		return web.ReceiptPrint{Message: trouble + " Phiếu sẽ in khi máy in sẵn sàng; có thể in bản A4."}
	}
	return web.ReceiptPrint{Queued: true}
}
