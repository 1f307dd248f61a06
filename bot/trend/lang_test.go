package trend

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/lang"
)

var (
	en = lang.For("en")
	it = lang.For("it")
	uk = lang.For("uk")
)

func TestCaptionsAreWrittenInTheChatsLanguage(t *testing.T) {
	rome := mustLoad(t, "Europe/Rome")
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, rome)
	day := func(d int) time.Time { return time.Date(2026, 12, d, 9, 0, 0, 0, rome) }
	tr := Build("NATO & <EU>", Days7, BySource, now, rome, []Point{
		{At: day(1), Source: "ANSA", N: 30},
		{At: day(1), Source: "Reuters", N: 11},
		{At: day(2), Source: "Reuters", N: 20},
		{At: day(3), Source: "AT&T <News>", N: 12},
		{At: day(3), Source: "Meduza", N: 70},
		{At: time.Date(2026, 11, 25, 9, 0, 0, 0, rome), Source: "", N: 88}, // the week before
	})
	for _, tc := range []struct {
		tr   *lang.Localizer
		want string
	}{
		{it, "<b>NATO &amp; &lt;EU&gt;</b> · ultimi 7 giorni\n" +
			"143 notizie, +63% rispetto alla settimana prima\n" +
			"Giorno di picco: gio 3 dic, 82 notizie\n" +
			"Fonti principali: Meduza 70 · Reuters 31 · ANSA 30 · AT&amp;T &lt;News&gt; 12"},
		{uk, "<b>NATO &amp; &lt;EU&gt;</b> · останні 7 днів\n" +
			"143 новини, +63\u00a0% порівняно з попереднім тижнем\n" +
			"Найактивніший день: чт, 3 груд., 82 новини\n" +
			"Головні джерела: Meduza 70 · Reuters 31 · ANSA 30 · AT&amp;T &lt;News&gt; 12"},
	} {
		if got := Caption(tc.tr, tr); got != tc.want {
			t.Errorf("%s caption:\n%s\nwant:\n%s", tc.tr.Code(), got, tc.want)
		}
	}
	// An hour, and a source that is not known, in Ukrainian.
	hourly := Build("Зеленський", Hours24, ByLanguage, now, rome, []Point{{At: now.Add(-2 * time.Hour), N: 21}})
	want := "<b>Зеленський</b> · останні 24 години\n21 новина, попередньої доби — жодної\n" +
		"Найактивніша година: 10:00, 21 новина\nГоловні джерела: невідомо 21"
	if got := Caption(uk, hourly); got != want {
		t.Errorf("uk hourly caption:\n%s\nwant:\n%s", got, want)
	}
}

func TestItemCountsTakeTheLanguagesPluralForms(t *testing.T) {
	for _, tc := range []struct {
		tr   *lang.Localizer
		n    int
		want string
	}{
		{en, 1, "1 item"}, {en, 1234, "1,234 items"},
		{it, 1, "1 notizia"}, {it, 5, "5 notizie"}, {it, 1_000_000, "1.000.000 notizie"},
		{uk, 1, "1 новина"}, {uk, 2, "2 новини"}, {uk, 4, "4 новини"}, {uk, 5, "5 новин"},
		{uk, 11, "11 новин"}, {uk, 21, "21 новина"}, {uk, 22, "22 новини"}, {uk, 0, "0 новин"},
		{uk, 1234, "1\u00a0234 новини"},
	} {
		if got := items(tc.tr, tc.n); got != tc.want {
			t.Errorf("%s %d: %q, want %q", tc.tr.Code(), tc.n, got, tc.want)
		}
	}
}

func TestEveryChangeIsSaidInEveryLanguage(t *testing.T) {
	for _, l := range lang.Supported {
		tr := lang.For(l.Code)
		for _, p := range []Period{Hours24, Days7, Days30} {
			seen := map[string]bool{}
			for _, c := range [][2]int{{143, 88}, {44, 88}, {10, 10}, {5, 0}, {0, 0}} {
				got := Change(tr, c[0], c[1], p)
				if got == "" || strings.HasPrefix(got, "trend.") || seen[got] {
					t.Errorf("%s %s %v: %q", l.Code, p, c, got)
				}
				seen[got] = true
			}
		}
	}
	if got := Change(it, 44, 88, Days30); got != "-50% rispetto ai 30 giorni prima" {
		t.Errorf("it: %q", got)
	}
}

