package hub

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// What every store decides the same way, whatever it is written in: tokens and kiosk ids,
// the answers to a batch that does not follow on, commands a kiosk knows.

// newToken checks t, fills its default expiry, and returns a new one-time token and the
// hash the store keeps (never the token itself).
func newToken(t *Token, now time.Time) (token, hash string, err error) {
	if strings.TrimSpace(t.Commune) == "" {
		return "", "", errors.New("a token needs a commune")
	}
	if t.Expires.IsZero() {
		t.Expires = now.Add(7 * 24 * time.Hour)
	}
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	token = strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	return token, tokenHash(token), nil
}

func tokenHash(tok string) string {
	h := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	return hex.EncodeToString(h[:])
}

// newKioskID is a readable id: the commune's slug and 12 random hex digits.
func newKioskID(commune string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return slug(commune) + "-" + hex.EncodeToString(b)
}

// slug keeps ASCII letters and digits of a commune code or name for a readable kiosk id.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
		if b.Len() >= 16 {
			break
		}
	}
	if b.Len() == 0 {
		return "kiosk"
	}
	return b.String()
}

// gapProblem answers a batch that starts past held+1.
func gapProblem(b *wire.Batch, held int64) *wire.Problem {
	return &wire.Problem{Status: 409, Code: wire.CodeGap, ExpectedSeq: held + 1,
		Reason:   fmt.Sprintf("batch starts at seq %d but the hub holds through %d", b.FromSeq, held),
		ReasonVI: "Thiếu sự kiện ở giữa; gửi lại từ số thứ tự máy chủ yêu cầu"}
}

// differsProblem answers a batch whose event seq the hub holds with other content: not a
// retry, another database wrote these seqs (this one was restored from an older copy).
// The kiosk learns how far the hub holds the stream and starts a new epoch when that is
// past its own last event.
func differsProblem(seq, held int64) *wire.Problem {
	return &wire.Problem{Status: 409, Code: wire.CodeGap, ExpectedSeq: held + 1,
		Reason:   fmt.Sprintf("event %d differs from the one the hub holds (this database is an older copy?); the hub holds through %d", seq, held),
		ReasonVI: "Sự kiện của kiosk khác với sự kiện máy chủ tỉnh đã nhận (dữ liệu khôi phục từ bản sao lưu cũ?)"}
}

// sameEvent tells whether a held event is e again: same kind, same body bytes as the hub
// keeps them (heldBody: a dossier event without its applicant, which is kept sealed
// apart), same time to the microsecond (what both stores keep).
func sameEvent(e wire.Event, kind, body string, created time.Time) bool {
	held, _ := heldBody(e)
	return e.Kind == kind && string(held) == body && e.CreatedAt.Truncate(time.Microsecond).Equal(created)
}

// checkCommand refuses a kind the kiosk does not know, or an argument it does not take,
// and gives the default time to live.
func checkCommand(kind, arg string, ttl time.Duration) (time.Duration, error) {
	switch kind {
	case wire.CommandSyncNow, wire.CommandSendLogs, wire.CommandReloadConfig:
		if arg != "" {
			return 0, fmt.Errorf("command %s takes no argument", kind)
		}
	case wire.CommandApplyBundle:
		if _, _, err := wire.ParseBundleArg(arg); err != nil {
			return 0, err
		}
	case wire.CommandDossierState:
		if _, err := wire.ParseDossierStateArg(arg); err != nil {
			return 0, err
		}
	default:
		return 0, fmt.Errorf("unknown command %q (sync_now, send_logs, reload_config, apply_bundle, dossier_state)", kind)
	}
	if ttl <= 0 {
		ttl = 24 * time.Hour
	}
	return ttl, nil
}

// requestedDossier is the dossier a command sets the state of: a dossier_state command's
// code (its argument checked already), "" for any other command. The store marks the
// dossier's row with the command in the command's own transaction, and refuses a dossier
// it does not hold from that kiosk (ErrNotFound).
func requestedDossier(kind, arg string) string {
	if kind != wire.CommandDossierState {
		return ""
	}
	a, _ := wire.ParseDossierStateArg(arg)
	return a.Code
}

// noDossier is the refusal of a dossier_state command for a dossier the hub does not hold.
func noDossier(kiosk, code string) error {
	return fmt.Errorf("dossier %s of kiosk %s: %w", code, kiosk, ErrNotFound)
}

// laterBundle refuses a bundle whose version is not above the latest of its kind.
func laterBundle(b *wire.Bundle, latest int64) error {
	if b.Version <= latest {
		return fmt.Errorf("bundle %s v%d: version must be above the published v%d", b.Kind, b.Version, latest)
	}
	return nil
}
