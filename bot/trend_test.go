package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/bot/trend"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
)

// askPhoto says text and returns the next photo the bot sends to the chat.
func (h *harness) askPhoto(chat bottest.Chat, from bottest.User, text string) bottest.Photo {
	h.t.Helper()
	n := len(h.tg.Photos(chat.ID))
	h.tg.Say(chat, from, text)
	h.tg.WaitFor(h.t, wait, func(s *bottest.Server) bool { return len(s.Photos(chat.ID)) > n })
	return h.tg.Photos(chat.ID)[n]
}

// checkChart checks that a photo is a chart Telegram accepts and a phone shows sharp.
func checkChart(t *testing.T, p bottest.Photo) {
	t.Helper()
	cfg, err := png.DecodeConfig(bytes.NewReader(p.Data))
	if err != nil || p.Format != "png" || cfg.Width != trend.Width || cfg.Height != trend.Height || cfg.Width < 800 || cfg.Height < 450 {
		t.Fatalf("chart: %v, %s %dx%d", err, p.Format, cfg.Width, cfg.Height)
	}
	if _, err := png.Decode(bytes.NewReader(p.Data)); err != nil {
		t.Fatalf("chart does not decode: %v", err)
	}
	if p.ParseMode != "HTML" || len([]rune(p.Caption)) > trend.MaxCaption {
		t.Fatalf("caption of %d characters, parse mode %q", len([]rune(p.Caption)), p.ParseMode)
	}
}

// manyCharts lifts the per-chat limit on costly commands for tests that ask for many.
func manyCharts(o *bot.Options) { o.Commands.CostlyPerMinute = 100 }

