package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
)

func pending(id, source, title, url string, watches ...int) store.Pending {
	return store.Pending{
		Item:     watch.Item{ID: id, Source: source, Title: title, URL: url, Text: "Il segretario generale della NATO ha parlato a Bruxelles.", Published: time.Date(2026, 11, 25, 7, 30, 0, 0, time.UTC)},
		WatchIDs: watches,
		Terms:    []string{"NATO"},
	}
}

var deskChat = &store.Chat{ID: 1, Watches: []store.Watch{{ID: 1, Query: "NATO"}, {ID: 2, Query: "Zelensky"}}}

func TestDigestListsAStoryOnce(t *testing.T) {
	ps := []store.Pending{
		pending("a", "ANSA", "NATO summit opens in The Hague", "https://example.org/nato-summit", 1),
		pending("b", "ANSA", "NATO summit opens in The Hague", "https://example.org/nato-summit", 2),
		pending("c", "BBC", "NATO summit opens in The Hague", "https://example.org/nato-summit", 1),
		pending("d", "Reuters", "Something else about NATO entirely", "https://example.org/other", 1),
	}
	msgs := renderDigest(deskChat, ps, time.UTC, 0, "Digest")
	all := plainText(strings.Join(msgs, "\n"))
	if n := strings.Count(all, "NATO summit opens"); n != 1 {
		t.Fatalf("story listed %d times, want once:\n%s", n, all)
	}
	if !strings.Contains(all, "also: BBC") {
		t.Fatalf("other source not credited:\n%s", all)
	}
	if !strings.Contains(all, "also matches: Zelensky") {
		t.Fatalf("second watch not tagged:\n%s", all)
	}
	if !strings.Contains(all, "2 stories") {
		t.Fatalf("header should count 2 stories:\n%s", all)
	}
}

func TestDigestEscapesFeedText(t *testing.T) {
	p := pending("x", "Feed <b>&</b>", `<script>alert(1)</script> & "NATO"`, `https://example.org/?a=1&b="2"`, 1)
	p.Item.Text = "a < b && c > d — NATO"
	msgs := renderDigest(deskChat, []store.Pending{p}, time.UTC, 0, "Digest")
	html := msgs[0]
	for _, bad := range []string{"<script>", "<b>&</b>", `b="2"`} {
		if strings.Contains(html, bad) {
			t.Fatalf("unescaped %q in:\n%s", bad, html)
		}
	}
	if !strings.Contains(html, "&lt;script&gt;") || !strings.Contains(html, "a &lt; b &amp;&amp; c &gt; d") {
		t.Fatalf("escaped text missing:\n%s", html)
	}
}

func TestDigestLinksOnlyHTTP(t *testing.T) {
	p := pending("x", "Feed", "NATO news", "javascript:alert(1)", 1)
	html := renderDigest(deskChat, []store.Pending{p}, time.UTC, 0, "Digest")[0]
	if strings.Contains(html, "javascript:") {
		t.Fatalf("javascript link kept:\n%s", html)
	}
}

func TestLongDigestSplitsBetweenItemsUnderTelegramLimits(t *testing.T) {
	var ps []store.Pending
	for i := range 120 {
		// Cyrillic and emoji: several bytes and UTF-16 units per code point.
		p := pending(fmt.Sprint(i), "УНІАН", fmt.Sprintf("НАТО 🚀 новина номер %d про Зеленського і НАТО", i), fmt.Sprintf("https://example.org/%d", i), 1)
		p.Item.Text = strings.Repeat("Генсек НАТО заявив про підтримку України. ", 8)
		ps = append(ps, p)
	}
	msgs := renderDigest(deskChat, ps, time.UTC, 0, "Digest")
	if len(msgs) < 2 {
		t.Fatalf("want a split digest, got %d message", len(msgs))
	}
	total := 0
	for i, m := range msgs {
		visible := utf8.RuneCountInString(plainText(m))
		if visible > maxVisible || len(m) > maxRaw {
			t.Fatalf("message %d: %d visible characters, %d bytes", i, visible, len(m))
		}
		if strings.Count(m, "<b>") != strings.Count(m, "</b>") || strings.Count(m, "<a ") != strings.Count(m, "</a>") {
			t.Fatalf("message %d splits inside a tag:\n%s", i, m)
		}
		total += strings.Count(m, "• ")
	}
	if total != 120 {
		t.Fatalf("%d items across the messages, want 120", total)
	}
}

func TestDigestSaysHowManyMoreWait(t *testing.T) {
	msgs := renderDigest(deskChat, []store.Pending{pending("a", "ANSA", "NATO", "https://example.org/a", 1)}, time.UTC, 7, "Digest")
	if !strings.Contains(msgs[len(msgs)-1], "7 more matches waiting") {
		t.Fatalf("no honest footer:\n%s", msgs[len(msgs)-1])
	}
}

func TestNearlyIdenticalTitlesAreOneStory(t *testing.T) {
	tests := []struct {
		name    string
		a, b    string
		stories int
	}{
		{"the outlet's name appended", "NATO summit opens in The Hague amid tensions", "NATO summit opens in The Hague amid tensions - BBC News", 1},
		{"case and punctuation", "Zelensky meets Meloni in Rome, talks on NATO", "ZELENSKY MEETS MELONI IN ROME: TALKS ON NATO", 1},
		{"one word changed in a long headline", "Генсек НАТО призвал Грузию готовиться к членству в Альянсе", "Генсек НАТО призвал Грузию подготовиться к членству в Альянсе", 1},
		{"different numbers are different stories", "Live: Russia's war in Ukraine, day 1,012", "Live: Russia's war in Ukraine, day 1,013", 2},
		{"short titles that share words are different stories", "NATO summit opens", "NATO summit closes", 2},
		{"different stories about the same figure", "Zelensky meets Meloni in Rome on Monday", "Zelensky visits troops near Kharkiv on Monday", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := []store.Pending{
				pending("a", "ANSA", tt.a, "https://example.org/a", 1),
				pending("b", "BBC", tt.b, "https://example.org/b", 1),
			}
			if got := len(groupStories(ps)); got != tt.stories {
				t.Fatalf("%q and %q: %d stories, want %d", tt.a, tt.b, got, tt.stories)
			}
		})
	}
}
