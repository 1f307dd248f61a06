package match

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// figure is a built-in catalogue entry matched by rules rather than by its query alone (an
// entity of the index): its forms are generated per language (inflect.go), and each mention
// found in an item is checked in its context before it counts (accept). A catalogue entry
// from config `watches` has none: it is matched by its query, exactly as a user's query.
type figure struct {
	name         string
	kind         string
	g            gender
	forms        []form
	confirm      map[string]bool // next to a mention, these confirm it: first names, titles
	cues         cueSet          // anywhere in the item, these confirm a mention that needs it
	notBefore    map[string]bool // right before a mention, these make it someone else: Siim Kallas
	notAfter     [][]string      // right after a mention: Merz Pharma, Trump card
	weakAfter    []langPhrase    // right after a common-word form at a sentence start: Nato a Cuneo
	notCues      cueSet          // anywhere in the item, these make unconfirmed mentions someone else
	notForms     map[string]bool // words a prefix form finds that are someone else
	weakCues     cueSet          // anywhere in the item, in weakCueLangs, these make a common-word form the common word
	weakCueLangs langMask
	set          *ruleSet
}

// form is one spelling or inflected form of a figure.
type form struct {
	typed string // as shown in /catalogue and Hit.Terms: Zełenskim, "von der Leyen", natowsk*
	lang  string // the language the form was generated for, "" for all
	words []tword
	cap   bool     // a name: a word written all in lower case is not it (путина, meloni)
	weak  langMask // languages in which the form is also a common word or another name
	// strict: languages in which the common word is frequent enough that, where a capital
	// proves nothing, only a confirming context makes it a mention (Meloni: melons). Elsewhere
	// the common word must show itself by what follows or by the item's words.
	strict langMask
}

// langMask is a set of languages, one bit per entry of languages; allLangs is every one.
type langMask uint16

const allLangs langMask = 1<<10 - 1

func langBit(lang string) langMask {
	for i, l := range languages {
		if l == lang {
			return 1 << i
		}
	}
	return 0
}

// langPhrase is words that matter in one language.
type langPhrase struct {
	lang  langMask
	words []string
}

// cue is a word, words, or a prefix (natowsk*), as a term of a query.
type cue []tword

// cueSet finds any of its cues in an item with two map lookups per word: cues are keyed by
// their first word, or a prefix's first two bytes.
type cueSet struct {
	byWord   map[string][]cue
	byAnchor map[string][]cue
}

const cueAnchor = 2

func parseCues(list string) cueSet {
	cs := cueSet{byWord: map[string][]cue{}, byAnchor: map[string][]cue{}}
	for _, s := range splitList(list) {
		text := s
		phrase := strings.ContainsFunc(text, unicode.IsSpace) || strings.ContainsAny(text, "-'’/")
		t, err := newTerm(s, text, 1, phrase)
		if err != nil {
			panic("catalogue cue " + s + ": " + err.Error()) // the built-in catalogue is tested
		}
		if h := t.words[0]; h.prefix {
			k := h.text[:min(len(h.text), cueAnchor)]
			cs.byAnchor[k] = append(cs.byAnchor[k], cue(t.words))
		} else {
			cs.byWord[h.text] = append(cs.byWord[h.text], cue(t.words))
		}
	}
	return cs
}

func (cs *cueSet) empty() bool { return len(cs.byWord) == 0 && len(cs.byAnchor) == 0 }

// wordSet is the set of the words, in normal form, of a catalogue list.
func wordSet(list string) map[string]bool {
	m := map[string]bool{}
	for _, s := range splitList(list) {
		for _, w := range strings.Fields(string(Normalize(nil, s))) {
			m[w] = true
		}
	}
	return m
}

// splitList splits a catalogue list written "a|b c|d" into its items.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, "|") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// ruleSet is every figure of the built-in catalogue, so that a mention of one can confirm
// another (Meloni next to Zelensky is the Italian prime minister, not melons).
type ruleSet struct {
	entities []*figure
	byWord   map[string][]formRef // first word of each whole-word form → forms
	prefixes []formRef            // prefix forms, checked at every word
}

type formRef struct {
	ent  *figure
	form int
}

func newRuleSet(es []*figure) *ruleSet {
	rs := &ruleSet{entities: es, byWord: map[string][]formRef{}}
	for _, e := range es {
		e.set = rs
		if e.kind == "topic" {
			continue // places and subjects are too broad to confirm a name: Україна, sanctions
		}
		for fi, f := range e.forms {
			ref := formRef{e, fi}
			if f.words[0].prefix {
				rs.prefixes = append(rs.prefixes, ref)
				continue
			}
			rs.byWord[f.words[0].text] = append(rs.byWord[f.words[0].text], ref)
		}
	}
	return rs
}

