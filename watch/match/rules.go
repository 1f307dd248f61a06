package match

import (
	"strings"
	"unicode"
)

// spec describes a built-in catalogue figure or organisation by its base spellings and
// context rules; build turns it into an Entry whose forms are generated (inflect.go).
// Lists are "|"-separated.
type spec struct {
	name, kind, desc string
	g                gender

	latin string // surnames: spellings read in en, it, de, fr, es, pt and nl (German/Dutch genitive added)
	pl    string // Polish spellings (declined)
	uk    string // Ukrainian spellings (declined)
	ru    string // Russian spellings (declined)
	terms string // further terms as a query writes them, not declined: "Alleanza Atlantica", natowsk*, NATO

	confirm   string // first names and titles that confirm a mention within three words of it
	cues      string // words anywhere in the item that confirm a mention that needs it (prefix*)
	weak      string // "fr:Poutine|it:Meloni!": forms that are common words in that language; "!": strictly
	notBefore string // words right before a mention that make it someone else (Siim Kallas)
	notAfter  string // words right after a mention that make it something else (Merz Pharma)
	notCues   string // words anywhere in the item that make unconfirmed mentions someone else
	notForms  string // words that a prefix form finds but that are someone else (Зеленська, his wife)
	weakCues  string // "it:cresciut*": words anywhere in the item that make a common-word form at a sentence start the common word
}

// titles confirm any person named next to them: offices and forms of address, in the
// languages of the catalogue, in normal form where it matters (no diacritics).
const titles = "president|presidente|prasident|praesident|président|prezydent|prezydenta|prezydentem|президент|президента|президентові|президенту|президентом|" +
	"premier|premiere|premiera|premierem|premierowi|premierka|premiership|prime|primo|ministro|minister|ministre|ministra|ministerpräsident|" +
	"прем'єр|прем'єрка|прем'єра|премьер|премьера|міністр|министр|" +
	"chancellor|kanzler|bundeskanzler|kanzlers|cancelliere|chancelier|canciller|chanceler|kanselier|kanclerz|kanclerza|kanclerzem|канцлер|канцлера|канцлеру|канцлером|" +
	"leader|leaders|lider|lidera|лідер|лидер|secretary|segretario|segretaria|sekretarz|generalsekretär|generalsekretar|secrétaire|secretario|secretária|" +
	"генсек|генсека|генсекретар|генсекретаря|mr|mrs|ms|signor|signora|herr|frau|monsieur|madame|señor|señora|pan|pani|пан|пані|господин|госпожа|" +
	"commissioner|commissaria|kommissionschefin|présidente|presidenta|przewodnicząca|голова|глава|представник|представитель|" +
	"republican|republicans|democrat|cdu|fdi|pis"

// verbs are what people do in headlines, in the languages of the catalogue: next to a
// surname that is also a common word they say it is a person (Meloni incontra, melons do
// not). Verbs that objects do as well ("ha", "is", "se") are left out.
const verbs = "says|said|tells|warns|urges|calls|meets|met|visits|vows|signs|slams|announces|rejects|backs|pledges|arrives|threatens|praises|demands|insists|insisted|" +
	"dice|annuncia|incontra|vola|attacca|replica|avverte|chiede|firma|visita|riceve|sente|telefona|promette|difende|accusa|risponde|rilancia|esclude|conferma|ringrazia|parla|apre|" +
	"sagt|warnt|fordert|trifft|besucht|droht|kündigt|lehnt|reist|spricht|verteidigt|empfängt|telefoniert|" +
	"dit|affirme|annonce|appelle|rencontre|menace|reçoit|promet|défend|exige|salue|" +
	"afirma|anuncia|pide|reúne|amenaza|recibe|promete|defiende|acusa|exige|" +
	"diz|pede|ameaça|recebe|" +
	"zegt|waarschuwt|bezoekt|dreigt|ontvangt|belooft|eist|" +
	"mówi|zapowiada|spotkał|spotkała|ostrzega|grozi|apeluje|odwiedził|odwiedziła|przyjmuje|" +
	"каже|заявив|заявила|зустрівся|зустрілася|закликав|закликала|попередив|погрожує|відвідав|відвідала|" +
	"сказал|сказала|заявил|заявила|встретился|встретилась|призвал|призвала|предупредил|пригрозил|посетил|посетила"

