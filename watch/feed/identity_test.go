package feed

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
)

func TestItemLinks(t *testing.T) {
	const atomNS = `xmlns:atom="http://www.w3.org/2005/Atom"`
	tests := []struct {
		name, body, wantURL string
	}{
		{"a GUID without isPermaLink is the link (the RSS 2.0 default)",
			rss(`<item><title>A</title><guid>https://example.org/a</guid></item>`), "https://example.org/a"},
		{`a GUID with isPermaLink="true" is the link`,
			rss(`<item><title>A</title><guid isPermaLink="true">https://example.org/a</guid></item>`), "https://example.org/a"},
		{`a GUID with isPermaLink="false" is not a link`,
			rss(`<item><title>A</title><guid isPermaLink="false">https://example.org/a</guid></item>`), ""},
		{"a GUID that is no URL is not a link",
			rss(`<item><title>A</title><guid>post-17</guid></item>`), ""},
		{"<link> wins over the GUID",
			rss(`<item><title>A</title><guid>https://example.org/guid</guid><link>https://example.org/link</link></item>`), "https://example.org/link"},
		{"an atom:link is the link when <link> is missing",
			`<rss version="2.0" ` + atomNS + `><channel><title>T</title><item><title>A</title><atom:link href="https://example.org/wp/a"/></item></channel></rss>`, "https://example.org/wp/a"},
		{"an atom:link with rel=alternate is the link, rel=enclosure is not",
			`<rss version="2.0" ` + atomNS + `><channel><title>T</title><item><title>A</title><atom:link rel="enclosure" href="https://example.org/a.mp3"/><atom:link rel="alternate" href="https://example.org/a"/></item></channel></rss>`, "https://example.org/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := parseOne(t, tt.body, "", "")
			if it.URL != tt.wantURL {
				t.Fatalf("URL = %q, want %q", it.URL, tt.wantURL)
			}
		})
	}
}

func TestAtomLinkIdentitySurvivesAnEditedTitle(t *testing.T) {
	feed := func(title string) string {
		return `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title><item><title>` + title + `</title><description>d</description><atom:link href="https://example.org/wp/a"/></item></channel></rss>`
	}
	one := parseOne(t, feed("NATO summit"), "", "")
	two := parseOne(t, feed("NATO summit (updated)"), "", "")
	if one.ID != "https://example.org/wp/a" || two.ID != one.ID {
		t.Fatalf("IDs %q, %q; want both the atom:link", one.ID, two.ID)
	}
}

