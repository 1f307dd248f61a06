package trend

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestASpecDrawsTheSameChartAfterARoundTrip(t *testing.T) {
	kyiv := mustLoad(t, "Europe/Kyiv")
	now := time.Date(2026, 12, 3, 15, 20, 0, 0, kyiv)
	var pts []Point
	for h := range 24 * 9 {
		pts = append(pts, Point{At: now.Add(-time.Duration(h) * time.Hour), Source: []string{"ANSA", "Українська правда", "BBC", "Le Monde", "Spiegel", "El País", "Reuters"}[h%7], Language: "it", N: 1 + h%4})
	}
	tr := Build("НАТО", Days7, BySource, now, kyiv, pts)
	raw, err := Spec{Trend: &tr}.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) > 2000 {
		t.Errorf("a 7-day spec takes %d bytes", len(raw))
	}
	back, err := DecodeSpec(raw)
	if err != nil {
		t.Fatal(err)
	}
	if back.Trend.Loc.String() != "Europe/Kyiv" || len(back.Trend.Sources) != 5 {
		t.Errorf("zone %v, %d sources", back.Trend.Loc, len(back.Trend.Sources))
	}
	want, err := Render(en, tr)
	if err != nil {
		t.Fatal(err)
	}
	got, err := back.Render()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("the decoded spec draws another picture")
	}

	st := Stats{Bounds: Hours24.Bounds(now, kyiv), Loc: kyiv, Polls: make([]int, 24), Items: make([]int, 24), Matches: make([]int, 24), Sends: make([]int, 24)}
	raw, _ = Spec{Stats: &st}.Marshal()
	back, err = DecodeSpec(raw)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := back.Render(); err != nil {
		t.Fatal(err)
	} else {
		checkPNG(t, b)
	}
}

func TestAMalformedSpecIsAnErrorNotAPanic(t *testing.T) {
	for name, raw := range map[string]string{
		"not JSON":              `{`,
		"empty":                 `{}`,
		"bounds do not fit":     `{"trend":{"period":"7d","bounds":[],"totals":[1]}}`,
		"a group of other bars": `{"trend":{"period":"24h","bounds":["2026-12-03T10:00:00Z","2026-12-03T11:00:00Z"],"totals":[1],"groups":[{"Name":"x","Counts":[1,2,3]}]}}`,
		"uneven stats":          `{"stats":{"bounds":["2026-12-03T10:00:00Z","2026-12-03T11:00:00Z"],"polls":[1],"items":[]}}`,
	} {
		if _, err := DecodeSpec([]byte(raw)); !errors.Is(err, ErrBadSpec) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
