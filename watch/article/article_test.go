package article

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/fetch"
	"github.com/vedetta/vedetta/watch/match"
)

// site is a loopback news site that counts the requests for each path.
type site struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newSite(t testing.TB, routes map[string]http.HandlerFunc) *site {
	t.Helper()
	s := &site{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		if h, ok := routes[r.URL.Path]; ok {
			h(w, r)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func page(body []byte, contentType string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(body)
	}
}

func text(s string) http.HandlerFunc { return page([]byte(s), "text/plain") }

// clock is a settable time for the robots.txt cache.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newEnricher(opts Options) *Enricher {
	opts.Fetch.AllowPrivateNetworks = true // the test site is on loopback
	if opts.Fetch.Timeout == 0 {
		opts.Fetch.Timeout = 10 * time.Second
	}
	return New(opts)
}

var t0 = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

func item(url, title, text string, published time.Time) watch.Item {
	return watch.Item{ID: url, Source: "Test", Title: title, Text: text, URL: url, Published: published}
}

func zelenskyIndex(t *testing.T) *match.Index {
	t.Helper()
	ix, err := match.Compile([]match.Watch{{Key: "chat/1", Query: "Zelensky"}}, match.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestEnrichMatchesTheArticleBodyOnly(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/it": page(readPage(t, "it_body_mention.html"), "text/html; charset=utf-8"),
		"/de": page(readPage(t, "de_body_mention.html"), "text/html"),
		"/uk": page(encode1251(t, readPage(t, "uk_no_charset.html")), "text/html"),
		"/en": page(readPage(t, "en_sidebar_only.html"), "text/html"),
	})
	ix := zelenskyIndex(t)
	tests := []struct {
		name, path, title, text string
		wantHit                 bool
	}{
		{"Italian: a mention in paragraph 5 only fires", "/it",
			"Difesa, i capi di stato maggiore discutono le garanzie per Kiev",
			"I capi di stato maggiore della difesa dei paesi alleati si sono riuniti a Bruxelles.", true},
		{"German: a mention in paragraph 5 only fires", "/de",
			"Verteidigungsminister beraten über Luftabwehr", "Die Minister haben in Brüssel beraten.", true},
		{"Ukrainian in windows-1251: a mention in paragraph 5 only fires", "/uk",
			"Союзники обговорили нові гарантії безпеки", "Начальники генеральних штабів провели зустріч.", true},
		{"English: a name only in sidebars, lists and comments does not fire", "/en",
			"Allies agree a new air-defence fund", "Defence ministers agreed to pool money.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnricher(Options{})
			items := []watch.Item{item(s.URL+tt.path, tt.title, tt.text, t0)}
			if hits := ix.Match(items[0].Title, items[0].Text); len(hits) != 0 {
				t.Fatalf("the feed text alone should not match: %v", hits)
			}
			st := e.Enrich(context.Background(), Auto, items)
			if st != (Stats{Wanted: 1, Fetched: 1}) {
				t.Fatalf("stats = %+v", st)
			}
			if items[0].Article == "" {
				t.Fatal("no article text")
			}
			hits := ix.Match(items[0].Title, items[0].Text+"\n"+items[0].Article)
			if got := len(hits) > 0; got != tt.wantHit {
				t.Errorf("hit = %v, want %v; article:\n%s", got, tt.wantHit, items[0].Article)
			}
		})
	}
}

