package article

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/vedetta/vedetta/watch/match"
)

func readPage(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// encode turns a UTF-8 page into windows-1251 bytes, as an old Ukrainian or Russian site
// serves it.
func encode1251(t testing.TB, b []byte) []byte {
	t.Helper()
	out, err := charmap.Windows1251.NewEncoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestExtract(t *testing.T) {
	uk := readPage(t, "uk_no_charset.html")
	uk1251 := encode1251(t, uk)
	if utf8.Valid(uk1251) {
		t.Fatal("the windows-1251 page should not be valid UTF-8")
	}
	uk1251meta := bytes.Replace(uk1251, []byte("<head>"), []byte(`<head><meta charset="windows-1251">`), 1)

	tests := []struct {
		name        string
		body        []byte
		contentType string
		want        []string // in the text
		wantNot     []string // never in the text
	}{
		{
			name: "Italian: the mention in paragraph 5 is in the text, sidebar and menus are not",
			body: readPage(t, "it_body_mention.html"), contentType: "text/html; charset=utf-8",
			want:    []string{"I capi di stato maggiore", "Volodymyr Zelensky ha ringraziato", "La discussione riprenderà"},
			wantNot: []string{"Lavrov", "Più letti", "Politica", "Privacy", "Borsa"},
		},
		{
			name: "English: a name only in the cookie banner, menu, read-also list, link line, sidebar, comments and footer is not in the text",
			body: readPage(t, "en_sidebar_only.html"), contentType: "text/html",
			want:    []string{"Defence ministers meeting in Brussels", "review spending targets"},
			wantNot: []string{"Zelensky", "cookies", "Most read", "Read also", "newsletter", "Tags"},
		},
		{
			name: "German: the mention in paragraph 5 is in the text, the related list is not",
			body: readPage(t, "de_body_mention.html"), contentType: "text/html",
			want:    []string{"Wolodymyr Selenskyj begrüßte", "Unterseekabeln"},
			wantNot: []string{"Lawrow", "Mehr zum Thema", "Impressum", "Startseite"},
		},
		{
			name: "Ukrainian in windows-1251 with no charset anywhere is decoded",
			body: uk1251, contentType: "text/html",
			want:    []string{"Президент Володимир Зеленський подякував", "Начальники генеральних штабів"},
			wantNot: []string{"Головна", "Усі права"},
		},
		{
			name: "Ukrainian in windows-1251 declared in the Content-Type is decoded",
			body: uk1251, contentType: "text/html; charset=windows-1251",
			want: []string{"Володимир Зеленський"},
		},
		{
			name: "Ukrainian in windows-1251 declared in a meta tag is decoded",
			body: uk1251meta, contentType: "text/html",
			want: []string{"Володимир Зеленський"},
		},
		{
			name: "a page with no Content-Type is sniffed as HTML",
			body: readPage(t, "it_body_mention.html"), contentType: "",
			want: []string{"Volodymyr Zelensky"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, err := Extract(tt.body, tt.contentType, "https://news.example/a/1")
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if !utf8.ValidString(text) {
				t.Errorf("text is not valid UTF-8")
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(text, w) {
					t.Errorf("text has %q:\n%s", w, text)
				}
			}
		})
	}
}

func TestExtractParagraphsAreLines(t *testing.T) {
	text, err := Extract(readPage(t, "it_body_mention.html"), "text/html", "https://news.example/a/1")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(text, "\n")
	if len(lines) != 6 {
		t.Fatalf("want the 6 paragraphs as 6 lines, got %d:\n%s", len(lines), text)
	}
	if !strings.Contains(lines[4], "Zelensky") {
		t.Errorf("paragraph 5 should hold the mention: %q", lines[4])
	}
}

func TestExtractRefuses(t *testing.T) {
	big := bytes.Repeat([]byte("<p>Zelensky parla alla nazione. </p>\n"), (5<<20)/37)
	tests := []struct {
		name        string
		body        []byte
		contentType string
		want        error
	}{
		{"a PDF is not a page", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "application/pdf", ErrNotHTML},
		{"JSON is not a page", []byte(`{"title":"Zelensky"}`), "application/json", ErrNotHTML},
		{"an image without a Content-Type is not a page", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", ErrNotHTML},
		{"a 5 MiB page is refused, not parsed", big, "text/html", ErrPageTooLarge},
		{"a page with no text has no article", []byte("<html><body><nav><a href=/>Home</a></nav></body></html>"), "text/html", ErrNoText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, err := Extract(tt.body, tt.contentType, "https://news.example/a/1")
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v (text %q)", err, tt.want, text)
			}
		})
	}
}

func TestToUTF8Latin(t *testing.T) {
	// windows-1252 without a declaration: the guess must not read it as Cyrillic.
	page, err := charmap.Windows1252.NewEncoder().String("<html><body><p>La città è già pronta: perché no?</p></body></html>")
	if err != nil {
		t.Fatal(err)
	}
	got := string(toUTF8([]byte(page), "text/html"))
	if !strings.Contains(got, "La città è già pronta: perché no?") {
		t.Errorf("got %q", got)
	}
}

// TestSnippetFromTheMatchingSentence is the recipe a digest follows for a body-only mention:
// the sentence of the article where the watch matched, the matched word in bold — not the
// article's first line.
func TestSnippetFromTheMatchingSentence(t *testing.T) {
	text, err := Extract(readPage(t, "it_body_mention.html"), "text/html", "https://news.example/a/1")
	if err != nil {
		t.Fatal(err)
	}
	var pieces []match.Piece
	for s := range Sentences(text) {
		ps := match.Snippet(s, []string{"Zelensky"}, 300)
		if slices.ContainsFunc(ps, func(p match.Piece) bool { return p.Bold }) {
			pieces = ps
			break
		}
	}
	want := []match.Piece{
		{Text: "In serata il presidente ucraino Volodymyr "},
		{Text: "Zelensky", Bold: true},
		{Text: " ha ringraziato gli alleati con un messaggio pubblicato su X e su Telegram, sottolineando che le garanzie devono essere «concrete, verificabili e durature»."},
	}
	if !slices.Equal(pieces, want) {
		t.Errorf("snippet = %+v\nwant %+v", pieces, want)
	}
}

// FuzzExtract: whatever the bytes, Extract returns text or an error, and the text is valid
// UTF-8 within MaxBytes.
func FuzzExtract(f *testing.F) {
	for _, name := range []string{"it_body_mention.html", "en_sidebar_only.html", "de_body_mention.html"} {
		f.Add(readPage(f, name), "text/html")
	}
	f.Add(encode1251(f, readPage(f, "uk_no_charset.html")), "")
	f.Add([]byte("<html><body><p><a href=x>a</a><table><tr><td><p>unclosed"), "text/html; charset=koi8-r")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "text/html")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		text, err := Extract(body, contentType, "https://news.example/a")
		if err != nil {
			return
		}
		if !utf8.ValidString(text) || len(text) > MaxBytes {
			t.Errorf("bad text: %d bytes, valid %v", len(text), utf8.ValidString(text))
		}
	})
}
