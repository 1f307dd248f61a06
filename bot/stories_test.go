package bot_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/watch"
)

// TestDigestListsStories: one meeting told by four outlets in three languages is one digest
// entry, titled in the chat's language, with the other outlets linked and /story_N, and it
// comes before a newer story about the same man told once (which stays apart); /story N
// lists every outlet and link.
func TestDigestListsStories(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/start")
	h.ask(private, alice, "/watch Merz")
	h.ask(private, alice, "/watch Macron")
	at := time.Now().Add(-3 * time.Hour)
	item := func(id, title, text, url string, after time.Duration) watch.Item {
		return watch.Item{ID: id, Title: title, Text: text, URL: url, Published: at.Add(after)}
	}
	h.publish("Reuters", item("r1", "Merz meets Macron in Paris on Friday to discuss defence",
		"German Chancellor Friedrich Merz travelled to Paris to meet French President Emmanuel Macron at the Elysee.", "https://example.org/reuters/merz", 0))
	h.publish("ANSA", item("a1", "Merz da Macron a Parigi: al centro la difesa europea",
		"Il cancelliere tedesco Friedrich Merz incontra all'Eliseo il presidente francese Emmanuel Macron.", "https://example.org/ansa/merz", 30*time.Minute))
	h.publish("Укрправда", item("u1", "Мерц зустрівся з Макроном у Парижі",
		"Канцлер Німеччини Фрідріх Мерц і президент Франції Емманюель Макрон обговорили оборону Європи.", "https://example.org/up/merz", time.Hour))
	h.publish("BBC", item("b1", "Merz defends pension reform against critics in his party",
		"The German chancellor faces a revolt by young conservatives in the Bundestag.", "https://example.org/bbc/pension", 2*time.Hour))
	h.publish("BBC", item("b2", "Merz and Macron agree on joint air defence plan",
		"Friedrich Merz and Emmanuel Macron said in Paris they would buy air defence systems together.", "https://example.org/bbc/merz", 90*time.Minute))

	d := h.ask(private, alice, "/digest")
	text := d.Text
	if n := strings.Count(text, "Merz meets Macron") + strings.Count(text, "Merz da Macron") + strings.Count(text, "Мерц зустрівся"); n != 1 {
		t.Fatalf("the meeting is listed %d times, want once:\n%s", n, text)
	}
	if !strings.Contains(text, "Merz meets Macron") {
		t.Errorf("the entry is not titled in the chat's language (English, most of its matches):\n%s", text)
	}
	if !strings.Contains(text, "also: ANSA · Укрправда · BBC") {
		t.Errorf("the entry does not name the other outlets:\n%s", text)
	}
	html := d.HTML
	for _, link := range []string{"https://example.org/ansa/merz", "https://example.org/up/merz"} {
		if !strings.Contains(html, link) {
			t.Errorf("the entry does not link %s:\n%s", link, html)
		}
	}
	if i, j := strings.Index(text, "Merz meets Macron"), strings.Index(text, "pension"); i < 0 || j < 0 || i > j {
		t.Errorf("the story of three outlets does not come before the newer one of one outlet:\n%s", text)
	}
	m := regexp.MustCompile(`/story_(\d+)`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("the entry has no /story_N:\n%s", text)
	}
	for _, ask := range []string{"/story " + m[1], "/story_" + m[1]} {
		r := h.ask(private, alice, ask)
		for _, want := range []string{"Reuters", "ANSA", "Укрправда", "BBC", "4 outlets", "Merz da Macron a Parigi", "joint air defence"} {
			if !strings.Contains(r.Text, want) {
				t.Errorf("%s lacks %q:\n%s", ask, want, r.Text)
			}
		}
		if !strings.Contains(r.HTML, "https://example.org/up/merz") {
			t.Errorf("%s does not link every item:\n%s", ask, r.HTML)
		}
	}
	if r := h.ask(private, alice, "/story 999999"); !strings.Contains(r.Text, "don't know story 999999") {
		t.Errorf("/story of an unknown story: %q", r.Text)
	}
}

// TestAStoryIsTitledInTheLanguageTheChatReads: an Italian reader gets the Italian outlet's
// title of a story even when most of the chat's matches are English.
func TestAStoryIsTitledInTheLanguageTheChatReads(t *testing.T) {
	h := newHarness(t, nil)
	marco := bottest.User{ID: 301, FirstName: "Marco", LanguageCode: "it"}
	chat := bottest.Chat{ID: marco.ID, Type: "private"}
	h.ask(chat, marco, "/start")
	h.ask(chat, marco, "/watch Merz")
	at := time.Now().Add(-3 * time.Hour)
	h.publish("Reuters", watch.Item{ID: "r1", Title: "Merz meets Macron in Paris on Friday to discuss defence", URL: "https://example.org/r", Published: at})
	h.publish("BBC", watch.Item{ID: "b1", Title: "Merz and Macron meet in Paris to discuss European defence", URL: "https://example.org/b", Published: at.Add(10 * time.Minute)})
	h.publish("ANSA", watch.Item{ID: "a1", Title: "Merz da Macron a Parigi: al centro la difesa europea", URL: "https://example.org/a", Published: at.Add(30 * time.Minute)})
	d := h.ask(chat, marco, "/digest")
	if strings.Count(d.Text, "•") != 1 || !strings.Contains(d.Text, "• Merz da Macron a Parigi") {
		t.Fatalf("want one entry titled in Italian:\n%s", d.Text)
	}
}