func TestEnrichFailuresKeepTheItem(t *testing.T) {
	huge := bytes.Repeat([]byte("<p>Zelensky parla alla nazione in un lungo discorso.</p>\n"), (5<<20)/57+1)
	s := newSite(t, map[string]http.HandlerFunc{
		"/ok": page(readPage(t, "it_body_mention.html"), "text/html"),
		"/slow": func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // never answers; the fetcher's timeout ends it
		},
		"/huge": func(w http.ResponseWriter, r *http.Request) { // 5 MiB, chunked: no length announced
			w.Header().Set("Content-Type", "text/html")
			for b := huge; len(b) > 0; b = b[min(len(b), 64<<10):] {
				if _, err := w.Write(b[:min(len(b), 64<<10)]); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
		},
		"/huge-announced": page(huge, "text/html"),
		"/pdf":            page([]byte("%PDF-1.7\n1 0 obj"), "application/pdf"),
		"/error":          func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", http.StatusInternalServerError) },
	})
	e := newEnricher(Options{Fetch: watchFetchTimeout(time.Second)})
	paths := []string{"/ok", "/slow", "/huge", "/huge-announced", "/pdf", "/error", "/gone"}
	var items []watch.Item
	for i, p := range paths {
		items = append(items, item(s.URL+p, "Titolo "+p, "Una riga.", t0.Add(time.Duration(i)*time.Minute)))
	}
	st := e.Enrich(context.Background(), Auto, items)
	if want := (Stats{Wanted: 7, Fetched: 1, Failed: 6}); st != want {
		t.Fatalf("stats = %+v, want %+v", st, want)
	}
	for _, it := range items {
		if it.Text != "Una riga." {
			t.Errorf("%s: feed text changed to %q", it.URL, it.Text)
		}
		if ok := strings.HasSuffix(it.URL, "/ok"); ok != (it.Article != "") {
			t.Errorf("%s: article %q", it.URL, it.Article)
		}
	}
}

func TestEnrichRobots(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/robots.txt": text("User-agent: OtherBot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n"),
		"/private/a":  page(readPage(t, "it_body_mention.html"), "text/html"),
		"/public/a":   page(readPage(t, "it_body_mention.html"), "text/html"),
		"/public/b":   page(readPage(t, "it_body_mention.html"), "text/html"),
		"/public/c":   page(readPage(t, "it_body_mention.html"), "text/html"),
	})
	clk := &clock{t: t0}
	e := newEnricher(Options{Fetch: watchFetchNow(clk.now)})
	items := []watch.Item{
		item(s.URL+"/private/a", "A", "Una riga.", t0),
		item(s.URL+"/public/a", "B", "Una riga.", t0),
	}
	st := e.Enrich(context.Background(), Auto, items)
	if want := (Stats{Wanted: 2, Fetched: 1, Disallowed: 1}); st != want {
		t.Fatalf("stats = %+v, want %+v", st, want)
	}
	if n := s.count("/private/a"); n != 0 {
		t.Errorf("a disallowed page was fetched %d times", n)
	}
	if items[0].Article != "" || items[1].Article == "" {
		t.Errorf("articles: disallowed %q, allowed %d bytes", items[0].Article, len(items[1].Article))
	}

	// Within the TTL the cached file answers; after it, the file is read again.
	e.Enrich(context.Background(), Auto, []watch.Item{item(s.URL+"/public/b", "C", "Una riga.", t0)})
	if n := s.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt read %d times within its TTL, want 1", n)
	}
	clk.add(DefaultRobotsTTL + time.Minute)
	e.Enrich(context.Background(), Auto, []watch.Item{item(s.URL+"/public/c", "D", "Una riga.", t0)})
	if n := s.count("/robots.txt"); n != 2 {
		t.Errorf("robots.txt read %d times after its TTL, want 2", n)
	}
}

// TestEnrichReadsTheRobotsOfARedirectsOrigin: a feed's link that redirects to another
// origin (a tracker, a short link) is checked against that origin's robots.txt before its
// page is read; a redirect within one origin is followed as it is.
func TestEnrichReadsTheRobotsOfARedirectsOrigin(t *testing.T) {
	publisher := newSite(t, map[string]http.HandlerFunc{
		"/robots.txt": text("User-agent: *\nDisallow: /closed/\n"),
		"/closed/a":   page(readPage(t, "it_body_mention.html"), "text/html"),
		"/open/a":     page(readPage(t, "it_body_mention.html"), "text/html"),
		"/moved":      func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/open/a", http.StatusFound) },
	})
	tracker := newSite(t, map[string]http.HandlerFunc{
		"/robots.txt": text("User-agent: *\nAllow: /\n"),
		"/t/closed": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, publisher.URL+"/closed/a", http.StatusFound)
		},
		"/t/open": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, publisher.URL+"/open/a", http.StatusMovedPermanently)
		},
	})
	e := newEnricher(Options{})
	items := []watch.Item{
		item(tracker.URL+"/t/closed", "A", "Una riga.", t0),
		item(tracker.URL+"/t/open", "B", "Una riga.", t0),
		item(publisher.URL+"/moved", "C", "Una riga.", t0),
	}
	st := e.Enrich(context.Background(), Auto, items)
	if want := (Stats{Wanted: 3, Fetched: 2, Disallowed: 1}); st != want {
		t.Fatalf("stats = %+v, want %+v", st, want)
	}
	if n := publisher.count("/closed/a"); n != 0 {
		t.Errorf("a page the publisher's robots.txt disallows was read %d times through a redirect", n)
	}
	if n := publisher.count("/robots.txt"); n != 1 {
		t.Errorf("the publisher's robots.txt was read %d times, want once", n)
	}
	if items[0].Article != "" || items[1].Article == "" || items[2].Article == "" {
		t.Errorf("articles: %q / %d bytes / %d bytes", items[0].Article, len(items[1].Article), len(items[2].Article))
	}
}

