package portal

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// clean puts text as the portal wrote it into NFC, trims every line, squeezes runs of
// spaces (tabs and no-break spaces too) and drops empty lines; the "\n" bullet lists stay.
// Invisible characters are dropped: the portal's texts carry left-to-right marks inside
// words ("đăng k\u200eý"), which no one sees and which break search.
func clean(s string) string {
	if s == "" {
		return ""
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case unicode.IsSpace(r):
			return ' '
		case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, strings.ReplaceAll(s, "\r\n", "\n"))
	s = norm.NFC.String(s)
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// step joins a step's name and description as one entry of the list. The portal's names
// mostly end in a colon ("Bước 3:") and some descriptions begin by repeating the name
// ("* Lưu ý:" then "* Lưu ý\n- …"); joined blindly they gave "Bước 3:: …" and the heading
// twice.
func step(name, desc string) string {
	name, desc = clean(name), clean(desc)
	switch {
	case name == "":
		return desc
	case desc == "":
		return name
	case strings.HasPrefix(squash(desc), squash(name)):
		return desc
	}
	sep := " "
	if strings.ContainsRune("-+*•", []rune(desc)[0]) {
		sep = "\n" // a bullet list starts on its own line
	}
	if !strings.ContainsRune(":.;", []rune(name)[len([]rune(name))-1]) {
		sep = ":" + sep
	}
	return name + sep + desc
}

// squash is s in lower case without spaces or a closing colon or full stop, for telling
// whether one text begins with another however the portal broke its lines.
func squash(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	return strings.TrimRight(s, ":.")
}

func names(ns []named) []string {
	var out []string
	for _, n := range ns {
		out = append(out, clean(n.Name))
	}
	return out
}

// unique joins lists, dropping empty and repeated entries, keeping first-seen order. Entries
// that differ only in case or a closing full stop are the same ("Sở Tư pháp." and "Sở tư
// pháp").
func unique(lists ...[]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lists {
		for _, s := range l {
			k := squash(s)
			if s != "" && !seen[k] {
				seen[k] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// agencies lists the bodies that carry the procedure out. The portal gives them as lists
// (unit groups, departments) and once more as one sentence, executingAgencies, which is
// usually the departments joined by ", "; that sentence is added only when it names
// something the lists do not, else every agency showed twice.
func agencies(r *record) []string {
	list := unique(names(r.UnitGroupsExecuting), names(r.DepartmentsExecuting))
	all := clean(r.ExecutingAgencies)
	if all == "" {
		return list
	}
	// Longest first: "Sở Xây dựng" is inside "Bộ phận Một cửa Sở Xây dựng".
	byLength := slices.Clone(list)
	slices.SortFunc(byLength, func(a, b string) int { return len(b) - len(a) })
	rest := strings.ToLower(all)
	for _, a := range byLength {
		rest = strings.ReplaceAll(rest, strings.TrimRight(strings.ToLower(a), "."), "")
	}
	if strings.Trim(rest, " ,;.\n") == "" {
		return list
	}
	return unique(list, []string{all})
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// formatNumber writes a number the Vietnamese way: 7.5 as "7,5".
func formatNumber(f float64) string {
	return strings.ReplaceAll(strconv.FormatFloat(f, 'f', -1, 64), ".", ",")
}
