package feed

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/fetch"
)

func rss(items string) string {
	return `<rss version="2.0"><channel><title>T</title><link>https://news.example.org/</link>` + items + `</channel></rss>`
}

func parseOne(t *testing.T, body, contentType, feedURL string) watch.Item {
	t.Helper()
	_, items, err := parse(t, []byte(body), contentType, feedURL, firstSeen)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Fatalf("%d items, want 1", len(items))
	}
	return items[0]
}

func TestParseNormalises(t *testing.T) {
	tests := []struct {
		name, body, contentType string
		check                   func(watch.Item) bool
		want                    string
	}{
		{"HTML and entities are stripped from titles",
			rss(`<item><guid>1</guid><title>&lt;b&gt;NATO&lt;/b&gt; summit &amp;amp; &amp;quot;Kyiv&amp;quot;  </title></item>`), "",
			func(it watch.Item) bool { return it.Title == `NATO summit & "Kyiv"` }, `NATO summit & "Kyiv"`},
		{"a plain less-than sign in a title survives",
			rss(`<item><guid>1</guid><title>Why x&lt;y matters</title></item>`), "",
			func(it watch.Item) bool { return it.Title == "Why x<y matters" }, "Why x<y matters"},
		{"text keeps paragraphs and drops scripts",
			rss(`<item><guid>1</guid><description><![CDATA[<p>First  para.</p><script>alert(1)</script><p>Second<br/>line &nbsp;&mdash; ok</p>]]></description></item>`), "",
			func(it watch.Item) bool { return it.Text == "First para.\nSecond\nline — ok" }, "First para.\\nSecond\\nline — ok"},
		{"an item without GUID is identified by its canonical link",
			rss(`<item><title>a</title><link>https://News.Example.org:443/a?id=7&amp;utm_source=rss&amp;fbclid=x#xtor=RSS-1</link></item>`), "",
			func(it watch.Item) bool {
				return it.ID == "https://news.example.org/a?id=7" && it.URL == it.ID
			}, "https://news.example.org/a?id=7"},
		{"an item without GUID or link is identified by a hash of title and text",
			rss(`<item><title>a</title><description>b</description></item>`), "",
			func(it watch.Item) bool { return it.ID == hashID("a\nb") }, hashID("a\nb")},
		{"relative links are resolved against the feed URL",
			`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>x</id><title>t</title><link href="../blog/1?utm_medium=feed"/></entry></feed>`, "",
			func(it watch.Item) bool { return it.URL == "https://example.org/blog/1" }, "https://example.org/blog/1"},
		{"an Italian date is read",
			rss(`<item><guid>1</guid><title>t</title><pubDate>mer, 16 nov 2022 10:00:00 +0100</pubDate></item>`), "",
			func(it watch.Item) bool { return it.Published.Equal(time.Date(2022, 11, 16, 9, 0, 0, 0, time.UTC)) }, "2022-11-16 09:00 UTC"},
		{"a date nobody can read falls back to the time first seen",
			rss(`<item><guid>1</guid><title>t</title><pubDate>ieri sera</pubDate></item>`), "",
			func(it watch.Item) bool { return it.Published.Equal(firstSeen) }, firstSeen.String()},
		{"an RFC 1123 date is kept",
			rss(`<item><guid>1</guid><title>t</title><pubDate>Wed, 16 Nov 2022 10:00:00 +0100</pubDate></item>`), "",
			func(it watch.Item) bool { return it.Published.Equal(time.Date(2022, 11, 16, 9, 0, 0, 0, time.UTC)) }, "2022-11-16 09:00 UTC"},
		{"undeclared windows-1251 is decoded",
			cp1251(t, rss(`<item><guid>1</guid><title>Зеленський зустрівся з генсеком НАТО</title></item>`)), "text/xml",
			func(it watch.Item) bool {
				return it.Title == "Зеленський зустрівся з генсеком НАТО"
			}, "Зеленський зустрівся з генсеком НАТО"},
		{"undeclared Latin-1 is decoded",
			latin1(t, rss(`<item><guid>1</guid><title>L'Otan réunit ses ministres à Bruxelles</title></item>`)), "text/xml",
			func(it watch.Item) bool { return it.Title == "L'Otan réunit ses ministres à Bruxelles" }, "L'Otan réunit ses ministres à Bruxelles"},
		{"the Content-Type charset decodes an undeclared body",
			cp1251(t, rss(`<item><guid>1</guid><title>Ёлка и Ґанок</title></item>`)), "application/rss+xml; charset=windows-1251",
			func(it watch.Item) bool { return it.Title == "Ёлка и Ґанок" }, "Ёлка и Ґанок"},
		{"a few broken bytes in UTF-8 do not turn the rest into mojibake",
			rss("<item><guid>1</guid><title>Україна \xff ok</title></item>"), "",
			func(it watch.Item) bool { return it.Title == "Україна \uFFFD ok" }, "Україна \uFFFD ok"},
		{"a GUID that is a URL loses its tracking parameters",
			rss(`<item><guid>https://example.org/p/1?utm_source=a</guid><title>t</title></item>`), "",
			func(it watch.Item) bool { return it.ID == "https://example.org/p/1" }, "https://example.org/p/1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := parseOne(t, tt.body, tt.contentType, "https://example.org/feeds/main.xml")
			if !tt.check(it) {
				t.Fatalf("got %+v\nwant %s", it, tt.want)
			}
		})
	}
}

