package sync

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// CommandDossierState sets a dossier's state upstream: a level above the commune (the
// province, the department a dossier was forwarded to) refused it, sent it back, finished
// it or stopped it. Its Arg is a DossierStateArg in JSON. The kiosk takes the action as the
// hub (kiosk.RoleHub) in one transaction with its outbox event, whose "upstream" member
// names the command; the command fails, changing nothing, when the kiosk does not hold
// the dossier or its state does not allow the action (docs/dossiers.md has the rule).
const CommandDossierState = "dossier_state"

// Actions the hub may take on a dossier (the kiosk's table allows no others from RoleHub).
var DossierStateActions = []string{"refuse", "back", "done", "stop"}

// DossierStateArg is a dossier_state command's argument.
type DossierStateArg struct {
	Code   string `json:"code"`
	Action string `json:"action"`
	// Reason is required to refuse or stop (the refusal slip and the tracking sheet print it).
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at,omitzero"`  // when it was decided upstream (the hub fills in its time)
	By     string    `json:"by,omitempty"` // who decided (the hub fills in the IT account)
}

// Limits of a DossierStateArg's text, as the kiosk takes it.
const (
	maxDossierCode   = 64
	maxDossierReason = 1000 // runes, the kiosk's limit on a reason
	maxDossierBy     = 200
)

// ParseDossierStateArg reads and checks a dossier_state argument: one JSON object with no
// unknown members, a code, a known action, a reason for refuse and stop. A refusal is a
// *Problem (400, malformed) with Vietnamese and English words.
func ParseDossierStateArg(arg string) (DossierStateArg, error) {
	var a DossierStateArg
	dec := json.NewDecoder(strings.NewReader(arg))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil || dec.More() {
		if err == nil {
			err = fmt.Errorf("more than one JSON value")
		}
		return a, badArg("Tham số không phải JSON hợp lệ: "+err.Error(), "the argument is not a JSON object: "+err.Error())
	}
	a.Code, a.Reason, a.By = strings.TrimSpace(a.Code), strings.TrimSpace(a.Reason), strings.TrimSpace(a.By)
	switch {
	case a.Code == "" || len(a.Code) > maxDossierCode || strings.ContainsAny(a.Code, " \t\r\n"):
		return a, badArg("Thiếu mã hồ sơ hoặc mã không hợp lệ", "code: a dossier code is required")
	case !slices.Contains(DossierStateActions, a.Action):
		return a, badArg(fmt.Sprintf("Thao tác %q không hợp lệ: chỉ được refuse (từ chối), back (trả lại xử lý), done (có kết quả) hoặc stop (dừng xử lý)", a.Action),
			fmt.Sprintf("action %q: refuse, back, done or stop", a.Action))
	case (a.Action == "refuse" || a.Action == "stop") && a.Reason == "":
		return a, badArg("Xin ghi lý do khi từ chối hoặc dừng xử lý hồ sơ", "reason: required to refuse or stop")
	case utf8.RuneCountInString(a.Reason) > maxDossierReason:
		return a, badArg("Lý do quá dài (tối đa 1000 ký tự)", "reason: over 1000 characters")
	case utf8.RuneCountInString(a.By) > maxDossierBy:
		return a, badArg("Tên người quyết định quá dài", "by: over 200 characters")
	}
	return a, nil
}

// String is the argument as the command carries it.
func (a DossierStateArg) String() string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(a)
	return strings.TrimSuffix(buf.String(), "\n")
}

func badArg(vi, en string) *Problem {
	return &Problem{Status: 400, Code: CodeMalformed, Reason: CommandDossierState + ": " + en, ReasonVI: vi}
}
