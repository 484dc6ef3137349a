package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
)

// VillagerQuery is one line of villagers.tsv: what a villager types and the codes of the
// procedures that answer it (none: the kiosk must say it found nothing).
type VillagerQuery struct {
	Query    string
	Want     []string
	Round    int  // the round it was written in (a "# round N" line; 1 before any)
	HeldOut  bool // written after the search was tuned, never tuned against
	Line     int
	Comment  string
	NoAnswer bool
}

// roundLine is a line starting a round of queries: "# round 4".
var roundLine = regexp.MustCompile(`^# round ([0-9]+)$`)

// ReadVillagerQueries reads the query set (villagers.tsv). A "# round N" line starts round
// N; a "# held out" line marks the rest of that round as never tuned against.
func ReadVillagerQueries(r io.Reader) ([]VillagerQuery, error) {
	var out []VillagerQuery
	sc := bufio.NewScanner(r)
	heldOut, round := false, 1
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if m := roundLine.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			round, _ = strconv.Atoi(m[1])
			heldOut = false
			continue
		}
		if strings.TrimSpace(line) == "# held out" {
			heldOut = true
			continue
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 || strings.TrimSpace(cols[0]) == "" || strings.TrimSpace(cols[1]) == "" {
			return nil, fmt.Errorf("villagers.tsv line %d: want QUERY<TAB>CODES|-", n)
		}
		q := VillagerQuery{Query: cols[0], Round: round, HeldOut: heldOut, Line: n}
		if len(cols) > 2 {
			q.Comment = cols[2]
		}
		if strings.TrimSpace(cols[1]) == "-" {
			q.NoAnswer = true
		} else {
			q.Want = strings.Fields(cols[1])
		}
		out = append(out, q)
	}
	return out, sc.Err()
}

// RealBundle is the catalog the query set is written against: the portal records converted
// as `motcua catalog convert --from portal` does (with the kiosk's synonym list), then the
// demo catalog's procedures the portal sample lacks, with their fields.
func RealBundle(portalDir string) ([]byte, error) {
	var out bytes.Buffer
	if _, err := catalog.ConvertPortal(portalDir, &out, catalog.PortalOptions{Version: 2, Clock: func() time.Time {
		return time.Date(2026, 11, 25, 0, 0, 0, 0, kiosk.Zone)
	}}); err != nil {
		return nil, err
	}
	b, err := catalog.Parse(out.Bytes())
	if err != nil {
		return nil, err
	}
	demo, err := catalog.Parse(catalog.DemoBundle())
	if err != nil {
		return nil, err
	}
	codes := map[string]bool{}
	for _, p := range b.Procedures {
		codes[p.Code] = true
	}
	fields := map[string]bool{}
	for _, f := range b.Fields {
		fields[f.Name] = true
	}
	for _, p := range demo.Procedures {
		if codes[p.Code] {
			continue
		}
		if !fields[p.Field] {
			fields[p.Field] = true
			for _, f := range demo.Fields {
				if f.Name == p.Field {
					b.Fields = append(b.Fields, f)
				}
			}
		}
		b.Procedures = append(b.Procedures, p)
	}
	b.Issuer = "bench: dvcqg + demo"
	return json.Marshal(b)
}

// Hits is how a search did on the query set.
type Hits struct {
	Answerable, Top1, Top3 int // queries with an answer; the answer first; in the first three
	NoAnswer, SaidNone     int // queries without one; those that found nothing
	Misses                 []string
}

