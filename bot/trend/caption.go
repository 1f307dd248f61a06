package trend

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// MaxCaption is Telegram's limit on a photo caption, in characters after entity parsing
// (https://core.telegram.org/bots/api#sendphoto).
const MaxCaption = 1024

// Bounds on the parts of a caption that come from users and feeds, so that a caption is
// within MaxCaption by construction: 200 + 5 × (60 + 8) + the fixed text stays far below.
const (
	maxQueryRunes  = 200
	maxSourceRunes = 60
	topSources     = 5
)

// Caption is the HTML caption (parse_mode=HTML) of a /trend chart: the query, the total and
// its change against the stretch before, the busiest day or hour, and the top sources, e.g.
//
//	<b>NATO</b> · last 7 days
//	143 items, +62 % on the week before
//	Busiest day: Tue 1 Dec, 41 items
//	Top sources: ANSA 40 · Reuters 31 · Meduza 12
//
// Every feed- or user-supplied string is escaped, and the visible text stays within
// MaxCaption characters.
func Caption(t Trend) string {
	var b strings.Builder
	b.WriteString("<b>" + esc(clipRunes(t.Query, maxQueryRunes)) + "</b> · " + periodName(t.Period) + "\n")
	b.WriteString(items(t.Total) + Change(t.Total, t.Previous, t.Period) + "\n")
	if i, n := busiest(t.Totals); n > 0 {
		at := t.Bounds[i].In(t.Loc)
		if t.Period.Hourly() {
			fmt.Fprintf(&b, "Busiest hour: %s, %s\n", at.Format("15:04"), items(n))
		} else {
			fmt.Fprintf(&b, "Busiest day: %s, %s\n", at.Format("Mon 2 Jan"), items(n))
		}
	}
	if len(t.Sources) > 0 {
		parts := make([]string, 0, topSources)
		for _, s := range t.Sources[:min(topSources, len(t.Sources))] {
			parts = append(parts, esc(clipRunes(s.Name, maxSourceRunes))+" "+strconv.Itoa(s.N))
		}
		b.WriteString("Top sources: " + strings.Join(parts, " · "))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Change is ", +62 % on the week before" (or "the day before", "the 30 days before"),
// ", as many as the week before", or ", none the week before" when there were none; it is
// empty when the previous count is unknown (negative).
func Change(total, previous int, p Period) string {
	before := map[Period]string{Hours24: "the day before", Days7: "the week before", Days30: "the 30 days before"}[p]
	switch {
	case previous < 0:
		return ""
	case previous == 0 && total == 0:
		return ", none " + before + " either"
	case previous == 0:
		return ", none " + before
	case total == previous:
		return ", as many as " + before
	}
	pct := math.Round(float64(total-previous) * 100 / float64(previous))
	return fmt.Sprintf(", %+.0f %% on %s", pct, before)
}

func periodName(p Period) string {
	switch p {
	case Hours24:
		return "last 24 hours"
	case Days30:
		return "last 30 days"
	}
	return "last 7 days"
}

func items(n int) string {
	if n == 1 {
		return "1 item"
	}
	return strconv.Itoa(n) + " items"
}

// busiest returns the first bar with the most items and its count.
func busiest(totals []int) (at, n int) {
	for i, c := range totals {
		if c > n {
			at, n = i, c
		}
	}
	return at, n
}

// esc escapes text for parse_mode=HTML: Telegram wants <, > and & as entities
// (https://core.telegram.org/bots/api#html-style); html.EscapeString also escapes quotes,
// which Telegram accepts.
func esc(s string) string { return html.EscapeString(s) }
