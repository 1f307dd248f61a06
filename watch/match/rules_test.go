package match

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
)

func TestCatalogueRules(t *testing.T) {
	cases := []struct {
		name, query, title, lang string
		want                     bool
	}{
		// Languages: inflected forms from rules.
		{"Polish instrumental Zełenskim", "Zelensky", "Rozmowa z Zełenskim trwała godzinę", "", true},
		{"Polish genitive Putina", "Putin", "Wizyta Putina w Pekinie", "", true},
		{"Polish relational adjective putinowski", "Putin", "Sankcje na putinowski reżim", "", true},
		{"Polish relational adjective natowski", "NATO", "natowskie samoloty nad Bałtykiem", "", true},
		{"Polish locative Tusku", "Tusk", "Mówiono o Tusku w Sejmie", "", true},
		{"Polish instrumental Tuskiem", "Tusk", "Spotkanie z Tuskiem", "", true},
		{"Polish dative Merzowi", "Merz", "Merzowi zależy na granicy", "", true},
		{"Polish Ławrow in the instrumental", "Lavrov", "Rozmowa z Ławrowem", "", true},
		{"German genitive Selenskyjs", "Zelensky", "Selenskyjs Berater warnt", "", true},
		{"German genitive with an apostrophe Merz'", "Merz", "Merz' Kabinett tagt", "", true},
		{"Dutch Poetin", "Putin", "Poetin dreigt opnieuw", "", true},
		{"Dutch NAVO", "NATO", "De NAVO-top begint", "", true},
		{"Ukrainian dative Мерцові", "Merz", "Зеленський передав Мерцові список", "", true},
		{"Ukrainian possessive Трампів", "Trump", "Трампів план миру", "", true},
		{"Ukrainian relational путінський", "Putin", "путінський режим", "", true},
		{"Russian relational натовский", "NATO", "натовский самолет-разведчик", "", true},
		{"Russian instrumental Лавровым", "Lavrov", "Встреча с Лавровым", "", true},
		{"Italian Patto Atlantico", "NATO", "Il Patto Atlantico compie 76 anni", "", true},
		{"von der Leyen in the German genitive", "von der Leyen", "Von der Leyens Kommission", "", true},

		// Namesakes.
		{"Siim Kallas is not Kaja Kallas", "Kallas", "Former prime minister Siim Kallas publishes memoir", "", false},
		{"Maria Callas in Cyrillic is not Kallas", "Kallas", "Марія Каллас: легенда оперної сцени", "", false},
		{"an opera item naming Каллас is not Kallas", "Kallas", "Каллас и Онассис: история любви", "", false},
		{"Kaja Kallas is Kallas", "Kallas", "Kaja Kallas travels to Kyiv", "", true},
		{"Merz Pharma is not Merz", "Merz", "Merz Pharma opens a plant", "", false},
		{"the artist Mario Merz is not Merz", "Merz", "Mario Merz, una retrospettiva", "", false},
		{"Arianna Meloni is not Meloni", "Meloni", "Arianna Meloni guida la segreteria", "", false},
		{"Boy-Żeleński is not Zelensky", "Zelensky", "Tadeusz Boy-Żeleński i Proust", "", false},
		{"Olena Zelenska is not Zelensky", "Zelensky", "Олена Зеленська відвідала школу", "", false},
		{"Melania Trump is not Trump", "Trump", "Melania Trump launches a book", "", false},
		{"Anna Lavrova is not Lavrov", "Lavrov", "Анна Лаврова выиграла турнир", "", false},
		{"Lyudmila Putina is not Putin", "Putin", "Людмила Путина дала интервью", "", false},
		{"the actor Kirill Lavrov is not Lavrov", "Lavrov", "Кирилл Лавров: фильмы актера покажут в Москве", "", false},

		// Common words.
		{"Italian Nato a Cuneo is born", "NATO", "Nato a Cuneo nel 1941, fu ambasciatore", "", false},
		{"Italian Nato: at a sentence start with what NATO does", "NATO", "Nato: nuovo comandante per le forze in Europa", "", true},
		{"Italian la Nato inside a sentence", "NATO", "Vertice della Nato a Vilnius", "", true},
		{"Italian Meloni e angurie are melons", "Meloni", "Meloni e angurie: prezzi in aumento", "", false},
		{"Italian Meloni with the government is the premier", "Meloni", "Meloni: il governo andrà avanti", "", true},
		{"Meloni is not a common word in German", "Meloni", "Meloni auf Reisen", "de", true},
		{"Meloni at a sentence start in Italian needs a context", "Meloni", "Meloni auf Reisen", "it", false},
		{"English trump card", "Trump", "Trump card: how small parties win", "", false},
		{"English title-case Trumps", "Trump", "Unity Trumps Division as Parliament Passes Budget", "", false},
		{"German Trumps Zölle", "Trump", "Trumps Zölle treffen die Autoindustrie", "", true},
		{"French poutine au fromage", "Putin", "Une poutine au fromage à Montréal", "", false},
		{"French Poutine: la recette", "Putin", "Poutine : la recette québécoise avec frites", "", false},
		{"French Poutine with Europe", "Putin", "Poutine menace l'Europe", "", true},
		{"Russian путина is the fishing season", "Putin", "Путина на Камчатке: рыбаки ждут лосося", "", false},
		{"Russian Путина at a sentence start", "Putin", "Путина пригласили на саммит", "", true},
		{"Russian лавровый лист is a bay leaf", "Lavrov", "Лавровый лист подорожал", "", false},
		{"Ukrainian лаврове листя is a bay leaf", "Lavrov", "Лаврове листя додає аромату борщу", "", false},
		{"Ukrainian Лаврова олія is laurel oil", "Lavrov", "Лаврова олія: користь і шкода", "", false},
		{"Ukrainian genitive Лаврова is him", "Lavrov", "Заява Лаврова про переговори", "", true},
		{"Ukrainian Лаврова at a sentence start with politics", "Lavrov", "Лаврова не пустили на саміт ОБСЄ", "", true},
		{"Ukrainian Мерці are the dead", "Merz", "Мерці встають з могил", "", false},
		{"Russian макронутриенты", "Macron", "Макронутриенты: как питаться", "", false},
		{"English elephant tusk", "Tusk", "Poachers seized an elephant tusk", "", false},
		{"Russian тусклый", "Tusk", "Тусклый свет фонарей", "", false},
		{"a name in lower case is not the name", "Putin", "путина началась", "", false},
		{"fishing words never hide Путин", "Putin", "Путин прилетел в Приморье на рыбный форум", "", true},
		{"card words never hide Trump inside a sentence", "Trump", "Markets fell after Trump played his trade card", "", true},
		{"Nato in a life story is a birth", "NATO", "Nato in Sicilia nel 1950, si è laureato a Palermo", "", false},
		{"Nato, then a comma, is NATO", "NATO", "Nato, il nuovo piano per il fianco sud", "", true},
		{"a firm's name is not the person", "Merz", "Die Firma Merz stellt Kosmetik her", "", false},
		{"a headline verb confirms a common-word surname", "Meloni", "Meloni incontra Modi a Nuova Delhi", "", true},
		{"a quoted colon confirms a common-word surname", "Meloni", "Meloni: «Andiamo avanti»", "", true},
		{"Ukrainian dative Мерцеві", "Merz", "Зеленський подякував Мерцеві", "", true},
	}
	cat := Builtin()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ix, err := Compile([]Watch{{Key: "w", Query: c.query}}, cat)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(ix.MatchLang(c.title, "", c.lang)) == 1; got != c.want {
				t.Errorf("%s on %q (lang %q): matched %v, want %v", c.query, c.title, c.lang, got, c.want)
			}
		})
	}
}

