package opml

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseRealFiles(t *testing.T) {
	tests := []struct {
		file       string
		count      int
		first      Outline
		wantInside string // a title expected among the outlines
	}{
		{"plenary_ukraine.opml", 12, Outline{Title: "News Agency UNIAN", URL: "https://rss.unian.net/site/news_eng.rss", Category: "Ukraine"}, "Українська правда"},
		{"plenary_italy.opml", 13, Outline{}, ""},
		{"plenary_recommended_news.opml", 11, Outline{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := Parse(f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.count {
				t.Fatalf("%d outlines, want %d", len(got), tt.count)
			}
			if tt.first != (Outline{}) && got[0] != tt.first {
				t.Fatalf("first = %+v, want %+v", got[0], tt.first)
			}
			for _, o := range got {
				if !strings.HasPrefix(o.URL, "http") || o.Title == "" || o.Category == "" {
					t.Errorf("outline %+v", o)
				}
			}
			if tt.wantInside != "" && !slices.ContainsFunc(got, func(o Outline) bool { return o.Title == tt.wantInside }) {
				t.Errorf("no outline titled %q", tt.wantInside)
			}
		})
	}
}

func TestParseEdgeCases(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []Outline
	}{
		{"nested categories are flattened", `<opml version="2.0"><body><outline text="World"><outline text="Europe"><outline text="ANSA" xmlUrl="https://ansa.it/rss"/></outline></outline></body></opml>`,
			[]Outline{{Title: "ANSA", URL: "https://ansa.it/rss", Category: "World / Europe"}}},
		{"attribute case varies and text stands in for title", `<opml><body><outline text="A" xmlURL="https://a.example/f"/><outline xmlurl="https://b.example/f"/></body></opml>`,
			[]Outline{{Title: "A", URL: "https://a.example/f"}, {Title: "https://b.example/f", URL: "https://b.example/f"}}},
		{"duplicate URLs are listed once", `<opml><body><outline text="A" xmlUrl="https://a.example/f"/><outline text="A2" xmlUrl="https://a.example/f"/></body></opml>`,
			[]Outline{{Title: "A", URL: "https://a.example/f"}}},
		{"HTML entities and Latin-1 are read", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml><body><outline text=\"Le\xa0Monde&nbsp;\xe9t\xe9\" xmlUrl=\"https://lemonde.fr/rss\"/></body></opml>",
			[]Outline{{Title: "Le Monde été", URL: "https://lemonde.fr/rss"}}},
		{"an empty body has no outlines", `<opml version="1.0"><head/><body/></opml>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(strings.NewReader(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"an RSS feed":  `<rss version="2.0"><channel/></rss>`,
		"an HTML page": `<!DOCTYPE html><html><body>hi</body></html>`,
		"garbage":      "not xml at all",
		"a huge file":  "<opml><body>" + strings.Repeat(" ", MaxBytes) + "</body></opml>",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(strings.NewReader(doc)); !errors.Is(err, ErrNotOPML) {
				t.Fatalf("Parse = %v, want ErrNotOPML", err)
			}
		})
	}
}

func TestWriteThenParseRoundTrips(t *testing.T) {
	in := []Outline{
		{Title: `Tom & Jerry's "news" <daily>`, URL: "https://a.example/f?x=1&y=2"},
		{Title: "ANSA", URL: "https://ansa.it/rss", Category: "Italia"},
		{Title: "Українська правда", URL: "https://www.pravda.com.ua/rss/", Category: "Україна"},
		{Title: "Il Post", URL: "https://ilpost.it/feed", Category: "Italia"},
	}
	var buf bytes.Buffer
	if err := Write(&buf, "Vedetta sources", in); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), `<?xml version="1.0" encoding="UTF-8"?>`) || !strings.Contains(buf.String(), `<opml version="2.0">`) || !strings.Contains(buf.String(), "<title>Vedetta sources</title>") {
		t.Fatalf("output:\n%s", buf.String())
	}
	out, err := Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	// Grouping puts the second Italian feed next to the first.
	want := []Outline{in[0], in[1], in[3], in[2]}
	if !slices.Equal(out, want) {
		t.Fatalf("round trip:\n got %+v\nwant %+v\n%s", out, want, buf.String())
	}
	var again bytes.Buffer
	Write(&again, "Vedetta sources", in)
	if again.String() != buf.String() {
		t.Fatal("Write is not deterministic")
	}
}
