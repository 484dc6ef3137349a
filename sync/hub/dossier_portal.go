package hub

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// The export of dossiers in the national portal's field names (shared/domain/portal-fields.md),
// built from what the hub holds: the dossier's row and its kiosk's events (docs/dossiers.md,
// "Events to the hub"). A field the kiosk does not send is empty, never guessed; docs/hub.md
// has the table of each field's source. Every value is a string, the CSV cell's text.

// PortalDossier is one dossier as the portal names its fields. Go's names are the portal's,
// so JSON needs no tags.
type PortalDossier struct {
	MaHoSo             string
	MaTTHC             string
	TenTTHC            string
	MaLinhVuc          string
	TenLinhVuc         string
	KenhThucHien       string
	ChuHoSo            string
	LoaiDoiTuong       string
	MaDoiTuong         string
	SoDienThoai        string
	Email              string
	TrichYeuHoSo       string
	NgayTiepNhan       string
	NgayHenTra         string
	TrangThaiHoSo      string
	NgayTra            string
	NoiNopHoSo         string
	NgayNopHoSo        string
	NgayTuChoi         string
	DinhDanhCHS        []PortalID
	DanhSachLePhi      []PortalFee
	DanhSachHoSoBoSung []PortalSupplement
	// QuaTrinhXuLy is the progress rows (the portal lists their fields but names no member
	// for them in a dossier): in the JSON export only; CSV has them in a file of their own.
	QuaTrinhXuLy []PortalStep
}

// PortalID is one identity document of the dossier's owner (DinhDanhCHS).
type PortalID struct{ LoaiDinhDanh, SoDinhDanh string }

// PortalFee is one fee (DanhSachLePhi).
type PortalFee struct{ TenPhiLePhi, MaPhiLePhi, HinhThucThu, Gia, LoaiPhiLePhi string }

// PortalSupplement is one request to complete the dossier (DanhSachHoSoBoSung): the
// appointment before it and the one counted when the documents came. The portal's other
// members of it are not in our facts, so not sent.
type PortalSupplement struct{ NgayHenTraTruoc, NgayHenTraMoi string }

// PortalStep is one progress row (quá trình xử lý): a step of the tracking sheet.
type PortalStep struct {
	MaHoSo                 string
	NguoiXuLy              string
	ChucDanh               string
	ThoiDiemXuLy           string
	PhongBanXuLy           string
	NoiDungXuLy            string
	TrangThai              string
	NgayBatDau             string
	NgayKetThucTheoQuyDinh string
}

// portalTime writes a moment as the portal's dates are: yyyyMMddHHmmss in Asia/Ho_Chi_Minh,
// whatever the hub machine's zone; "" for none.
func portalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zoneICT).Format("20060102150405")
}

// heldDossierBody is the part of a dossier event's body (kiosk.DossierEvent, and the
// intake's "dossier") the export reads. The applicant is not in it: ingest keeps it sealed
// on the dossier's row, and the store opens it into DossierHistory.Applicant.
type heldDossierBody struct {
	Action          string    `json:"action"`
	Status          int       `json:"status"`
	StaffID         string    `json:"staff_id"`
	At              time.Time `json:"at"`
	Reason          string    `json:"reason"`
	To              string    `json:"to"`
	Missing         []string  `json:"missing"`
	Appointment     time.Time `json:"appointment"`
	PrevAppointment time.Time `json:"prev_appointment"`
	Upstream        *struct {
		By string `json:"by"`
	} `json:"upstream"`
	Dossier *struct {
		Procedure struct {
			Code  string `json:"code"`
			Name  string `json:"name"`
			Field string `json:"field"`
			Case  string `json:"case"`
		} `json:"procedure"`
		Fee struct {
			AmountVND int64  `json:"amount_vnd"`
			Status    string `json:"status"`
		} `json:"fee"`
	} `json:"dossier"`
}

// actionWords are the kiosk's actions in the words of its tracking sheet (kiosk.NextStatus).
var actionWords = map[string]string{
	"receive": "Tiếp nhận", "refuse": "Từ chối tiếp nhận", "process": "Chuyển xử lý", "handover": "Bàn giao",
	"forward": "Chuyển cấp trên (liên thông)", "back": "Nhận lại từ cấp trên", "supplement": "Yêu cầu bổ sung",
	"supplemented": "Nhận bổ sung", "pay": "Yêu cầu nghĩa vụ tài chính", "paid": "Đã thực hiện nghĩa vụ tài chính",
	"done": "Có kết quả", "return": "Trả kết quả", "withdraw": "Rút hồ sơ", "stop": "Dừng xử lý",
	"reschedule": "Hẹn lại ngày trả", "applicant": "Sửa thông tin người nộp",
}