func TestUsersOwnTermsKeepTheQueryLanguage(t *testing.T) {
	cat := Builtin()
	cases := []struct {
		name, query, text string
		want              bool
	}{
		{"a user's prefix matches a namesake the catalogue name excludes", "Merz*", "Merz Pharma opens a plant", true},
		{"a user's phrase of lower-case words matches the common word", `"è nato"`, "è nato un panda", true},
		{"a user's acronym never matches lower case", "OTAN", "otan", false},
		{"a user's phrase matches", `"Arianna Meloni"`, "Arianna Meloni guida la segreteria", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := matches(t, cat, c.query, "", c.text); got != c.want {
				t.Errorf("%s on %q: matched %v, want %v", c.query, c.text, got, c.want)
			}
		})
	}
}

func TestAnAddedNameGetsItsInflectionsForFree(t *testing.T) {
	s := spec{name: "Orlov", kind: "person", desc: "a made-up minister", latin: "Orlov", pl: "Orłow", uk: "Орлов", ru: "Орлов"}
	cat := (*Catalogue)(nil).With([]Entry{s.build()})
	for _, text := range []string{"Orlovs Rede", "rozmowa z Orłowem", "wizyta Orłowa", "зустріч з Орловим", "встреча с Орловым", "визит Орлова", "Орлову доповіли"} {
		if !matches(t, cat, "Orlov", "", text) {
			t.Errorf("Orlov did not match %q", text)
		}
	}
	if matches(t, cat, "Orlov", "", "орлов") {
		t.Error("Orlov matched a lower-case word")
	}
}

