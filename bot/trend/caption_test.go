package trend

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/bot/bottest"
)

func TestCaptionSaysTotalChangeBusiestDayAndTopSources(t *testing.T) {
	rome := mustLoad(t, "Europe/Rome")
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, rome)
	day := func(d int) time.Time { return time.Date(2026, 12, d, 9, 0, 0, 0, rome) }
	pts := []Point{
		{At: day(1), Source: "ANSA", N: 30},
		{At: day(1), Source: "Reuters", N: 11},
		{At: day(2), Source: "Reuters", N: 20},
		{At: day(3), Source: "AT&T <News>", N: 12},
		{At: day(3), Source: "Meduza", N: 70},
		{At: time.Date(2026, 11, 25, 9, 0, 0, 0, rome), Source: "ANSA", N: 88}, // the week before
	}
	got := Caption(en, Build("NATO & <EU>", Days7, BySource, now, rome, pts))
	want := "<b>NATO &amp; &lt;EU&gt;</b> · last 7 days\n" +
		"143 items, +63 % on the week before\n" +
		"Busiest day: Thu 3 Dec, 82 items\n" +
		"Top sources: Meduza 70 · Reuters 31 · ANSA 30 · AT&amp;T &lt;News&gt; 12"
	if got != want {
		t.Fatalf("caption:\n%s\nwant:\n%s", got, want)
	}
}

func TestCaptionOfAnHourlyTrendNamesTheBusiestHour(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 30, 0, 0, time.UTC)
	tr := Build("Zelensky", Hours24, ByLanguage, now, time.UTC, []Point{{At: now.Add(-3 * time.Hour), Source: "ANSA", N: 2}})
	if got := Caption(en, tr); !strings.Contains(got, "Busiest hour: 09:00, 2 items") || !strings.Contains(got, "none the day before") {
		t.Fatalf("caption = %q", got)
	}
}

func TestChange(t *testing.T) {
	for _, tc := range []struct {
		total, prev int
		p           Period
		want        string
	}{
		{143, 88, Days7, "+63 % on the week before"},
		{44, 88, Days7, "-50 % on the week before"},
		{10, 10, Hours24, "as many as the day before"},
		{5, 0, Days30, "none the 30 days before"},
		{0, 0, Days7, "none the week before either"},
		{5, -1, Days7, ""},
	} {
		if got := Change(en, tc.total, tc.prev, tc.p); got != tc.want {
			t.Errorf("Change(%d, %d, %s) = %q, want %q", tc.total, tc.prev, tc.p, got, tc.want)
		}
	}
}

// sendCaption sends a chart with the caption to the fake Bot API, which applies Telegram's
// HTML parser and 1024-character limit, and fails on any violation.
func sendCaption(t *testing.T, chart []byte, caption string) bottest.Photo {
	t.Helper()
	s := bottest.New(t, bottest.Options{})
	bot, err := tgbotapi.NewBotAPIWithAPIEndpoint(s.Token(), s.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	p := tgbotapi.NewPhoto(1, tgbotapi.FileBytes{Name: "trend.png", Bytes: chart})
	p.Caption, p.ParseMode = caption, tgbotapi.ModeHTML
	if _, err := bot.Send(p); err != nil {
		t.Fatalf("sendPhoto: %v; violations %v", err, s.Violations())
	}
	photos := s.Photos(1)
	if v := s.Violations(); len(v) != 0 || len(photos) != 1 {
		t.Fatalf("violations %v, photos %d", v, len(photos))
	}
	return photos[0]
}

func TestCaptionsOfHugeInputsStayWithinTelegramsLimit(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	long := strings.Repeat("Зеленський & <NATO> ", 200)
	var pts []Point
	for i := range 20 {
		pts = append(pts, Point{At: now.Add(-time.Hour), Source: long + string(rune('A'+i)), Language: long, N: 1000 + i})
	}
	tr := Build(long, Days30, BySource, now, time.UTC, pts)
	chart, err := Render(en, tr)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(chart))
	if err != nil || cfg.Width != Width || cfg.Height != Height {
		t.Fatalf("chart of huge names: %v, %dx%d", err, cfg.Width, cfg.Height)
	}
	p := sendCaption(t, chart, Caption(en, tr))
	if n := len([]rune(p.Caption)); n > MaxCaption || !strings.Contains(p.Caption, "Зеленський & <NATO>") {
		t.Fatalf("visible caption of %d characters: %q", n, p.Caption)
	}

	var stories []Story
	for i := range 12 {
		stories = append(stories, Story{Title: long, URL: `https://example.org/a?x=1&y="2"<` + string(rune('a'+i)), Source: long})
	}
	stories = append(stories, Story{Title: "<script>", URL: "javascript:alert(1)"})
	surge := SurgeCaption(en, long, Surge{Count: 42, Usual: 8, Ratio: 5.25}, stories)
	p = sendCaption(t, chart, surge)
	if n := len([]rune(p.Caption)); n > MaxCaption || !strings.Contains(p.Caption, "is surging: 42 items in the last hour, 5.2× the usual 8") {
		t.Fatalf("surge caption of %d characters: %q", n, p.Caption)
	}
}

func TestSurgeCaptionListsStoriesWithSafeLinks(t *testing.T) {
	got := SurgeCaption(en, "NATO", Surge{Count: 12}, []Story{
		{Title: "Allies meet in Brussels", URL: "https://ansa.it/a?b=1&c=2", Source: "ANSA"},
		{Title: "<b>bold</b> claim", URL: "javascript:alert(1)", Source: ""},
	})
	want := "<b>NATO</b> is surging: 12 items in the last hour, usually none\n" +
		`• <a href="https://ansa.it/a?b=1&amp;c=2">Allies meet in Brussels</a> (ANSA)` + "\n" +
		"• &lt;b&gt;bold&lt;/b&gt; claim"
	if got != want {
		t.Fatalf("caption:\n%s\nwant:\n%s", got, want)
	}
}
