package trend

import (
	"slices"
	"strings"
	"time"

	"github.com/vedetta/vedetta/lang"
)

// SurgeRule decides when a watch's volume surges: the items of the last hour are at least
// Factor times the usual level for that hour (the median of the same hour on each of the
// previous Days days) and at least Min; and the watch had no surge alert in the last Every.
type SurgeRule struct {
	Factor float64
	Min    int
	Every  time.Duration
	Days   int
}

// DefaultSurgeRule is /surge's rule: ≥ 3× the usual level and ≥ 10 items in an hour, at most
// one alert per watch every 6 hours, the usual level taken over 7 days.
var DefaultSurgeRule = SurgeRule{Factor: 3, Min: 10, Every: 6 * time.Hour, Days: 7}

// Surge is what a surge alert reports.
type Surge struct {
	Count int     // items in the hour before the check
	Usual int     // the usual level: the median of the same hour on the previous days
	Ratio float64 // Count / Usual; 0 when Usual is 0
}

// Hourly holds item counts per UTC hour, keyed by the hour's start: the shape of the
// store's counters summed over groups.
type Hourly map[time.Time]int

// HourlyTotals sums points into the UTC hours that contain them.
func HourlyTotals(points []Point) Hourly {
	h := Hourly{}
	for _, p := range points {
		h[p.At.UTC().Truncate(time.Hour)] += max(p.N, 1)
	}
	return h
}

// LastHour is the number of items in the hour before at, from hourly counts: the count of
// the hour that contains at, plus the share of the previous hour that falls in the window
// (items are taken as spread evenly over it), rounded down.
func (h Hourly) LastHour(at time.Time) int {
	cur := at.UTC().Truncate(time.Hour)
	inWindow := time.Hour - at.Sub(cur) // how much of the previous hour is in [at-1h, at)
	return h[cur] + int(int64(h[cur.Add(-time.Hour)])*int64(inWindow)/int64(time.Hour))
}

// From is the earliest hour Check reads for a check at now: load counts from there.
func (r SurgeRule) From(now time.Time) time.Time {
	return now.UTC().Truncate(time.Hour).Add(-time.Duration(r.Days)*24*time.Hour - time.Hour)
}

// Check applies the rule at now to a watch's hourly counts; lastAlert is the time of the
// watch's last surge alert (zero if none). It reports the surge and whether to alert.
func (r SurgeRule) Check(now time.Time, h Hourly, lastAlert time.Time) (Surge, bool) {
	s := Surge{Count: h.LastHour(now)}
	usual := make([]int, 0, r.Days)
	for d := 1; d <= r.Days; d++ {
		usual = append(usual, h.LastHour(now.Add(-time.Duration(d)*24*time.Hour)))
	}
	s.Usual = median(usual)
	if s.Usual > 0 {
		s.Ratio = float64(s.Count) / float64(s.Usual)
	}
	if !lastAlert.IsZero() && now.Sub(lastAlert) < r.Every {
		return s, false
	}
	return s, s.Count >= r.Min && float64(s.Count) >= r.Factor*float64(s.Usual)
}

// median of the values, the lower middle one for an even count; 0 for none.
func median(v []int) int {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	return v[(len(v)-1)/2]
}

// Story is a top story listed in a surge alert.
type Story struct {
	Title  string
	URL    string
	Source string
}

// Bounds on the parts of a surge caption, so that five stories fit in MaxCaption.
const (
	maxNameRunes  = 100
	maxTitleRunes = 110
	maxStorySrc   = 30
	surgeStories  = 5
)

// SurgeCaption is the HTML caption of a surge alert's 24-hour chart in tr's language: the
// watch, the count and the ratio to the usual level, then up to five top stories with
// their links, e.g.
//
//	<b>NATO</b> is surging: 42 items in the last hour, 5.3× the usual 8
//	• <a href="https://…">Allies meet in Brussels</a> (ANSA)
//
// Strings are escaped, links other than http(s) are left out, and the visible text stays
// within MaxCaption characters in every language.
func SurgeCaption(tr *lang.Localizer, name string, s Surge, stories []Story) string {
	tr = words(tr)
	kv := []any{"Name", nameMark, "Number", tr.Number(s.Count), "Usual", tr.Number(s.Usual), "Ratio", tr.Decimal(s.Ratio, 1)}
	head := tr.N("trend.surging", s.Count, kv...)
	if s.Usual == 0 {
		head = tr.N("trend.surging_from_none", s.Count, kv...)
	}
	var b strings.Builder
	// The name is bold wherever the language puts it in the sentence.
	b.WriteString(strings.Replace(esc(head), nameMark, "<b>"+esc(clipRunes(name, maxNameRunes))+"</b>", 1))
	for _, st := range stories[:min(surgeStories, len(stories))] {
		title := esc(clipRunes(strings.TrimSpace(st.Title), maxTitleRunes))
		if title == "" {
			title = esc(tr.T("trend.untitled"))
		}
		if strings.HasPrefix(st.URL, "https://") || strings.HasPrefix(st.URL, "http://") {
			title = `<a href="` + esc(st.URL) + `">` + title + "</a>"
		}
		b.WriteString("\n• " + title)
		if st.Source != "" {
			b.WriteString(" (" + esc(clipRunes(st.Source, maxStorySrc)) + ")")
		}
	}
	return b.String()
}

// nameMark stands for the watch's name in a message until the message is escaped: a
// control character that neither a catalogue nor html.EscapeString writes.
const nameMark = "\x00"