func TestEnrichRobotsStatus(t *testing.T) {
	tests := []struct {
		name    string
		robots  http.HandlerFunc
		fetched bool
	}{
		{"no robots.txt (404) allows all", http.NotFound, true},
		{"an empty robots.txt allows all", text(""), true},
		{"a robots.txt for this agent disallowing all", text("User-agent: Vedetta\nDisallow: /\n"), false},
		{"a server error disallows for now (RFC 9309 §2.3.1.4)", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "down", http.StatusServiceUnavailable)
		}, false},
		{"429 disallows for now", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t, map[string]http.HandlerFunc{
				"/robots.txt": tt.robots,
				"/a":          page(readPage(t, "it_body_mention.html"), "text/html"),
			})
			e := newEnricher(Options{})
			st := e.Enrich(context.Background(), Always, []watch.Item{item(s.URL+"/a", "A", "Una riga.", t0)})
			if got := s.count("/a") == 1; got != tt.fetched {
				t.Errorf("fetched = %v, want %v (stats %+v)", got, tt.fetched, st)
			}
			if !tt.fetched && st.Disallowed != 1 {
				t.Errorf("stats = %+v, want one disallowed", st)
			}
		})
	}
}

func TestEnrichCapTakesTheNewest(t *testing.T) {
	routes := map[string]http.HandlerFunc{}
	var items []watch.Item
	s := newSite(t, routes)
	for i := range 5 {
		p := "/a" + string(rune('0'+i))
		routes[p] = page(readPage(t, "it_body_mention.html"), "text/html")
		items = append(items, item(s.URL+p, "T", "Una riga.", t0.Add(time.Duration(i)*time.Hour)))
	}
	slices.Reverse(items[1:3]) // not in time order
	e := newEnricher(Options{MaxPerPoll: 2})
	st := e.Enrich(context.Background(), Auto, items)
	if want := (Stats{Wanted: 5, Fetched: 2, Capped: 3}); st != want {
		t.Fatalf("stats = %+v, want %+v", st, want)
	}
	for i := range 5 {
		p := "/a" + string(rune('0'+i))
		if got, want := s.count(p), map[bool]int{true: 1}[i >= 3]; got != want {
			t.Errorf("%s (hour %d) fetched %d times, want %d", p, i, got, want)
		}
	}
}

func TestEnrichFetchesEachURLOnce(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{"/a": page(readPage(t, "it_body_mention.html"), "text/html")})
	e := newEnricher(Options{})
	it := item(s.URL+"/a", "T", "Una riga.", t0)
	st := e.Enrich(context.Background(), Auto, []watch.Item{it, it})
	if want := (Stats{Wanted: 2, Fetched: 1, Repeated: 1}); st != want {
		t.Fatalf("first call: stats = %+v, want %+v", st, want)
	}
	st = e.Enrich(context.Background(), Auto, []watch.Item{it})
	if want := (Stats{Wanted: 1, Repeated: 1}); st != want {
		t.Fatalf("second call: stats = %+v, want %+v", st, want)
	}
	if n := s.count("/a"); n != 1 {
		t.Errorf("fetched %d times, want 1", n)
	}
}

