package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// sharedFeeds is ../shared/testdata/feeds seen from this package's directory.
var sharedFeeds = filepath.Join("..", "..", "..", "shared", "testdata", "feeds")

var firstSeen = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// feedURLs are where the fixtures were (or could have been) fetched from; the default
// resolves relative links of the others.
var feedURLs = map[string]string{
	"edge_atom_relative_links.xml":            "https://example.com/blog/feed.xml",
	"en_bbc_news_frontpage_2026-04-25.xml":    "https://feeds.bbci.co.uk/news/rss.xml",
	"de_tagesschau_2026-04-25.xml":            "https://www.tagesschau.de/xml/rss2/",
	"fr_lemonde_international_2024-03-27.xml": "https://www.lemonde.fr/international/rss_full.xml",
}

type goldenItem struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	URL       string    `json:"url"`
	Author    string    `json:"author,omitempty"`
	Published time.Time `json:"published"`
}

type golden struct {
	Title string       `json:"title"`
	Error string       `json:"error,omitempty"`
	Items []goldenItem `json:"items"`
}

type fixture struct {
	name, path string
	copied     bool // licence allows a copy in testdata/; otherwise read from ../shared
}

// fixtures lists every feed of ../shared/testdata/feeds plus the copies in testdata/, so
// that a feed added there gets a golden too.
func fixtures(t *testing.T) []fixture {
	t.Helper()
	var out []fixture
	names := map[string]bool{}
	local, _ := os.ReadDir("testdata")
	for _, e := range local {
		n := e.Name()
		if n == "SOURCES.md" || strings.HasSuffix(n, ".golden.json") || e.IsDir() {
			continue
		}
		names[n] = true
		out = append(out, fixture{name: n, path: filepath.Join("testdata", n), copied: true})
	}
	shared, err := os.ReadDir(sharedFeeds)
	if err != nil {
		t.Logf("skipping the feeds not copied here: %s not found (%v)", sharedFeeds, err)
	}
	for _, e := range shared {
		if !names[e.Name()] && !e.IsDir() {
			out = append(out, fixture{name: e.Name(), path: filepath.Join(sharedFeeds, e.Name())})
		}
	}
	slices.SortFunc(out, func(a, b fixture) int { return strings.Compare(a.name, b.name) })
	return out
}

func parseFixture(t *testing.T, name string) (string, []goldenItem, error) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if _, err := os.Stat(path); err != nil {
		path = filepath.Join(sharedFeeds, name)
	}
	body, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s not available (licence not stated, read from ../shared): %v", name, err)
	}
	u := feedURLs[name]
	if u == "" {
		u = "https://feeds.example.org/" + name
	}
	// No charset in the Content-Type: the undeclared encodings must be found from the bytes.
	title, items, err := parse(t, body, "application/xml", u, firstSeen)
	out := make([]goldenItem, len(items))
	for i, it := range items {
		if it.Source != "" {
			t.Errorf("%s: Parse set Item.Source %q", name, it.Source)
		}
		out[i] = goldenItem{it.ID, it.Title, it.Text, it.URL, it.Author, it.Published}
	}
	return title, out, err
}

// TestGolden parses every fixture and compares with testdata/NAME.golden.json. Feeds whose
// licence is not stated keep only hashes of their titles and texts in the golden.
func TestGolden(t *testing.T) {
	for _, fx := range fixtures(t) {
		t.Run(fx.name, func(t *testing.T) {
			title, items, err := parseFixture(t, fx.name)
			got := golden{Title: title, Items: items}
			if err != nil {
				got.Error = err.Error()
			}
			if !fx.copied {
				got.Title = digest(got.Title)
				for i := range got.Items {
					got.Items[i].Title = digest(got.Items[i].Title)
					got.Items[i].Text = digest(got.Items[i].Text)
				}
			}
			if got.Items == nil {
				got.Items = []goldenItem{}
			}
			want, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, '\n')
			path := filepath.Join("testdata", fx.name+".golden.json")
			if *update {
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			old, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("no golden (run with -update): %v", err)
			}
			if string(old) != string(want) {
				t.Errorf("%s differs from the parse; run go test -run TestGolden -update and review the diff\ngot:\n%.3000s", path, want)
			}
		})
	}
}

func digest(s string) string {
	if s == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:8]) + " runes:" + itoa(utf8.RuneCountInString(s))
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestEveryFixtureIsCleanOrFailsClearly checks the properties asked of every
// feed: either an error, or items with an identity, plain-text titles, valid UTF-8, absolute
// links free of tracking parameters.
func TestEveryFixtureIsCleanOrFailsClearly(t *testing.T) {
	for _, fx := range fixtures(t) {
		t.Run(fx.name, func(t *testing.T) {
			title, items, err := parseFixture(t, fx.name)
			if err != nil {
				if len(items) != 0 {
					t.Fatalf("items beside the error %v", err)
				}
				return
			}
			if len(items) == 0 {
				t.Fatalf("feed %q parsed into no items", title)
			}
			for _, it := range items {
				for field, s := range map[string]string{"title": it.Title, "text": it.Text, "id": it.ID, "author": it.Author} {
					if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) && !strings.Contains(fx.name, "ilmessaggero") {
						t.Errorf("item %s: %s is not clean UTF-8: %q", it.ID, field, s)
					}
				}
				if hasMarkup(it.Title) || strings.Contains(it.Title, "&amp;") || strings.Contains(it.Title, "&quot;") {
					t.Errorf("item %s: title keeps markup: %q", it.ID, it.Title)
				}
				if it.ID == "" {
					t.Errorf("item without identity: %+v", it)
				}
				if it.URL != "" && !strings.HasPrefix(it.URL, "http://") && !strings.HasPrefix(it.URL, "https://") {
					t.Errorf("item %s: link not absolute: %q", it.ID, it.URL)
				}
				if strings.Contains(it.URL, "utm_") || strings.Contains(it.URL, "at_medium") {
					t.Errorf("item %s: link keeps tracking parameters: %q", it.ID, it.URL)
				}
				if it.Published.IsZero() {
					t.Errorf("item %s: no date", it.ID)
				}
			}
		})
	}
}