// firms are words that, right before a surname, make it the name of a firm (die Firma Merz).
const firms = "firm|company|Firma|Unternehmen|Konzern|Hersteller|azienda|ditta|société|entreprise|empresa|companhia|bedrijf|firmy|firmą|компанія|компанії|компания|компании|фірма|фирма"

// womensNames are frequent Ukrainian and Russian women's first names: right before a man's
// surname in a form a woman's surname shares (Лаврова, Путина: the genitive is her
// nominative), they make it a woman's (Анна Лаврова, Людмила Путина).
const womensNames = "Анна|Ганна|Ольга|Олена|Елена|Марія|Мария|Наталія|Наталья|Катерина|Екатерина|Ірина|Ирина|Тетяна|Татьяна|" +
	"Світлана|Светлана|Юлія|Юлия|Вікторія|Виктория|Дарія|Дарья|Ксенія|Ксения|Анастасія|Анастасия|Людмила|Людмилa|Галина|Валентина|Лариса|Надежда|Надія|Вера|Віра|Любовь|Любов|Оксана|Марина|Алла|Лидия|Лідія|Нина|Ніна|Тамара|Зоя|Софія|София|Полина|Поліна|Евгения|Євгенія|Вероника|Вероніка|Маргарита|Алина|Аліна|Кристина|Христина|Яна|Инна|Інна|Жанна|Диана|Діана|Лилия|Лілія"

// build makes the catalogue entry of a spec: its forms in every language, its query (the
// forms, for /catalogue and Check) and its rules.
func (s spec) build() Entry {
	f := &figure{
		name:      s.name,
		kind:      s.kind,
		g:         s.g,
		confirm:   wordSet(s.confirm),
		cues:      parseCues(s.cues),
		notBefore: wordSet(s.notBefore),
		notCues:   parseCues(s.notCues),
		notForms:  wordSet(s.notForms),
	}
	if s.kind == "person" {
		for w := range wordSet(titles + "|" + verbs) {
			f.confirm[w] = true
		}
		for w := range wordSet(firms) {
			f.notBefore[w] = true
		}
		if s.g == masculine {
			for w := range wordSet(womensNames) {
				f.notBefore[w] = true
			}
		}
	}
	var weakCues []string
	for _, w := range splitList(s.weakCues) {
		lang, word, _ := strings.Cut(w, ":")
		f.weakCueLangs |= langBit(lang)
		weakCues = append(weakCues, word)
	}
	f.weakCues = parseCues(strings.Join(weakCues, "|"))
	for _, p := range splitList(s.notAfter) {
		if lang, words, ok := strings.Cut(p, ":"); ok && len(lang) == 2 {
			f.weakAfter = append(f.weakAfter, langPhrase{langBit(lang), strings.Fields(string(Normalize(nil, words)))})
			continue
		}
		f.notAfter = append(f.notAfter, strings.Fields(string(Normalize(nil, p))))
	}
	add := func(lang, typed string, name bool) {
		f.addForm(lang, typed, name && s.kind == "person")
	}
	person := s.kind == "person"
	for k, b := range splitList(s.latin) {
		for _, x := range latinForms(b) {
			add("", x, true)
		}
		if person && k == 0 && s.g == masculine {
			for _, x := range adjLatin(b) {
				add("", x, false)
			}
		}
	}
	for k, b := range splitList(s.pl) {
		for _, x := range polishForms(b, s.g) {
			add("pl", x, true)
		}
		if person && k == 0 && s.g == masculine {
			for _, x := range polishAdjectives(b) {
				add("pl", x, false)
			}
		}
	}
	for k, b := range splitList(s.uk) {
		for _, x := range ukrainianForms(b, s.g) {
			add("uk", x, true)
		}
		if person && k == 0 && s.g == masculine {
			poss, rel := ukrainianAdjectives(b)
			for _, x := range poss {
				add("uk", x, true)
			}
			for _, x := range rel {
				add("uk", x, false)
			}
		}
	}
	for k, b := range splitList(s.ru) {
		for _, x := range russianForms(b, s.g) {
			add("ru", x, true)
		}
		if person && k == 0 && s.g == masculine {
			for _, x := range russianAdjectives(b) {
				add("ru", x, false)
			}
		}
	}
	for _, t := range splitList(s.terms) {
		f.addForm("", t, false)
	}
	for _, w := range splitList(s.weak) {
		lang, word, ok := strings.Cut(w, ":")
		mask := allLangs
		if ok {
			mask = langBit(lang)
		} else {
			word = lang
		}
		strict := strings.HasSuffix(word, "!")
		key := string(Normalize(nil, strings.TrimSuffix(word, "!")))
		for i := range f.forms {
			if f.forms[i].key() == key {
				f.forms[i].weak |= mask
				if strict {
					f.forms[i].strict |= mask
				}
			}
		}
	}
	e := Entry{Name: s.name, Kind: s.kind, Description: s.desc, ent: f}
	var q []string
	for _, fm := range f.forms {
		q = append(q, fm.typed)
	}
	e.Query = anyOf(q...)
	return e
}