func TestSurgeCaptionsAreWrittenInTheChatsLanguage(t *testing.T) {
	stories := []Story{{Title: "Vertice a Bruxelles", URL: "https://ansa.it/a", Source: "ANSA"}, {URL: "https://x.org/b"}}
	for _, tc := range []struct {
		tr   *lang.Localizer
		s    Surge
		want string
	}{
		{it, Surge{Count: 15, Usual: 2, Ratio: 7.5}, "Impennata di notizie su <b>NATO &amp; co</b>: 15 nell&#39;ultima ora, 7,5 volte il solito (2)\n" +
			`• <a href="https://ansa.it/a">Vertice a Bruxelles</a> (ANSA)` + "\n" + `• <a href="https://x.org/b">(senza titolo)</a>`},
		{uk, Surge{Count: 12}, "Сплеск новин про <b>NATO &amp; co</b>: 12 за останню годину, а зазвичай жодної\n" +
			`• <a href="https://ansa.it/a">Vertice a Bruxelles</a> (ANSA)` + "\n" + `• <a href="https://x.org/b">(без назви)</a>`},
		{en, Surge{Count: 1234, Usual: 100, Ratio: 12.34}, "<b>NATO &amp; co</b> is surging: 1,234 items in the last hour, 12.3× the usual 100\n" +
			`• <a href="https://ansa.it/a">Vertice a Bruxelles</a> (ANSA)` + "\n" + `• <a href="https://x.org/b">(untitled)</a>`},
	} {
		if got := SurgeCaption(tc.tr, "NATO & co", tc.s, stories); got != tc.want {
			t.Errorf("%s surge caption:\n%s\nwant:\n%s", tc.tr.Code(), got, tc.want)
		}
	}
}

// The longest caption each language can write — the longest query, sources and note, the
// biggest numbers — passes the fake Bot API's caption limit; the longest language is the
// one that decides, and it is measured, not guessed.
func TestCaptionsStayWithinTelegramsLimitInEveryLanguage(t *testing.T) {
	now := time.Date(2026, 9, 30, 23, 0, 0, 0, time.UTC) // "вт, 29 вер.": long names
	long := strings.Repeat("Ш", 400)
	var pts []Point
	for i := range 20 {
		pts = append(pts, Point{At: now.Add(-time.Duration(i) * 24 * time.Hour), Source: long + string(rune('A'+i)), N: 7_777_777 + i})
		pts = append(pts, Point{At: now.Add(-40 * 24 * time.Hour), Source: "x", N: 1})
	}
	tr := Build(long, Days30, BySource, now.Add(-time.Hour), time.UTC, pts)
	tr.Previous = 1 // the biggest change there is
	var stories []Story
	for range surgeStories {
		stories = append(stories, Story{Title: long, URL: "https://example.org/" + long, Source: long})
	}
	chart, err := Render(en, tr)
	if err != nil {
		t.Fatal(err)
	}
	longest, most := "", 0
	for _, l := range lang.Supported {
		w := lang.For(l.Code)
		note := ""
		for days := 1; days <= 60; days++ {
			for kept := 1; kept <= 60; kept++ {
				if n := ScanNote(w, days, kept); len([]rune(n)) > len([]rune(note)) {
					note = n
				}
			}
		}
		caption := Caption(w, tr) + "\n" + note
		surge := SurgeCaption(w, long, Surge{Count: 7_777_777, Usual: 7_777_777, Ratio: 1234567.8}, stories)
		for _, c := range []string{caption, surge} {
			p := sendCaption(t, chart, c)
			n := len([]rune(p.Caption))
			if n > MaxCaption {
				t.Errorf("%s: a caption of %d characters: %q", l.Code, n, p.Caption)
			}
			if n > most {
				longest, most = l.Code, n
			}
		}
	}
	t.Logf("the longest caption is %s's: %d of %d characters", longest, most, MaxCaption)
}

// decoder returns a function that takes a renderer's results and decodes the picture.
func decoder(t *testing.T) func([]byte, error) image.Image {
	return func(b []byte, err error) image.Image {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
}

// differ counts the pixels that differ between two pictures within r.
func differ(a, b image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				n++
			}
		}
	}
	return n
}