func cp1251(t *testing.T, s string) string {
	b, err := charmap.Windows1251.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func latin1(t *testing.T, s string) string {
	b, err := charmap.ISO8859_1.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, body string
		want       error
		mention    string
	}{
		{"an HTML page is not a feed", "<!DOCTYPE html><html><head><title>Just a moment…</title></head><body>bot wall</body></html>", ErrNotFeed, "HTML page"},
		{"an empty body is not a feed", "  \n", ErrNotFeed, "empty"},
		{"plain text is not a feed", "hello", ErrNotFeed, "no RSS"},
		{"truncated XML is malformed", `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a`, ErrMalformed, "EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, items, err := parse(t, []byte(tt.body), "text/html", "https://example.org/", firstSeen)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.mention) || items != nil {
				t.Fatalf("Parse = %d items, %v; want %v mentioning %q", len(items), err, tt.want, tt.mention)
			}
		})
	}
}

func TestDuplicateItemsInOneFeedAreListedOnce(t *testing.T) {
	_, items, err := parse(t, []byte(rss(`<item><guid>1</guid><title>a</title></item><item><guid>1</guid><title>a again</title></item><item><title>b</title></item>`)), "", "", firstSeen)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Title != "a" || items[1].Title != "b" {
		t.Fatalf("items = %+v", items)
	}
}

func TestIdentityIsStableAcrossPolls(t *testing.T) {
	body := rss(`<item><title>a</title><description>b</description></item>`)
	_, one, _ := parse(t, []byte(body), "", "", firstSeen)
	_, two, _ := parse(t, []byte(body), "", "", firstSeen.Add(time.Hour))
	if one[0].ID != two[0].ID {
		t.Fatalf("hash identity changed between polls: %q, %q", one[0].ID, two[0].ID)
	}
}

func TestLongTextIsCapped(t *testing.T) {
	it := parseOne(t, rss(`<item><guid>1</guid><description>`+strings.Repeat("слово ", 2000)+`</description></item>`), "", "")
	if n := len([]rune(it.Text)); n != MaxTextRunes+1 || !strings.HasSuffix(it.Text, "…") {
		t.Fatalf("text of %d runes, want %d and an ellipsis", n, MaxTextRunes+1)
	}
}

