package kiosk

import (
	"fmt"
	"slices"
	"time"
)

// DossierStatus is a dossier's state as the national portal numbers it (TrangThaiHoSo,
// 1–10), so exports and the province's system agree without a mapping table.
type DossierStatus int

// The national status codes (shared/domain/dossiers.md). A dossier received at the desk
// starts at DossierReceived; DossierRegistered is an online registration not yet received.
const (
	DossierRegistered DossierStatus = 1  // Mới đăng ký
	DossierReceived   DossierStatus = 2  // Được tiếp nhận
	DossierRefused    DossierStatus = 3  // Không được tiếp nhận (with a reason)
	DossierProcessing DossierStatus = 4  // Đang xử lý (hand-overs and liên thông inside it)
	DossierSupplement DossierStatus = 5  // Yêu cầu bổ sung giấy tờ
	DossierPaying     DossierStatus = 6  // Yêu cầu thực hiện nghĩa vụ tài chính
	DossierWithdrawn  DossierStatus = 7  // Công dân yêu cầu rút hồ sơ
	DossierStopped    DossierStatus = 8  // Dừng xử lý
	DossierReady      DossierStatus = 9  // Đã xử lý xong, chờ trả kết quả
	DossierReturned   DossierStatus = 10 // Đã trả kết quả
)

var dossierStatusNames = [...]struct{ vi, en, portal string }{
	DossierRegistered: {"Mới đăng ký", "Registered", "receiving"},
	DossierReceived:   {"Đã tiếp nhận", "Received", "new"},
	DossierRefused:    {"Không được tiếp nhận", "Refused", "denied"},
	DossierProcessing: {"Đang xử lý", "Processing", "processing"},
	DossierSupplement: {"Chờ bổ sung giấy tờ", "Awaiting documents", "waiting"},
	DossierPaying:     {"Chờ thực hiện nghĩa vụ tài chính", "Awaiting payment", "paying"},
	DossierWithdrawn:  {"Đã rút hồ sơ", "Withdrawn", "cancelled"},
	DossierStopped:    {"Dừng xử lý", "Stopped", "unresolved"},
	DossierReady:      {"Đã có kết quả, chờ trả", "Result ready", "releasing"},
	DossierReturned:   {"Đã trả kết quả", "Returned", "done"},
}

// Valid reports whether s is one of the ten national codes.
func (s DossierStatus) Valid() bool { return s >= DossierRegistered && s <= DossierReturned }

// Name is the state in Vietnamese, as the kiosk and the counter show it.
func (s DossierStatus) Name() string {
	if !s.Valid() {
		return ""
	}
	return dossierStatusNames[s].vi
}

// NameEN is the state in English.
func (s DossierStatus) NameEN() string {
	if !s.Valid() {
		return ""
	}
	return dossierStatusNames[s].en
}

// Portal is the national portal's string for the state ("processing").
func (s DossierStatus) Portal() string {
	if !s.Valid() {
		return ""
	}
	return dossierStatusNames[s].portal
}

// Final reports whether nothing more happens to the dossier at the desk: returned,
// refused, withdrawn or stopped. Personal data of a final dossier is purged once synced.
func (s DossierStatus) Final() bool {
	switch s {
	case DossierReturned, DossierRefused, DossierWithdrawn, DossierStopped:
		return true
	}
	return false
}

// Running reports whether the statutory clock runs: received, processing or awaiting
// payment. Awaiting documents pauses it (or restarts it on their return, by setting);
// ready and final dossiers are past it.
func (s DossierStatus) Running() bool {
	return s == DossierReceived || s == DossierProcessing || s == DossierPaying
}

// Overdue is derived, never stored: the appointment has passed while the clock runs.
func Overdue(s DossierStatus, appointment, now time.Time) bool {
	return s.Running() && !appointment.IsZero() && now.After(appointment)
}