// itemCtx is what the context rules look at: the normalised item, its sources and its
// language, detected on first use when the caller gave none.
type itemCtx struct {
	buf          []byte
	toks         []token
	title, text  string
	nTitle       int // tokens [0, nTitle) are the title's
	lang         string
	langDetected bool
	memos        []memo
}

func (c *itemCtx) word(i int) []byte { return c.buf[c.toks[i].start:c.toks[i].end] }

func (c *itemCtx) language() string {
	if !c.langDetected {
		c.langDetected = true
		if c.lang == "" {
			c.lang = detectLang(c.buf, c.toks, c.title, c.text)
		}
	}
	return c.lang
}

// segment returns the token range of the field (title or text) holding token i, and its
// source text.
func (c *itemCtx) segment(i int) (from, to int, src string) {
	if i < c.nTitle {
		return 0, c.nTitle, c.title
	}
	return c.nTitle, len(c.toks), c.text
}

// sentenceStart reports a word that begins its field or follows the end of a sentence, a
// colon, a line break or an HTML tag, possibly after quotes or brackets: there a capital
// letter says nothing about the word being a name.
func (c *itemCtx) sentenceStart(i int) bool {
	from, _, src := c.segment(i)
	if i == from {
		return true
	}
	p := int(c.toks[i].src)
	for p > 0 {
		r, size := utf8.DecodeLastRuneInString(src[:p])
		switch r {
		case ' ', '\t', '\u00a0', '"', '“', '”', '„', '«', '»', '\'', '‘', '’', '(', '[', '*', '•', '-', '–', '—':
			if r == '-' || r == '–' || r == '—' {
				// A dash that opens a line is a bullet; inside a line it joins two parts.
				q := p - size
				for q > 0 && (src[q-1] == ' ' || src[q-1] == '\t') {
					q--
				}
				if q > 0 && src[q-1] != '\n' {
					return false
				}
			}
			p -= size
			continue
		case '.', '!', '?', '…', ':', ';', '\n', '\r', '>', '|':
			return true
		}
		return false
	}
	return true
}

// titleCase reports a short field in which most longer words are capitalised, as English
// headlines are written ("Unity Trumps Division"): there capitals say nothing either.
func (c *itemCtx) titleCase(i int) bool {
	from, to, _ := c.segment(i)
	if to-from > 40 {
		return false
	}
	words, caps := 0, 0
	for k := from + 1; k < to; k++ {
		if c.toks[k].end-c.toks[k].start < 4 {
			continue
		}
		words++
		if c.toks[k].flags&flUpper != 0 {
			caps++
		}
	}
	return words >= 3 && caps*4 >= words*3
}

// hasCue reports whether any word of the item starts one of the cues.
func (c *itemCtx) hasCue(cs *cueSet) bool {
	if cs.empty() {
		return false
	}
	for i := range c.toks {
		w := c.word(i)
		for _, q := range cs.byWord[string(w)] {
			if termFirst(q, c.buf, c.toks, i) {
				return true
			}
		}
		if len(w) < cueAnchor || len(cs.byAnchor) == 0 {
			continue
		}
		for _, q := range cs.byAnchor[string(w[:cueAnchor])] {
			if termFirst(q, c.buf, c.toks, i) {
				return true
			}
		}
	}
	return false
}

// memo caches what the item says about a figure, so that each scan of the item runs once
// per figure however often the figure's forms occur.
type memo struct {
	fig                           *figure
	notCue, cue, cooccur, weakCue int8 // 0 not computed, 1 false, 2 true
}

func (c *itemCtx) memoOf(f *figure) *memo {
	for i := range c.memos {
		if c.memos[i].fig == f {
			return &c.memos[i]
		}
	}
	c.memos = append(c.memos, memo{fig: f})
	return &c.memos[len(c.memos)-1]
}

// cached computes *v with compute once.
func cached(v *int8, compute func() bool) bool {
	if *v == 0 {
		*v = 1
		if compute() {
			*v = 2
		}
	}
	return *v == 2
}

// formAt reports whether form f occurs at token i.
func (c *itemCtx) formAt(f *form, i int) bool {
	if !termFirst(f.words, c.buf, c.toks, i) {
		return false
	}
	return !f.cap || c.toks[i].flags&flUpper != 0
}

// wordsAt reports whether words follow from token i on, before token to.
func (c *itemCtx) wordsAt(i, to int, words []string) bool {
	if i+len(words) > to {
		return false
	}
	for k, w := range words {
		if string(c.word(i+k)) != w {
			return false
		}
	}
	return true
}

