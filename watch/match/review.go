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

// langNames are the languages forms are generated for, as /catalogue NAME shows them.
var langNames = map[string]string{"": "", "pl": "Polish", "uk": "Ukrainian", "ru": "Russian"}

// Explain describes a catalogue entry for /catalogue NAME, in plain text (the bot escapes it
// for HTML): what it is, every form it matches, what confirms a mention and what makes a
// mention someone or something else. The second result is false when there is no such
// entry.
func (c *Catalogue) Explain(name string) (string, bool) {
	e, ok := c.Lookup(name)
	if !ok {
		return "", false
	}
	var b strings.Builder
	b.WriteString(e.Name)
	if e.Description != "" {
		b.WriteString(" — " + e.Description)
	}
	b.WriteString("\n")
	f := e.ent
	if f == nil {
		b.WriteString("Matches: " + Describe(e.Query, nil) + "\n")
		return b.String(), true
	}
	for _, lang := range []string{"", "pl", "uk", "ru"} {
		var forms []string
		for _, fm := range f.forms {
			if fm.lang == lang {
				forms = append(forms, fm.typed)
			}
		}
		if len(forms) == 0 {
			continue
		}
		if lang == "" {
			b.WriteString("Matches: ")
		} else {
			b.WriteString("Also, in " + langNames[lang] + ": ")
		}
		b.WriteString(strings.Join(forms, ", ") + "\n")
	}
	if f.kind == "person" {
		b.WriteString("Written with a capital letter; a first name or a title next to it (president, premier, Kanzler, президент…) confirms it")
		if len(f.confirm) > 0 {
			if firsts := specField(e.Name, func(s spec) string { return s.confirm }); firsts != "" {
				b.WriteString(": " + strings.ReplaceAll(firsts, "|", ", "))
			}
		}
		b.WriteString(".\n")
	}
	var weak []string
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
		weak = append(weak, fmt.Sprintf("%s (%s)", fm.typed, strings.Join(in, ", ")))
	}
	if len(weak) > 0 {
		b.WriteString("Also a common word, so at the start of a sentence it needs more from the item: " + strings.Join(weak, "; ") + ".\n")
	}
	line := func(label, list string) {
		if list != "" {
			b.WriteString(label + strings.ReplaceAll(list, "|", ", ") + ".\n")
		}
	}
	line("Not right after: ", specField(e.Name, func(s spec) string { return s.notBefore }))
	var plain []string
	byLang := map[string][]string{}
	for _, p := range splitList(specField(e.Name, func(s spec) string { return s.notAfter })) {
		if lang, words, ok := strings.Cut(p, ":"); ok && len(lang) == 2 {
			byLang[lang] = append(byLang[lang], words)
			continue
		}
		plain = append(plain, p)
	}
	line("Not right before: ", strings.Join(plain, "|"))
	for _, lang := range languages {
		line("At the start of a sentence in "+lang+", not right before: ", strings.Join(byLang[lang], "|"))
	}
	line("Not when the item is about (unless confirmed): ", specField(e.Name, func(s spec) string { return s.notCues }))
	line("Not: ", specField(e.Name, func(s spec) string { return s.notForms }))
	line("At the start of a sentence, not when the item has: ", specField(e.Name, func(s spec) string { return s.weakCues }))
	return b.String(), true
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