func TestEveryBuiltinPersonHasFormsInTheTenLanguages(t *testing.T) {
	isCyr := func(s string) bool {
		return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) })
	}
	for _, e := range Builtin().Entries() {
		if e.ent == nil {
			t.Errorf("%s: no rules", e.Name)
			continue
		}
		var latin, cyr, polish bool
		for _, f := range e.ent.forms {
			switch {
			case isCyr(f.typed):
				cyr = true
			case f.lang == "pl":
				polish = true
			default:
				latin = true
			}
		}
		if !latin || !cyr {
			t.Errorf("%s: Latin forms %v, Cyrillic forms %v", e.Name, latin, cyr)
		}
		// A man's surname of one word that is not an acronym and does not end in -i, -y, -u
		// (not declined) has Polish case forms.
		if e.Kind == "person" && e.ent.g == masculine && !polish {
			f := e.ent.forms[0]
			if len(f.words) == 1 && f.cap && !isCyr(f.typed) && !f.words[0].prefix && !f.words[0].acronym && !strings.ContainsRune("iyu", lastRune(f.typed)) {
				t.Errorf("%s: %s has no Polish case forms", e.Name, f.typed)
			}
		}
	}
}

func TestExplainShowsMatchesAndExclusions(t *testing.T) {
	x, ok := Builtin().Explain("merz")
	if !ok {
		t.Fatal("Explain(merz) found nothing")
	}
	has := func(list []string, want string) bool { return slices.Contains(list, want) }
	formsIn := func(lang string) []string {
		for _, f := range x.Forms {
			if f.Lang == lang {
				return f.Forms
			}
		}
		return nil
	}
	weakUK := false
	for _, w := range x.Weak {
		weakUK = weakUK || w.Form == "Мерці" && slices.Equal(w.Langs, []string{"uk"})
	}
	switch {
	case x.Name != "Merz" || !strings.Contains(x.Description, "Friedrich Merz"):
		t.Errorf("Explain(Merz) is %q — %q", x.Name, x.Description)
	case !has(formsIn(""), "Merz") || !has(formsIn("pl"), "Merza") || !has(formsIn("uk"), "Мерцові"):
		t.Errorf("Explain(Merz) forms: %+v", x.Forms)
	case !x.Person || !has(x.Confirm, "Friedrich"):
		t.Errorf("Explain(Merz) is not confirmed by Friedrich: %v %v", x.Person, x.Confirm)
	case !has(x.NotBefore, "Mario"):
		t.Errorf("Explain(Merz) not before: %v", x.NotBefore)
	case !has(x.NotAfter, "Pharma") || !has(x.NotCues, "pharma*"):
		t.Errorf("Explain(Merz) not after: %v; cues: %v", x.NotAfter, x.NotCues)
	case !weakUK:
		t.Errorf("Explain(Merz) weak forms: %+v", x.Weak)
	}
	cat := Builtin().With([]Entry{{Name: "Merz", Kind: "topic", Description: "from config.yaml", Query: "Merz OR Мерц"}})
	x, _ = cat.Explain("Merz")
	if x.Query != "Merz OR Мерц" || len(x.Forms) > 0 || len(x.NotCues) > 0 {
		t.Errorf("Explain of an entry from config: %+v", x)
	}
	if _, ok := Builtin().Explain("Renato"); ok {
		t.Error("Explain(Renato) found an entry")
	}
}

