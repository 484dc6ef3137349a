package hub

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/hub/pgtest"
)

// personalDB is one database under the personal data suite, seen from below the store.
type personalDB struct {
	// open opens a store over the database with the key file at key.
	open func(t *testing.T, key string) (Store, error)
	// dump is every byte the database holds where personal data could be: SQLite's files
	// (and their write-ahead log) whole; PostgreSQL's events, dossiers and audit rows as text.
	dump func(t *testing.T) []byte
	// exec runs one SQL statement on the database, as an older hub would have written.
	exec func(t *testing.T, stmt string)
}

func TestSQLitePersonalData(t *testing.T) {
	runPersonalSuite(t, func(t *testing.T) personalDB {
		path := filepath.Join(t.TempDir(), "hub.db")
		raw := func(t *testing.T) *sql.DB {
			db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
			if err != nil {
				t.Fatal(err)
			}
			return db
		}
		return personalDB{
			open: func(t *testing.T, key string) (Store, error) {
				st, err := OpenSQLite(context.Background(), path, WithPersonalKey(key))
				if err == nil {
					t.Cleanup(func() { st.Close() })
				}
				return st, err
			},
			dump: func(t *testing.T) []byte {
				var all []byte
				for _, p := range []string{path, path + "-wal"} {
					b, err := os.ReadFile(p)
					if err != nil && !errors.Is(err, os.ErrNotExist) {
						t.Fatal(err)
					}
					all = append(all, b...)
				}
				return all
			},
			exec: func(t *testing.T, stmt string) {
				db := raw(t)
				defer db.Close()
				if _, err := db.Exec(stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			},
		}
	})
}

func TestPostgresPersonalData(t *testing.T) {
	pgtest.Server(t)
	runPersonalSuite(t, func(t *testing.T) personalDB {
		url := pgtest.DB(t)
		conn := func(t *testing.T) *pgx.Conn {
			c, err := pgx.Connect(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		return personalDB{
			open: func(t *testing.T, key string) (Store, error) {
				st, err := OpenPostgres(context.Background(), url, WithPersonalKey(key))
				if err == nil {
					t.Cleanup(func() { st.Close() })
				}
				return st, err
			},
			dump: func(t *testing.T) []byte {
				c := conn(t)
				defer c.Close(context.Background())
				var out []byte
				for _, q := range []string{`SELECT coalesce(string_agg(body::text, ' '), '') FROM events`,
					`SELECT coalesce(string_agg(code || ' ' || name_masked || ' ' || id_index || ' ' || coalesce(encode(personal, 'escape'), ''), ' '), '') FROM dossiers`,
					`SELECT coalesce(string_agg(target || ' ' || detail, ' '), '') FROM audit`} {
					var s string
					if err := c.QueryRow(context.Background(), q).Scan(&s); err != nil {
						t.Fatal(err)
					}
					out = append(out, s...)
				}
				return out
			},
			exec: func(t *testing.T, stmt string) {
				c := conn(t)
				defer c.Close(context.Background())
				if _, err := c.Exec(context.Background(), stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			},
		}
	})
}

// Personal data a kiosk sends in the clear (over TLS) that the hub must never hold so.
const (
	anID, anPhone, anNewPhone = "001090012345", "0912345678", "0987654321"
	anAddress, anName         = "Thôn Đông Xuân, xã Tân Lập", "Nguyễn Văn An"
	binhID                    = "001190054321"
)

// personalBodies are a real kiosk's dossier events for two people: An's dossier P1,
// received, corrected (a new phone) and returned; Bình's P2, received and refused; An's P3,
// received and still in processing.
var personalBodies = []string{
	`{"code":"P1","action":"receive","status":2,"staff_id":"canbo1","at":"2026-03-02T02:00:00Z","appointment":"2026-03-05T10:00:00Z",
	  "dossier":{"code":"P1","procedure":{"code":"1.001193","name":"Đăng ký khai sinh"},"fee":{"amount_vnd":8000,"status":"paid"},"applicant_masked":"Nguyễn V. A."},
	  "applicant":{"name":"` + anName + `","id_number":"` + anID + `","birth_date":"1990-05-01","sex":"Nam","address":"` + anAddress + `","phone":"` + anPhone + `","email":"an@example.vn"}}`,
	`{"code":"P1","action":"applicant","from":2,"status":2,"staff_id":"canbo1","at":"2026-03-02T03:00:00Z","fields":["phone"],
	  "applicant":{"name":"` + anName + `","id_number":"` + anID + `","address":"` + anAddress + `","phone":"` + anNewPhone + `"}}`,
	`{"code":"P1","action":"return","from":2,"status":10,"staff_id":"canbo1","at":"2026-03-04T08:00:00Z"}`,
	`{"code":"P2","action":"receive","status":2,"staff_id":"canbo1","at":"2026-03-02T04:00:00Z",
	  "dossier":{"code":"P2","procedure":{"code":"2.000815","name":"Chứng thực"}},
	  "applicant":{"name":"Trần Thị Bình","id_number":"` + binhID + `","phone":"0911222333"}}`,
	`{"code":"P2","action":"refuse","from":2,"status":3,"staff_id":"canbo1","at":"2026-03-02T04:30:00Z","reason":"Không thuộc thẩm quyền"}`,
	`{"code":"P3","action":"receive","status":2,"staff_id":"canbo1","at":"2026-03-03T01:00:00Z",
	  "dossier":{"code":"P3","procedure":{"code":"1.000080","name":"Cấp bản sao trích lục hộ tịch"}},
	  "applicant":{"name":"` + anName + `","id_number":"` + anID + `","phone":"` + anNewPhone + `"}}`,
}

func personalBatch(t *testing.T, k *Kiosk) *wire.Batch {
	t.Helper()
	b := &wire.Batch{Kiosk: k.ID, Epoch: "epoch-1", FromSeq: 1}
	for i, body := range personalBodies {
		var c bytes.Buffer
		if err := json.Compact(&c, []byte(body)); err != nil {
			t.Fatalf("body %d: %v", i, err)
		}
		kind := DossierChangedKind
		if strings.Contains(body, `"action":"receive"`) {
			kind = DossierReceivedKind
		}
		b.Events = append(b.Events, wire.Event{Seq: int64(i + 1), Kind: kind, Body: c.Bytes(), CreatedAt: t0})
	}
	return b
}

// histories reads every dossier q selects, by code.
func histories(t *testing.T, st Store, q DossierQuery) map[string]DossierHistory {
	t.Helper()
	out := map[string]DossierHistory{}
	if err := st.DossierHistories(context.Background(), q, func(h DossierHistory) error { out[h.Code] = h; return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// noneInClear fails when the database holds any of the values in the clear.
func noneInClear(t *testing.T, db personalDB, values ...string) {
	t.Helper()
	dump := db.dump(t)
	if len(dump) == 0 {
		t.Fatal("the dump is empty")
	}
	for _, v := range values {
		if bytes.Contains(dump, []byte(v)) {
			t.Errorf("the database holds %q in the clear", v)
		}
	}
}

// runPersonalSuite is the hub's handling of applicants' personal data, on each store.
func runPersonalSuite(t *testing.T, newDB func(t *testing.T) personalDB) {
	ctx := context.Background()
	clear := []string{anID, anPhone, anNewPhone, anAddress, anName, binhID, "an@example.vn", "1990-05-01"}

	t.Run("SealedAtRestOpenedForTheExport", func(t *testing.T) {
		db := newDB(t)
		key := filepath.Join(t.TempDir(), PersonalKeyFile)
		st, err := db.open(t, key)
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("the key file made on first use: %v %v", fi, err)
		}
		k, _ := enrolled(t, st, "xa-a", Token{})
		b := personalBatch(t, k)
		if _, err := st.Ingest(ctx, b, nil, t0); err != nil {
			t.Fatal(err)
		}
		noneInClear(t, db, clear...)
		evs, err := st.Events(ctx, EventQuery{Kiosk: k.ID})
		if err != nil || len(evs) != len(personalBodies) {
			t.Fatalf("events %d %v", len(evs), err)
		}
		for _, e := range evs {
			if bytes.Contains(e.Body, []byte(`"applicant":{`)) || !bytes.Contains(e.Body, []byte(`"code"`)) {
				t.Errorf("event %d as held: %s", e.Seq, e.Body)
			}
		}
		// The export opens the latest applicant of each dossier (P1's correction).
		hs := histories(t, st, DossierQuery{})
		p1, p2 := hs["P1"], hs["P2"]
		if a := p1.Applicant; a == nil || a.IDNumber != anID || a.Phone != anNewPhone || a.Address != anAddress || a.Name != anName ||
			p1.ApplicantMasked != "Nguyễn V. A." || len(p1.Events) != 3 {
			t.Fatalf("P1 as exported: %+v %+v", p1, p1.Applicant)
		}
		if p := portalDossierOf(p1); p.SoDienThoai != anNewPhone || p.ChuHoSo != anName || len(p.DinhDanhCHS) != 1 || p.DinhDanhCHS[0].SoDinhDanh != anID {
			t.Errorf("P1 in the portal's fields: %+v", p)
		}
		if p2.Applicant == nil || p2.Applicant.IDNumber != binhID {
			t.Errorf("P2 as exported: %+v", p2.Applicant)
		}
		// A retried batch (the kiosk never got the answer) is the same events again.
		res, err := st.Ingest(ctx, b, nil, t0.Add(time.Minute))
		if err != nil || res.Stored != 0 || res.HeldThrough != int64(len(personalBodies)) {
			t.Fatalf("retry: %+v %v", res, err)
		}
		// Another database's events under the same seqs still differ.
		other := personalBatch(t, k)
		other.Events[0].Body = bytes.Replace(other.Events[0].Body, []byte(`"canbo1"`), []byte(`"canbo7"`), 1)
		if _, err := st.Ingest(ctx, other, nil, t0); err == nil {
			t.Error("an event differing outside its applicant was taken for a retry")
		}
	})

	t.Run("WrongKeyRefusedAtStart", func(t *testing.T) {
		db := newDB(t)
		dir := t.TempDir()
		key := filepath.Join(dir, PersonalKeyFile)
		st, err := db.open(t, key)
		if err != nil {
			t.Fatal(err)
		}
		k, _ := enrolled(t, st, "xa-a", Token{})
		if _, err := st.Ingest(ctx, personalBatch(t, k), nil, t0); err != nil {
			t.Fatal(err)
		}
		st.Close()
		other := filepath.Join(dir, "other.key") // a good key, but not this database's
		if _, err := kiosk.WritePersonalKey(other); err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]string{other: "not the key", filepath.Join(dir, "gone.key"): "missing"} {
			if _, err := db.open(t, name); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v, want %q", filepath.Base(name), err, want)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "gone.key")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a key was made while sealed data exists: %v", err)
		}
		if err := os.Chmod(key, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := db.open(t, key); err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("a key others may read: %v", err)
		}
		_ = os.Chmod(key, 0o600)
		st, err = db.open(t, key)
		if err != nil {
			t.Fatal(err)
		}
		if a := histories(t, st, DossierQuery{})["P2"].Applicant; a == nil || a.IDNumber != binhID {
			t.Errorf("with the right key again: %+v", a)
		}
	})

	t.Run("PurgedAfterTheSettingKeepsTheRest", func(t *testing.T) {
		db := newDB(t)
		st, err := db.open(t, filepath.Join(t.TempDir(), PersonalKeyFile))
		if err != nil {
			t.Fatal(err)
		}
		k, _ := enrolled(t, st, "xa-a", Token{})
		// Received at the hub at t0: P1 returned and P2 refused, P3 still in processing.
		if _, err := st.Ingest(ctx, personalBatch(t, k), nil, t0); err != nil {
			t.Fatal(err)
		}
		clock := t0.Add(89 * 24 * time.Hour)
		p := Purger{Store: st, Clock: func() time.Time { return clock }, After: 90 * 24 * time.Hour}
		if done, err := p.Once(ctx, "system:purge"); err != nil || len(done) != 0 {
			t.Fatalf("purged before its time: %v %v", done, err)
		}
		clock = t0.Add(91 * 24 * time.Hour)
		done, err := p.Once(ctx, "system:purge")
		if err != nil || len(done) != 2 || done[0].Code+done[1].Code != "P1P2" && done[0].Code+done[1].Code != "P2P1" {
			t.Fatalf("purged %v %v, want P1 and P2", done, err)
		}
		hs := histories(t, st, DossierQuery{})
		for _, c := range []string{"P1", "P2"} {
			h := hs[c]
			if h.Applicant != nil || h.Status == 0 || len(h.Events) == 0 || h.ApplicantMasked == "" {
				t.Errorf("%s after the purge: %+v", c, h)
			}
			if p := portalDossierOf(h); p.SoDienThoai != "" || len(p.DinhDanhCHS) != 0 || p.ChuHoSo != h.ApplicantMasked || p.MaTTHC == "" {
				t.Errorf("%s exported after the purge: %+v", c, p)
			}
		}
		if a := hs["P3"].Applicant; a == nil || a.IDNumber != anID {
			t.Errorf("P3, still open, lost its applicant: %+v", a)
		}
		if got := histories(t, st, DossierQuery{IDNumber: binhID}); len(got) != 0 {
			t.Errorf("Bình still found by ID number after the purge: %v", got)
		}
		log, err := st.AuditLog(ctx, AuditQuery{Actor: "system:purge"})
		if err != nil || len(log) != 2 || log[0].Action != auditPurge || !strings.HasPrefix(log[0].Target, k.ID+"/P") {
			t.Errorf("audit of the purge: %+v %v", log, err)
		}
		if again, err := p.Once(ctx, "system:purge"); err != nil || len(again) != 0 {
			t.Errorf("a second purge: %v %v", again, err)
		}
		// P3 becomes final later: its own days count from then.
		more := &wire.Batch{Kiosk: k.ID, Epoch: "epoch-1", FromSeq: int64(len(personalBodies) + 1), Events: []wire.Event{{Seq: int64(len(personalBodies) + 1),
			Kind: DossierChangedKind, Body: json.RawMessage(`{"code":"P3","action":"withdraw","from":2,"status":7,"at":"2026-06-01T01:00:00Z"}`), CreatedAt: t0}}}
		if _, err := st.Ingest(ctx, more, nil, clock); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(91 * 24 * time.Hour)
		if done, err := p.Once(ctx, "system:purge"); err != nil || len(done) != 1 || done[0].Code != "P3" {
			t.Errorf("P3 after its own days: %v %v", done, err)
		}
	})

	t.Run("OnePersonsDossiersByIDNumber", func(t *testing.T) {
		db := newDB(t)
		st, err := db.open(t, filepath.Join(t.TempDir(), PersonalKeyFile))
		if err != nil {
			t.Fatal(err)
		}
		k, _ := enrolled(t, st, "xa-a", Token{})
		if _, err := st.Ingest(ctx, personalBatch(t, k), nil, t0); err != nil {
			t.Fatal(err)
		}
		got := histories(t, st, DossierQuery{IDNumber: "0010 9001 2345"})
		if len(got) != 2 || got["P1"].Applicant == nil || got["P3"].Applicant == nil || got["P3"].Applicant.IDNumber != anID {
			t.Fatalf("An's dossiers: %+v", got)
		}
		if got := histories(t, st, DossierQuery{IDNumber: binhID}); len(got) != 1 || got["P2"].Applicant.Name != "Trần Thị Bình" {
			t.Errorf("Bình's dossiers: %+v", got)
		}
		if got := histories(t, st, DossierQuery{IDNumber: "999999999999"}); len(got) != 0 {
			t.Errorf("nobody's dossiers: %+v", got)
		}
		if rows, err := st.Dossiers(ctx, DossierQuery{IDNumber: anID}); err != nil || len(rows) != 2 || rows[0].ApplicantMasked != "Nguyễn V. A." {
			t.Errorf("An's dossiers listed: %+v %v", rows, err)
		}
	})

	t.Run("PlainRowsOfAnOlderHubSealedAtStart", func(t *testing.T) {
		db := newDB(t)
		key := filepath.Join(t.TempDir(), PersonalKeyFile)
		st, err := db.open(t, key)
		if err != nil {
			t.Fatal(err)
		}
		k, _ := enrolled(t, st, "xa-a", Token{})
		b := personalBatch(t, k)
		if _, err := st.Ingest(ctx, b, nil, t0); err != nil {
			t.Fatal(err)
		}
		st.Close()
		// What a hub before the sealing left: the events as the kiosk sent them, no sealed
		// data and no key recorded.
		for _, e := range b.Events {
			db.exec(t, `UPDATE events SET body = '`+strings.ReplaceAll(string(e.Body), "'", "''")+`' WHERE kiosk = '`+k.ID+`' AND seq = `+strconv.FormatInt(e.Seq, 10))
		}
		db.exec(t, `UPDATE dossiers SET personal = NULL, name_masked = '', id_index = ''`)
		db.exec(t, `DELETE FROM personal_key`)
		if err := os.Remove(key); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(db.dump(t), []byte(anID)) {
			t.Fatal("the older hub's rows are not in the clear: the test proves nothing")
		}
		for range 2 { // and again: nothing left to seal
			st, err = db.open(t, key)
			if err != nil {
				t.Fatal(err)
			}
			noneInClear(t, db, clear...)
			hs := histories(t, st, DossierQuery{})
			if a := hs["P1"].Applicant; a == nil || a.Phone != anNewPhone || hs["P1"].ApplicantMasked != "Nguyễn V. A." {
				t.Fatalf("P1 after the sealing: %+v", a)
			}
			if got := histories(t, st, DossierQuery{IDNumber: anID}); len(got) != 2 {
				t.Errorf("An's dossiers after the sealing: %d", len(got))
			}
			// The kiosk's retry of its batch, applicants and all, is still a retry.
			if res, err := st.Ingest(ctx, b, nil, t0); err != nil || res.Stored != 0 {
				t.Errorf("retry after the sealing: %+v %v", res, err)
			}
			st.Close()
		}
	})
}
