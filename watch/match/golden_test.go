package match

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/encoding/charmap"
)

var update = flag.Bool("update", false, "rewrite testdata/feeds_golden.json")

// sharedFeeds is ../shared/testdata/feeds from the repository root (licence "none stated":
// read in place, never copied).
func sharedFeeds(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "testdata", "feeds")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared test feeds not found at %s: %v", dir, err)
	}
	return dir
}

type rssItem struct {
	Title       innerXML `xml:"title"`
	Description string   `xml:"description"`
	FullText    string   `xml:"full-text"`
}

// innerXML keeps markup inside <title> (ukranews puts <b> there) for the matcher to strip.
type innerXML struct {
	Inner string `xml:",innerxml"`
}

func readFeed(t *testing.T, path string) []rssItem {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "windows-1251") {
			return charmap.Windows1251.NewDecoder().Reader(r), nil
		}
		return nil, fmt.Errorf("charset %s", label)
	}
	var doc struct {
		Items []rssItem `xml:"channel>item"`
	}
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc.Items
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// oracle is an independent, slow reading of the same rules on one item: words split on
// anything but letters and digits, Zelensky by its Ukrainian and Russian stems, NATO as
// НАТО/NATO/OTAN not written all in lower case.
func oracle(text string) (zelensky, nato bool) {
	text = html.UnescapeString(tagRE.ReplaceAllString(html.UnescapeString(tagRE.ReplaceAllString(text, " ")), " "))
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		l := strings.ToLower(w)
		if strings.HasPrefix(l, "зеленськ") || strings.HasPrefix(l, "зеленск") || l == "zelensky" || l == "zelenskyy" {
			zelensky = true
		}
		if (l == "нато" || l == "nato" || l == "otan") && w != l {
			nato = true
		}
	}
	return zelensky, nato
}

// TestFeedsGolden checks that the items of the real Ukrainian and Russian feeds that
// mention Зеленський or НАТО are found, and only those.
func TestFeedsGolden(t *testing.T) {
	dir := sharedFeeds(t)
	ix, err := Compile([]Watch{{"zelensky", "Zelensky"}, {"nato", "NATO"}}, Builtin())
	if err != nil {
		t.Fatal(err)
	}
	files := []string{
		"uk_unian_2020-09-28.xml",
		"ru_pravda_com_ua_windows-1251_2020-09-29.xml",
		"ru_liga_net_2020-09-29.xml",
		"uk_ru_ukranews_yandex_fulltext_2020-09.xml",
	}
	got := map[string]map[string][]int{} // file → watch → item numbers
	for _, f := range files {
		got[f] = map[string][]int{"zelensky": {}, "nato": {}}
		for n, it := range readFeed(t, filepath.Join(dir, f)) {
			text := it.Description + "\n" + it.FullText
			found := map[string]bool{}
			for _, h := range ix.Match(it.Title.Inner, text) {
				found[h.Key] = true
				got[f][h.Key] = append(got[f][h.Key], n)
			}
			z, nt := oracle(it.Title.Inner + "\n" + text)
			if found["zelensky"] != z {
				t.Errorf("%s item %d: Zelensky matched %v, oracle says %v", f, n, found["zelensky"], z)
			}
			if found["nato"] != nt {
				t.Errorf("%s item %d: NATO matched %v, oracle says %v", f, n, found["nato"], nt)
			}
		}
	}
	total := map[string]int{}
	for _, byWatch := range got {
		for w, items := range byWatch {
			total[w] += len(items)
		}
	}
	if total["zelensky"] == 0 || total["nato"] == 0 {
		t.Errorf("found %v items; the feeds mention both Зеленський and НАТО", total)
	}
	golden := filepath.Join("testdata", "feeds_golden.json")
	out, _ := json.MarshalIndent(got, "", "  ")
	out = append(out, '\n')
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestFeedsGolden -update)", err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("matched items differ from %s:\n%s", golden, out)
	}
}