func TestTrendOfAWatchIsAChartReadFromTheCounters(t *testing.T) {
	h := newHarness(t, manyCharts)
	h.ask(private, alice, "/start")
	h.ask(private, alice, "/timezone Europe/Kyiv")
	h.ask(private, alice, "/watch NATO")
	now := time.Now()
	h.publish("ANSA", watch.Item{ID: "1", Title: "Vertice Nato a Bruxelles", Published: now.Add(-2 * time.Hour)},
		watch.Item{ID: "2", Title: "La Nato e l'Ucraina", Published: now.Add(-3 * time.Hour)})
	h.publish("Українська правда", watch.Item{ID: "3", Title: "Генсек НАТО прибув до Києва", Published: now.Add(-time.Hour)})
	// The items kept for /search are gone: what /trend shows of a watch comes from its
	// hourly counters, not from a scan.
	if _, _, err := h.db.Prune(now.Add(-time.Hour*24*365), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, arg := range []string{"NATO 24h", "1 24h"} { // by query and by number
		p := h.askPhoto(private, alice, "/trend "+arg)
		checkChart(t, p)
		for _, want := range []string{"NATO · last 24 hours", "3 items, none the day before", "Busiest hour:", "Top sources: ANSA 2 · Українська правда 1"} {
			if !strings.Contains(p.Caption, want) {
				t.Errorf("/trend %s caption lacks %q:\n%s", arg, want, p.Caption)
			}
		}
	}
	// A query that is neither a watch nor a name scans the kept items: none are left.
	if p := h.askPhoto(private, alice, "/trend Vertice 24h"); !strings.Contains(p.Caption, "0 items") {
		t.Errorf("/trend of a scanned query after the prune: %s", p.Caption)
	}
	// A catalogue name the chat does not watch has counters too.
	if p := h.askPhoto(private, alice, "/trend Zelensky"); !strings.Contains(p.Caption, "Zelensky · last 7 days\n0 items") {
		t.Errorf("/trend of an unwatched name: %s", p.Caption)
	}
}

func TestTrendOfAQueryScansTheSearchWindowAndSaysSo(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/start")
	now := time.Now()
	h.publish("ANSA", watch.Item{ID: "1", Title: "Crisi in Ucraina", Published: now.Add(-26 * time.Hour)},
		watch.Item{ID: "2", Title: "Ucraina, vertice a Roma", Published: now.Add(-time.Hour)},
		watch.Item{ID: "3", Title: "Meteo", Published: now})
	p := h.askPhoto(private, alice, "/trend ucrain* 30d by language")
	checkChart(t, p)
	for _, want := range []string{"ucrain* · last 30 days\n2 items\n", "Counted from the items of the last 7 days"} {
		if !strings.Contains(p.Caption, want) {
			t.Errorf("caption lacks %q:\n%s", want, p.Caption)
		}
	}
	if p := h.askPhoto(private, alice, "/trend ucrain* 24h"); !strings.Contains(p.Caption, "1 item, as many as the day before") || strings.Contains(p.Caption, "Counted from") {
		t.Errorf("24h trend of a query: %s", p.Caption)
	}
}

// TestTrendOfAQueryCountsAStoryOnce: three outlets telling one event in three languages are
// one item on the chart of a query, as on the counters; another event is another.
func TestTrendOfAQueryCountsAStoryOnce(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/start")
	at := time.Now().Add(-time.Hour)
	h.publish("ANSA", watch.Item{ID: "1", Title: "Rutte: la NATO porterà la spesa per la difesa al 5% del Pil entro il 2035", Language: "it", Published: at})
	h.publish("BBC", watch.Item{ID: "2", Title: "Rutte says NATO will raise defence spending to 5% of GDP by 2035", Language: "en", Published: at})
	h.publish("Ukrinform", watch.Item{ID: "3", Title: "Рютте: НАТО підвищить витрати на оборону до 5% ВВП до 2035 року", Language: "uk", Published: at})
	h.publish("BBC", watch.Item{ID: "4", Title: "Baltic: NATO jets intercept Russian bombers, defence ministry says", Language: "en", Published: at})
	p := h.askPhoto(private, alice, "/trend difesa OR defence OR оборону 24h")
	checkChart(t, p)
	if !strings.Contains(p.Caption, "\n2 items") {
		t.Errorf("caption does not count two stories:\n%s", p.Caption)
	}
}

func TestTrendRefusesBadInputAndEscapesWhatItShows(t *testing.T) {
	h := newHarness(t, manyCharts)
	h.ask(private, alice, "/start")
	if r := h.ask(private, alice, "/trend"); !strings.Contains(r.Text, "/trend NATO 7d") {
		t.Errorf("/trend without a query: %q", r.Text)
	}
	if r := h.ask(private, alice, "/trend 30d"); !strings.Contains(r.Text, "A trend of what?") {
		t.Errorf("/trend with a period only: %q", r.Text)
	}
	if r := h.ask(private, alice, "/trend NATO AND (Ucraina"); !strings.Contains(r.Text, "can't read that query") {
		t.Errorf("/trend of a broken query: %q", r.Text)
	}
	p := h.askPhoto(private, alice, `/trend "<b>AT&T</b>" 24h`)
	checkChart(t, p)
	if !strings.HasPrefix(p.Caption, `"<b>AT&T</b>" · last 24 hours`) {
		t.Errorf("caption = %q", p.Caption)
	}
}

func TestAPendingChartIsDrawnAfterARestart(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/start")
	h.tg.FailNext(private.ID, 500, 1) // the first sendPhoto fails: the chart stays in the outbox
	h.tg.Say(private, alice, "/trend NATO 24h")
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool { return len(s.Requests("sendPhoto")) == 1 })
	h.stop()
	out, err := h.db.Outbox()
	if err != nil || len(out) != 1 || out[0].Chart == nil {
		t.Fatalf("outbox after the stop: %+v, %v; want the chart", out, err)
	}
	if len(out[0].Chart) > 4000 {
		t.Errorf("the outbox keeps %d bytes for a chart: the spec, not the picture, is kept", len(out[0].Chart))
	}
	h.start()
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool { return len(s.Photos(private.ID)) == 1 })
	p := h.tg.Photos(private.ID)[0]
	checkChart(t, p)
	if !strings.Contains(p.Caption, "NATO · last 24 hours") {
		t.Fatalf("caption = %q", p.Caption)
	}
	if err := h.bot.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if out, _ := h.db.Outbox(); len(out) != 0 {
		t.Fatalf("outbox still holds %d", len(out))
	}
}

