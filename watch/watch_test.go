package watch

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTitle(t *testing.T) {
	long := strings.Repeat("Зеленський провів зустріч ", 10)
	tests := []struct {
		name, text, want string
	}{
		{"the first non-empty line", "\n  \nNATO summit opens\nDetails follow.", "NATO summit opens"},
		{"a short text is kept whole", "Zelensky in Rome", "Zelensky in Rome"},
		{"an empty text gives an empty title", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Title(tt.text); got != tt.want {
				t.Fatalf("Title(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
	t.Run("a long line is cut at a word with an ellipsis", func(t *testing.T) {
		got := Title(long)
		if n := utf8.RuneCountInString(got); n > TitleRunes+1 || !strings.HasSuffix(got, "…") || strings.HasSuffix(got, " …") {
			t.Fatalf("Title(long) = %q (%d runes)", got, n)
		}
		if !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
			t.Fatalf("Title(long) = %q is not a prefix", got)
		}
	})
}

func TestBodyIsFeedTextThenArticle(t *testing.T) {
	for _, tc := range []struct {
		name string
		it   Item
		want string
	}{
		{"feed text only", Item{Text: "Una riga."}, "Una riga."},
		{"article only", Item{Article: "Il testo."}, "Il testo."},
		{"both, a blank line between", Item{Text: "Una riga.", Article: "Il testo."}, "Una riga.\n\nIl testo."},
		{"neither", Item{Title: "Titolo"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.it.Body(); got != tc.want {
				t.Errorf("Body() = %q, want %q", got, tc.want)
			}
		})
	}
}
