package match

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestBuiltinCatalogue(t *testing.T) {
	cat := Builtin()
	if cat.Len() < 60 {
		t.Errorf("built-in catalogue has %d entries, want at least 60", cat.Len())
	}
	if err := cat.Validate(); err != nil {
		t.Errorf("built-in catalogue: %v", err)
	}
	es := cat.Entries()
	if !slices.IsSortedFunc(es, func(a, b Entry) int { return strings.Compare(catalogueKey(a.Name), catalogueKey(b.Name)) }) {
		t.Error("Entries are not sorted by name")
	}
	for _, e := range es {
		if e.Kind != "person" && e.Kind != "organisation" && e.Kind != "topic" {
			t.Errorf("%s: kind %q", e.Name, e.Kind)
		}
		if e.Description == "" {
			t.Errorf("%s: no description", e.Name)
		}
		// Every entry has a Ukrainian or Russian spelling.
		if !strings.ContainsFunc(e.Query, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
			t.Errorf("%s: no Cyrillic spelling in %q", e.Name, e.Query)
		}
		if err := Check(e.Name, cat); err != nil {
			t.Errorf("/watch %s: %v", e.Name, err)
		}
	}
}

func TestCatalogueLookupIgnoresCaseAndPunctuation(t *testing.T) {
	for _, name := range []string{"NATO", "nato", "Nato", "von der leyen", "Von-der-Leyen", "ZELENSKY", "Orbán", "orban"} {
		if _, ok := Builtin().Lookup(name); !ok {
			t.Errorf("Lookup(%q) found nothing", name)
		}
	}
	if _, ok := Builtin().Lookup("Renato"); ok {
		t.Error("Lookup(Renato) found an entry")
	}
}

func TestCatalogueWithOverridesAndAdds(t *testing.T) {
	base := Builtin()
	cat := base.With([]Entry{
		{Name: "nato", Kind: "organisation", Query: "NATO OR OTAN"},
		{Name: "Vedetta", Kind: "topic", Query: "vedetta OR lookout"},
	})
	if cat.Len() != base.Len()+1 {
		t.Errorf("With: %d entries, want %d", cat.Len(), base.Len()+1)
	}
	if e, _ := cat.Lookup("NATO"); e.Query != "NATO OR OTAN" {
		t.Errorf("override: NATO query = %q", e.Query)
	}
	if e, _ := base.Lookup("NATO"); e.Query == "NATO OR OTAN" {
		t.Error("With changed the catalogue it was called on")
	}
	if !matches(t, cat, "Vedetta", "", "the lookout on the hill") {
		t.Error("an added entry does not expand")
	}
	if matches(t, cat, "NATO", "", "Генсек НАТО") {
		t.Error("the overridden NATO still matches НАТО")
	}
}

func TestCatalogueEntryMayUseItsOwnName(t *testing.T) {
	// Names inside an entry's query are terms: no recursion.
	cat := (*Catalogue)(nil).With([]Entry{{Name: "Loop", Query: "Loop OR loop2"}})
	if !matches(t, cat, "Loop", "", "a loop2 here") {
		t.Error("self-referencing entry did not match")
	}
}
