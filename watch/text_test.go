package watch

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBound(t *testing.T) {
	long := strings.Repeat("Prima frase del pezzo. ", 10) + "Zelensky parla."
	tests := []struct {
		name string
		text string
		max  int
		want string
	}{
		{"short text is kept whole", "Una frase. Due frasi.", 100, "Una frase. Due frasi."},
		{"long text is cut after the last whole sentence", long, 60, "Prima frase del pezzo. Prima frase del pezzo."},
		{"a paragraph end is a cut point", "Riga uno senza punto\nRiga due senza punto e ancora", 30, "Riga uno senza punto"},
		{"text without sentences is cut at a word with an ellipsis", strings.Repeat("parola ", 20), 40, "parola parola parola parola parola…"},
		{"a dot inside a number is no sentence end", "Il 3.5 per cento di tutti noi e di loro va", 30, "Il 3.5 per cento di tutti…"},
		{"Cyrillic is never cut inside a letter", strings.Repeat("Зеленський ", 10), 31, "Зеленський…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Bound(tt.text, tt.max)
			if got != tt.want {
				t.Errorf("Bound = %q, want %q", got, tt.want)
			}
			if len(got) > tt.max {
				t.Errorf("len %d > max %d", len(got), tt.max)
			}
			if !utf8.ValidString(got) {
				t.Errorf("not valid UTF-8: %q", got)
			}
		})
	}
}

func TestSentences(t *testing.T) {
	text := "Il 3.5 per cento è poco. Lo dice il rapporto! Perché?\nNuova riga senza punto\nUltima… fine."
	want := []string{"Il 3.5 per cento è poco.", "Lo dice il rapporto!", "Perché?", "Nuova riga senza punto", "Ultima…", "fine."}
	got := slices.Collect(Sentences(text))
	if !slices.Equal(got, want) {
		t.Errorf("Sentences =\n%q\nwant\n%q", got, want)
	}
	for s := range Sentences(text) { // stopping early is allowed
		if s != want[0] {
			t.Errorf("first = %q", s)
		}
		break
	}
}