// stepContent is a step's NoiDungXuLy: the action in words, where it went, what is missing, why.
func stepContent(b heldDossierBody) string {
	words := actionWords[b.Action]
	if words == "" {
		words = b.Action
	}
	parts := []string{words}
	if b.To != "" {
		parts = append(parts, "Nơi nhận: "+b.To)
	}
	if len(b.Missing) > 0 {
		parts = append(parts, "Cần bổ sung: "+strings.Join(b.Missing, "; "))
	}
	if b.Reason != "" {
		parts = append(parts, "Lý do: "+b.Reason)
	}
	return strings.Join(parts, ". ")
}

// portalDossierOf maps a dossier the hub holds onto the portal's fields. A body that does
// not parse is skipped (the hub stored it as the kiosk sent it; its row still counts).
func portalDossierOf(h DossierHistory) PortalDossier {
	p := PortalDossier{MaHoSo: h.Code, NgayTiepNhan: portalTime(h.ReceivedAt), NgayNopHoSo: portalTime(h.ReceivedAt),
		NgayHenTra: portalTime(h.Appointment), TrangThaiHoSo: strconv.Itoa(h.Status),
		DinhDanhCHS: []PortalID{}, DanhSachLePhi: []PortalFee{}, DanhSachHoSoBoSung: []PortalSupplement{}, QuaTrinhXuLy: []PortalStep{}}
	var appt, stepStart time.Time // the appointment in force, and when the current step began
	for _, e := range h.Events {
		var b heldDossierBody
		if json.Unmarshal(e.Body, &b) != nil {
			continue
		}
		if d := b.Dossier; d != nil && e.Kind == DossierReceivedKind {
			p.MaTTHC, p.TenTTHC, p.TenLinhVuc = d.Procedure.Code, d.Procedure.Name, d.Procedure.Field
			p.TrichYeuHoSo = d.Procedure.Name
			if d.Procedure.Case != "" {
				p.TrichYeuHoSo += " – " + d.Procedure.Case
			}
			p.KenhThucHien = "1" // received at the desk: every dossier a kiosk sends
			if d.Fee.AmountVND > 0 && (d.Fee.Status == "paid" || d.Fee.Status == "unpaid") {
				p.DanhSachLePhi = append(p.DanhSachLePhi, PortalFee{Gia: strconv.FormatInt(d.Fee.AmountVND, 10)})
			}
		}
		if stepStart.IsZero() {
			stepStart, appt = b.At, b.Appointment
		}
		who := b.StaffID
		if b.Upstream != nil && b.Upstream.By != "" {
			who = b.Upstream.By
		}
		p.QuaTrinhXuLy = append(p.QuaTrinhXuLy, PortalStep{MaHoSo: h.Code, NguoiXuLy: who, ThoiDiemXuLy: portalTime(b.At),
			NoiDungXuLy: stepContent(b), TrangThai: strconv.Itoa(b.Status), NgayBatDau: portalTime(stepStart),
			NgayKetThucTheoQuyDinh: portalTime(appt)})
		switch b.Action {
		case "refuse":
			p.NgayTuChoi = portalTime(b.At)
		case "return":
			p.NgayTra = portalTime(b.At)
		case "supplement":
			p.DanhSachHoSoBoSung = append(p.DanhSachHoSoBoSung, PortalSupplement{NgayHenTraTruoc: portalTime(appt)})
		case "supplemented":
			if n := len(p.DanhSachHoSoBoSung); n > 0 {
				last := &p.DanhSachHoSoBoSung[n-1]
				if !b.PrevAppointment.IsZero() {
					last.NgayHenTraTruoc = portalTime(b.PrevAppointment)
				}
				last.NgayHenTraMoi = portalTime(b.Appointment)
			}
		}
		stepStart = b.At
		if !b.Appointment.IsZero() {
			appt = b.Appointment
		}
	}
	// The kiosk names an owner only when not the person handing the dossier in; then the ID
	// number it holds is the submitter's, not the owner's, and goes nowhere. After the purge
	// only the masked name is left.
	a := h.Applicant
	switch {
	case a == nil:
		p.ChuHoSo = h.ApplicantMasked
	case a.Owner != "":
		p.ChuHoSo, p.SoDienThoai, p.Email = a.Owner, a.Phone, a.Email
	default:
		p.ChuHoSo, p.SoDienThoai, p.Email = a.Name, a.Phone, a.Email
		if a.IDNumber != "" {
			p.DinhDanhCHS = append(p.DinhDanhCHS, PortalID{SoDinhDanh: a.IDNumber})
		}
	}
	return p
}