func TestASurgeIsToldOnceInSixHoursWithItsChartAndStories(t *testing.T) {
	// The bot's clock stands at the half hour nearest to now, so that an hour's counts
	// are not split by the hour turning during the test.
	clk := &clock{}
	real := time.Now()
	clk.advance(real.Truncate(time.Hour).Add(30 * time.Minute).Sub(real))
	if d := clk.now().Sub(real); d > 30*time.Minute {
		clk.advance(-time.Hour)
	}
	h := newHarness(t, func(o *bot.Options) { o.Now = clk.now })
	other := bottest.Chat{ID: 200, Type: "private"}
	bob := bottest.User{ID: 200, FirstName: "Bob"}
	for _, c := range []struct {
		chat bottest.Chat
		user bottest.User
	}{{private, alice}, {other, bob}} {
		h.ask(c.chat, c.user, "/start")
		h.ask(c.chat, c.user, "/watch NATO")
	}
	if r := h.ask(private, alice, "/surge NATO on"); !strings.Contains(r.Text, "Surge alerts on for watch 1") {
		t.Fatalf("/surge on: %q", r.Text)
	}
	if r := h.ask(private, alice, "/surge Lavrov on"); !strings.Contains(r.Text, "no watch") {
		t.Fatalf("/surge of a watch the chat does not have: %q", r.Text)
	}
	// The usual level: 2 items in the same hour on each of the last 8 days, for both chats.
	now := clk.now()
	for d := 1; d <= 8; d++ {
		for _, chat := range []int64{private.ID, other.ID} {
			if err := h.db.AddCounts(store.Tally{Key: store.WatchKey(chat, 1), At: now.Add(-time.Duration(d) * 24 * time.Hour), N: 2}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Fifteen items now: 7.5 times the usual.
	var items []watch.Item
	for i := range 15 {
		items = append(items, watch.Item{ID: string(rune('a' + i)), Title: fmt.Sprintf("NATO summit, update %d", 101+i), URL: "https://example.org/" + string(rune('a'+i)), Published: now})
	}
	h.publish("ANSA", items...)
	h.bot.CheckSurges()
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool { return len(s.Photos(private.ID)) == 1 })
	p := h.tg.Photos(private.ID)[0]
	checkChart(t, p)
	if !strings.Contains(p.Caption, "NATO is surging: 15 items in the last hour, 7.5× the usual 2") || strings.Count(p.Caption, "• NATO summit, update") != 5 {
		t.Fatalf("surge caption:\n%s", p.Caption)
	}

	flush := func() {
		t.Helper()
		if err := h.bot.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	surgeAt := func(d time.Duration, n int) int {
		t.Helper()
		clk.advance(d)
		if err := h.db.AddCounts(store.Tally{Key: store.WatchKey(private.ID, 1), At: clk.now(), N: n}); err != nil {
			t.Fatal(err)
		}
		h.bot.CheckSurges()
		flush()
		return len(h.tg.Photos(private.ID))
	}
	if n := surgeAt(time.Hour, 40); n != 1 {
		t.Fatalf("a second surge an hour later was told (%d photos)", n)
	}
	if n := surgeAt(4*time.Hour+59*time.Minute, 40); n != 1 {
		t.Fatalf("a surge 5h59m after the alert was told (%d photos)", n)
	}
	if n := surgeAt(time.Minute, 40); n != 2 {
		t.Fatalf("a surge 6 hours after the alert was not told (%d photos)", n)
	}
	if n := len(h.tg.Photos(other.ID)); n != 0 {
		t.Fatalf("a chat without surge alerts got %d", n)
	}
	// Off again: no more alerts.
	h.ask(private, alice, "/surge 1 off")
	if n := surgeAt(7*time.Hour, 60); n != 2 {
		t.Fatalf("a switched-off watch was told (%d photos)", n)
	}
}

func TestSurgeButtonOnListSwitchesIt(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/start")
	h.ask(private, alice, "/watch NATO")
	list := h.ask(private, alice, "/list")
	if !strings.Contains(string(list.ReplyMarkup), `"surge:1"`) {
		t.Fatalf("/list buttons: %s", list.ReplyMarkup)
	}
	id := h.tg.Press(private, alice, list.ID, "surge:1")
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool {
		for _, a := range s.Answers() {
			if a.CallbackQueryID == id {
				return true
			}
		}
		return false
	})
	for _, a := range h.tg.Answers() {
		if a.CallbackQueryID == id && !strings.Contains(a.Text, "Surge alerts on") {
			t.Fatalf("button answered %q", a.Text)
		}
	}
	if c, err := h.db.Chat(private.ID); err != nil || !c.Watches[0].Surge {
		t.Fatalf("the button did not switch surge alerts on: %v", err)
	}
	if r := h.ask(private, alice, "/list"); !strings.Contains(r.Text, "1. NATO — digest, surge alerts") {
		t.Fatalf("/list after the button: %q", r.Text)
	}
}