func TestReviewWarning(t *testing.T) {
	reviewed, err := time.Parse(time.DateOnly, Reviewed)
	if err != nil {
		t.Fatalf("Reviewed %q: %v", Reviewed, err)
	}
	if w := ReviewWarning(reviewed.AddDate(0, 5, 0)); w != "" {
		t.Errorf("five months after the review: %q, want no warning", w)
	}
	w := ReviewWarning(reviewed.AddDate(0, 7, 0))
	for _, want := range []string{Reviewed, "/catalogue", "watches:", "- name:", "docs/CATALOGUE.md"} {
		if !strings.Contains(w, want) {
			t.Errorf("seven months after the review the warning lacks %q: %q", want, w)
		}
	}
}

func TestCatalogueHitTermsHighlightTheFormsFound(t *testing.T) {
	ix, err := Compile([]Watch{{Key: "z", Query: "Zelensky"}}, Builtin())
	if err != nil {
		t.Fatal(err)
	}
	text := "Rozmowa z Zełenskim trwała godzinę; Boy-Żeleński nie ma z tym nic wspólnego."
	hits := ix.Match("", text)
	if len(hits) != 1 {
		t.Fatalf("Match = %v, want one hit", hits)
	}
	var bold []string
	for _, p := range Snippet(text, hits[0].Terms, 0) {
		if p.Bold {
			bold = append(bold, p.Text)
		}
	}
	if len(bold) != 1 || bold[0] != "Zełenskim" {
		t.Errorf("Snippet bolds %q with terms %q, want only Zełenskim (not the writer Boy-Żeleński)", bold, hits[0].Terms)
	}
}

func TestNormLang(t *testing.T) {
	for tag, want := range map[string]string{"it": "it", "it-IT": "it", "pt_BR": "pt", " UK ": "uk", "ita": "it", "ger": "de", "xx": "", "": ""} {
		if got := normLang(tag); got != want {
			t.Errorf("normLang(%q) = %q, want %q", tag, got, want)
		}
	}
}

func TestDetectLang(t *testing.T) {
	for text, want := range map[string]string{
		"The minister said on Monday that the talks would go on":  "en",
		"Il governo ha approvato il decreto sulla sicurezza":      "it",
		"Die Regierung hat das Gesetz über die Rente beschlossen": "de",
		"Le gouvernement a présenté un plan pour la dette":        "fr",
		"El gobierno aprobó la ley de vivienda para los jóvenes":  "es",
		"O governo aprovou a reforma da previdência":              "pt",
		"Het kabinet wil meer geld voor defensie uitgeven":        "nl",
		"Rząd przyjął ustawę o obronie ojczyzny":                  "pl",
		"Уряд ухвалив закон про мобілізацію":                      "uk",
		"Правительство одобрило закон о бюджете":                  "ru",
		"": "",
	} {
		buf, toks := normalize(nil, text, nil, true)
		if got := detectLang(buf, toks, text); got != want {
			t.Errorf("detectLang(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestLanguageTakesTheDeclaredTagElseDetects(t *testing.T) {
	for _, tc := range []struct{ name, declared, title, text, want string }{
		{"a declared tag wins", "pt-BR", "The NATO summit opens in Brussels", "", "pt"},
		{"an unknown tag is detected", "xx", "Il vertice della NATO si apre a Bruxelles", "", "it"},
		{"Ukrainian letters", "", "Зеленський провів зустріч з генсеком НАТО", "", "uk"},
		{"Russian letters", "", "Лавров заявил, что встреча не состоится", "", "ru"},
		{"English text", "", "Allies meet", "The leaders of the alliance said that the meeting was over.", "en"},
		{"nothing to go by", "", "12345", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Language(tc.declared, tc.title, tc.text); got != tc.want {
				t.Fatalf("Language(%q, %q, %q) = %q, want %q", tc.declared, tc.title, tc.text, got, tc.want)
			}
		})
	}
}