// Fixture checks against real feeds, beside the goldens.
func TestRealFeeds(t *testing.T) {
	t.Run("undeclared Latin-1 (French) is decoded", func(t *testing.T) {
		_, items, err := parseFixture(t, "edge_fr_no_xml_decl_iso-8859-1.xml")
		if err != nil || !strings.Contains(items[1].Title, "très complexe") {
			t.Fatalf("%v %+v", err, items)
		}
	})
	t.Run("Portuguese dates are read", func(t *testing.T) {
		_, items, err := parseFixture(t, "edge_pt_uol_no_decl_localized_dates.xml")
		if err != nil || !strings.Contains(items[0].Title, "simulações") || !items[0].Published.Equal(time.Date(2018, 9, 24, 22, 42, 40, 0, time.UTC)) {
			t.Fatalf("%v %+v", err, items[0])
		}
	})
	t.Run("Italian dates are read", func(t *testing.T) {
		_, items, err := parseFixture(t, "it_ilmessaggero_mondo_2022-11-16.xml")
		if err != nil || !items[0].Published.Equal(time.Date(2022, 11, 15, 23, 38, 15, 0, time.UTC)) || items[0].Title != "Missili Polonia, cosa è successo? Tensione Nato-Russia, Mosca: non siamo stati noi" {
			t.Fatalf("%v %+v", err, items[0])
		}
	})
	t.Run("RSS 1.0 items are identified by their link", func(t *testing.T) {
		_, items, err := parseFixture(t, "de_golem_rss10_rdf_iso-8859-1.xml")
		if err != nil || items[0].ID != items[0].URL || items[0].ID == "" {
			t.Fatalf("%v %+v", err, items)
		}
	})
	t.Run("an item with no GUID and no link gets a hash", func(t *testing.T) {
		_, items, err := parseFixture(t, "es_dival_rss091_iso-8859-1_missing_guid.xml")
		if err != nil || !strings.HasPrefix(items[0].ID, "sha256:") || !strings.Contains(items[0].Title, "TÉCNICO") {
			t.Fatalf("%v %+v", err, items)
		}
	})
	t.Run("JSON Feed items without id get their link", func(t *testing.T) {
		_, items, err := parseFixture(t, "edge_jsonfeed_1.1_elastic.json")
		if err != nil || len(items) != 3 || items[0].ID != items[0].URL {
			t.Fatalf("%v %+v", err, items)
		}
	})
	t.Run("BBC links lose at_medium and at_campaign", func(t *testing.T) {
		_, items, err := parseFixture(t, "en_bbc_news_frontpage_2026-04-25.xml")
		if err != nil || items[0].URL != "https://www.bbc.com/news/articles/cq59xvdzjv7o" {
			t.Fatalf("%v %+v", err, items[0])
		}
	})
	t.Run("truncated Reuters feed fails clearly", func(t *testing.T) {
		_, _, err := parseFixture(t, "edge_reuters_invalid.xml")
		if !errors.Is(err, ErrMalformed) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("HTML in ukranews titles is stripped", func(t *testing.T) {
		_, items, err := parseFixture(t, "uk_ru_ukranews_yandex_fulltext_2020-09.xml")
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if strings.Contains(it.Title, "<") || it.Text == "" {
				t.Fatalf("item %+v", it)
			}
		}
	})
	t.Run("windows-1251 without its declaration reads like with it", func(t *testing.T) {
		body, err := os.ReadFile(filepath.Join(sharedFeeds, "ru_pravda_com_ua_windows-1251_2020-09-29.xml"))
		if err != nil {
			t.Skipf("shared fixture absent: %v", err)
		}
		_, declared, err := parse(t, body, "", "", firstSeen)
		if err != nil {
			t.Fatal(err)
		}
		undeclared := bytes.Replace(body, []byte(` encoding="windows-1251"`), nil, 1)
		_, guessed, err := parse(t, undeclared, "", "", firstSeen)
		if err != nil {
			t.Fatal(err)
		}
		if len(guessed) != len(declared) || guessed[0].Title != declared[0].Title || !strings.Contains(declared[0].Title, "Украин") && !strings.ContainsAny(declared[0].Title, "абвгде") {
			t.Fatalf("declared %q, guessed %q", declared[0].Title, guessed[0].Title)
		}
	})
}

func TestCanonicalURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://a.example/x?utm_source=rss&utm_medium=feed":        "https://a.example/x",
		"https://a.example/x?b=2&a=1&gclid=z":                       "https://a.example/x?b=2&a=1",
		"HTTP://A.Example:80":                                       "http://a.example/",
		"https://a.example/x#utm_source=tw":                         "https://a.example/x",
		"https://a.example/changelog#v2":                            "https://a.example/changelog#v2",
		"https://a.example/x?q=%E2%9C%93&UTM_Campaign=y":            "https://a.example/x?q=%E2%9C%93",
		"/relative/path?wt_mc=rss.x":                                "https://base.example/relative/path",
		"javascript:alert(1)":                                       "",
		"mailto:x@y":                                                "",
		"https://a.example/with space":                              "https://a.example/with%20space",
		"https://www.heise.de/-3088438?wt_mc=rss.developer.beitrag": "https://www.heise.de/-3088438",
	} {
		base := mustURL("https://base.example/feed.xml")
		if got := CanonicalURL(raw, base); got != want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", raw, got, want)
		}
	}
}

