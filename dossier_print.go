package main

import (
	"context"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/hardware/spool"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/web"
)

// dossierLayouts are the thermal slips a dossier prints, by form.
var dossierLayouts = map[string]*hardware.Layout{
	"receipt":    hardware.ReceiptLayout,
	"supplement": hardware.SupplementLayout,
	"refusal":    hardware.RefusalLayout,
}

// printDossier queues a dossier's slip through the durable spool. The dossier is committed
// already; this never waits for the printer, and the clerk is told when the slip could not
// be queued so they print the A4 copy instead.
func (a *App) printDossier(ctx context.Context, d kiosk.Dossier, form, lookupURL string) web.ReceiptPrint {
	r := receiptOf(a.communeName(), d, lookupURL)
	if st, err := a.auth.Get(ctx, d.StaffID); err == nil {
		r.Receiver = st.Name
	}
	job, err := a.printer.Encode(dossierLayouts[form], r)
	if err == nil {
		_, err = a.spool.Enqueue(ctx, kiosk.PrintJob{Kind: "receipt", Ref: d.Code, Data: job})
	}
	if err != nil {
		a.Logger.Error("dossier slip not queued for printing", "code", d.Code, "form", form, "err", err)
		return web.ReceiptPrint{Message: "Không in được phiếu trên máy in nhiệt. Xin in bản A4."}
	}
	// "Queued" only when the printer last answered healthy, as for tickets.
	if trouble, _, ok := spool.Trouble(a.spool.State()); !ok {
		return web.ReceiptPrint{Message: trouble + " Phiếu sẽ in khi máy in sẵn sàng; có thể in bản A4."}
	}
	return web.ReceiptPrint{Queued: true}
}

// receiptOf fills a dossier's slip: the ID number masked by the layout, the phone masked
// here, as every print must (the receipt leaves the hall in the villager's pocket).
func receiptOf(unit string, d kiosk.Dossier, lookupURL string) hardware.Receipt {
	r := hardware.Receipt{
		Unit:        unit,
		Code:        d.Code,
		Submitter:   d.Applicant.Name,
		Address:     d.Applicant.Address,
		Phone:       kiosk.MaskID(d.Applicant.Phone),
		Email:       d.Applicant.Email,
		IDNumber:    d.Applicant.IDNumber,
		Owner:       d.Applicant.Owner,
		Procedure:   d.Procedure.Name,
		Sets:        d.Sets,
		Processing:  kiosk.StatutoryText(d.Processing),
		ReceivedAt:  d.ReceivedAt.In(kiosk.Zone),
		Appointment: d.Appointment.In(kiosk.Zone),
		LookupURL:   lookupURL,
		Receiver:    d.StaffID,
	}
	if r.Submitter == "" {
		r.Submitter = d.ApplicantMasked
	}
	if d.ReturnMethod == kiosk.ReturnByPost {
		r.CollectAt = "Gửi qua dịch vụ bưu chính công ích"
	} else {
		r.CollectAt = "Bộ phận tiếp nhận và trả kết quả, " + unit
	}
	for _, doc := range d.Documents {
		r.Documents = append(r.Documents, hardware.ReceiptDocument{Name: doc.Name, Originals: doc.Original, Certified: doc.CertifiedCopy, Copies: doc.Copy})
	}
	for _, ev := range d.Events { // the latest request and refusal say what and why
		switch ev.Action {
		case kiosk.ActionSupplement:
			r.Missing = ev.Missing
		case kiosk.ActionRefuse:
			r.Reason = ev.Reason
		}
	}
	return r
}
