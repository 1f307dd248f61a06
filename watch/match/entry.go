package match

import (
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Entry is a catalogue figure or topic: /watch NAME expands NAME into Query.
type Entry struct {
	Name        string // what /watch NAME uses; looked up ignoring case, diacritics and punctuation
	Kind        string // "person" | "organisation" | "topic"
	Description string // one line for /catalogue
	Query       string // catalogue names inside it are plain terms, never expanded again

	ent *figure // built-in entries: forms per language and context rules (entity.go)
}

// Catalogue is a set of named queries: the built-in one, plus config `watches`.
// It is immutable; With returns a new one.
type Catalogue struct {
	byKey    map[string]int // normalised name → index in entries
	entries  []Entry        // sorted by name
	expanded sync.Map       // normalised name → expansion, filled by expand
}

// catalogueKey is the lookup form of a name: "Von der Leyen", "von-der-leyen" and
// "VON DER LEYEN" are one name.
func catalogueKey(name string) string {
	return string(Normalize(nil, name))
}

func newCatalogue(entries []Entry) *Catalogue {
	c := &Catalogue{byKey: make(map[string]int, len(entries))}
	for _, e := range entries {
		k := catalogueKey(e.Name)
		if k == "" {
			continue
		}
		if i, ok := c.byKey[k]; ok {
			c.entries[i] = e
			continue
		}
		c.byKey[k] = len(c.entries)
		c.entries = append(c.entries, e)
	}
	sort.SliceStable(c.entries, func(i, j int) bool {
		return catalogueKey(c.entries[i].Name) < catalogueKey(c.entries[j].Name)
	})
	for i, e := range c.entries {
		c.byKey[catalogueKey(e.Name)] = i
	}
	return c
}

// builtin is built on first use, not at start-up: its rules take 3.7 MB of allocations to
// build (docs/PERFORMANCE.md, "Start-up").
var builtin = sync.OnceValue(func() *Catalogue { return newCatalogue(builtinWithRules()) })

// Builtin returns the built-in catalogue of figures and organisations (catalogue.go).
func Builtin() *Catalogue { return builtin() }

// With returns a new catalogue with entries added; an entry whose name is already there
// replaces it (config `watches` override the built-in catalogue).
func (c *Catalogue) With(entries []Entry) *Catalogue {
	var all []Entry
	if c != nil {
		all = append(all, c.entries...)
	}
	all = append(all, entries...)
	return newCatalogue(all)
}

// Lookup finds an entry by name, ignoring case, diacritics and punctuation.
func (c *Catalogue) Lookup(name string) (Entry, bool) {
	if c == nil {
		return Entry{}, false
	}
	i, ok := c.byKey[catalogueKey(name)]
	if !ok {
		return Entry{}, false
	}
	return c.entries[i], true
}

// Entries returns the entries sorted by name.
func (c *Catalogue) Entries() []Entry {
	if c == nil {
		return nil
	}
	return append([]Entry(nil), c.entries...)
}

// Len returns the number of entries.
func (c *Catalogue) Len() int {
	if c == nil {
		return 0
	}
	return len(c.entries)
}

// Validate checks every entry's query, for `vedetta check`; the error names each bad entry.
func (c *Catalogue) Validate() error {
	if c == nil {
		return nil
	}
	var errs []error
	for _, e := range c.entries {
		n, err := parse(e.Query, nil, false)
		if err == nil && evalEmpty(n) {
			err = errors.New("the query matches items that contain none of its terms")
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("catalogue entry %s: %w", e.Name, err))
		}
	}
	return errors.Join(errs...)
}