// Dossier actions: what a clerk (or the hub, for states set upstream) does to a dossier.
// Each is one event in the outbox; the hub rebuilds the dossier's state from them.
const (
	ActionReceive      = "receive"      // intake at the counter (or accepting an online registration)
	ActionRefuse       = "refuse"       // refuse to receive, with the reason (the refusal slip)
	ActionProcess      = "process"      // start processing: handed to the specialist
	ActionHandover     = "handover"     // handed to another person or body inside processing
	ActionForward      = "forward"      // liên thông: sent to a higher level, the body named
	ActionBack         = "back"         // the higher level's answer came back
	ActionSupplement   = "supplement"   // request to complete the dossier (what is missing)
	ActionSupplemented = "supplemented" // the missing papers came; the clock resumes or restarts
	ActionPay          = "pay"          // financial obligation requested
	ActionPaid         = "paid"         // financial obligation met
	ActionDone         = "done"         // result ready, awaiting hand-back
	ActionReturn       = "return"       // result handed back
	ActionWithdraw     = "withdraw"     // the applicant withdraws the dossier
	ActionStop         = "stop"         // processing stopped (an admin's decision)
	ActionReschedule   = "reschedule"   // a new appointment with the apology slip, the reason given
	ActionApplicant    = "applicant"    // the applicant's details corrected (the audit log names the fields)
)

// RoleHub is the province hub acting on a dossier by a command (a state set upstream,
// such as the result of a forwarded dossier). It is never a staff login.
const RoleHub Role = "hub"

// dossierRule says where an action may start, where it leads (0: the state stays), who
// may take it, and what it needs.
type dossierRule struct {
	from       []DossierStatus
	to         DossierStatus
	roles      []Role
	reason     bool // a reason is required
	body       bool // the receiving body (To) is required
	missing    bool // the list of what is missing is required
	newDate    bool // a new appointment is required
	vi, en     string
	hubAllowed bool
}

var (
	staffRoles = []Role{RoleClerk, RoleAdmin}
	adminOnly  = []Role{RoleAdmin}
	openStates = []DossierStatus{DossierReceived, DossierProcessing, DossierSupplement, DossierPaying}
)

// dossierRules is the one table of who may move a dossier where. The hub may set the
// states a higher level decides (back, done, refuse of a forwarded dossier, stop).
var dossierRules = map[string]dossierRule{
	ActionReceive:      {from: []DossierStatus{DossierRegistered}, to: DossierReceived, roles: staffRoles, vi: "tiếp nhận", en: "receive"},
	ActionRefuse:       {from: []DossierStatus{DossierRegistered, DossierReceived, DossierProcessing}, to: DossierRefused, roles: staffRoles, reason: true, hubAllowed: true, vi: "từ chối tiếp nhận", en: "refuse"},
	ActionProcess:      {from: []DossierStatus{DossierReceived}, to: DossierProcessing, roles: staffRoles, vi: "chuyển xử lý", en: "start processing"},
	ActionHandover:     {from: []DossierStatus{DossierProcessing}, roles: staffRoles, body: true, vi: "bàn giao", en: "hand over"},
	ActionForward:      {from: []DossierStatus{DossierProcessing}, roles: staffRoles, body: true, vi: "chuyển cấp trên (liên thông)", en: "forward to a higher level"},
	ActionBack:         {from: []DossierStatus{DossierProcessing}, roles: staffRoles, hubAllowed: true, vi: "nhận lại từ cấp trên", en: "take back from the higher level"},
	ActionSupplement:   {from: []DossierStatus{DossierReceived, DossierProcessing}, to: DossierSupplement, roles: staffRoles, missing: true, vi: "yêu cầu bổ sung", en: "request documents"},
	ActionSupplemented: {from: []DossierStatus{DossierSupplement}, to: DossierProcessing, roles: staffRoles, vi: "nhận bổ sung", en: "documents supplied"},
	ActionPay:          {from: []DossierStatus{DossierProcessing}, to: DossierPaying, roles: staffRoles, reason: true, vi: "yêu cầu nghĩa vụ tài chính", en: "request payment"},
	ActionPaid:         {from: []DossierStatus{DossierPaying}, to: DossierProcessing, roles: staffRoles, vi: "đã thực hiện nghĩa vụ tài chính", en: "payment made"},
	ActionDone:         {from: []DossierStatus{DossierReceived, DossierProcessing}, to: DossierReady, roles: staffRoles, hubAllowed: true, vi: "có kết quả", en: "result ready"},
	ActionReturn:       {from: []DossierStatus{DossierReady}, to: DossierReturned, roles: staffRoles, vi: "trả kết quả", en: "hand back"},
	ActionWithdraw:     {from: append([]DossierStatus{DossierRegistered}, openStates...), to: DossierWithdrawn, roles: staffRoles, reason: true, vi: "rút hồ sơ", en: "withdraw"},
	ActionStop:         {from: openStates, to: DossierStopped, roles: adminOnly, reason: true, hubAllowed: true, vi: "dừng xử lý", en: "stop"},
	ActionReschedule:   {from: []DossierStatus{DossierReceived, DossierProcessing, DossierPaying}, roles: staffRoles, reason: true, newDate: true, vi: "hẹn lại ngày trả", en: "reschedule"},
}

