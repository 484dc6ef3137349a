package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
)

// Applicants' personal data at the hub (Law 91/2025, Decree 356/2025; docs/hub.md,
// "Personal data"). A dossier event arrives with its applicant opened (the kiosk opens its
// sealed copy on the way, over TLS): ingest takes the "applicant" member out of the body
// before anything is written, and keeps it only sealed, on the dossier's row, under the
// hub's own key file, with the masked name for lists and a blind index of the ID number.
// The events table, the admin API's events and the logs never see it; the export opens it.

// PersonalKeyFile is the default name of the hub's personal data key: beside a SQLite
// database. A PostgreSQL hub has no "beside" and must be given one (WithPersonalKey).
const PersonalKeyFile = "personal.key"

// Option is a store setting beyond its address.
type Option func(*storeOptions)

type storeOptions struct{ personalKey string }

// WithPersonalKey names the file of the key that seals applicants' personal data (mode
// 0600, made on first use while nothing is sealed). Every hub over one database must be
// given the same file: the store refuses another key at open.
func WithPersonalKey(path string) Option { return func(o *storeOptions) { o.personalKey = path } }

func optionsOf(opts []Option) storeOptions {
	var o storeOptions
	for _, f := range opts {
		f(&o)
	}
	return o
}

// applicantMember is the body member a dossier event carries the applicant in.
const applicantMember = "applicant"

