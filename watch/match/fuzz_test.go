package match

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// FuzzQuery checks that no query or text makes the parser, the index or Snippet panic,
// and that whatever Check accepts compiles. Time is bounded by construction: queries are
// at most MaxQueryLen bytes and matching is linear in the text.
func FuzzQuery(f *testing.F) {
	for _, s := range []struct{ q, text string }{
		{"NATO ucrain*", "La Nato e l'Ucraina"},
		{`(Zelensky | "Alleanza Atlantica") -Renato`, "<b>Зеленського</b> &amp; L’OTAN"},
		{"NOT NOT a", "a"},
		{"((((a))))", "a"},
		{`"a b* c"`, "a bb c"},
		{"-", "-"},
		{"a*b", ""},
		{"м'ясо", "м’ясо"},
		{"«Білий дім»", "Білого дому"},
	} {
		f.Add(s.q, s.text)
	}
	cat := Builtin()
	f.Fuzz(func(t *testing.T, q, text string) {
		err := Check(q, cat)
		_ = Describe(q, cat)
		if err != nil {
			return
		}
		ix, err := Compile([]Watch{{"w", q}}, cat)
		if err != nil {
			t.Fatalf("Check accepted %q but Compile failed: %v", q, err)
		}
		for _, h := range ix.Match(text, text) {
			for _, p := range Snippet(text, h.Terms, 50) {
				if !utf8.ValidString(p.Text) && utf8.ValidString(text) {
					t.Fatalf("snippet piece %q is not valid UTF-8", p.Text)
				}
			}
		}
	})
}

// FuzzNormalize checks that the normaliser is idempotent and emits only words and single
// spaces.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"L’OTAN, NATO's NATO-led", "<p>Зеле́нський &amp; Ёлка</p>", "Außen &#233;t&eacute;", "ΟΔΟΣ", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Normalize(nil, s)
		twice := Normalize(nil, string(once))
		if !bytes.Equal(once, twice) {
			t.Fatalf("Normalize is not idempotent on %q: %q then %q", s, once, twice)
		}
		if bytes.HasPrefix(once, []byte(" ")) || bytes.HasSuffix(once, []byte(" ")) || bytes.Contains(once, []byte("  ")) {
			t.Fatalf("Normalize(%q) = %q: stray spaces", s, once)
		}
	})
}

// FuzzCatalogueNames checks that the catalogue's context rules never panic on any title,
// text and declared language, and answer the same twice (the per-item state is reset).
func FuzzCatalogueNames(f *testing.F) {
	for _, s := range []struct{ title, text, lang string }{
		{"Nato a Cuneo nel 1941", "", "it"},
		{"", "Meloni e angurie: «Meloni»", ""},
		{"Trump card", "Trumps\u200b", "en"},
		{"Путина на Камчатке.", "Мерці", "ru"},
		{"<b>Poutine</b> :", "– Kallas", "fr-CA"},
		{"", "", ""},
	} {
		f.Add(s.title, s.text, s.lang)
	}
	var ws []Watch
	for _, n := range []string{"Zelensky", "NATO", "Putin", "Lavrov", "Rutte", "Meloni", "Trump", "Macron", "Merz", "Kallas", "von der Leyen", "Tusk"} {
		ws = append(ws, Watch{Key: n, Query: n})
	}
	ix, err := Compile(ws, Builtin())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, title, text, lang string) {
		a := ix.MatchLang(title, text, lang)
		b := ix.MatchLang(title, text, lang)
		if len(a) != len(b) {
			t.Fatalf("MatchLang(%q, %q, %q) answered %v, then %v", title, text, lang, a, b)
		}
	})
}
