package match

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func render(ps []Piece) string {
	var b strings.Builder
	for _, p := range ps {
		if p.Bold {
			fmt.Fprintf(&b, "<b>%s</b>", p.Text)
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func TestSnippet(t *testing.T) {
	long := "Il governo ha discusso a lungo il bilancio e le pensioni. Poi il vertice della Nato a Bruxelles ha discusso le garanzie per l'Ucraina, mentre Zelensky chiedeva più aiuti. Molte altre parole seguono qui per allungare il testo."
	cases := []struct {
		name  string
		text  string
		terms []string
		max   int
		want  string
	}{
		{"whole text with every match in bold", "La Nato e l'Ucraina", []string{"NATO", "ucrain*"}, 0,
			"La <b>Nato</b> e l'<b>Ucraina</b>"},
		{"acronym rule holds in snippets", "è nato un panda, dice la Nato", []string{"NATO"}, 0,
			"è nato un panda, dice la <b>Nato</b>"},
		{"phrase in bold as one piece", "il vertice dell'Alleanza Atlantica oggi", []string{`"Alleanza Atlantica"`}, 0,
			"il vertice dell'<b>Alleanza Atlantica</b> oggi"},
		{"Cyrillic case form", "Указ Зеленського набув чинності", []string{"Зеленськ*"}, 0,
			"Указ <b>Зеленського</b> набув чинності"},
		{"cut at word boundaries around the first match", long, []string{"NATO"}, 60,
			"…il vertice della <b>Nato</b> a Bruxelles ha discusso le garanzie…"},
		{"white space collapsed", "NATO\n\n  summit", []string{"NATO"}, 0, "<b>NATO</b> summit"},
		{"no match shows the start", long, []string{"Renato"}, 30, "Il governo ha discusso a…"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := Snippet(c.text, c.terms, c.max)
			if got := render(ps); got != c.want {
				t.Errorf("Snippet = %q, want %q", got, c.want)
			}
			if c.max > 0 {
				n := 0
				for _, p := range ps {
					n += utf8.RuneCountInString(p.Text)
				}
				if n > c.max {
					t.Errorf("snippet has %d runes, more than %d", n, c.max)
				}
			}
		})
	}
}

func TestSnippetUsesHitTerms(t *testing.T) {
	ix, err := Compile([]Watch{{"w", "NATO"}}, Builtin())
	if err != nil {
		t.Fatal(err)
	}
	text := "Генсек НАТО і L’OTAN"
	hits := ix.Match("", text)
	if len(hits) != 1 {
		t.Fatalf("hits = %v", hits)
	}
	if got, want := render(Snippet(text, hits[0].Terms, 0)), "Генсек <b>НАТО</b> і L’<b>OTAN</b>"; got != want {
		t.Errorf("Snippet = %q, want %q", got, want)
	}
}
