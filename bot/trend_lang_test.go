package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/bot/trend"
	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
)

// captionHas fails unless the photo's visible caption holds every want.
func captionHas(t *testing.T, p bottest.Photo, want ...string) {
	t.Helper()
	checkChart(t, p)
	for _, w := range want {
		if !strings.Contains(p.Caption, w) {
			t.Errorf("caption lacks %q:\n%s", w, p.Caption)
		}
	}
}

func TestAnItalianTrendIsCaptionedInItalian(t *testing.T) {
	h := newHarness(t, manyCharts)
	chat := bottest.Chat{ID: 310, Type: "private"}
	marco := bottest.User{ID: 310, FirstName: "Marco", LanguageCode: "it"}
	h.ask(chat, marco, "/start")
	h.expect(chat, marco, "/trend 24h", "L'andamento di cosa?", "/trend NATO 7d")
	h.expect(chat, marco, "/trend NATO AND (Ucraina", "Non riesco a leggere questa ricerca")
	h.ask(chat, marco, "/watch NATO")
	now := time.Now()
	h.publish("ANSA", watch.Item{ID: "1", Title: "Vertice Nato a Bruxelles", Published: now.Add(-2 * time.Hour)},
		watch.Item{ID: "2", Title: "La Nato e l'Ucraina", Published: now.Add(-3 * time.Hour)})
	h.publish("Українська правда", watch.Item{ID: "3", Title: "Генсек НАТО прибув до Києва", Published: now.Add(-time.Hour)})
	captionHas(t, h.askPhoto(chat, marco, "/trend NATO 24h"),
		"NATO · ultime 24 ore\n", "3 notizie, nessuna il giorno prima\n", "Ora di picco: ",
		"Fonti principali: ANSA 2 · Українська правда 1")
	// One item: the singular.
	captionHas(t, h.askPhoto(chat, marco, "/trend Bruxelles 24h"), "Bruxelles · ultime 24 ore\n1 notizia, nessuna il giorno prima\n")
	// A scanned query over a month: the note says where the count comes from.
	captionHas(t, h.askPhoto(chat, marco, "/trend Ucraina 30d"), "Ucraina · ultimi 30 giorni\n1 notizia\n",
		"Conteggio fatto sulle notizie degli ultimi 7 giorni, le stesse che legge /search. Con /watch il suo andamento si conserva per 30 giorni.")
	h.expect(chat, marco, "/surge NATO on", "📈 Avvisi di impennata attivi per il monitoraggio 1: NATO.", "3 volte il solito", "la mediana degli ultimi 7 giorni", "al massimo una volta ogni 6 ore")
	h.expect(chat, marco, "/list", "1. NATO — riepilogo, avvisi di impennata")
	h.expect(chat, marco, "/surge Lavrov on", "Questa chat non ha il monitoraggio «Lavrov»")
	h.expect(chat, marco, "/surge NATO", "Indica un monitoraggio e on oppure off", "almeno 10 notizie e 3 volte il solito")
}

func TestAUkrainianTrendIsCaptionedWithUkrainianPluralsAndDates(t *testing.T) {
	h := newHarness(t, manyCharts)
	chat := bottest.Chat{ID: 311, Type: "private"}
	olena := bottest.User{ID: 311, FirstName: "Олена", LanguageCode: "uk"}
	h.ask(chat, olena, "/start")
	h.ask(chat, olena, "/timezone Europe/Kyiv")
	h.expect(chat, olena, "/trend", "Динаміка чого?", "/trend NATO 7d")
	h.ask(chat, olena, "/watch NATO")
	now := time.Now()
	var items []watch.Item
	for i := range 5 {
		items = append(items, watch.Item{ID: "n" + string(rune('a'+i)), Title: fmt.Sprintf("Саміт NATO, новина %d", 101+i), Published: now.Add(-time.Duration(i+1) * time.Minute)})
	}
	h.publish("Українська правда", items...)
	h.publish("ANSA", watch.Item{ID: "z1", Title: "Zelensky a Roma", Published: now.Add(-time.Hour)},
		watch.Item{ID: "z2", Title: "Zelensky a Parigi", Published: now.Add(-time.Hour)})
	h.publish("BBC", watch.Item{ID: "k1", Title: "Cottarelli a Kyiv", Published: now.Add(-time.Hour)})
	captionHas(t, h.askPhoto(chat, olena, "/trend NATO 24h"),
		"NATO · останні 24 години\n5 новин, попередньої доби — жодної\n", "Найактивніша година: ",
		"Головні джерела: Українська правда 5")
	captionHas(t, h.askPhoto(chat, olena, "/trend Zelensky 24h"), "Zelensky · останні 24 години\n2 новини, ")
	p := h.askPhoto(chat, olena, "/trend Cottarelli 30d")
	captionHas(t, p, "Cottarelli · останні 30 днів\n1 новина\n", "Головні джерела: BBC 1",
		"Пораховано серед новин за останні 7 днів — тих, які читає /search. Додайте запит через /watch, і його динаміка зберігатиметься протягом 30 днів.")
	// The busiest day with its weekday and month in Ukrainian.
	if !regexp.MustCompile(`Найактивніший день: (нд|пн|вт|ср|чт|пт|сб), \d{1,2} (січ|лют|бер|квіт|трав|черв|лип|серп|вер|жовт|лист|груд)\., 1 новина`).MatchString(p.Caption) {
		t.Errorf("Ukrainian busiest day:\n%s", p.Caption)
	}
	h.expect(chat, olena, "/surge 1 on", "📈 Сповіщення про сплеск для підписки 1 увімкнено: NATO.", "3× від звичайної", "медіана за останні 7 дн.", "не частіше ніж раз на 6 год.")
	h.expect(chat, olena, "/surge 1 off", "Сповіщення про сплеск для підписки 1 вимкнено: NATO.")
}