func TestItemsSharingAnIdentifierAreDifferentItems(t *testing.T) {
	tests := []struct{ name, body string }{
		{"RSS items with one GUID and different links", rss(
			`<item><guid isPermaLink="false">same</guid><title>a</title><link>https://example.org/a</link></item>` +
				`<item><guid isPermaLink="false">same</guid><title>b</title><link>https://example.org/b</link></item>` +
				`<item><guid isPermaLink="false">same</guid><title>c</title><link>https://example.org/c</link></item>`)},
		{"Atom entries with one id and different links", `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>` +
			`<entry><id>urn:x</id><title>a</title><link href="https://example.org/a"/></entry>` +
			`<entry><id>urn:x</id><title>b</title><link href="https://example.org/b"/></entry>` +
			`<entry><id>urn:x</id><title>c</title><link href="https://example.org/c"/></entry></feed>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, items, err := parse(t, []byte(tt.body), "", "", firstSeen)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 3 || items[0].Title != "a" || items[1].Title != "b" || items[2].Title != "c" {
				t.Fatalf("items = %+v, want a, b and c", items)
			}
		})
	}
}

// TestAFeedWhoseGUIDNeverChangesDeliversItsNewItems records a poll as the poller does
// (store.RecordPoll) and asks the store what the next poll brings (store.Unseen).
func TestAFeedWhoseGUIDNeverChangesDeliversItsNewItems(t *testing.T) {
	db := storetest.Open(t, func() time.Time { return firstSeen })
	item := func(link string) string {
		return `<item><guid isPermaLink="false">latest</guid><title>` + link + `</title><link>https://example.org/` + link + `</link></item>`
	}
	first := pollItems(t, rss(item("one")))
	if _, err := db.RecordPoll("S", watch.State{}, first, nil); err != nil {
		t.Fatal(err)
	}
	fresh, err := db.Unseen(pollItems(t, rss(item("two")+item("one"))))
	if err != nil {
		t.Fatal(err)
	}
	if len(fresh) != 1 || fresh[0].Title != "two" {
		t.Fatalf("new on the second poll: %+v, want only two", fresh)
	}
}

// TestUpgradeRedeliversNothing: a database filled by the identity of earlier releases (the
// GUID, else the link, else a hash of title and text) sees every item of the same feed as
// seen after the upgrade.
func TestUpgradeRedeliversNothing(t *testing.T) {
	body := `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title><link>https://example.org/</link>` +
		`<item><guid isPermaLink="false">4711@example.org</guid><title>GUID and link</title><link>https://example.org/a?utm_source=rss</link></item>` +
		`<item><guid>https://example.org/b</guid><title>permalink GUID, no link</title></item>` +
		`<item><title>only a link</title><link>https://example.org/c</link></item>` +
		`<item><title>atom link</title><description>text</description><atom:link href="https://example.org/d"/></item>` +
		`<item><title>nothing</title><description>but text</description></item>` +
		`</channel></rss>`
	// The ids the release before this one gave these items.
	oldIDs := []string{"4711@example.org", "https://example.org/b", "https://example.org/c",
		hashID("atom link\ntext"), hashID("nothing\nbut text")}

	db := storetest.Open(t, func() time.Time { return firstSeen })
	var old []watch.Item
	for _, id := range oldIDs {
		old = append(old, watch.Item{Source: "S", ID: id, Title: id})
	}
	if _, err := db.RecordPoll("S", watch.State{}, old, nil); err != nil {
		t.Fatal(err)
	}
	items := pollItems(t, body)
	if len(items) != len(oldIDs) {
		t.Fatalf("%d items, want %d", len(items), len(oldIDs))
	}
	fresh, err := db.Unseen(items)
	if err != nil {
		t.Fatal(err)
	}
	if len(fresh) != 0 {
		t.Fatalf("after the upgrade %d items are new again: %+v", len(fresh), fresh)
	}
	if items[0].ID == oldIDs[0] || items[0].LegacyID != oldIDs[0] {
		t.Fatalf("GUID and link: ID %q, LegacyID %q", items[0].ID, items[0].LegacyID)
	}
}

func pollItems(t *testing.T, body string) []watch.Item {
	t.Helper()
	_, items, err := parse(t, []byte(body), "", "https://example.org/feed", firstSeen)
	if err != nil {
		t.Fatal(err)
	}
	for i := range items {
		items[i].Source = "S"
	}
	return items
}

func TestMalformedJSONFeedFieldsLoseNoItem(t *testing.T) {
	body := `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[
		{"id":"1","url":"https://example.org/1","title":"authors as an object","authors":{"name":"X"}},
		{"id":"2","url":"https://example.org/2","title":"author as a string","author":"Y"},
		{"id":3,"url":"https://example.org/3","title":"numeric id"},
		{"id":"4","url":"https://example.org/4","title":["a title as an array"],"content_text":"kept"},
		"not an item",
		{"id":"5","url":"https://example.org/5","title":"well formed","authors":[{"name":"Z"}]}
	]}`
	var logs bytes.Buffer
	doc, err := Parse(t.Context(), []byte(body), Options{Now: firstSeen, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range doc.Items {
		got = append(got, it.ID+"|"+it.Author+"|"+it.Title)
	}
	want := []string{
		"1 https://example.org/1|X|authors as an object",
		"2 https://example.org/2|Y|author as a string",
		"3 https://example.org/3||numeric id",
		"4 https://example.org/4||",
		"5 https://example.org/5|Z|well formed",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("items:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, field := range []string{"field=authors", "field=author", "field=title", "field=item"} {
		if !strings.Contains(logs.String(), field) {
			t.Errorf("log does not say that %s was skipped or repaired:\n%s", field, logs.String())
		}
	}
}

// TestUpgradeDeliversWhatASharedGUIDHid: earlier releases recorded a GUID shared by several
// items once and dropped the others for good; after the upgrade they are delivered.
func TestUpgradeDeliversWhatASharedGUIDHid(t *testing.T) {
	db := storetest.Open(t, func() time.Time { return firstSeen })
	if _, err := db.RecordPoll("S", watch.State{}, []watch.Item{{Source: "S", ID: "same"}}, nil); err != nil {
		t.Fatal(err)
	}
	items := pollItems(t, rss(`<item><guid isPermaLink="false">same</guid><title>a</title><link>https://example.org/a</link></item>`+
		`<item><guid isPermaLink="false">same</guid><title>b</title><link>https://example.org/b</link></item>`))
	fresh, err := db.Unseen(items)
	if err != nil {
		t.Fatal(err)
	}
	if len(fresh) != 2 {
		t.Fatalf("new after the upgrade: %+v, want a and b", fresh)
	}
}
