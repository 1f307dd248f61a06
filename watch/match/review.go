package match

import (
	"fmt"
	"strings"
	"time"
)

// Reviewed is the day the built-in catalogue's office holders were last checked: the date of
// the newest change it records (Sanae Takaichi became Prime Minister of Japan on 21 October
// 2025). Who holds an office changes; docs/CATALOGUE.md says how to review the catalogue, and
// whoever does moves this date.
const Reviewed = "2025-10-21"

// reviewMonths is how old the review may grow before ReviewWarning speaks up.
const reviewMonths = 6

// ReviewWarning returns what `vedetta check` and the start-up log should say when the built-in
// catalogue was reviewed more than six months before now: what may be stale, how to check it
// and how to override an entry in config.yaml. It returns "" while the review is recent.
func ReviewWarning(now time.Time) string {
	reviewed, err := time.Parse(time.DateOnly, Reviewed)
	if err != nil {
		panic("match.Reviewed is not a date: " + err.Error())
	}
	if !now.After(reviewed.AddDate(0, reviewMonths, 0)) {
		return ""
	}
	return fmt.Sprintf("the built-in catalogue was last reviewed on %s, more than %d months ago: "+
		"who holds the offices it names may have changed (heads of state and government, foreign and "+
		"defence ministers, the heads of NATO, the UN, the IAEA and the EU institutions). "+
		"Check each person with /catalogue NAME against the office's official site, and replace a stale "+
		"entry in config.yaml under `watches` with an entry of the same name, for example\n"+
		"  watches:\n"+
		"    - name: Rutte\n"+
		"      query: Rutte OR Рютте\n"+
		"(an entry from config is matched by its query alone, without the built-in inflections and "+
		"exclusions); see docs/CATALOGUE.md", Reviewed, reviewMonths)
}

// Explanation is what /catalogue NAME shows of an entry: what it is, every form it matches,
// what confirms a mention and what makes a mention someone or something else. It is data,
// in no language: the bot puts it into words in the chat's language; the forms and words
// are as the catalogue writes them.
type Explanation struct {
	Name, Description string
	// Query is the query of an entry without built-in rules (one from config.yaml): it is
	// matched by that alone, and the other fields are empty.
	Query string
	// Forms are the forms matched in every language (Lang ""), then the case forms
	// generated for Polish, Ukrainian and Russian ("pl", "uk", "ru").
	Forms []Forms
	// Person: written with a capital letter; a first name or a title next to it confirms
	// it. Confirm lists the first names written out for it.
	Person  bool
	Confirm []string
	// Weak are forms that are also a common word in some languages: at the start of a
	// sentence they need more from the item.
	Weak []WeakForm
	// What makes a mention someone or something else: a word right before it; right
	// after it (NotAfter, and at the start of a sentence in a language, NotAfterIn); what
	// the item is about, unless confirmed; forms that are someone else (NotForms); at
	// the start of a sentence, words in the item (WeakCues, "fr:frite*").
	NotBefore  []string
	NotAfter   []string
	NotAfterIn []Forms
	NotCues    []string
	NotForms   []string
	WeakCues   []string
}

// Forms are the forms of one language; Lang "" is every language.
type Forms struct {
	Lang  string
	Forms []string
}

// WeakForm is a form that is also a common word in the languages Langs.
type WeakForm struct {
	Form  string
	Langs []string
}

// Explain describes a catalogue entry for /catalogue NAME. The second result is false when
// there is no such entry.
func (c *Catalogue) Explain(name string) (Explanation, bool) {
	e, ok := c.Lookup(name)
	if !ok {
		return Explanation{}, false
	}
	x := Explanation{Name: e.Name, Description: e.Description}
	f := e.ent
	if f == nil {
		x.Query = e.Query
		return x, true
	}
	for _, lang := range []string{"", "pl", "uk", "ru"} {
		var forms []string
		for _, fm := range f.forms {
			if fm.lang == lang {
				forms = append(forms, fm.typed)
			}
		}
		if len(forms) > 0 {
			x.Forms = append(x.Forms, Forms{lang, forms})
		}
	}
	field := func(get func(spec) string) []string { return splitList(specField(e.Name, get)) }
	if f.kind == "person" {
		x.Person = true
		if len(f.confirm) > 0 {
			x.Confirm = field(func(s spec) string { return s.confirm })
		}
	}
	for _, fm := range f.forms {
		if fm.weak == 0 {
			continue
		}
		var in []string
		for i, l := range languages {
			if fm.weak&(1<<i) != 0 {
				in = append(in, l)
			}
		}
		x.Weak = append(x.Weak, WeakForm{fm.typed, in})
	}
	x.NotBefore = field(func(s spec) string { return s.notBefore })
	byLang := map[string][]string{}
	for _, p := range field(func(s spec) string { return s.notAfter }) {
		if lang, words, ok := strings.Cut(p, ":"); ok && len(lang) == 2 {
			byLang[lang] = append(byLang[lang], words)
			continue
		}
		x.NotAfter = append(x.NotAfter, p)
	}
	for _, lang := range languages {
		if len(byLang[lang]) > 0 {
			x.NotAfterIn = append(x.NotAfterIn, Forms{lang, byLang[lang]})
		}
	}
	x.NotCues = field(func(s spec) string { return s.notCues })
	x.NotForms = field(func(s spec) string { return s.notForms })
	x.WeakCues = field(func(s spec) string { return s.weakCues })
	return x, true
}

// specField returns a field of the spec of a built-in figure, as written.
func specField(name string, field func(spec) string) string {
	for _, s := range figureSpecs {
		if catalogueKey(s.name) == catalogueKey(name) {
			return field(s)
		}
	}
	return ""
}