// adjacent reports whether token i and the next one are separated by spaces or a hyphen
// only (Merz Pharma, Merz-Schule), not by punctuation ("Nato, il piano").
func (c *itemCtx) adjacent(i int) bool {
	_, to, src := c.segment(i)
	if i+1 >= to {
		return false
	}
	between := src[c.toks[i].srcEnd:c.toks[i+1].src]
	return strings.Trim(between, " \t\u00a0-‐‑") == "" || strings.HasPrefix(strings.TrimSpace(between), "<")
}

// quoted reports a word followed by a colon and a quotation: a headline's speaker.
func (c *itemCtx) quoted(i int) bool {
	_, _, src := c.segment(i)
	rest := strings.TrimLeft(src[c.toks[i].srcEnd:], " \t\u00a0")
	if !strings.HasPrefix(rest, ":") {
		return false
	}
	rest = strings.TrimLeft(rest[1:], " \t\u00a0")
	r, _ := utf8.DecodeRuneInString(rest)
	return strings.ContainsRune(`"«“„‘'`, r)
}

// excluded reports what the words at and next to a mention say against it: a name in lower
// case, another person's first name before it, a firm's word after it.
func (e *figure) excluded(c *itemCtx, f *form, i int) bool {
	tk := c.toks[i]
	if f.cap && tk.flags&flUpper == 0 {
		return true // путина, meloni, tusk: names are written with a capital
	}
	if f.words[0].prefix && e.notForms[string(c.word(i))] {
		return true
	}
	if tk.flags&flLower == 0 && len(f.words) == 1 && f.words[0].acronym {
		return false // NATO written as an acronym
	}
	from, to, _ := c.segment(i)
	end := i + len(f.words)
	if i > from && e.notBefore[string(c.word(i-1))] {
		return true
	}
	for _, p := range e.notAfter {
		if c.wordsAt(end, to, p) && c.adjacent(end-1) {
			return true
		}
	}
	return false
}

// accept decides whether form f of e found at token i is a mention of e.
func (e *figure) accept(c *itemCtx, f *form, i int) bool {
	if e.excluded(c, f, i) {
		return false
	}
	tk := c.toks[i]
	from, to, _ := c.segment(i)
	end := i + len(f.words)
	acronym := tk.flags&flLower == 0 && len(f.words) == 1 && f.words[0].acronym
	for k := max(from, i-3); k < min(to, end+2); k++ {
		if (k < i || k >= end) && e.confirm[string(c.word(k))] {
			return true
		}
	}
	m := c.memoOf(e)
	if cached(&m.notCue, func() bool { return c.hasCue(&e.notCues) }) {
		return false
	}
	if f.weak == 0 {
		return true
	}
	// A form that is a common word in some language: a capital counts only inside a
	// sentence that is not written in title case; otherwise, in that language, the item
	// must say more.
	if acronym || (!c.sentenceStart(i) && !c.titleCase(i)) {
		return true
	}
	lang := c.language()
	if lang != "" && f.weak&langBit(lang) == 0 {
		return true
	}
	if e.kind == "person" && c.quoted(end-1) {
		return true // Meloni: «…» — a person speaking
	}
	for _, p := range e.weakAfter {
		if p.lang&langBit(lang) != 0 && c.wordsAt(end, to, p.words) && c.adjacent(end-1) {
			return false
		}
	}
	if (lang == "" || e.weakCueLangs&langBit(lang) != 0) && cached(&m.weakCue, func() bool { return c.hasCue(&e.weakCues) }) {
		return false
	}
	if f.strict&langBit(lang) == 0 && (lang != "" || f.strict == 0) {
		return true
	}
	return cached(&m.cue, func() bool { return c.hasCue(&e.cues) }) ||
		cached(&m.cooccur, func() bool { return e.set.cooccurs(c, e) })
}

// cooccurs reports whether the item names another entity than e by one of its forms that
// is not a common word in the item's language.
func (rs *ruleSet) cooccurs(c *itemCtx, e *figure) bool {
	if rs == nil {
		return false
	}
	bit := langBit(c.language())
	ok := func(ref formRef, i int) bool {
		f := &ref.ent.forms[ref.form]
		return ref.ent != e && (f.weak == 0 || (bit != 0 && f.weak&bit == 0)) && c.formAt(f, i)
	}
	for i := range c.toks {
		for _, ref := range rs.byWord[string(c.word(i))] {
			if ok(ref, i) {
				return true
			}
		}
		for _, ref := range rs.prefixes {
			if ok(ref, i) {
				return true
			}
		}
	}
	return false
}
