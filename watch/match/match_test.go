package match

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

// matches reports whether query matches an item with that title and text.
func matches(t *testing.T, cat *Catalogue, query, title, text string) bool {
	t.Helper()
	ix, err := Compile([]Watch{{Key: "w", Query: query}}, cat)
	if err != nil {
		t.Fatalf("Compile(%q): %v", query, err)
	}
	return len(ix.Match(title, text)) == 1
}

func TestMatch(t *testing.T) {
	cases := []struct {
		name  string
		query string
		text  string
		want  bool
	}{
		// Namesakes and common words that must not match.
		{"NATO never matches Renato", "NATO", "Renato Brunetta ha parlato ieri", false},
		{"NATO never matches donato", "NATO", "un libro donato alla biblioteca", false},
		{"NATO never matches donation", "NATO", "A donation to the fund was announced", false},
		{"NATO never matches Italian è nato", "NATO", "È nato un panda allo zoo di Berlino", false},
		{"NATO never matches Russian донатов", "NATO", "Сбор донатов для армии продолжается", false},
		{"NATO matches Nato", "NATO", "Vertice Nato a Bruxelles", true},
		{"NATO matches NATO's", "NATO", "NATO's eastern flank", true},
		{"NATO matches NATO-led", "NATO", "a NATO-led mission", true},
		{"NATO matches Nato-Gipfel", "NATO", "Der Nato-Gipfel in Den Haag", true},
		{"NATO matches L'OTAN", "NATO", "L'OTAN renforce son flanc est", true},
		{"NATO matches L’OTAN with a typographic apostrophe", "NATO", "L’OTAN renforce son flanc est", true},
		{"NATO matches Spanish la OTAN", "NATO", "la OTAN celebra su cumbre", true},
		{"NATO matches Ukrainian НАТО", "NATO", "Генсек НАТО заявив про підтримку", true},
		{"NATO matches Alleanza Atlantica after an elision", "NATO", "il vertice dell'Alleanza Atlantica", true},
		{"NATO matches NATO in HTML", "NATO", "<p>Summit <b>NATO</b>&nbsp;today</p>", true},
		{"NATO never matches a tag attribute", "NATO", `<a href="https://nato.int/">link</a>`, false},
		{"literal NATO acronym never matches lower-case nato", "NATO OR Renato", "è nato", false},

		// Zelensky in every language.
		{"Zelensky matches Zelenskyy", "Zelensky", "President Zelenskyy said", true},
		{"Zelensky matches German Selenskyj", "Zelensky", "Selenskyj trifft Merz", true},
		{"Zelensky matches Spanish Zelenski", "Zelensky", "Zelenski pide más ayuda", true},
		{"Zelensky matches Zelensky-Trump", "Zelensky", "the Zelensky-Trump meeting", true},
		{"Zelensky matches Ukrainian Зеленський", "Zelensky", "Зеленський підписав указ", true},
		{"Зеленського matches Zelensky", "Zelensky", "Указ Зеленського набув чинності", true},
		{"Зеленському matches Zelensky", "Zelensky", "Байден подзвонив Зеленському", true},
		{"Zelensky matches Russian Зеленский", "Zelensky", "Зеленский заявил", true},
		{"Zelensky matches Russian Зеленского with a stress mark", "Zelensky", "указ Зеле́нского", true},
		{"Zelensky matches across an HTML tag", "Zelensky", "<b>Зеленський</b>: ми готові", true},
		{"Zelensky never matches inside another word", "Zelensky", "Zelenskyism is not a word", false},
		{"Zelensky matches in upper case", "Zelensky", "ZELENSKY IN WASHINGTON", true},

		// Other catalogue entries and their traps.
		{"Putin matches French Poutine", "Putin", "Poutine menace l'Europe", true},
		{"Putin never matches the dish poutine", "Putin", "une poutine au fromage", false},
		{"Putin matches Путіна", "Putin", "зустріч з Путіним", true},
		{"Trump matches Трампа", "Trump", "адміністрація Трампа", true},
		{"Trump never matches трамплин", "Trump", "прыжки с трамплина", false},
		{"Merz matches Мерца", "Merz", "визит Мерца в Киев", true},
		{"Merz never matches мерцание", "Merz", "мерцание звёзд", false},
		{"Meloni matches Meloni", "Meloni", "Meloni incontra Zelensky", true},
		{"Meloni never matches melons", "Meloni", "meloni e angurie al mercato", false},
		{"Tusk never matches tusk", "Tusk", "an elephant tusk", false},
		{"Tusk matches Туском", "Tusk", "переговори з Туском", true},
		{"Tusk never matches тусклый", "Tusk", "тусклый свет", false},
		{"Crimea matches Криму", "Crimea", "ситуація в Криму", true},
		{"Crimea never matches кримінальний", "Crimea", "кримінальне провадження", false},
		{"Crimea matches French la Crimée", "Crimea", "la Crimée annexée", true},
		{"Lavrov matches Лаврову", "Lavrov", "Лаврову ответили", true},
		{"Lavrov matches German Lawrow", "Lavrov", "Lawrow droht", true},
		{"Kremlin matches кремлівський", "Kremlin", "кремлівський режим", true},
		{"White House matches Білого дому", "White House", "речник Білого дому", true},
		{"White House matches Weißen Haus", "White House", "im Weißen Haus", true},
		{"White House matches Белом доме", "White House", "в Белом доме заявили", true},
		{"EU matches Unión Europea", "EU", "la Unión Europea aprueba", true},
		{"EU matches Italian Ue", "EU", "la Ue e la Nato", true},
		{"EU matches EU-Kommission", "EU", "Die EU-Kommission schlägt vor", true},
		{"EU matches Євросоюзу", "EU", "санкції Євросоюзу", true},
		{"EU never matches Portuguese eu", "EU", "eu não sei", false},
		{"IAEA matches МАГАТЕ", "IAEA", "місія МАГАТЕ на ЗАЕС", true},
		{"IAEA matches Italian l'AIEA", "IAEA", "secondo l'AIEA", true},
		{"UN never matches French Un", "UN", "Un homme arrêté à Paris", false},
		{"UN matches ООН", "UN", "Генассамблея ООН", true},
		{"UN matches the UN", "UN", "the UN said on Monday", true},
		{"Ukraine matches Ucraina", "Ukraine", "la guerra in Ucraina", true},
		{"Ukraine matches ukrainien", "Ukraine", "le président ukrainien", true},
		{"Ukraine matches України", "Ukraine", "Президент України", true},
		{"Ukraine matches Украине", "Ukraine", "войны в Украине", true},
		{"von der Leyen matches as a whole query", "von der Leyen", "Ursula von der Leyen in Kyiv", true},
		{"Xi Jinping matches German genitive", "Xi Jinping", "Xi Jinpings Besuch", true},

		// The query language.
		{"AND needs both", "NATO AND Ucraina", "La Nato discute", false},
		{"space is AND", "NATO ucrain*", "La Nato discute dell'Ucraina", true},
		{"comma is OR", "Renato, Brunetta", "Brunetta ha detto", true},
		{"pipe is OR", "Renato | Brunetta", "Brunetta ha detto", true},
		{"minus excludes", "NATO -Russia", "NATO and Russia", false},
		{"NOT excludes", "NATO NOT Russia", "NATO and Russia", false},
		{"parentheses group", "(Renato OR Brunetta) AND Roma", "Brunetta a Roma", true},
		{"prefix matches case forms", "ucrain*", "gli ucraini", true},
		{"prefix needs the word start", "crain*", "Ucraina", false},
		{"phrase needs adjacent words", `"Alleanza Atlantica"`, "Alleanza per la causa Atlantica", false},
		{"phrase with a prefix word", `"Біл* дім"`, "Білий дім", true},
		{"hyphenated query word is a phrase", "Nato-Gipfel", "beim Nato Gipfel", true},
		{"hyphenated query word needs both words", "Nato-Gipfel", "Gipfel der Nato", false},
		{"smart quotes make a phrase", "“Alleanza Atlantica”", "l'Alleanza Atlantica", true},

		// Normalisation.
		{"diacritics are ignored", "Orbán", "Orban said", true},
		{"German ß matches ss", "Außenminister", "Aussenminister Wadephul", true},
		{"Greek ignores case and tonos", "Ελλάδα", "ΕΛΛΑΔΑ και Κύπρος", true},
		{"Russian ё matches е", "Горбачёв", "Михаил Горбачев", true},
		{"Russian е matches ё", "Горбачев", "Михаил Горбачёв", true},
		{"Russian й never matches и", "мой", "мои друзья", false},
		{"Ukrainian ї never matches і", "їх", "іх", false},
		{"Ukrainian apostrophe is inside the word", "м'ясо", "ціни на м’ясо", true},
		{"Ukrainian apostrophe word never matches its tail", "ясо", "ціни на м'ясо", false},
		{"entities are decoded", "été", "l'&eacute;t&#233; dernier", true},
		{"soft hyphen inside a word is ignored", "Zelensky", "Zelen\u00adsky", true},
		{"zero-width space inside a word is ignored", "NATO", "Vertice NA\u200bTO a Bruxelles", true},
		{"zero-width non-joiner inside a word is ignored", "NATO", "NA\u200cTO summit", true},
		{"word joiner inside a word is ignored", "NATO", "NA\u2060TO summit", true},
		{"byte-order mark inside a word is ignored", "NATO", "NA\ufeffTO summit", true},
		{"left-to-right mark inside a word is ignored", "NATO", "NA\u200eTO summit", true},
		{"right-to-left isolate inside a word is ignored", "NATO", "NA\u2067TO\u2069 summit", true},
		{"zero-width space inside a Cyrillic word is ignored", "NATO", "саміт НА\u200bТО", true},
		{"zero-width space never joins two words into a term", "NATO", "NA\u200b TO", false},
	}
	cat := Builtin()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := matches(t, cat, c.query, "", c.text); got != c.want {
				t.Errorf("query %q on %q: matched %v, want %v", c.query, c.text, got, c.want)
			}
		})
	}
}

