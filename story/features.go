package story

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vedetta/vedetta/watch/match"
)

// Features are what the assigner compares of two items. All but Words are independent of
// language and script: catalogue entities are the catalogue's names, places are gazetteer
// ids, numbers are digits, names are skeletons. The Title* fields are the subsets found in
// the headline: what the item is about, which is what a conflict is judged on.
type Features struct {
	Lang    string    `json:"l,omitempty"`
	Time    time.Time `json:"t"`
	People  []string  `json:"p,omitempty"`  // catalogue persons
	Orgs    []string  `json:"o,omitempty"`  // catalogue organisations (and config entries)
	Topics  []string  `json:"tt,omitempty"` // catalogue topics (Sanctions): weak evidence
	Places  []string  `json:"pl,omitempty"` // gazetteer ids, each city's country added
	Numbers []string  `json:"n,omitempty"`  // "84", "6.1", "2026"
	Dates   []string  `json:"d,omitempty"`  // "11-07": a day next to a month name
	Names   []string  `json:"nm,omitempty"` // skeletons of other capitalised words
	Words   []string  `json:"w,omitempty"`  // title word stems, stop words left out
	// Concepts are the kinds of event the item's words name (concepts.go): drone, blackout…
	Concepts []string `json:"c,omitempty"`

	TitlePeople  []string `json:"tp,omitempty"`
	TitlePlaces  []string `json:"tpl,omitempty"`
	TitleNumbers []string `json:"tn,omitempty"`
}

// maxText bounds how much of an item's text is read: the lead, where a summary names the
// event's who, where and how many. It keeps the cost per item flat.
const maxText = 600

// stemRunes is how many letters of a title word its stem keeps: enough to tell words apart,
// few enough to join inflected forms (ministri, ministers; Odesa, Odesy).
const stemRunes = 5

// Extractor finds the Features of an item. It is immutable and safe for concurrent use.
type Extractor struct {
	ix    *match.Index
	ids   []string // per catalogue watch: the entry's name
	kinds []string // per catalogue watch: "person", "organisation", "topic"
	known gazIndex // the words of the catalogue's queries: a name among them is an entity
}

// NewExtractor compiles the catalogue's entries, each as a watch of its own name, into one
// match index: an item's entities are the watches it matches, with the catalogue's
// spellings, inflected forms and exclusions (Nato a Cuneo is not NATO).
func NewExtractor(cat *match.Catalogue) (*Extractor, error) {
	x := &Extractor{known: gazIndex{exact: map[string]string{}, stems: map[string]string{}}}
	var ws []match.Watch
	for _, e := range cat.Entries() {
		if match.Check(e.Name, cat) != nil {
			continue
		}
		ws = append(ws, match.Watch{Key: e.Name, Query: e.Name})
		x.ids = append(x.ids, e.Name)
		x.kinds = append(x.kinds, e.Kind)
		for _, f := range strings.FieldsFunc(e.Query, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '*'
		}) {
			stem, prefix := strings.CutSuffix(f, "*")
			for _, w := range strings.Fields(string(match.Normalize(nil, stem))) {
				if prefix {
					x.known.stems[w] = e.Name
					x.known.maxLen = max(x.known.maxLen, len(w))
				} else {
					x.known.exact[w] = e.Name
				}
			}
		}
	}
	ix, err := match.Compile(ws, cat)
	if err != nil {
		return nil, fmt.Errorf("compile the catalogue for stories: %w", err)
	}
	x.ix = ix
	return x, nil
}

// Names returns the names of the catalogue entries whose own query matches the title and
// text, in language lang ("" : detected), in the index's order. It uses the index Extract
// uses, so a process compiles the catalogue once for stories and for the names' counters.
func (x *Extractor) Names(title, text, lang string) []string {
	var out []string
	for _, h := range x.ix.MatchLang(title, text, lang) {
		out = append(out, x.ids[h.Index])
	}
	return out
}