// allows reports whether role may take the action at all (from some state).
func (r dossierRule) allows(role Role) bool {
	return slices.Contains(r.roles, role) || (role == RoleHub && r.hubAllowed)
}

// needs lists the details the action needs (Need*), in the order NextStatus asks for them.
func (r dossierRule) needs() []string {
	needs := []string{}
	for _, n := range []struct {
		need bool
		name string
	}{{r.reason, NeedReason}, {r.body, NeedTo}, {r.missing, NeedMissing}, {r.newDate, NeedAppointment}} {
		if n.need {
			needs = append(needs, n.name)
		}
	}
	return needs
}

// DossierChange is one action on a dossier, with what the action needs: a reason
// (refusal, withdrawal, stop, payment, apology), the receiving body (hand-over, forward),
// what is missing (supplement), a new appointment (reschedule).
type DossierChange struct {
	Action      string     `json:"action"`
	Reason      string     `json:"reason,omitempty"`
	To          string     `json:"to,omitempty"`
	Missing     []string   `json:"missing,omitempty"`
	Appointment *time.Time `json:"appointment,omitempty"`
	// Upstream carries a hub command's id and author (RoleHub only). Never read from a
	// clerk's request body: only the sync client sets it.
	Upstream *DossierUpstream `json:"-"`
}

// NextStatus checks that role may take c from status from, with what the action needs, and
// returns the state it leads to. EINVALID for an unknown action or a missing detail,
// EFORBIDDEN for a role that may not, ECONFLICT for a state it cannot start from. Nothing
// about the appointment is judged here (Reschedule's date is, by the service).
func NextStatus(from DossierStatus, role Role, c DossierChange) (DossierStatus, error) {
	rule, ok := dossierRules[c.Action]
	if !ok {
		return 0, Invalid("action", "Thao tác không hợp lệ: "+c.Action, "unknown dossier action "+c.Action)
	}
	if !rule.allows(role) || (c.Upstream != nil && role != RoleHub) {
		return 0, Errorf(EFORBIDDEN, "Tài khoản này không được "+rule.vi+" hồ sơ", "this account may not "+rule.en+" a dossier")
	}
	if !slices.Contains(rule.from, from) {
		return 0, Errorf(ECONFLICT, fmt.Sprintf("Không thể %s hồ sơ đang ở trạng thái “%s”", rule.vi, from.Name()),
			fmt.Sprintf("cannot %s a dossier that is %s", rule.en, from.NameEN()))
	}
	switch {
	case rule.reason && blank(c.Reason):
		return 0, Invalid("reason", "Xin ghi lý do "+rule.vi, "a reason is required to "+rule.en)
	case rule.body && blank(c.To):
		return 0, Invalid("to", "Xin ghi nơi nhận hồ sơ", "name the body that receives the dossier")
	case rule.missing && !slices.ContainsFunc(c.Missing, func(s string) bool { return !blank(s) }):
		return 0, Invalid("missing", "Xin ghi giấy tờ cần bổ sung", "list what is missing")
	case rule.newDate && (c.Appointment == nil || c.Appointment.IsZero()):
		return 0, Invalid("appointment", "Xin chọn ngày hẹn trả mới", "a new appointment is required")
	}
	for _, f := range []struct{ name, v string }{{"reason", c.Reason}, {"to", c.To}} {
		if len([]rune(f.v)) > 1000 {
			return 0, Invalid(f.name, "Nội dung quá dài (tối đa 1000 ký tự)", f.name+" is over 1000 characters")
		}
	}
	if len(c.Missing) > 50 {
		return 0, Invalid("missing", "Danh sách giấy tờ cần bổ sung quá dài", "too many missing documents")
	}
	if rule.to == 0 {
		return from, nil
	}
	return rule.to, nil
}
