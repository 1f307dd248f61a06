// Package trend turns counts of matching items over time into what /trend, /stats and surge
// alerts show: a Trend (items per hour or per day, by source or language), its PNG chart
// and HTML caption in the chat's language (a *lang.Localizer), and the surge decision. It
// sits in the bot, after the store's hourly counters (or a scan of recent items) and before
// the outbox; it does no I/O.
package trend

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vedetta/vedetta/store"
)

// Period is the span of a /trend chart.
type Period string

// The periods /trend accepts.
const (
	Hours24 Period = "24h" // 24 bars, one per hour
	Days7   Period = "7d"  // 7 bars, one per calendar day in the chat's time zone
	Days30  Period = "30d" // 30 bars, one per calendar day
)

// DefaultPeriod is the period of a /trend without one.
const DefaultPeriod = Days7

// ParsePeriod reads a period as typed after /trend: "24h", "7d" or "30d" (also "1d", "week"
// and "month" for people who type those); empty means DefaultPeriod.
func ParsePeriod(s string) (Period, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return DefaultPeriod, nil
	case "24h", "1d", "day":
		return Hours24, nil
	case "7d", "1w", "week":
		return Days7, nil
	case "30d", "month":
		return Days30, nil
	}
	return "", fmt.Errorf("unknown period %q: use 24h, 7d or 30d", clipRunes(s, 20))
}

// Buckets is the number of bars of the period.
func (p Period) Buckets() int {
	switch p {
	case Hours24:
		return 24
	case Days30:
		return 30
	}
	return 7
}

// Hourly reports whether the period's bars are hours (else calendar days).
func (p Period) Hourly() bool { return p == Hours24 }

// Bounds returns the Buckets()+1 instants that delimit the period's bars for a chart drawn
// at now: bar i covers [b[i], b[i+1]), and the last bar is the hour or the day (in loc)
// that contains now. Days follow loc's calendar, so a day with a daylight-saving change
// has 23 or 25 hours; hours are UTC hours, the unit of the store's counters.
func (p Period) Bounds(now time.Time, loc *time.Location) []time.Time {
	n := p.Buckets()
	b := make([]time.Time, n+1)
	if p.Hourly() {
		last := now.UTC().Truncate(time.Hour)
		for i := range b {
			b[i] = last.Add(time.Duration(i-n+1) * time.Hour)
		}
		return b
	}
	y, m, d := now.In(loc).Date()
	for i := range b {
		b[i] = time.Date(y, m, d+i-n+1, 0, 0, 0, 0, loc)
	}
	return b
}

// Point is a number of matching items (N, 1 when zero) of one source and language at one
// time: an item's publication time (or first seen, when the feed gives none), or the start
// of an hourly counter (see PointsFromCounts).
type Point struct {
	At       time.Time
	Source   string
	Language string
	N        int
}

// By is what a chart's bars are split by.
type By string

// The splits of a chart.
const (
	BySource   By = "source"
	ByLanguage By = "language"
)

// MaxGroups is how many sources or languages a chart shows by name; the rest are summed
// into OtherGroup.
const MaxGroups = 5

// OtherGroup and UnknownGroup name the stack of the smaller groups and that of items whose
// source or language is not known.
const (
	OtherGroup   = "other"
	UnknownGroup = "unknown"
)

// Group is a named series of counts, one per bar.
type Group struct {
	Name   string
	Counts []int
	Total  int
}

// NameCount is a source or language and its number of items.
type NameCount struct {
	Name string
	N    int
}

// Trend is what a /trend chart and caption show.
type Trend struct {
	Query    string
	Period   Period
	Loc      *time.Location
	By       By
	Now      time.Time
	Bounds   []time.Time // Period.Bounds(Now, Loc)
	Groups   []Group     // at most MaxGroups by name, biggest first, then OtherGroup
	Totals   []int       // items per bar
	Total    int         // items in the period
	Sources  []NameCount // every source, most items first
	Previous int         // items in the as long stretch of time just before the period
}

// Build counts points into a Trend for a chart of query over period p drawn at now in the
// time zone loc (UTC when nil), with bars split by by. Points outside the period and the
// stretch before it are ignored.
func Build(query string, p Period, by By, now time.Time, loc *time.Location, points []Point) Trend {
	if loc == nil {
		loc = time.UTC
	}
	if p != Hours24 && p != Days30 {
		p = DefaultPeriod
	}
	bounds := p.Bounds(now, loc)
	n := p.Buckets()
	start, end := bounds[0], bounds[n]
	// The previous stretch is as long as the part of the period that has passed, so that
	// a period whose last bar is still filling is compared fairly.
	prevStart := start.Add(-now.Sub(start))
	t := Trend{Query: query, Period: p, Loc: loc, By: by, Now: now, Bounds: bounds, Totals: make([]int, n)}
	byGroup := map[string][]int{}
	bySource := map[string]int{}
	for _, pt := range points {
		w := max(pt.N, 1)
		switch {
		case pt.At.Before(prevStart) || !pt.At.Before(end):
			continue
		case pt.At.Before(start):
			t.Previous += w
			continue
		}
		i, _ := slices.BinarySearchFunc(bounds, pt.At, func(b, at time.Time) int { return b.Compare(at) })
		if i == len(bounds) || !bounds[i].Equal(pt.At) {
			i--
		}
		name := pt.Source
		if by == ByLanguage {
			name = strings.ToLower(pt.Language)
		}
		if name == "" {
			name = UnknownGroup
		}
		if byGroup[name] == nil {
			byGroup[name] = make([]int, n)
		}
		byGroup[name][i] += w
		t.Totals[i] += w
		t.Total += w
		src := pt.Source
		if src == "" {
			src = UnknownGroup
		}
		bySource[src] += w
	}
	t.Groups = topGroups(byGroup)
	for name, c := range bySource {
		t.Sources = append(t.Sources, NameCount{name, c})
	}
	slices.SortFunc(t.Sources, func(a, b NameCount) int {
		return cmp.Or(cmp.Compare(b.N, a.N), strings.Compare(a.Name, b.Name))
	})
	return t
}

// topGroups keeps the MaxGroups biggest groups and sums the others into OtherGroup (all of
// them when one more would only rename the last as "other").
func topGroups(byGroup map[string][]int) []Group {
	var gs []Group
	for name, counts := range byGroup {
		g := Group{Name: name, Counts: counts}
		for _, c := range counts {
			g.Total += c
		}
		gs = append(gs, g)
	}
	slices.SortFunc(gs, func(a, b Group) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), strings.Compare(a.Name, b.Name))
	})
	if len(gs) <= MaxGroups+1 {
		return gs
	}
	other := Group{Name: OtherGroup, Counts: make([]int, len(gs[0].Counts))}
	for _, g := range gs[MaxGroups:] {
		for i, c := range g.Counts {
			other.Counts[i] += c
		}
		other.Total += g.Total
	}
	return append(gs[:MaxGroups:MaxGroups], other)
}

// PointsFromCounts turns a key's hourly counters, grouped by store.CountGroup, into points.
func PointsFromCounts(cs []store.Count) []Point {
	out := make([]Point, 0, len(cs))
	for _, c := range cs {
		src, lang := store.SplitCountGroup(c.Group)
		out = append(out, Point{At: c.Hour, Source: src, Language: lang, N: c.N})
	}
	return out
}

// clipRunes cuts s to at most n characters, ending with "…" when it was longer.
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