func TestACyrillicChartTitleAndUkrainianWordsAreDrawn(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	pts := []Point{{At: now, Source: "ANSA", N: 5}}
	render := decoder(t)
	cyr := render(Render(uk, Build("Зеленський і НАТО", Days7, BySource, now, time.UTC, pts)))
	blank := render(Render(uk, Build("                 ", Days7, BySource, now, time.UTC, pts)))
	// The title is drawn at the top left, 36 px high.
	if n := differ(cyr, blank, image.Rect(20, 16, 420, 62)); n < 1000 {
		t.Fatalf("the Cyrillic title changed %d pixels, want a drawn title", n)
	}
	// The subtitle, the weekdays under the bars: Ukrainian words, drawn, not English ones.
	english := render(Render(en, Build("Зеленський і НАТО", Days7, BySource, now, time.UTC, pts)))
	if n := differ(cyr, english, image.Rect(20, 64, Width, 96)); n < 1000 {
		t.Errorf("the Ukrainian subtitle differs from the English one in %d pixels", n)
	}
	if n := differ(cyr, english, image.Rect(0, Height-60, Width, Height)); n < 300 {
		t.Errorf("the Ukrainian weekdays differ from the English ones in %d pixels", n)
	}
	for _, s := range []string{subtitle(uk, Build("x", Days7, ByLanguage, now, time.UTC, pts)), strings.Join(axisLabels(uk, Build("x", Days7, ByLanguage, now, time.UTC, pts)), " ")} {
		for _, r := range s {
			if r > 0x7f && font().Index(r) == 0 {
				t.Errorf("the font has no glyph for %q of %q", r, s)
			}
		}
	}
	if got := subtitle(uk, Build("x", Days7, ByLanguage, now, time.UTC, pts)); got != "новин за день · 27 лист. – 3 груд. 2026 р. · UTC · за мовами" {
		t.Errorf("uk subtitle: %q", got)
	}
	if got := subtitle(it, Build("x", Hours24, BySource, now, time.UTC, pts)); got != "notizie all'ora · 2 dic, 13:00 – 3 dic, 13:00 · UTC · per fonte" {
		t.Errorf("it subtitle: %q", got)
	}
	if got := axisLabels(it, Build("x", Days7, BySource, now, time.UTC, pts)); got[0] != "ven 27" || got[6] != "gio 3" {
		t.Errorf("it axis: %q", got)
	}
}

func TestTheLegendsOtherAndNoItemsAreTranslated(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	var pts []Point
	for i := range MaxGroups + 3 {
		pts = append(pts, Point{At: now, Source: string(rune('A' + i)), N: 10 - i})
	}
	tr := Build("x", Days7, BySource, now, time.UTC, pts)
	if g := tr.Groups[len(tr.Groups)-1]; g.Name != OtherGroup || groupName(uk, g.Name) != "інші" || groupName(it, g.Name) != "altre" {
		t.Errorf("the last group %q reads %q, %q", g.Name, groupName(uk, g.Name), groupName(it, g.Name))
	}
	// An empty chart's legend says so in the language: Italian and English differ there.
	empty := Build("x", Days7, BySource, now, time.UTC, nil)
	render := decoder(t)
	if n := differ(render(Render(it, empty)), render(Render(en, empty)), image.Rect(0, 96, Width, 130)); n < 200 {
		t.Errorf("the Italian legend of an empty chart differs from the English one in %d pixels", n)
	}
}

func TestASpecIsDrawnInItsLanguageAndAnOldOneInEnglish(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	tr := Build("НАТО", Days7, BySource, now, time.UTC, []Point{{At: now, Source: "ANSA", N: 5}})
	raw, err := Spec{Trend: &tr, Lang: "uk"}.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeSpec(raw)
	if err != nil || back.Lang != "uk" {
		t.Fatalf("decoded %q, %v", back.Lang, err)
	}
	want, _ := Render(uk, tr)
	if got, err := back.Render(); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("the decoded Ukrainian spec draws another picture (%v)", err)
	}
	// A spec written before charts spoke languages has no "lang": it is drawn in English.
	var old map[string]json.RawMessage
	if err := json.Unmarshal(raw, &old); err != nil {
		t.Fatal(err)
	}
	delete(old, "lang")
	raw, _ = json.Marshal(old)
	back, err = DecodeSpec(raw)
	if err != nil || back.Lang != "" {
		t.Fatalf("an old spec: %q, %v", back.Lang, err)
	}
	want, _ = Render(en, tr)
	if got, err := back.Render(); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("an old spec is not drawn in English (%v)", err)
	}
	st := Stats{Bounds: Hours24.Bounds(now, time.UTC), Polls: make([]int, 24), Items: make([]int, 24), Matches: make([]int, 24), Sends: make([]int, 24)}
	raw, _ = Spec{Stats: &st, Lang: "it"}.Marshal()
	if back, err = DecodeSpec(raw); err != nil {
		t.Fatal(err)
	}
	want, _ = RenderStats(it, st)
	if got, err := back.Render(); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("the decoded Italian stats spec draws another picture (%v)", err)
	}
}

// Every message id this package names exists in English (and so, by lang's tests, in
// every language): a typo would show the id on a chart or in a caption.
func TestEveryMessageIDInThePackageExists(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, m := range lang.Messages("en") {
		ids[m.ID] = true
	}
	lit := regexp.MustCompile(`"((?:trend|date)\.[a-z_.]+)"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
			found++
			if !ids[m[1]] {
				t.Errorf("%s names %q, which the English catalogue lacks", f, m[1])
			}
		}
	}
	if found < 30 {
		t.Fatalf("found only %d ids: is the pattern stale?", found)
	}
}
