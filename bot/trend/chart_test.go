package trend

import (
	"bytes"
	"errors"
	"flag"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the chart pictures under docs/")

// sample is a deterministic 30 days of news about NATO from eight outlets, one of them
// with a Cyrillic name, in the chat's time zone.
func sample(t *testing.T) (time.Time, *time.Location, []Point) {
	rome := mustLoad(t, "Europe/Rome")
	now := time.Date(2026, 12, 3, 15, 20, 0, 0, rome)
	r := rand.New(rand.NewPCG(18, 2026))
	srcs := []string{"ANSA", "Reuters", "Українська правда", "Kyiv Independent", "Le Monde", "BBC News", "Spiegel", "El País"}
	langs := []string{"it", "en", "uk", "en", "fr", "en", "de", "es"}
	var pts []Point
	for h := range 24 * 62 {
		at := now.Add(-time.Duration(h) * time.Hour)
		busy := 1 + (at.In(rome).Hour()+18)%24/6 // quieter at night
		if h < 30 {
			busy += 2 // the news of the day
		}
		for i := range srcs {
			if r.IntN(12+2*i) < 2*busy {
				pts = append(pts, Point{At: at.Add(time.Duration(r.IntN(60)) * time.Minute), Source: srcs[i], Language: langs[i], N: 1 + r.IntN(busy)})
			}
		}
	}
	return now, rome, pts
}

func checkPNG(t *testing.T, b []byte) {
	t.Helper()
	// A 1280×720 chart of flat colours compresses to some tens of kilobytes; a few
	// hundred would be noise or a broken encoder, a few kilobytes an empty picture.
	if len(b) < 8<<10 || len(b) > 400<<10 {
		t.Errorf("PNG of %d bytes, want 8 KiB to 400 KiB", len(b))
	}
	img, format, err := image.Decode(bytes.NewReader(b))
	if err != nil || format != "png" {
		t.Fatalf("decode: %v (%s)", err, format)
	}
	if r := img.Bounds(); r.Dx() != Width || r.Dy() != Height || Width < 800 || Height < 450 {
		t.Fatalf("chart of %d×%d, want %d×%d and at least 800×450", r.Dx(), r.Dy(), Width, Height)
	}
}

func TestChartsRenderAsPNG(t *testing.T) {
	now, rome, pts := sample(t)
	for _, tc := range []struct {
		file   string
		period Period
		by     By
	}{
		{"trend-24h.png", Hours24, ByLanguage},
		{"trend-7d.png", Days7, BySource},
		{"trend-30d.png", Days30, BySource},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel() // the bot may draw charts for several chats at once
			b, err := Render(en, Build("NATO OR OTAN OR НАТО", tc.period, tc.by, now, rome, pts))
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, b)
			writeDoc(t, tc.file, b)
		})
	}
	t.Run("stats-24h.png", func(t *testing.T) {
		t.Parallel()
		r := rand.New(rand.NewPCG(6, 18))
		s := Stats{Bounds: Hours24.Bounds(now, rome), Loc: rome}
		for h := range 24 {
			busy := 1 + (s.Bounds[h].In(rome).Hour()+18)%24/6
			s.Polls = append(s.Polls, 140+r.IntN(8))
			s.Items = append(s.Items, 15*busy+r.IntN(20))
			s.Matches = append(s.Matches, 3*busy+r.IntN(6))
			s.Sends = append(s.Sends, busy+r.IntN(4))
		}
		b, err := RenderStats(en, s)
		if err != nil {
			t.Fatal(err)
		}
		checkPNG(t, b)
		writeDoc(t, "stats-24h.png", b)
	})
}

// writeDoc refreshes a committed picture with -update.
func writeDoc(t *testing.T, name string, b []byte) {
	if !*update {
		return
	}
	if err := os.WriteFile(filepath.Join("..", "..", "docs", name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestAnEmptyTrendIsAChartAndNoItems(t *testing.T) {
	tr := Build("Nobody", Days7, BySource, time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC), time.UTC, nil)
	b, err := Render(en, tr)
	if err != nil {
		t.Fatal(err)
	}
	checkPNG(t, b)
	if got := Caption(en, tr); got != "<b>Nobody</b> · last 7 days\n0 items, none the week before either" {
		t.Fatalf("caption = %q", got)
	}
}

func TestMalformedInputIsAnErrorNotAPanic(t *testing.T) {
	if _, err := Render(en, Trend{}); !errors.Is(err, ErrNoData) {
		t.Errorf("Render of a zero Trend: %v", err)
	}
	if _, err := RenderStats(en, Stats{Polls: []int{1}, Items: []int{1}}); !errors.Is(err, ErrNoData) {
		t.Errorf("RenderStats of uneven series: %v", err)
	}
}

func TestTheEmbeddedFontHasCyrillicGlyphs(t *testing.T) {
	f := font()
	if f == nil {
		t.Fatal("no embedded font")
	}
	for _, r := range "Українська правда НАТО Зеленський ЁёЇїІіЄєҐґ" {
		if r != ' ' && f.Index(r) == 0 {
			t.Errorf("the embedded font has no glyph for %q", r)
		}
	}
}

func TestACyrillicSourceNameIsDrawn(t *testing.T) {
	// The same chart with a Cyrillic and with a Latin legend differ in the legend's
	// pixels: the Cyrillic name is drawn, not dropped.
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	render := func(name string) image.Image {
		b, err := Render(en, Build("НАТО", Days7, BySource, now, time.UTC, []Point{{At: now, Source: name, N: 5}}))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	cyr, blank := render("Українська правда"), render("                 ")
	inked := 0
	// The legend row sits under the title, at the left.
	for y := 100; y < 140; y++ {
		for x := 40; x < 400; x++ {
			r1, g1, b1, _ := cyr.At(x, y).RGBA()
			r2, g2, b2, _ := blank.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				inked++
			}
		}
	}
	if inked < 300 {
		t.Fatalf("the Cyrillic legend changed %d pixels, want a drawn name", inked)
	}
}

func BenchmarkRender7d(b *testing.B) {
	rome, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		b.Skip(err)
	}
	now := time.Date(2026, 12, 3, 15, 20, 0, 0, rome)
	var pts []Point
	for h := range 24 * 14 {
		pts = append(pts, Point{At: now.Add(-time.Duration(h) * time.Hour), Source: []string{"ANSA", "Reuters", "Українська правда", "BBC", "Le Monde", "Spiegel", "El País"}[h%7], N: 1 + h%5})
	}
	tr := Build("NATO", Days7, BySource, now, rome, pts)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(en, tr); err != nil {
			b.Fatal(err)
		}
	}
}