// key is the form's words in normal form, a trailing '*' for a prefix.
func (f *form) key() string {
	var b strings.Builder
	for i, w := range f.words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
		if w.prefix {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// addForm adds a form written as a query term (a word, words, or a prefix with '*'); name
// says it is a surname, which only counts when written with a capital. Duplicates are
// dropped.
func (f *figure) addForm(lang, typed string, name bool) {
	text := strings.Trim(typed, `"`)
	phrase := strings.ContainsFunc(text, unicode.IsSpace)
	shown := text
	if phrase {
		shown = `"` + text + `"`
	}
	t, err := newTerm(shown, text, 1, phrase)
	if err != nil {
		panic("catalogue entry " + f.name + ": " + err.Error()) // the built-in catalogue is tested
	}
	fm := form{typed: shown, lang: lang, words: t.words, cap: name && len(t.words) == 1}
	k := fm.key()
	for i := range f.forms {
		if f.forms[i].key() == k && f.forms[i].words[0].acronym == fm.words[0].acronym {
			if f.forms[i].lang != lang {
				f.forms[i].lang = ""
			}
			f.forms[i].cap = f.forms[i].cap && fm.cap // macronie: a Polish case and a French noun
			return
		}
	}
	f.forms = append(f.forms, fm)
}

// fromQuery makes the rules of a built-in entry written as a query of alternatives: its
// terms are its forms, and a person's single-word surnames are declined as the specs'
// are (Polish, German and Dutch genitive; Ukrainian or Russian by their letters).
func fromQuery(e Entry, g gender) Entry {
	f := &figure{name: e.Name, kind: e.Kind, g: g, confirm: map[string]bool{}, notBefore: map[string]bool{}}
	if e.Kind == "person" {
		f.confirm = wordSet(titles)
	}
	for _, alt := range strings.Split(e.Query, " OR ") {
		alt = strings.TrimSpace(alt)
		plain := !strings.ContainsAny(alt, `"* `) && !isAcronym(alt)
		if e.Kind != "person" || !plain {
			f.addForm("", alt, e.Kind == "person" && !strings.ContainsAny(alt, `" `))
			continue
		}
		switch {
		case strings.ContainsFunc(alt, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }):
			uk := strings.ContainsAny(alt, "іїєґІЇЄҐ")
			ru := strings.ContainsAny(alt, "ыэъЫЭЪ")
			if uk || !ru {
				for _, x := range ukrainianForms(alt, g) {
					f.addForm("uk", x, true)
				}
			}
			if ru || !uk {
				for _, x := range russianForms(alt, g) {
					f.addForm("ru", x, true)
				}
			}
		default:
			for _, x := range latinForms(alt) {
				f.addForm("", x, true)
			}
			for _, x := range polishForms(alt, g) {
				f.addForm("pl", x, true)
			}
		}
	}
	e.ent = f
	var q []string
	for _, fm := range f.forms {
		q = append(q, fm.typed)
	}
	e.Query = anyOf(q...)
	return e
}

// builtinWithRules is the built-in catalogue: the figures written as specs, and every other
// entry of builtinEntries with rules made from its query.
func builtinWithRules() []Entry {
	bySpec := map[string]bool{}
	var out []Entry
	for _, s := range figureSpecs {
		bySpec[catalogueKey(s.name)] = true
		out = append(out, s.build())
	}
	for _, e := range builtinEntries {
		if bySpec[catalogueKey(e.Name)] {
			continue
		}
		g := masculine
		if feminineNames[e.Name] {
			g = feminine
		}
		out = append(out, fromQuery(e, g))
	}
	var figs []*figure
	for _, e := range out {
		figs = append(figs, e.ent)
	}
	newRuleSet(figs)
	return out
}

// feminineNames are the entries of builtinEntries whose surnames do not decline as men's.
var feminineNames = map[string]bool{
	"Svyrydenko": true, "Metsola": true, "Cooper": true, "Takaichi": true, "Sheinbaum": true, "Sandu": true,
}