// Extract returns the features of an item published at t. lang is the language its feed
// declares ("" if none: it is detected from the text).
func (x *Extractor) Extract(title, text, lang string, t time.Time) Features {
	text = cut(text, maxText)
	f := Features{Lang: match.Language(lang, title, text), Time: t}
	for _, h := range x.ix.MatchLang(title, text, f.Lang) {
		switch id := x.ids[h.Index]; x.kinds[h.Index] {
		case "person":
			f.People = append(f.People, id)
		case "topic":
			f.Topics = append(f.Topics, id)
		default:
			f.Orgs = append(f.Orgs, id)
		}
	}
	if len(f.People) > 0 {
		for _, h := range x.ix.MatchLang(title, "", f.Lang) {
			if x.kinds[h.Index] == "person" {
				f.TitlePeople = append(f.TitlePeople, x.ids[h.Index])
			}
		}
	}
	x.scan(&f, title, true)
	x.scan(&f, text, false)
	for _, s := range []*[]string{&f.Places, &f.Numbers, &f.Dates, &f.Names, &f.Words, &f.Concepts, &f.TitlePlaces, &f.TitleNumbers} {
		slices.Sort(*s)
		*s = slices.Compact(*s)
	}
	return f
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// token is a word or a number of the source text.
type token struct {
	norm  string // normal form; a number's value ("6.1", "1000")
	num   bool
	cap   bool // starts with a capital letter
	caps  bool // all capitals (an acronym: NABU, LNG)
	runes int
}

// scan adds what one field holds: places, numbers and dates, names, and (for a title)
// word stems.
func (x *Extractor) scan(f *Features, s string, title bool) {
	toks := tokens(s)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.num {
			if d, ok := date(toks, i); ok {
				f.Dates = append(f.Dates, d)
				continue
			}
			f.Numbers = append(f.Numbers, t.norm)
			if title {
				f.TitleNumbers = append(f.TitleNumbers, t.norm)
			}
			continue
		}
		if n, ok := numberWords[t.norm]; ok {
			f.Numbers = append(f.Numbers, n)
			if title {
				f.TitleNumbers = append(f.TitleNumbers, n)
			}
			continue
		}
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1].norm
		}
		if id, n := places.lookup(t.norm, next); n > 0 {
			f.Places = appendPlace(f.Places, id)
			if title {
				f.TitlePlaces = appendPlace(f.TitlePlaces, id)
			}
			i += n - 1
			continue
		}
		if stopwords[t.norm] || months[t.norm] > 0 {
			continue
		}
		if c := concepts.lookup(t.norm); c != "" {
			f.Concepts = append(f.Concepts, c)
		}
		// A capitalised word is a name, unless it is a catalogue entity's (counted as the
		// entity); the other words of a title are its words. Neither counts twice.
		switch {
		case strings.ContainsAny(t.norm, "0123456789"):
			f.Names = append(f.Names, "#"+t.norm) // a code: G20, COP30
		case t.cap:
			if id, _ := x.known.lookup(t.norm, ""); id == "" && (t.runes >= 4 || t.caps && t.runes >= 3) {
				if k := skeleton(t.norm); len(k) >= 3 {
					f.Names = append(f.Names, k)
				}
			}
		case title && t.runes >= 3:
			if id, _ := x.known.lookup(t.norm, ""); id == "" {
				f.Words = append(f.Words, stem(t.norm))
			}
		}
	}
}

// appendPlace adds a place and, for a city, its country.
func appendPlace(ps []string, id string) []string {
	ps = append(ps, id)
	if c := country(id); c != id {
		ps = append(ps, c)
	}
	return ps
}

func stem(w string) string {
	n := 0
	for i := range w {
		if n == stemRunes {
			return w[:i]
		}
		n++
	}
	return w
}

// date reads a day number next to a month name: "7 novembre", "November 7", "7. November",
// "7 листопада". It returns "MM-DD".
func date(toks []token, i int) (string, bool) {
	d, err := strconv.Atoi(toks[i].norm)
	if err != nil || d < 1 || d > 31 {
		return "", false
	}
	for _, j := range []int{i + 1, i - 1} {
		if j >= 0 && j < len(toks) {
			if m := months[toks[j].norm]; m > 0 {
				return fmt.Sprintf("%02d-%02d", m, d), true
			}
		}
	}
	return "", false
}

// tokens splits text into words and numbers. A number keeps its decimal part and drops
// thousands separators: "6,1" and "6.1" are 6.1, "1,000" and "1.000" are 1000. A word keeps
// an apostrophe between Cyrillic letters (п'ять), as Ukrainian spelling does.
func tokens(s string) []token {
	var out []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsDigit(r):
			j := i
			var groups []string
			start := j
			for j < len(rs) {
				if unicode.IsDigit(rs[j]) {
					j++
					continue
				}
				if (rs[j] == '.' || rs[j] == ',') && j+1 < len(rs) && unicode.IsDigit(rs[j+1]) {
					groups = append(groups, string(rs[start:j]))
					j++
					start = j
					continue
				}
				break
			}
			groups = append(groups, string(rs[start:j]))
			if i > 0 && unicode.IsLetter(rs[i-1]) && len(out) > 0 && len(groups) == 1 {
				// A code: G20, COP30, F16 is one word, not the number 20.
				out[len(out)-1].norm += groups[0]
				out[len(out)-1].runes += j - i
			} else {
				out = append(out, token{norm: numberValue(groups), num: true})
			}
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsMark(rs[j]) ||
				isApostrophe(rs[j]) && j+1 < len(rs) && isCyrillic(rs[j+1]) && isCyrillic(rs[j-1])) {
				j++
			}
			w := string(rs[i:j])
			t := token{norm: strings.TrimSpace(string(match.Normalize(nil, w))), cap: unicode.IsUpper(r), runes: j - i}
			t.caps = t.cap && strings.ToUpper(w) == w
			if t.norm != "" {
				out = append(out, t)
			}
			i = j
		default:
			i++
		}
	}
	return out
}

func numberValue(groups []string) string {
	if len(groups) == 1 {
		if v := strings.TrimLeft(groups[0], "0"); v != "" {
			return v
		}
		return "0"
	}
	thousands := true
	for _, g := range groups[1:] {
		if len(g) != 3 {
			thousands = false
		}
	}
	if thousands {
		return strings.Join(groups, "")
	}
	return strings.Join(groups[:len(groups)-1], "") + "." + groups[len(groups)-1]
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }
func isCyrillic(r rune) bool   { return r >= 0x400 && r < 0x500 }