func TestEnrichFollowsTheMode(t *testing.T) {
	long := strings.Repeat("Il testo completo dell'articolo è già nel feed. ", 20)
	tests := []struct {
		name    string
		mode    Mode
		text    string
		fetched int
	}{
		{"never fetches a thin item", Never, "Una riga.", 0},
		{"auto does not fetch a full item", Auto, long, 0},
		{"always fetches a full item", Always, long, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t, map[string]http.HandlerFunc{"/a": page(readPage(t, "it_body_mention.html"), "text/html")})
			st := newEnricher(Options{}).Enrich(context.Background(), tt.mode, []watch.Item{item(s.URL+"/a", "T", tt.text, t0)})
			if n := s.count("/a"); n != tt.fetched || st.Fetched != tt.fetched {
				t.Errorf("fetched %d times (stats %+v), want %d", n, st, tt.fetched)
			}
		})
	}
}

// TestEnrichTwoPerHost holds every page request of one site until the test lets them go. With
// two held, a whole Enrich on a second site runs as a barrier: the held site's other requests
// were dispatched before it and would have arrived by then without the per-host limit, and
// it shows that one busy host does not hold up another.
func TestEnrichTwoPerHost(t *testing.T) {
	const n = 6
	arrived := make(chan struct{}, n)
	release := make(chan struct{})
	var mu sync.Mutex
	inFlight, most := 0, 0
	body := readPage(t, "it_body_mention.html")
	routes := map[string]http.HandlerFunc{}
	s := newSite(t, routes)
	var items []watch.Item
	for i := range n {
		p := "/a" + string(rune('0'+i))
		routes[p] = func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			inFlight++
			most = max(most, inFlight)
			mu.Unlock()
			arrived <- struct{}{}
			<-release
			mu.Lock()
			inFlight--
			mu.Unlock()
			page(body, "text/html")(w, r)
		}
		items = append(items, item(s.URL+p, "T", "Una riga.", t0))
	}
	other := newSite(t, map[string]http.HandlerFunc{"/b": page(body, "text/html")})

	e := newEnricher(Options{Concurrency: n + 1})
	done := make(chan Stats)
	go func() { done <- e.Enrich(context.Background(), Auto, items) }()
	<-arrived
	<-arrived
	if st := e.Enrich(context.Background(), Auto, []watch.Item{item(other.URL+"/b", "T", "Una riga.", t0)}); st.Fetched != 1 {
		t.Fatalf("another host's article waited for the busy one: %+v", st)
	}
	mu.Lock()
	held := most
	mu.Unlock()
	close(release)
	if st := <-done; st.Fetched != n {
		t.Fatalf("stats = %+v", st)
	}
	if held > 2 || most > 2 { // the promise, not the constant
		t.Errorf("%d requests at once to one host, want at most 2", max(held, most))
	}
}

func TestEnrichStopsWithTheContext(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/slow": func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
	})
	ctx, cancel := context.WithCancel(context.Background())
	e := newEnricher(Options{})
	done := make(chan Stats)
	go func() { done <- e.Enrich(ctx, Always, []watch.Item{item(s.URL+"/slow", "T", "x", t0)}) }()
	cancel()
	if st := <-done; st.Fetched != 0 || st.Failed != 1 {
		t.Errorf("stats = %+v, want one failure", st)
	}
}

func watchFetchTimeout(d time.Duration) fetch.Options  { return fetch.Options{Timeout: d} }
func watchFetchNow(now func() time.Time) fetch.Options { return fetch.Options{Now: now} }

func TestEnrichLogsNoSecretFromTheURL(t *testing.T) {
	s := newSite(t, nil)
	var log bytes.Buffer
	e := newEnricher(Options{Log: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	u := strings.Replace(s.URL, "http://", "http://reader:s3cr3t@", 1)
	st := e.Enrich(context.Background(), Always, []watch.Item{
		item(u+"/gone?x=1", "T", "x", t0),             // a 404
		item(u+"/bad%zz", "T", "x", t0),               // a link that does not parse
		item("ftp://reader:s3cr3t@h/a", "T", "x", t0), // a scheme we do not fetch
	})
	if st.Failed != 3 {
		t.Fatalf("stats = %+v", st)
	}
	if !strings.Contains(log.String(), "article not read") {
		t.Fatalf("the failure was not logged: %s", log.String())
	}
	if strings.Contains(log.String(), "s3cr3t") {
		t.Errorf("the password reached the log: %s", log.String())
	}
}
