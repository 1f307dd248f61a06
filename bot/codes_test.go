package bot

import (
	"testing"

	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/schedule"
	"github.com/vedetta/vedetta/source"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

// Every code the parsers, the poller and the OPML import give has its words in every
// language: the bot looks them up by code, which TestEveryMessageIDInTheCodeExists cannot
// see.
func TestEveryCodeHasItsWordsInEveryLanguage(t *testing.T) {
	var ids []string
	for _, c := range match.Codes {
		ids = append(ids, "query.error."+string(c))
	}
	for _, w := range match.Wants {
		ids = append(ids, "query.want."+string(w))
	}
	for _, c := range schedule.Codes {
		ids = append(ids, "schedule.why."+string(c))
	}
	for _, f := range []string{schedule.FieldMinute, schedule.FieldHour, schedule.FieldDayOfMonth, schedule.FieldMonth, schedule.FieldDayOfWeek} {
		ids = append(ids, "schedule.field."+f)
	}
	for _, f := range watch.FailureKinds {
		ids = append(ids, "sources.fail."+string(f))
	}
	for _, r := range source.SkipReasons {
		ids = append(ids, "opml.skip."+string(r))
	}
	for _, l := range []string{"pl", "uk", "ru"} {
		ids = append(ids, "catalogue.explain.language."+l)
	}
	for _, l := range lang.Supported {
		tr := lang.For(l.Code)
		for _, id := range ids {
			if _, err := tr.Lookup(id, nil, "Arg", "x", "Spec", "x", "Field", "x", "Min", 0, "Max", 1, "Status", 503); err != nil {
				t.Errorf("%s: %s: %v", l.Code, id, err)
			}
		}
	}
}

// Every built-in catalogue entry's description is in the catalogues, the English one equal
// to the entry's own, so that a change to one shows in the other.
func TestEveryBuiltinEntryIsDescribedInEveryLanguage(t *testing.T) {
	en := lang.For(lang.Default)
	// Names that Italian writes as English does.
	same := map[string]bool{"Gaza": true, "Taiwan": true, "Crimea": true, "Kyiv (Kiev)": true}
	for _, e := range match.Builtin().Entries() {
		id := entryID(e.Name)
		if got, err := en.Lookup(id, nil); err != nil || got != e.Description {
			t.Errorf("%s: the English catalogue's %s is %q, the entry's description %q (%v)", e.Name, id, got, e.Description, err)
			continue
		}
		for _, l := range lang.Supported {
			if got := entryDescription(lang.For(l.Code), e.Name, e.Description); got == "" || l.Code != lang.Default && got == e.Description && !same[got] {
				t.Errorf("%s: %s reads %q", l.Code, e.Name, got)
			}
		}
	}
	// An entry config.yaml replaced keeps its own words.
	if got := entryDescription(lang.For("it"), "Lavrov", "our own Lavrov"); got != "our own Lavrov" {
		t.Errorf("an entry from config.yaml is described as %q", got)
	}
}