// TestReaderConditionalPolls: after the first poll every poll of an unchanged feed is
// conditional, answered 304, and costs no parsing.
func TestReaderConditionalPolls(t *testing.T) {
	var total, conditional atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		total.Add(1)
		if r.Header.Get("If-None-Match") == `"abc"` {
			conditional.Add(1)
			w.Header().Set("Cache-Control", "max-age=300")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if !strings.Contains(r.Header.Get("Accept"), "application/rss+xml") {
			t.Errorf("Accept = %q", r.Header.Get("Accept"))
		}
		w.Header().Set("ETag", `"abc"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, rss(`<item><guid>1</guid><title>NATO</title><link>/a</link></item>`))
	}))
	defer srv.Close()
	now := firstSeen
	r := &Reader{Fetch: fetch.New(fetch.Options{AllowPrivateNetworks: true, Now: func() time.Time { return now }}), Now: func() time.Time { return now }}
	src := watch.Source{Name: "Example", Kind: watch.KindFeed, Target: srv.URL + "/feed"}
	var st watch.State

	items, err := r.Poll(t.Context(), src, &st)
	if err != nil {
		t.Fatal(err)
	}
	// the relative link resolves against the channel's site (linkBase), not the feed server
	if len(items) != 1 || items[0].Source != "Example" || items[0].URL != "https://news.example.org/a" || st.ETag != `"abc"` {
		t.Fatalf("first poll: %+v, state %+v", items, st)
	}
	for range 19 {
		items, err := r.Poll(t.Context(), src, &st)
		if err != nil || items != nil {
			t.Fatalf("unchanged poll = %v, %v; want nil, nil", items, err)
		}
	}
	if c, n := conditional.Load(), total.Load(); c*10 < (n-1)*9 || c != 19 {
		t.Fatalf("%d of %d polls after the first were conditional", c, n-1)
	}
	if !st.NotBefore.Equal(now.Add(5 * time.Minute)) {
		t.Fatalf("NotBefore = %v, want now+5m from max-age", st.NotBefore)
	}
}

func TestReaderRetryAfterPushesNextPoll(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	r := &Reader{Fetch: fetch.New(fetch.Options{AllowPrivateNetworks: true}), Now: func() time.Time { return firstSeen }}
	var st watch.State
	_, err := r.Poll(t.Context(), watch.Source{Name: "x", Target: srv.URL}, &st)
	var se *fetch.StatusError
	if !errors.As(err, &se) || se.Code != 429 {
		t.Fatalf("err = %v, want a 429 StatusError", err)
	}
	if !st.NotBefore.Equal(firstSeen.Add(10 * time.Minute)) {
		t.Fatalf("NotBefore = %v", st.NotBefore)
	}
}

func TestReaderDoesNotKeepValidatorsOfAnUnreadableBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"page"`)
		io.WriteString(w, "<html><body>maintenance</body></html>")
	}))
	defer srv.Close()
	r := &Reader{Fetch: fetch.New(fetch.Options{AllowPrivateNetworks: true})}
	st := watch.State{ETag: `"old"`}
	_, err := r.Poll(t.Context(), watch.Source{Name: "x", Target: srv.URL}, &st)
	if !errors.Is(err, ErrNotFeed) {
		t.Fatalf("err = %v, want ErrNotFeed", err)
	}
	if st.ETag != `"old"` {
		t.Fatalf("ETag = %q, want the old one kept", st.ETag)
	}
}