func TestMatchLiteralAcronym(t *testing.T) {
	// Without the catalogue NATO is one literal acronym term.
	if matches(t, nil, "NATO", "", "è nato un panda") {
		t.Error("NATO matched lower-case nato")
	}
	if !matches(t, nil, "nato", "", "è nato un panda") {
		t.Error("lower-case nato did not match nato")
	}
	if !matches(t, nil, "NATO", "", "Vertice Nato") {
		t.Error("NATO did not match Nato")
	}
}

func TestPhraseNeverSpansTitleAndText(t *testing.T) {
	ix, err := Compile([]Watch{{"w", `"Alleanza Atlantica"`}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h := ix.Match("Vertice dell'Alleanza", "Atlantica a Bruxelles"); h != nil {
		t.Errorf("phrase spanned title and text: %v", h)
	}
	if h := ix.Match("Vertice dell'Alleanza Atlantica", ""); len(h) != 1 {
		t.Errorf("phrase in title: %v", h)
	}
	if h := ix.Match("", "Vertice dell'Alleanza Atlantica"); len(h) != 1 {
		t.Errorf("phrase in text: %v", h)
	}
}

func TestMatchReportsWatchesInOrderWithTerms(t *testing.T) {
	ws := []Watch{
		{"1/a", "Zelensky"},
		{"1/b", "Renato"},
		{"2/a", "NATO Ukraine"},
		{"2/b", "NATO -Zelensky"},
	}
	ix, err := Compile(ws, Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() != 4 {
		t.Errorf("Len = %d, want 4", ix.Len())
	}
	got := ix.Match("Зеленський у штаб-квартирі НАТО", "Україна просить більше ППО.")
	want := []Hit{
		{"1/a", []string{"Зеленськ*", "Зеленський"}, 0}, // the stem and the declined form found
		{"2/a", []string{"НАТО", "Україн*"}, 2},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Match = %v, want %v", got, want)
	}
	if got := ix.Match("Sport", "Nothing here"); got != nil {
		t.Errorf("Match on an unrelated item = %v, want nil", got)
	}
}

func TestMatchIsSafeForConcurrentUse(t *testing.T) {
	ix, err := Compile([]Watch{{"z", "Zelensky"}, {"n", "NATO"}}, Builtin())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				title := fmt.Sprintf("Зеленський %d", i)
				var want []string
				want = append(want, "z")
				if (g+i)%2 == 0 {
					title += " і НАТО"
					want = append(want, "n")
				}
				var got []string
				for _, h := range ix.Match(title, "текст") {
					got = append(got, h.Key)
				}
				if !slices.Equal(got, want) {
					errs <- fmt.Sprintf("%q: got %v, want %v", title, got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestCompileNamesTheBadWatch(t *testing.T) {
	_, err := Compile([]Watch{{"1/ok", "NATO"}, {"42/7", "NATO )"}}, Builtin())
	if err == nil || !strings.Contains(err.Error(), "42/7") {
		t.Fatalf("Compile error = %v, want one naming 42/7", err)
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Errorf("Compile error %v does not wrap a *ParseError", err)
	}
}

func TestEmptyIndexMatchesNothing(t *testing.T) {
	ix, err := Compile(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() != 0 || ix.Match("NATO", "NATO") != nil {
		t.Error("an empty index matched")
	}
}
