package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// BenchmarkDossierIntake measures receiving a dossier, from the call to a durable commit
// (synchronous=FULL on a real file): the number, the sealed applicant, the outbox event,
// the tracking row and the audit row. Target: p99 ≤ 25 ms.
func BenchmarkDossierIntake(b *testing.B) {
	r := newDossierRig(b, "")
	ctx := context.Background()
	mustIntake(b, r, clerk1, intake()) // the key file is made once, before timing
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := r.svc.Intake(ctx, clerk1, intake()); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	b.ReportMetric(float64(percentile(lat, 0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
}

// seedDossiers stores n dossiers as months of a busy desk leave them: spread over 60 days
// around now, most returned, the rest in every open state; names from common Vietnamese
// parts; sealed applicants. One transaction: the benchmark measures reading them.
func seedDossiers(tb testing.TB, r *dossierRig, n int) {
	tb.Helper()
	ctx := context.Background()
	key, err := r.db.personalKey(ctx, true)
	if err != nil {
		tb.Fatal(err)
	}
	family := []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	middle := []string{"Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quốc", "Xuân", "Thu"}
	given := []string{"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"}
	procs := []string{"1.004873", "1.001193", "1.000656", "1.004884", "2.000815", "1.004222", "1.004194", "1.010038", "1.115621", "1.001612"}
	statuses := []kiosk.DossierStatus{10, 10, 10, 10, 4, 4, 2, 5, 9, 6, 3, 7}
	rnd := rand.New(rand.NewPCG(1, 2))
	now := r.db.Now()
	err = r.db.Write(ctx, func(tx *Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO dossiers(code, agency, day, number, procedure_code, procedure_name,
			processing, status, received_at, appointment, name, name_masked, name_folded, phone_index, id_index, personal,
			documents, fee_status, return_method, staff_id, updated_at, closed_at, last_seq)
			VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', 'none', 'desk', 'cb01', ?, ?, 0)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		perDay := map[string]int{}
		for i := 0; i < n; i++ {
			received := now.Add(-time.Duration(rnd.IntN(60*24)) * time.Hour)
			day := kiosk.LocalDay(received)
			perDay[day]++
			a := kiosk.Applicant{Name: family[rnd.IntN(len(family))] + " " + middle[rnd.IntN(len(middle))] + " " + given[rnd.IntN(len(given))],
				Phone: fmt.Sprintf("09%08d", rnd.IntN(1e8)), IDNumber: fmt.Sprintf("0%011d", rnd.Int64N(1e11)), Address: "Thôn 3, Xã Đăk Hà"}
			plain, _ := json.Marshal(a)
			code := kiosk.DossierCode(testAgency, received, perDay[day])
			st := statuses[rnd.IntN(len(statuses))]
			appt := received.Add(time.Duration(1+rnd.IntN(10)) * 24 * time.Hour)
			closed := ""
			if st.Final() {
				closed = formatTime(appt)
			}
			if _, err := stmt.ExecContext(ctx, code, testAgency, day, perDay[day], procs[rnd.IntN(len(procs))], "Thủ tục",
				int(st), formatTime(received), formatTime(appt), a.Name, kiosk.MaskName(a.Name), kiosk.Fold(a.Name),
				key.BlindIndex("phone", a.Phone), key.BlindIndex("id", a.IDNumber), key.Seal(plain, "dossier:"+code),
				formatTime(received), closed); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO dossier_numbers(agency, day, last) SELECT agency, day, max(number) FROM dossiers GROUP BY agency, day`)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkDossierList measures a clerk's lists and searches over a store of 10,000
// dossiers. Target: ≤ 50 ms each.
func BenchmarkDossierList(b *testing.B) {
	r := newDossierRig(b, "")
	seedDossiers(b, r, 10_000)
	ctx := context.Background()
	mustIntake(b, r, clerk1, intake()) // a known phone to search for
	for _, c := range []struct {
		name string
		q    kiosk.DossierQuery
	}{
		{"open-100", kiosk.DossierQuery{}},
		{"open-500", kiosk.DossierQuery{Limit: 500}},
		{"due-today", kiosk.DossierQuery{List: kiosk.ListDueToday}},
		{"overdue", kiosk.DossierQuery{List: kiosk.ListOverdue}},
		{"supplement", kiosk.DossierQuery{List: kiosk.ListSupplement}},
		{"by-procedure", kiosk.DossierQuery{Procedure: "1.004873"}},
		{"all-newest", kiosk.DossierQuery{List: kiosk.ListAll}},
		{"name", kiosk.DossierQuery{List: kiosk.ListAll, Q: "nguyen van an"}},
		{"phone", kiosk.DossierQuery{List: kiosk.ListAll, Q: "0912 345 678"}},
		{"code-suffix", kiosk.DossierQuery{List: kiosk.ListAll, Q: "0042"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			rows := 0
			for i := 0; i < b.N; i++ {
				start := time.Now()
				page, err := r.svc.List(ctx, clerk1, c.q)
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
				rows = len(page.Dossiers)
			}
			b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
