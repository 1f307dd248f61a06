package bot_test

import (
	"context"
	"encoding/xml"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/watch"
)

// feedSource accepts http(s) URLs as feed sources, as /addsource does without the DNS check.
func feedSource(_ context.Context, spec, name string) (watch.Source, error) {
	if !strings.HasPrefix(spec, "https://") && !strings.HasPrefix(spec, "http://") {
		return watch.Source{}, errors.New("not an http(s) URL")
	}
	if name == "" {
		name = spec
	}
	return watch.Source{Name: name, Kind: watch.KindFeed, Target: spec}, nil
}

func TestAdministratorImportsAndExportsOPMLInChat(t *testing.T) {
	h := newHarness(t, func(o *bot.Options) { o.NewSource = feedSource })
	adminChat := bottest.Chat{ID: admin.ID, Type: "private"}
	data, err := os.ReadFile("testdata/plenary_italy.opml")
	if err != nil {
		t.Fatal(err)
	}

	h.tg.SendFile(adminChat, admin, "Italy.opml", data, "")
	r := h.tg.WaitMessages(t, adminChat.ID, 1, wait)[0]
	if !strings.Contains(r.Text, "Imported 13 feeds") {
		t.Fatalf("import answered %q", r.Text)
	}
	// Importing again adds nothing.
	h.tg.SendFile(adminChat, admin, "Italy.opml", data, "")
	if r := h.tg.WaitMessages(t, adminChat.ID, 2, wait)[1]; !strings.Contains(r.Text, "Imported 0 feeds") || !strings.Contains(r.Text, "already a source") {
		t.Fatalf("second import answered %q", r.Text)
	}

	h.tg.Say(adminChat, admin, "/exportsources")
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool { return len(s.Documents(adminChat.ID)) == 1 })
	doc := h.tg.Documents(adminChat.ID)[0]
	var parsed struct {
		Outlines []struct {
			URL string `xml:"xmlUrl,attr"`
		} `xml:"body>outline"`
	}
	if err := xml.Unmarshal(doc.Data, &parsed); err != nil {
		t.Fatalf("exported file is not XML: %v", err)
	}
	if len(parsed.Outlines) != 15 { // the harness's two sources and the 13 imported
		t.Fatalf("exported %d outlines, want 15:\n%s", len(parsed.Outlines), doc.Data)
	}
}

func TestOnlyAdministratorsImportOPML(t *testing.T) {
	h := newHarness(t, func(o *bot.Options) { o.NewSource = feedSource })
	h.tg.SendFile(private, alice, "feeds.opml", []byte(`<opml version="2.0"><body><outline xmlUrl="https://example.org/rss"/></body></opml>`), "")
	if r := h.tg.WaitMessages(t, private.ID, 1, wait)[0]; !strings.Contains(r.Text, "Only the bot's administrators") {
		t.Fatalf("non-admin import answered %q", r.Text)
	}
	if added, err := h.db.AddedSources(); err != nil || len(added) != 0 {
		t.Fatalf("a non-admin's import added %v (%v)", added, err)
	}
}

func TestBrokenOPMLGetsAClearReason(t *testing.T) {
	h := newHarness(t, func(o *bot.Options) { o.NewSource = feedSource })
	adminChat := bottest.Chat{ID: admin.ID, Type: "private"}
	h.tg.SendFile(adminChat, admin, "feeds.opml", []byte("<html><body>not opml</body></html>"), "")
	if r := h.tg.WaitMessages(t, adminChat.ID, 1, wait)[0]; !strings.Contains(r.Text, "not an OPML file") {
		t.Fatalf("broken file answered %q", r.Text)
	}
}

// TestAnUkrainianAdministratorReadsWhyFeedsWereSkipped: the reasons an import skips a feed
// are in the chat's language.
func TestAnUkrainianAdministratorReadsWhyFeedsWereSkipped(t *testing.T) {
	h := newHarness(t, func(o *bot.Options) { o.NewSource = feedSource })
	adminChat := bottest.Chat{ID: admin.ID, Type: "private"}
	ukAdmin := bottest.User{ID: admin.ID, FirstName: "Admin", LanguageCode: "uk"}
	h.ask(adminChat, ukAdmin, "/start")
	file := []byte(`<opml version="2.0"><body>` +
		`<outline title="Нова" xmlUrl="https://example.org/rss"/>` +
		`<outline title="ANSA" xmlUrl="https://example.org/ansa"/>` +
		`</body></opml>`)
	for i, want := range [][]string{
		{"Імпортовано 1 стрічку з feeds.opml.", "Пропущено (1): ANSA (назва вже зайнята)"},
		{"Імпортовано 0 стрічок з feeds.opml.", "Пропущено (2): https://example.org/rss (уже є серед джерел); ANSA (назва вже зайнята)"},
	} {
		h.tg.SendFile(adminChat, ukAdmin, "feeds.opml", file, "")
		r := h.tg.WaitMessages(t, adminChat.ID, 2+i, wait)[1+i]
		for _, w := range want {
			if !strings.Contains(r.Text, w) {
				t.Fatalf("import %d answered:\n%s\nwant %q", i+1, r.Text, w)
			}
		}
	}
}
