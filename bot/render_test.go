package bot

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vedetta/vedetta/lang"
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
	msgs := renderDigest(lang.For("en"), deskChat, ps, time.UTC, 0, 0, "Digest")
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
	msgs := renderDigest(lang.For("en"), deskChat, []store.Pending{p}, time.UTC, 0, 0, "Digest")
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
	html := renderDigest(lang.For("en"), deskChat, []store.Pending{p}, time.UTC, 0, 0, "Digest")[0]
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
	msgs := renderDigest(lang.For("en"), deskChat, ps, time.UTC, 0, 0, "Digest")
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
	msgs := renderDigest(lang.For("en"), deskChat, []store.Pending{pending("a", "ANSA", "NATO", "https://example.org/a", 1)}, time.UTC, 7, 0, "Digest")
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

// groupPairwise is the grouping by comparing every pair of titles, as it was: the reference
// the indexed grouping must agree with.
func groupPairwise(ps []store.Pending) [][]string {
	var groups [][]string
	var words [][]string
	for _, p := range ps {
		w := titleWords(p.Item.Title)
		found := -1
		for i := range groups {
			if nearlySame(w, words[i]) {
				found = i
				break
			}
		}
		if found < 0 {
			groups = append(groups, []string{p.Item.ID})
			words = append(words, w)
		} else {
			groups[found] = append(groups[found], p.Item.ID)
		}
	}
	return groups
}

// heldAlerts is n alerts of distinct stories — 8 to 14 words each, common words ("the",
// "NATO") in most, the rest drawn from a vocabulary of 5,000 — with every fifth one retold
// by another outlet with the outlet's name appended.
func heldAlerts(n int) []store.Pending {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func(i int) string { // letters only: numbers have a rule of their own
		var b []byte
		for i++; i > 0; i /= 26 {
			b = append(b, byte('a'+i%26))
		}
		return string(b)
	}
	common := []string{"the", "NATO", "in", "of", "Zelensky", "says", "on", "Kyiv"}
	var ps []store.Pending
	for i := range n {
		var ws []string
		for range 8 + rng.IntN(7) {
			if rng.IntN(3) == 0 {
				ws = append(ws, common[rng.IntN(len(common))])
			} else {
				ws = append(ws, word(rng.IntN(5000)))
			}
		}
		title := strings.Join(ws, " ")
		ps = append(ps, pending(fmt.Sprint(i), "ANSA", title, ""))
		if i%5 == 0 {
			ps = append(ps, pending(fmt.Sprint(i)+"b", "BBC", title+" BBC News", ""))
		}
	}
	return ps
}

func TestStoryGroupingAgreesWithComparingEveryPair(t *testing.T) {
	ps := append(heldAlerts(300),
		pending("a", "ANSA", "Zelensky meets NATO chief in Brussels on air defence", ""),
		pending("b", "Reuters", "Zelensky meets NATO chief in Brussels on air defence - Reuters", ""),
		pending("c", "ANSA", "Live: day 12 of the summit in Brussels with NATO", ""),
		pending("d", "ANSA", "Live: day 13 of the summit in Brussels with NATO", ""))
	want := groupPairwise(ps)
	stories := groupStories(ps)
	if len(stories) != len(want) {
		t.Fatalf("%d stories, want %d as comparing every pair finds", len(stories), len(want))
	}
	for i, s := range stories {
		if s.p.Item.ID != want[i][0] || len(s.also) != len(want[i])-1 {
			t.Fatalf("story %d = %s with %v, want %v", i, s.p.Item.ID, s.also, want[i])
		}
	}
}

// 4,000 alerts held over a night are grouped without comparing every pair of titles (about
// eight million comparisons before).
func TestThousandsOfHeldAlertsGroupInNearLinearTime(t *testing.T) {
	ps := heldAlerts(4000)
	titleComparisons.Store(0)
	stories := groupStories(ps)
	// Each retelling joins its original, except the few whose title has too few distinct
	// words for nearlySame (TestStoryGroupingAgreesWithComparingEveryPair checks the rule).
	if len(stories) < 4000 || len(stories) > 4010 {
		t.Fatalf("%d stories, want about 4000: each retelling with its original", len(stories))
	}
	n := titleComparisons.Load()
	if n > 20*int64(len(ps)) {
		t.Errorf("%d title comparisons for %d alerts: not near-linear", n, len(ps))
	}
	t.Logf("%d alerts, %d title comparisons", len(ps), n)
}

