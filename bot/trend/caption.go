package trend

import (
	"html"
	"math"
	"strings"

	"github.com/vedetta/vedetta/lang"
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

// Caption is the HTML caption (parse_mode=HTML) of a /trend chart in tr's language: the
// query, the total and its change against the stretch before, the busiest day or hour, and
// the top sources, e.g.
//
//	<b>NATO</b> · last 7 days
//	143 items, +62 % on the week before
//	Busiest day: Tue 1 Dec, 41 items
//	Top sources: ANSA 40 · Reuters 31 · Meduza 12
//
// Every feed- or user-supplied string is escaped, and the visible text stays within
// MaxCaption characters in every language (with ScanNote after it).
func Caption(tr *lang.Localizer, t Trend) string {
	tr = words(tr)
	var b strings.Builder
	b.WriteString("<b>" + esc(clipRunes(t.Query, maxQueryRunes)) + "</b> · " + esc(periodName(tr, t.Period)) + "\n")
	total := items(tr, t.Total)
	if c := Change(tr, t.Total, t.Previous, t.Period); c != "" {
		total += ", " + c
	}
	b.WriteString(esc(total) + "\n")
	if i, n := busiest(t.Totals); n > 0 {
		at := t.Bounds[i].In(t.Loc)
		if t.Period.Hourly() {
			b.WriteString(esc(tr.T("trend.busiest_hour", "When", at.Format("15:04"), "Items", items(tr, n))) + "\n")
		} else {
			b.WriteString(esc(tr.T("trend.busiest_day", "When", tr.Date(at), "Items", items(tr, n))) + "\n")
		}
	}
	if len(t.Sources) > 0 {
		parts := make([]string, 0, topSources)
		for _, s := range t.Sources[:min(topSources, len(t.Sources))] {
			parts = append(parts, clipRunes(groupName(tr, s.Name), maxSourceRunes)+" "+tr.Number(s.N))
		}
		b.WriteString(esc(tr.T("trend.top_sources", "Sources", strings.Join(parts, " · "))))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// ScanNote is the italic line under the caption of a /trend of a query that has no
// counters of its own: it was counted from the items of the last days days, the ones
// /search reads, and /watch would keep its trend for kept days.
func ScanNote(tr *lang.Localizer, days, kept int) string {
	tr = words(tr)
	return "<i>" + esc(tr.N("trend.scanned", days)+" "+tr.N("trend.keep_hint", kept)) + "</i>"
}

// Change is the total against the previous stretch, to follow "143 items, ": "+62 % on
// the week before" (or "the day before", "the 30 days before"), "as many as the week
// before", or "none the week before" when there were none; it is empty when the previous
// count is unknown (negative).
func Change(tr *lang.Localizer, total, previous int, p Period) string {
	tr = words(tr)
	ids := changeIDs[p]
	if ids.percent == "" {
		ids = changeIDs[Days7]
	}
	switch {
	case previous < 0:
		return ""
	case previous == 0 && total == 0:
		return tr.T(ids.noneEither)
	case previous == 0:
		return tr.T(ids.none)
	case total == previous:
		return tr.T(ids.same)
	}
	pct := int(math.Round(float64(total-previous) * 100 / float64(previous)))
	sign := "+"
	if pct < 0 {
		sign, pct = "-", -pct
	}
	return tr.T(ids.percent, "Percent", sign+tr.Number(pct))
}

// changeIDs are the messages of Change per period: the phrases agree with the period's
// noun differently in each language, so each is a whole message.
var changeIDs = map[Period]struct{ percent, same, none, noneEither string }{
	Hours24: {"trend.vs_day.percent", "trend.vs_day.same", "trend.vs_day.none", "trend.vs_day.none_either"},
	Days7:   {"trend.vs_week.percent", "trend.vs_week.same", "trend.vs_week.none", "trend.vs_week.none_either"},
	Days30:  {"trend.vs_month.percent", "trend.vs_month.same", "trend.vs_month.none", "trend.vs_month.none_either"},
}

func periodName(tr *lang.Localizer, p Period) string {
	switch p {
	case Hours24:
		return tr.T("trend.period_day")
	case Days30:
		return tr.T("trend.period_month")
	}
	return tr.T("trend.period_week")
}

// items is a count of items in tr's language, with its plural form and the language's
// thousands separator: "1 item", "1.234 notizie", "5 новин".
func items(tr *lang.Localizer, n int) string {
	tr = words(tr)
	return tr.N("trend.items", n, "Number", tr.Number(n))
}

// groupName is a group's name as a person reads it: OtherGroup and UnknownGroup in tr's
// language, a source or a language code as it is.
func groupName(tr *lang.Localizer, name string) string {
	switch name {
	case OtherGroup:
		return tr.T("trend.other_group")
	case UnknownGroup:
		return tr.T("trend.unknown_group")
	}
	return name
}

// words is tr, or the default language's Localizer when tr is nil.
func words(tr *lang.Localizer) *lang.Localizer {
	if tr == nil {
		return lang.For(lang.Default)
	}
	return tr
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
