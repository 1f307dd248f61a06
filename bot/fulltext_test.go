package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/watch"
)

// zelenskyArticle is an article whose first lines do not name Zelensky: only its fifth
// paragraph does.
const zelenskyArticle = "I capi di Stato maggiore della difesa dei Paesi della Nato si sono riuniti a Bruxelles.\n" +
	"Sul tavolo le garanzie di sicurezza per Kyiv dopo un eventuale cessate il fuoco.\n" +
	"Il presidente del Comitato militare ha parlato di una sincera discussione.\n" +
	"Nessuna decisione è attesa prima del vertice dei ministri.\n" +
	"Intanto Volodymyr Zelensky ha scritto su Telegram e su X che Kyiv non cederà territori. Poi ha ringraziato gli alleati.\n" +
	"La riunione continua domani."

func TestAlertSnippetIsTheArticleSentenceWithTheMatchInBold(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/alert Zelensky")
	h.publish("ANSA", watch.Item{ID: "a1", Title: "Nato, sincera discussione sulle garanzie per Kyiv",
		Text: "I capi della difesa riuniti a Bruxelles.", URL: "https://example.org/a1", Article: zelenskyArticle})
	var alert bottest.Message
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool {
		for _, m := range s.Messages(private.ID) {
			if strings.Contains(m.Text, "🔔") {
				alert = m
				return true
			}
		}
		return false
	})
	if !strings.Contains(alert.HTML, "Intanto Volodymyr <b>Zelensky</b> ha scritto su Telegram") {
		t.Errorf("the alert does not show the article's sentence with the match in bold:\n%s", alert.HTML)
	}
	if strings.Contains(alert.Text, "I capi di Stato maggiore") || strings.Contains(alert.Text, "ringraziato") {
		t.Errorf("the alert shows the article's first line or the next sentence, not the matching one:\n%s", alert.Text)
	}

	// /search finds the item by its article, and shows the same sentence.
	r := h.ask(private, alice, "/search Zelensky")
	if !strings.Contains(r.HTML, "Volodymyr <b>Zelensky</b>") {
		t.Errorf("/search Zelensky = %s", r.HTML)
	}
}

func TestSnippetPrefersAMatchInTheFeedText(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/alert NATO")
	h.publish("ANSA", watch.Item{ID: "n1", Title: "Vertice a Bruxelles", Text: "I capi della difesa della NATO riuniti.",
		URL: "https://example.org/n1", Article: "Un testo lungo. Anche qui la NATO compare."})
	var alert bottest.Message
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool {
		for _, m := range s.Messages(private.ID) {
			if strings.Contains(m.Text, "🔔") {
				alert = m
				return true
			}
		}
		return false
	})
	if !strings.Contains(alert.HTML, "difesa della <b>NATO</b> riuniti") || strings.Contains(alert.Text, "Anche qui") {
		t.Errorf("the alert should show the feed text's match:\n%s", alert.HTML)
	}
}

func TestAddSourceTakesFullText(t *testing.T) {
	src := &memSources{}
	h := newHarness(t, func(o *bot.Options) {
		o.Sources = src
		o.NewSource = func(_ context.Context, spec, name string) (watch.Source, error) {
			kind := watch.KindFeed
			if strings.HasPrefix(spec, "t.me/") {
				kind = watch.KindTelegram
			}
			if name == "" {
				name = spec
			}
			return watch.Source{Name: name, Kind: kind, Target: spec}, nil
		}
	})
	chat := bottest.Chat{ID: admin.ID, Type: "private"}
	if r := h.ask(chat, admin, "/addsource https://example.org/rss.xml Il Post full_text=always"); !strings.Contains(r.Text, "Added Il Post") || !strings.Contains(r.Text, "Full text: always") {
		t.Fatalf("/addsource full_text=always answered %q", r.Text)
	}
	if r := h.ask(chat, admin, "/addsource https://example.org/b.xml full_text=sometimes"); !strings.Contains(r.Text, "auto, always or never") {
		t.Fatalf("a bad full_text answered %q", r.Text)
	}
	if r := h.ask(chat, admin, "/addsource t.me/bbcrussian BBC Russian full_text=always"); !strings.Contains(r.Text, "feeds only") {
		t.Fatalf("full_text on a channel answered %q", r.Text)
	}
	if r := h.ask(chat, admin, "/addsource https://example.org/c.xml Wire"); !strings.Contains(r.Text, "Full text: auto") {
		t.Fatalf("/addsource without full_text answered %q", r.Text)
	}
	added, _ := h.db.AddedSources()
	got := map[string]string{}
	for _, s := range added {
		got[s.Name] = s.FullText
	}
	if len(added) != 2 || got["Il Post"] != "always" || got["Wire"] != "" {
		t.Fatalf("stored sources %+v; want Il Post (always) and Wire (auto, the default)", added)
	}
}

func TestSourcesShowFullTextAndItsCounts(t *testing.T) {
	h := newHarness(t, func(o *bot.Options) {
		o.Sources = &fakeSources{list: []watch.Source{
			{Name: "ANSA", Kind: watch.KindFeed},
			{Name: "Il Post", Kind: watch.KindFeed, FullText: "never"},
			{Name: "t.me/bbcrussian", Kind: watch.KindTelegram},
		}}
	})
	st := watch.State{Primed: true, LastSuccess: time.Now(), Items: 40, ArticlesRead: 12, ArticlesFailed: 1, ArticlesDisallowed: 2}
	if err := h.db.SaveSourceState("ANSA", st); err != nil {
		t.Fatal(err)
	}
	r := h.ask(private, alice, "/sources")
	lines := strings.Split(r.Text, "\n")
	for _, want := range []struct{ source, has, hasNot string }{
		{"ANSA", "full text: auto · 12 read, 1 failed, 2 disallowed by robots.txt", ""},
		{"Il Post", "full text: never", "read"},
		{"bbcrussian", "", "full text"},
	} {
		var line string
		for _, l := range lines {
			if strings.Contains(l, want.source) {
				line = l
			}
		}
		if !strings.Contains(line, want.has) || want.hasNot != "" && strings.Contains(line, want.hasNot) {
			t.Errorf("/sources line of %s = %q; want %q and not %q", want.source, line, want.has, want.hasNot)
		}
	}
}
