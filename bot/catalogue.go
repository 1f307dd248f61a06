package bot

import (
	"strings"

	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/watch/match"
)

// entryID is the catalogue message that describes a built-in catalogue entry:
// "entry.von_der_leyen".
func entryID(name string) string {
	return "entry." + strings.ReplaceAll(string(match.Normalize(nil, name)), " ", "_")
}

// entryDescription is a catalogue entry's description in the chat's language. The
// catalogues translate the built-in entries' descriptions; an entry whose description is
// not the built-in one's (config.yaml replaced it) is shown as written.
func entryDescription(tr *lang.Localizer, name, desc string) string {
	id := entryID(name)
	if en, err := lang.For(lang.Default).Lookup(id, nil); err != nil || en != desc {
		return desc
	}
	if s, err := tr.Lookup(id, nil); err == nil {
		return s
	}
	return desc
}

// renderExplanation words /catalogue NAME's explanation of an entry in the chat's
// language; the forms and words it lists stay as the catalogue writes them.
func renderExplanation(tr *lang.Localizer, x match.Explanation) *htmlText {
	h := &htmlText{}
	h.bold(x.Name)
	if d := entryDescription(tr, x.Name, x.Description); d != "" {
		h.text(" — " + d)
	}
	line := func(id string, list []string, kv ...any) {
		if len(list) > 0 {
			h.text("\n" + tr.T(id, append(kv, "List", strings.Join(list, ", "))...))
		}
	}
	if x.Query != "" {
		h.text("\n" + tr.T("catalogue.explain.matches", "List", match.DescribeWith(x.Query, nil, queryOperators(tr))))
		return h
	}
	for _, f := range x.Forms {
		if f.Lang == "" {
			line("catalogue.explain.matches", f.Forms)
		} else {
			line("catalogue.explain.also_in", f.Forms, "Language", tr.T("catalogue.explain.language."+f.Lang))
		}
	}
	if x.Person {
		if len(x.Confirm) > 0 {
			line("catalogue.explain.person_confirmed", x.Confirm)
		} else {
			h.text("\n" + tr.T("catalogue.explain.person"))
		}
	}
	var weak []string
	for _, w := range x.Weak {
		weak = append(weak, w.Form+" ("+strings.Join(w.Langs, ", ")+")")
	}
	if len(weak) > 0 {
		h.text("\n" + tr.T("catalogue.explain.weak", "List", strings.Join(weak, "; ")))
	}
	line("catalogue.explain.not_before", x.NotBefore)
	line("catalogue.explain.not_after", x.NotAfter)
	for _, f := range x.NotAfterIn {
		line("catalogue.explain.not_after_in", f.Forms, "Language", f.Lang)
	}
	line("catalogue.explain.not_cues", x.NotCues)
	line("catalogue.explain.not_forms", x.NotForms)
	line("catalogue.explain.weak_cues", x.WeakCues)
	return h
}