// heldBody is a dossier event's body as the hub stores and compares it, and the applicant
// taken out of it (nil when it had none). Other events, and dossier events without an
// applicant, are kept byte for byte; one with an applicant is re-encoded without it (keys
// sorted), the same way each time, so a retried batch still compares equal.
func heldBody(e wire.Event) (body []byte, applicant json.RawMessage) {
	if (e.Kind != DossierReceivedKind && e.Kind != DossierChangedKind) || !bytes.Contains(e.Body, []byte(`"`+applicantMember+`"`)) {
		return e.Body, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(e.Body, &m); err != nil {
		return e.Body, nil
	}
	a, ok := m[applicantMember]
	if !ok {
		return e.Body, nil
	}
	delete(m, applicantMember)
	b, err := json.Marshal(m)
	if err != nil {
		return e.Body, nil
	}
	if string(a) == "null" {
		a = nil
	}
	return b, a
}

// HeldBody is e's body as the hub stores it and Store.Events returns it: a dossier event's
// without its applicant.
func HeldBody(e wire.Event) json.RawMessage {
	b, _ := heldBody(e)
	return b
}

// sealedApplicant is an applicant as a dossier's row keeps it.
type sealedApplicant struct {
	Blob    []byte // the applicant's JSON, sealed
	Masked  string // "Nguyễn V. A.", for lists; stays after the purge
	IDIndex string // blind index of the ID number, for the export of one person's data
}

// applicantAAD binds a sealed applicant to its dossier: a blob copied to another row does
// not open.
func applicantAAD(kioskID, code string) string { return "hub/dossier\x00" + kioskID + "\x00" + code }

// idIndex is the blind index of an ID number, normalised to its digits.
func idIndex(k *kiosk.PersonalKey, idNumber string) string {
	return k.BlindIndex("id", NormalizeIDNumber(idNumber))
}

// NormalizeIDNumber keeps the digits of an ID number as typed ("0010 9001 2345",
// "001.090.012.345"): the form its blind index is made of.
func NormalizeIDNumber(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// sealApplicant seals the applicant a dossier event carried; false when it is not an
// applicant (then nothing of it is kept).
func sealApplicant(k *kiosk.PersonalKey, kioskID, code string, raw json.RawMessage) (sealedApplicant, bool) {
	var a kiosk.Applicant
	if len(raw) == 0 || json.Unmarshal(raw, &a) != nil {
		return sealedApplicant{}, false
	}
	var plain bytes.Buffer
	if json.Compact(&plain, raw) != nil {
		return sealedApplicant{}, false
	}
	return sealedApplicant{Blob: k.Seal(plain.Bytes(), applicantAAD(kioskID, code)), Masked: kiosk.MaskName(a.Name),
		IDIndex: idIndex(k, a.IDNumber)}, true
}

// openApplicant opens a dossier's sealed applicant; nil for none (never sent, or purged).
func openApplicant(k *kiosk.PersonalKey, kioskID, code string, blob []byte) (*kiosk.Applicant, error) {
	if len(blob) == 0 {
		return nil, nil
	}
	plain, err := k.Open(blob, applicantAAD(kioskID, code))
	if err != nil {
		return nil, fmt.Errorf("dossier %s of kiosk %s: %w", code, kioskID, err)
	}
	var a kiosk.Applicant
	if err := json.Unmarshal(plain, &a); err != nil {
		return nil, fmt.Errorf("dossier %s of kiosk %s: sealed applicant: %w", code, kioskID, err)
	}
	return &a, nil
}

// keyCheck is what the store records of its key on first use: a keyed hash of a fixed
// text, which tells the right key file from another without revealing the key.
func keyCheck(k *kiosk.PersonalKey) string { return k.BlindIndex("key-check", "motcua-hub") }

// personalKeyState is the row loadPersonalKey reads, the same SQL in both stores: the key
// check recorded ("" for none yet), and whether any applicant is sealed.
const personalKeyState = `SELECT coalesce((SELECT key_check FROM personal_key WHERE id = 1), ''),
	EXISTS (SELECT 1 FROM dossiers WHERE personal IS NOT NULL)`

// loadPersonalKey reads the key file at path for a store whose state is the row of
// personalKeyState (a *sql.Row or a pgx.Row). It makes a new file only while nothing is
// sealed and no key was recorded: a missing file then is a lost key (or a database moved
// without it), and a new one would hide that while every sealed row stays unreadable.
func loadPersonalKey(path string, state interface{ Scan(...any) error }) (*kiosk.PersonalKey, error) {
	var check string
	var sealed bool
	if err := state.Scan(&check, &sealed); err != nil {
		return nil, err
	}
	master, err := kiosk.ReadPersonalKey(path)
	if errors.Is(err, fs.ErrNotExist) && check == "" && !sealed {
		master, err = kiosk.WritePersonalKey(path)
	}
	if err != nil {
		return nil, kiosk.PersonalKeyError(path, err)
	}
	k, err := kiosk.NewPersonalKey(master)
	if err != nil {
		return nil, kiosk.PersonalKeyError(path, err)
	}
	if check != "" && keyCheck(k) != check {
		return nil, errWrongKey(path)
	}
	return k, nil
}

// recordedKey reads the key check a store keeps (its row exists once a key was recorded).
const recordedKey = `SELECT key_check FROM personal_key WHERE id = 1`

// keyRecorded is nil when the key check in row (recordedKey, read in the transaction that
// records k unless a key is there already) is k's: another process may have recorded its
// own key since loadPersonalKey read none. Both stores' usePersonalKey end so.
func keyRecorded(row interface{ Scan(...any) error }, k *kiosk.PersonalKey, path string) error {
	var check string
	if err := row.Scan(&check); err != nil {
		return err
	}
	if check != keyCheck(k) {
		return errWrongKey(path)
	}
	return nil
}

// errWrongKey refuses a key file that is not the one the database's data was sealed with.
func errWrongKey(path string) error {
	return kiosk.Errorf(kiosk.EUNAVAILABLE,
		"Tệp khóa dữ liệu cá nhân "+path+" không phải khóa đã mã hóa dữ liệu của cơ sở dữ liệu này (khóa của máy chủ khác, hoặc khóa mới tạo nhầm). Xin chỉ đúng tệp bằng --personal-key.",
		"the personal data key "+path+" is not the key this database's personal data was sealed with (another hub's, or a new one made by mistake); give the right file with --personal-key")
}

// errNoPersonalKey refuses a PostgreSQL store opened without a key file.
var errNoPersonalKey = kiosk.Errorf(kiosk.EINVALID,
	"Máy chủ tỉnh dùng PostgreSQL cần tệp khóa dữ liệu cá nhân: --personal-key TỆP (mọi máy chủ dùng chung một tệp)",
	"a PostgreSQL hub needs the personal data key file: --personal-key FILE (the same file on every hub over the database)")

// Dossier statuses that end a dossier: its personal data is purged PurgeAfter them.
func finalStatus(s int) bool {
	return s == dossierReturned || s == dossierRefused || s == dossierWithdrawn || s == dossierStopped
}

// DefaultPurgeAfterDays is how long the hub keeps a dossier's personal data after the
// dossier became final (returned, refused, withdrawn, stopped), unless set.
const DefaultPurgeAfterDays = 90

// DossierKey names one dossier at the hub.
type DossierKey struct {
	Kiosk string `json:"kiosk"`
	Code  string `json:"code"`
}

func (k DossierKey) String() string { return k.Kiosk + "/" + k.Code }

// PersonalStore is what the store does with the sealed personal data beyond ingest and the
// export. Part of Store.
type PersonalStore interface {
	// PurgePersonal deletes the sealed applicant (and its index) of every dossier that
	// became final before cutoff, as the hub saw it: the masked name stays for lists. Each
	// dossier purged is in the audit log as actor's "dossier.purge", in the same
	// transaction. It returns the dossiers purged.
	PurgePersonal(ctx context.Context, cutoff, now time.Time, actor string) ([]DossierKey, error)
}

// Purger deletes personal data past its time on a ticker; every hub over one store may run
// one (each purge is one transaction, and a dossier purged is not purged again).
type Purger struct {
	Store  Store
	Clock  func() time.Time
	Logger *slog.Logger
	// After is how long after the dossier became final (default DefaultPurgeAfterDays).
	After time.Duration
	// Every is the ticker's period (default 1 h).
	Every time.Duration
}

// Once purges what is past its time now, as actor.
func (p *Purger) Once(ctx context.Context, actor string) ([]DossierKey, error) {
	after := p.After
	if after <= 0 {
		after = DefaultPurgeAfterDays * 24 * time.Hour
	}
	now := time.Now()
	if p.Clock != nil {
		now = p.Clock()
	}
	return p.Store.PurgePersonal(ctx, now.Add(-after), now, actor)
}

// Run purges at once and then every Every until ctx ends.
func (p *Purger) Run(ctx context.Context) {
	every := p.Every
	if every <= 0 {
		every = time.Hour
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		done, err := p.Once(ctx, "system:purge")
		switch {
		case err != nil && ctx.Err() == nil && p.Logger != nil:
			p.Logger.Error("personal data purge failed", "err", err)
		case len(done) > 0 && p.Logger != nil:
			p.Logger.Info("personal data purged", "dossiers", len(done))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Audit actions of personal data at the hub (the export's is dossier.export).
const (
	auditPurge        = "dossier.purge"
	auditPersonExport = "dossier.export.person"
)

// purgeDetail is a purge's audit detail: the rule it applied.
func purgeDetail(cutoff time.Time) string {
	return "personal data of a dossier final before " + cutoff.UTC().Format(time.RFC3339)
}