// TestFaultyFeedsBesideAHealthyOne: each broken server is reported with
// a clear error, and a healthy feed polled at the same time delivers its items.
func TestFaultyFeedsBesideAHealthyOne(t *testing.T) {
	release := make(chan struct{})
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write(make([]byte, 8<<20))
	zw.Close()

	mux := http.NewServeMux()
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", 500) })
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	mux.HandleFunc("/truncated", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "5000")
		io.WriteString(w, `<rss version="2.0"><channel><item><title>cut`)
		conn, buf, _ := w.(http.Hijacker).Hijack()
		buf.Flush()
		conn.Close()
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<rss version="2.0"><channel>`)
		for r.Context().Err() == nil {
			if _, err := io.WriteString(w, "<item><title>again</title></item>"); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<!doctype html><html><body>Not a feed</body></html>")
	})
	faulty := httptest.NewServer(mux)
	defer faulty.Close()
	defer close(release)
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, rss(`<item><guid>ok</guid><title>Zelensky meets NATO</title></item>`))
	}))
	defer healthy.Close()

	// PerHost is raised so that every fault is in flight at once on the one faulty server.
	client := fetch.New(fetch.Options{AllowPrivateNetworks: true, MaxBodyBytes: 1 << 20, Timeout: 2 * time.Second, PerHost: 8, Concurrency: 8})
	r := &Reader{Fetch: client}
	cases := map[string]error{
		"/500": &fetch.StatusError{}, "/hang": fetch.ErrTimeout, "/truncated": fetch.ErrTruncated,
		"/endless": fetch.ErrTooLarge, "/bomb": fetch.ErrTooLarge, "/loop": fetch.ErrTooManyRedirects,
		"/html": ErrNotFeed,
	}
	type outcome struct {
		path string
		err  error
	}
	done := make(chan outcome, len(cases))
	for path := range cases {
		go func() {
			_, err := r.Poll(t.Context(), watch.Source{Name: path, Target: faulty.URL + path}, &watch.State{})
			done <- outcome{path, err}
		}()
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	items, err := r.Poll(ctx, watch.Source{Name: "healthy", Target: healthy.URL}, &watch.State{})
	if err != nil || len(items) != 1 || items[0].Title != "Zelensky meets NATO" {
		t.Errorf("healthy feed beside faulty ones: %v, %v", items, err)
	}
	for range cases {
		o := <-done
		want := cases[o.path]
		var se *fetch.StatusError
		ok := errors.Is(o.err, want) || errors.As(want, &se) && errors.As(o.err, &se) && se.Code == 500
		if !ok || !strings.Contains(o.err.Error(), o.path) {
			t.Errorf("%s: %v, want %v", o.path, o.err, want)
		} else {
			t.Logf("%s: %v", o.path, o.err)
		}
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(fmt.Sprint(err))
	}
	return u
}

// parse is Parse with the arguments most tests vary, and no cap.
func parse(t testing.TB, body []byte, contentType, feedURL string, now time.Time) (string, []watch.Item, error) {
	t.Helper()
	doc, err := Parse(t.Context(), body, Options{ContentType: contentType, URL: feedURL, Now: now, MaxItems: -1})
	if err != nil {
		return "", nil, err
	}
	return doc.Title, doc.Items, nil
}

func TestItemsCarryTheFeedsDeclaredLanguage(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"RSS language", `<rss version="2.0"><channel><title>T</title><language>de-DE</language><item><title>A</title><link>https://e.org/a</link></item></channel></rss>`, "de-DE"},
		{"Atom xml:lang", `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it"><title>T</title><entry><title>A</title><id>urn:a</id><link href="https://e.org/a"/></entry></feed>`, "it"},
		{"none declared", `<rss version="2.0"><channel><title>T</title><item><title>A</title><link>https://e.org/a</link></item></channel></rss>`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse(context.Background(), []byte(tc.body), Options{Now: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Language != tc.want || len(doc.Items) != 1 || doc.Items[0].Language != tc.want {
				t.Fatalf("document language %q, items %+v; want %q", doc.Language, doc.Items, tc.want)
			}
		})
	}
}