// A chart waiting in the outbox is drawn in the chat's language after a restart: the
// spec keeps the language, not the picture.
func TestAPendingUkrainianChartIsDrawnInUkrainianAfterARestart(t *testing.T) {
	h := newHarness(t, nil)
	chat := bottest.Chat{ID: 312, Type: "private"}
	olena := bottest.User{ID: 312, FirstName: "Олена", LanguageCode: "uk"}
	h.ask(chat, olena, "/start")
	h.tg.FailNext(chat.ID, 500, 1) // the first sendPhoto fails: the chart stays in the outbox
	h.tg.Say(chat, olena, "/trend NATO 7d")
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool { return len(s.Requests("sendPhoto")) == 1 })
	h.stop()
	out, err := h.db.Outbox()
	if err != nil || len(out) != 1 || out[0].Chart == nil {
		t.Fatalf("outbox after the stop: %+v, %v; want the chart", out, err)
	}
	spec, err := trend.DecodeSpec(out[0].Chart)
	if err != nil || spec.Lang != "uk" {
		t.Fatalf("the stored spec's language is %q (%v), want uk", spec.Lang, err)
	}
	ukrainian, _ := trend.Render(lang.For("uk"), *spec.Trend)
	english, _ := trend.Render(lang.For("en"), *spec.Trend)
	if bytes.Equal(ukrainian, english) {
		t.Fatal("the Ukrainian and the English charts are the same picture")
	}
	h.start()
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool { return len(s.Photos(chat.ID)) == 1 })
	p := h.tg.Photos(chat.ID)[0]
	captionHas(t, p, "NATO · останні 7 днів")
	if !bytes.Equal(p.Data, ukrainian) {
		t.Fatal("the chart sent after the restart is not the Ukrainian one")
	}
	if err := h.bot.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestAUkrainianSurgeAlertAndStatsChartSpeakUkrainian(t *testing.T) {
	clk := &clock{}
	real := time.Now()
	clk.advance(real.Truncate(time.Hour).Add(30 * time.Minute).Sub(real))
	if d := clk.now().Sub(real); d > 30*time.Minute {
		clk.advance(-time.Hour)
	}
	h := newHarness(t, func(o *bot.Options) { o.Now = clk.now })
	chat := bottest.Chat{ID: 313, Type: "private"}
	olena := bottest.User{ID: 313, FirstName: "Олена", LanguageCode: "uk"}
	h.ask(chat, olena, "/start")
	h.ask(chat, olena, "/watch NATO")
	h.ask(chat, olena, "/surge NATO on")
	now := clk.now()
	for d := 1; d <= 8; d++ {
		if err := h.db.AddCounts(store.Tally{Key: store.WatchKey(chat.ID, 1), At: now.Add(-time.Duration(d) * 24 * time.Hour), N: 2}); err != nil {
			t.Fatal(err)
		}
	}
	var items []watch.Item
	for i := range 15 {
		items = append(items, watch.Item{ID: string(rune('a' + i)), Title: fmt.Sprintf("Саміт NATO, оновлення %d", 101+i), URL: "https://example.org/" + string(rune('a'+i)), Published: now})
	}
	h.publish("ANSA", items...)
	h.bot.CheckSurges()
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool { return len(s.Photos(chat.ID)) == 1 })
	p := h.tg.Photos(chat.ID)[0]
	captionHas(t, p, "Сплеск новин про NATO: 15 за останню годину, у 7,5 раза більше, ніж зазвичай (2)", "• Саміт NATO, оновлення")
	if !strings.HasPrefix(p.CaptionHTML, "Сплеск новин про <b>NATO</b>:") {
		t.Errorf("the watch is not bold: %q", p.CaptionHTML)
	}

	// /stats for an administrator who reads Ukrainian: the chart's words are Ukrainian.
	adminChat := bottest.Chat{ID: admin.ID, Type: "private"}
	ukAdmin := bottest.User{ID: admin.ID, FirstName: "Admin", LanguageCode: "uk"}
	h.ask(adminChat, ukAdmin, "/start")
	h.tg.FailNext(adminChat.ID, 500, 1) // keep the chart in the outbox to read its spec
	h.tg.Say(adminChat, ukAdmin, "/stats")
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool { return len(s.Requests("sendPhoto")) == 2 })
	h.stop()
	out, err := h.db.Outbox()
	if err != nil || len(out) != 1 {
		t.Fatalf("outbox: %+v, %v", out, err)
	}
	spec, err := trend.DecodeSpec(out[0].Chart)
	if err != nil || spec.Stats == nil || spec.Lang != "uk" {
		t.Fatalf("the /stats spec: %+v, %v; want Ukrainian stats", spec, err)
	}
}