func (h Hits) String() string {
	return fmt.Sprintf("top-1 %d/%d (%.0f%%), top-3 %d/%d (%.0f%%); no-answer queries that found nothing %d/%d",
		h.Top1, h.Answerable, pct(h.Top1, h.Answerable), h.Top3, h.Answerable, pct(h.Top3, h.Answerable), h.SaidNone, h.NoAnswer)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// Score runs every query through search and counts the hits. names maps each code of the
// catalog to its name: a procedure named as a wanted one counts as wanted.
func Score(ctx context.Context, search func(ctx context.Context, q string) ([]kiosk.ProcedureSummary, error), names map[string]string, queries []VillagerQuery) (Hits, error) {
	var h Hits
	same := sameNamesOf(names)
	for _, q := range queries {
		res, err := search(ctx, q.Query)
		if err != nil {
			return h, err
		}
		if q.NoAnswer {
			h.NoAnswer++
			if len(res) == 0 {
				h.SaidNone++
			} else {
				h.Misses = append(h.Misses, fmt.Sprintf("%q has no answer but found %d, first %s %s", q.Query, len(res), res[0].Code, short(res[0].Name)))
			}
			continue
		}
		for _, c := range q.Want {
			if _, ok := names[c]; !ok {
				return h, fmt.Errorf("villagers.tsv line %d: %s is not in the catalog", q.Line, c)
			}
		}
		want := same.wanted(q, names)
		h.Answerable++
		at := -1
		for i, p := range res {
			if want[p.Code] {
				at = i
				break
			}
		}
		switch {
		case at == 0:
			h.Top1++
			h.Top3++
		case at > 0 && at < 3:
			h.Top3++
		}
		if at < 0 || at >= 3 {
			got := "nothing"
			if len(res) > 0 {
				got = res[0].Code + " " + short(res[0].Name)
			}
			h.Misses = append(h.Misses, fmt.Sprintf("%q: wanted %s at %d, first %s", q.Query, q.Want[0], at+1, got))
		}
	}
	sort.Strings(h.Misses)
	return h, nil
}

// sameNames maps each name (folded, spaces squeezed) to the codes of the procedures so named.
type sameNames map[string][]string

func nameKey(name string) string { return strings.Join(strings.Fields(kiosk.Fold(name)), " ") }

func sameNamesOf(names map[string]string) sameNames {
	s := sameNames{}
	for code, name := range names {
		k := nameKey(name)
		s[k] = append(s[k], code)
	}
	return s
}

// wanted is the set of codes answering q: those listed, and those named as one listed.
func (s sameNames) wanted(q VillagerQuery, names map[string]string) map[string]bool {
	want := map[string]bool{}
	for _, c := range q.Want {
		for _, same := range s[nameKey(names[c])] {
			want[same] = true
		}
	}
	return want
}

func short(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// readQueryFile reads villagers.tsv at path.
func readQueryFile(path string) ([]VillagerQuery, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadVillagerQueries(f)
}

// Scores is where the threshold falls: for each answerable query the score of its answer
// (the first wanted procedure in the results, 0 when none), for each query without one
// the score of its best result. search must not apply a threshold.
type Scores struct {
	Answers, NoAnswers []QueryScore
}

// QueryScore is one query's score.
type QueryScore struct {
	Query string
	Score float64
}

func (q QueryScore) String() string { return fmt.Sprintf("%.2f %q", q.Score, q.Query) }

// ScoreDistribution runs every query through search (without a threshold) and collects
// the scores.
func ScoreDistribution(ctx context.Context, search func(ctx context.Context, q string) ([]kiosk.ProcedureSummary, error), names map[string]string, queries []VillagerQuery) (Scores, error) {
	var s Scores
	same := sameNamesOf(names)
	for _, q := range queries {
		res, err := search(ctx, q.Query)
		if err != nil {
			return s, err
		}
		if q.NoAnswer {
			best := 0.0
			if len(res) > 0 {
				best = res[0].Score
				for _, r := range res {
					best = max(best, r.Score)
				}
			}
			s.NoAnswers = append(s.NoAnswers, QueryScore{q.Query, best})
			continue
		}
		want := same.wanted(q, names)
		got := 0.0
		for _, r := range res {
			if want[r.Code] {
				got = r.Score
				break
			}
		}
		s.Answers = append(s.Answers, QueryScore{q.Query, got})
	}
	sort.Slice(s.Answers, func(i, j int) bool { return s.Answers[i].Score < s.Answers[j].Score })
	sort.Slice(s.NoAnswers, func(i, j int) bool { return s.NoAnswers[i].Score > s.NoAnswers[j].Score })
	return s, nil
}
