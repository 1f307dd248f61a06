package match

import "testing"

func TestCatalogueNamesOfSeveralWordsExpandInsideAQuery(t *testing.T) {
	tests := []struct {
		name, query, title, text string
		match                    bool
		describe                 string // as Describe writes it: a name of several words quoted
	}{
		{"von der Leyen and a word", "von der Leyen Ucraina", "Фон дер Ляєн у Києві", "Ucraina e Unione europea", true, `"von der Leyen" AND Ucraina`},
		{"the word is still required", "von der Leyen Ucraina", "Von der Leyen in Brussels", "budget talks", false, `"von der Leyen" AND Ucraina`},
		{"Xi Jinping or a word", "Xi Jinping OR Taiwan", "Сі Цзіньпін прибув до Москви", "", true, `"Xi Jinping" OR Taiwan`},
		{"a name after a word", "NATO Kim Jong Un", "NATO warns Kim Jong Un", "", true, `NATO AND "Kim Jong Un"`},
		{"a prefix breaks the run", "von der Leyen*", "Von der Leyen", "", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat := Builtin()
			if err := Check(tt.query, cat); err != nil {
				t.Fatalf("Check(%q): %v", tt.query, err)
			}
			ix, err := Compile([]Watch{{Key: "w", Query: tt.query}}, cat)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(ix.Match(tt.title, tt.text)) > 0; got != tt.match {
				t.Fatalf("%q on %q / %q: match = %v, want %v", tt.query, tt.title, tt.text, got, tt.match)
			}
			if tt.describe != "" {
				if got := Describe(tt.query, cat); got != tt.describe {
					t.Fatalf("Describe(%q) = %q, want %q", tt.query, got, tt.describe)
				}
			}
		})
	}
}