// An entry names at most a few other sources and watches: 49 watch labels and 30 outlets
// would make it longer than a Telegram message.
func TestADigestEntryFitsAMessageWhateverItMatches(t *testing.T) {
	c := &store.Chat{ID: 1}
	var watches []int
	for i := 1; i <= 50; i++ {
		c.Watches = append(c.Watches, store.Watch{ID: i, Query: fmt.Sprintf("NATO AND topic number %d with a long query text to fill the label", i)})
		watches = append(watches, i)
	}
	var ps []store.Pending
	for i := range 31 {
		ps = append(ps, pending(fmt.Sprint(i), fmt.Sprintf("Outlet with a long name %d", i), "NATO summit opens in Brussels", "https://example.org/nato", watches...))
	}
	msgs := renderDigest(lang.For("en"), c, ps, time.UTC, 0, 0, "Digest")
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want the one entry in one", len(msgs))
	}
	text := plainText(msgs[0])
	if n := utf8.RuneCountInString(text); n > maxVisible {
		t.Fatalf("entry of %d characters, over Telegram's %d", n, maxVisible)
	}
	for _, want := range []string{"+ 25 more", "+ 44 more"} {
		if !strings.Contains(text, want) {
			t.Errorf("entry lacks %q:\n%s", want, text)
		}
	}
}

func TestDigestAndAlertsSayHowManyOlderMatchesWereDropped(t *testing.T) {
	p := pending("a", "ANSA", "NATO summit", "https://example.org/a", 1)
	digest := plainText(strings.Join(renderDigest(lang.For("en"), deskChat, []store.Pending{p}, time.UTC, 0, 1234, "Digest"), "\n"))
	if !strings.Contains(digest, "…and 1,234 older matches were dropped") {
		t.Errorf("digest does not tell of the dropped matches:\n%s", digest)
	}
	alerts := plainText(strings.Join(renderAlerts(lang.For("en"), deskChat, []store.Pending{p}, time.UTC, false, 1), "\n"))
	if !strings.Contains(alerts, "…and 1 older match was dropped") {
		t.Errorf("alerts do not tell of the dropped match:\n%s", alerts)
	}
	if none := plainText(strings.Join(renderDigest(lang.For("en"), deskChat, []store.Pending{p}, time.UTC, 0, 0, "Digest"), "\n")); strings.Contains(none, "dropped") {
		t.Errorf("a digest without drops mentions them:\n%s", none)
	}
}

// TestControlCharactersFromFeedsNeverReachAChat: C0/C1 controls and bidi overrides in a
// feed's title and text are dropped before rendering; newlines the bot writes stay.
func TestControlCharactersFromFeedsNeverReachAChat(t *testing.T) {
	p := pending("a", "Wire\u0007", "NATO\u0000 summit\u001b[31m opens\u202e in The Hague\u0085", "https://example.org/nato", 1)
	p.Item.Text = "Il segretario\tgenerale della NATO\u2066 ha parlato."
	msgs := renderDigest(lang.For("en"), deskChat, []store.Pending{p}, time.UTC, 0, 0, "Digest")
	all := strings.Join(msgs, "\n")
	for _, r := range all {
		if r != '\n' && unprintable(r) || r == '\t' {
			t.Fatalf("digest carries %U:\n%q", r, all)
		}
	}
	if !strings.Contains(all, "</b> summit[31m opens in The Hague") || !strings.Contains(all, "segretario generale") {
		t.Fatalf("digest lost its text or its lines:\n%q", all)
	}
}

// BenchmarkRenderHeldAlerts is the cost of rendering a night of held alerts (4,000, half of
// them retellings) into messages: before the near-linear grouping, 7.6 s, inside the write
// transaction; now it runs outside any transaction.
func BenchmarkRenderHeldAlerts(b *testing.B) {
	ps := heldAlerts(4000)
	c := &store.Chat{ID: 1, Watches: []store.Watch{{ID: 1, Query: "NATO", Alert: true}}}
	for b.Loop() {
		renderAlerts(lang.For("en"), c, ps, time.UTC, true, 0)
	}
}
