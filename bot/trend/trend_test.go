package trend

import (
	"testing"
	"time"

	"github.com/vedetta/vedetta/store"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("time zone %s not available: %v", name, err)
	}
	return loc
}

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Period
		wantErr bool
	}{
		{"", Days7, false},
		{"24h", Hours24, false},
		{" 7D ", Days7, false},
		{"30d", Days30, false},
		{"week", Days7, false},
		{"1y", "", true},
		{"<b>", "", true},
	} {
		got, err := ParsePeriod(tc.in)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("ParsePeriod(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestDayBoundsAreLocalMidnightsAcrossADaylightSavingChange(t *testing.T) {
	rome := mustLoad(t, "Europe/Rome")
	// Summer time ends on Sunday 25 October 2026 in Rome: that day has 25 hours.
	now := time.Date(2026, 10, 27, 12, 0, 0, 0, rome)
	b := Days7.Bounds(now, rome)
	if len(b) != 8 {
		t.Fatalf("%d bounds, want 8", len(b))
	}
	for i, at := range b {
		if l := at.In(rome); l.Hour() != 0 || l.Minute() != 0 {
			t.Errorf("bound %d = %v, not a local midnight", i, l)
		}
	}
	if b[0].Day() != 21 || b[7].Day() != 28 {
		t.Errorf("bounds from %v to %v, want 21 to 28 October", b[0], b[7])
	}
	if d := b[5].Sub(b[4]); d != 25*time.Hour {
		t.Errorf("25 October lasts %v, want 25h", d)
	}
}

func TestHourBoundsEndWithTheCurrentHour(t *testing.T) {
	now := time.Date(2026, 12, 3, 15, 20, 0, 0, time.UTC)
	b := Hours24.Bounds(now, time.UTC)
	if len(b) != 25 || !b[23].Equal(time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)) || !b[24].Equal(b[23].Add(time.Hour)) ||
		!b[0].Equal(time.Date(2026, 12, 2, 16, 0, 0, 0, time.UTC)) {
		t.Fatalf("bounds = %v … %v (%d)", b[0], b[len(b)-1], len(b))
	}
}

func TestBuildCountsItemsInTheChatsDays(t *testing.T) {
	kyiv := mustLoad(t, "Europe/Kyiv")
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, kyiv)
	pts := []Point{
		// 23:30 UTC on 30 November is 01:30 on 1 December in Kyiv.
		{At: time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC), Source: "ANSA", Language: "it"},
		{At: time.Date(2026, 12, 3, 9, 0, 0, 0, kyiv), Source: "ANSA", Language: "IT", N: 4},
		{At: time.Date(2026, 12, 3, 13, 0, 0, 0, kyiv), Source: "ANSA"}, // after now, in today's bar: counted
		{At: time.Date(2026, 12, 4, 0, 0, 0, 0, kyiv), Source: "ANSA"},  // tomorrow: ignored
	}
	tr := Build("NATO", Days7, ByLanguage, now, kyiv, pts)
	want := []int{0, 0, 0, 0, 1, 0, 5}
	for i, c := range want {
		if tr.Totals[i] != c {
			t.Fatalf("totals = %v, want %v", tr.Totals, want)
		}
	}
	if tr.Total != 6 || len(tr.Groups) != 2 || tr.Groups[0].Name != "it" || tr.Groups[0].Total != 5 || tr.Groups[1].Name != UnknownGroup {
		t.Fatalf("total %d, groups %+v", tr.Total, tr.Groups)
	}
	if len(tr.Sources) != 1 || tr.Sources[0] != (NameCount{"ANSA", 6}) {
		t.Fatalf("sources = %+v", tr.Sources)
	}
}

func TestBuildComparesWithAnEquallyLongStretchBefore(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	// The 7-day period starts at midnight on 27 November, 6.5 days before now; the
	// stretch before runs from 20 November 12:00 to 27 November 00:00.
	pts := []Point{
		{At: time.Date(2026, 11, 26, 23, 0, 0, 0, time.UTC), Source: "a"},
		{At: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), Source: "a", N: 2},
		{At: time.Date(2026, 11, 20, 11, 59, 0, 0, time.UTC), Source: "a", N: 100}, // too old
		{At: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), Source: "a"},           // in the period
	}
	tr := Build("q", Days7, BySource, now, time.UTC, pts)
	if tr.Previous != 3 || tr.Total != 1 {
		t.Fatalf("previous %d, total %d; want 3 and 1", tr.Previous, tr.Total)
	}
}

func TestBuildShowsTheTopFiveSourcesAndSumsTheRestAsOther(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	var pts []Point
	for i, src := range []string{"A", "B", "C", "D", "E", "F", "G", "H"} {
		pts = append(pts, Point{At: now.Add(-time.Hour), Source: src, N: 10 - i})
	}
	tr := Build("q", Hours24, BySource, now, time.UTC, pts)
	var names []string
	for _, g := range tr.Groups {
		names = append(names, g.Name)
	}
	if len(tr.Groups) != 6 || names[0] != "A" || names[4] != "E" || names[5] != OtherGroup || tr.Groups[5].Total != 5+4+3 {
		t.Fatalf("groups = %v, other = %+v", names, tr.Groups[len(tr.Groups)-1])
	}
	if tr.Totals[22] != tr.Total || tr.Total != 10+9+8+7+6+5+4+3 {
		t.Fatalf("totals = %v, total %d", tr.Totals, tr.Total)
	}
	// Six sources are all shown: an "other" of one would only hide its name.
	tr = Build("q", Hours24, BySource, now, time.UTC, pts[:6])
	if len(tr.Groups) != 6 || tr.Groups[5].Name != "F" {
		t.Fatalf("six sources: groups = %+v", tr.Groups)
	}
}

func TestPointsFromCountsSplitSourceAndLanguage(t *testing.T) {
	hour := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	pts := PointsFromCounts([]store.Count{{Hour: hour, Group: store.CountGroup("Українська правда", "uk"), N: 7}, {Hour: hour, Group: "legacy"}})
	if len(pts) != 2 || pts[0] != (Point{At: hour, Source: "Українська правда", Language: "uk", N: 7}) ||
		pts[1].Source != "legacy" || pts[1].Language != "" {
		t.Fatalf("points = %+v", pts)
	}
}
