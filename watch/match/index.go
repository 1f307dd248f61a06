package match

import (
	"fmt"
	"slices"
	"sync"
)

// Watch is one chat's query, as the poller hands it to Compile.
type Watch struct {
	Key   string // opaque to match; the caller uses "chatID/watchID"
	Query string
}

// Hit says that an item matched a watch.
type Hit struct {
	Key   string
	Terms []string // the query terms that matched, as typed ("NATO", "Зеленськ*"), for highlighting
	Index int      // the watch's position in the slice given to Compile: the caller's own id
}

// Index is every watch's terms compiled into one structure: two hash tables keyed by the
// normalised first word of each term (one for whole words, one for prefixes). Match
// normalises an item once, looks each of its words up once, and evaluates only the
// watches that have a term in the item, so its cost does not grow with the number of
// watches. An Index is immutable and safe for concurrent use.
type Index struct {
	watches  []cwatch
	terms    []cterm
	rules    []termRule // parallel to terms once an entity is compiled, else nil
	exact    htable     // first word of whole-word terms → terms
	prefix   htable     // first word of prefix terms → terms
	prefMask uint64     // bit L is set when prefix heads are keyed by their first L bytes
	pool     sync.Pool
}

// cterm is a distinct term of the index. A catalogue entity is one term without words,
// found through its forms: terms whose termRule names the entity's term as owner, which
// Match checks in context (figure.accept) before the entity counts as found.
type cterm struct {
	words   []tword
	watches []int32 // the watches that use it
}

// termRule is what the entity path needs of a term, kept apart from cterm so that the scan
// touches less memory.
type termRule struct {
	ent   *figure // an entity's own term
	form  *form   // a form: which one
	owner int32   // a form: its entity's term
}

// cwatch is a compiled watch.
type cwatch struct {
	key   string
	index int
	root  cnode
	terms []wterm // its terms outside NOT, in query order, for Hit.Terms
}

type wterm struct {
	term  int32
	typed string
}

// cnode is a query node over term ids.
type cnode struct {
	kind nodeKind // nTerm, nAnd, nOr, nNot (references are flattened)
	term int32
	kids []cnode
}

// Compile builds one index over all watches. A watch whose query does not parse makes an
// error naming its key; callers Check queries before storing them.
func Compile(ws []Watch, cat *Catalogue) (*Index, error) {
	ix := &Index{watches: make([]cwatch, 0, len(ws))}
	byKey := map[string]int32{}
	// Many chats watch the same query ("NATO"): each distinct query is parsed and built
	// once, and its watches share the compiled tree, so the work grows with the distinct
	// queries, not with the watches.
	type built struct {
		root  cnode
		terms []wterm
		ids   []int32 // every term it uses, NOT included
	}
	byQuery := map[string]*built{}
	for wi, w := range ws {
		if b := byQuery[w.Query]; b != nil {
			for _, id := range b.ids {
				t := &ix.terms[id]
				if len(t.watches) == 0 || t.watches[len(t.watches)-1] != int32(wi) {
					t.watches = append(t.watches, int32(wi))
				}
			}
			ix.watches = append(ix.watches, cwatch{key: w.Key, index: wi, root: b.root, terms: b.terms})
			continue
		}
		n, err := parseQuery(w.Query, cat)
		if err != nil {
			return nil, fmt.Errorf("compile watch %s: %w", w.Key, err)
		}
		cw := cwatch{key: w.Key, index: wi}
		seen := map[int32]bool{}
		var ids []int32
		used := map[int32]bool{}
		use := func(id int32) {
			if !used[id] {
				used[id] = true
				ids = append(ids, id)
			}
		}
		var build func(n *node, negated bool) cnode
		build = func(n *node, negated bool) cnode {
			switch n.kind {
			case nTerm:
				k := n.term.key()
				id, ok := byKey[k]
				if !ok {
					id = int32(len(ix.terms))
					byKey[k] = id
					ix.terms = append(ix.terms, cterm{words: n.term.words})
				}
				t := &ix.terms[id]
				if len(t.watches) == 0 || t.watches[len(t.watches)-1] != int32(wi) {
					t.watches = append(t.watches, int32(wi))
				}
				use(id)
				if !negated && !seen[id] {
					seen[id] = true
					cw.terms = append(cw.terms, wterm{id, n.term.typed})
				}
				return cnode{kind: nTerm, term: id}
			case nRef:
				if n.ent == nil {
					return build(n.kids[0], negated)
				}
				id := ix.entityTerm(n.ent, byKey)
				t := &ix.terms[id]
				if len(t.watches) == 0 || t.watches[len(t.watches)-1] != int32(wi) {
					t.watches = append(t.watches, int32(wi))
				}
				use(id)
				if !negated && !seen[id] {
					seen[id] = true
					cw.terms = append(cw.terms, wterm{term: id})
				}
				return cnode{kind: nTerm, term: id}
			case nNot:
				return cnode{kind: nNot, kids: []cnode{build(n.kids[0], !negated)}}
			}
			c := cnode{kind: n.kind, kids: make([]cnode, len(n.kids))}
			for i, k := range n.kids {
				c.kids[i] = build(k, negated)
			}
			return c
		}
		cw.root = build(n, false)
		ix.watches = append(ix.watches, cw)
		byQuery[w.Query] = &built{root: cw.root, terms: cw.terms, ids: ids}
	}
	var exact, prefix []string
	var exactHeads, prefixHeads [][]int32
	exactAt, prefixAt := map[string]int{}, map[string]int{}
	for id, t := range ix.terms {
		if t.words == nil {
			continue // an entity: found through its forms
		}
		h := t.words[0]
		if h.prefix {
			// Prefixes are keyed by at most their first prefixAnchor bytes, so a word is
			// probed at a few lengths only; the rest of the prefix is verified on a hit.
			key := h.text[:min(len(h.text), prefixAnchor)]
			i, ok := prefixAt[key]
			if !ok {
				i = len(prefix)
				prefixAt[key] = i
				prefix = append(prefix, key)
				prefixHeads = append(prefixHeads, nil)
				ix.prefMask |= 1 << uint(len(key))
			}
			prefixHeads[i] = append(prefixHeads[i], int32(id))
			continue
		}
		i, ok := exactAt[h.text]
		if !ok {
			i = len(exact)
			exactAt[h.text] = i
			exact = append(exact, h.text)
			exactHeads = append(exactHeads, nil)
		}
		exactHeads[i] = append(exactHeads[i], int32(id))
	}
	ix.exact = newHTable(exact, exactHeads, 2)
	ix.prefix = newHTable(prefix, prefixHeads, 4)
	nt, nw := len(ix.terms), len(ix.watches)
	ix.pool.New = func() any {
		return &scratch{termGen: make([]uint32, nt), watchGen: make([]uint32, nw)}
	}
	return ix, nil
}

// entityTerm returns the term id of an entity, adding it and its forms on first use.
func (ix *Index) entityTerm(e *figure, byKey map[string]int32) int32 {
	k := "\x00" + e.name
	if id, ok := byKey[k]; ok {
		return id
	}
	id := int32(len(ix.terms))
	byKey[k] = id
	ix.rules = append(ix.rules, make([]termRule, len(ix.terms)-len(ix.rules))...)
	ix.terms = append(ix.terms, cterm{})
	ix.rules = append(ix.rules, termRule{ent: e})
	for fi := range e.forms {
		f := &e.forms[fi]
		ix.terms = append(ix.terms, cterm{words: f.words})
		ix.rules = append(ix.rules, termRule{form: f, owner: id})
	}
	return id
}

// Len returns the number of watches.
func (ix *Index) Len() int { return len(ix.watches) }

// Terms returns the number of distinct terms in the index.
func (ix *Index) Terms() int { return len(ix.terms) }

// scratch is the per-call state of Match, pooled: the normalised item and the hit sets,
// stamped with a generation so they need no clearing.
type scratch struct {
	buf      []byte
	toks     []token
	gen      uint32
	termGen  []uint32
	hits     []int32
	watchGen []uint32
	cands    []int32
	occ      []occurrence // forms of entities found, to check in context
	found    []occurrence // the accepted ones: entity term and form term
	item     itemCtx
	memos    []memo // reused by item
}

// occurrence is a form term found at a token.
type occurrence struct {
	term int32
	tok  int32
}

// Match returns the watches that an item matches, in the order they were compiled. The
// title and text are plain text (tags and entities are tolerated); a phrase never spans
// the two. It allocates only for the hits it returns.
func (ix *Index) Match(title, text string) []Hit {
	return ix.MatchLang(title, text, "")
}

// MatchLang is Match with the item's language (ISO 639-1, as a feed declares it: "it",
// "pt-BR"), which the catalogue's rules use where a name is also a common word in some
// language (Italian "Nato a Cuneo", French "poutine"). With an empty or unknown language
// the language is detected from the text when a rule needs it.
func (ix *Index) MatchLang(title, text, lang string) []Hit {
	if len(ix.watches) == 0 {
		return nil
	}
	sc := ix.pool.Get().(*scratch)
	defer ix.pool.Put(sc)
	sc.buf, sc.toks = normalizeItem(sc.buf[:0], sc.toks[:0], title, text)
	sc.item = itemCtx{title: title, text: text, lang: lang}
	hits := ix.matchTokens(sc)
	sc.item = itemCtx{}
	return hits
}

// normalizeItem normalises title and text into one buffer of words, marking where each
// field starts.
func normalizeItem(buf []byte, toks []token, title, text string) ([]byte, []token) {
	if need := len(title) + len(text) + 2; cap(buf) < need {
		buf = make([]byte, 0, need+need/4)
	}
	buf, toks = normalize(buf, title, toks, true)
	n := len(toks)
	if len(buf) > 0 {
		buf = append(buf, ' ')
	}
	mark := len(buf)
	buf, toks = normalize(buf, text, toks, true)
	if len(toks) > n {
		toks[n].flags |= flSegStart
	}
	if len(toks) == n && len(buf) == mark && mark > 0 {
		buf = buf[:mark-1]
	}
	return buf, toks
}

func (ix *Index) matchTokens(sc *scratch) []Hit {
	sc.gen++
	if sc.gen == 0 { // wrapped: forget every stamp
		clear(sc.termGen)
		clear(sc.watchGen)
		sc.gen = 1
	}
	gen := sc.gen
	sc.hits = sc.hits[:0]
	sc.occ, sc.found = sc.occ[:0], sc.found[:0]
	buf, toks := sc.buf, sc.toks
	for i := range toks {
		w := buf[toks[i].start:toks[i].end]
		h := uint64(fnvOffset)
		if m := ix.prefMask; m != 0 {
			k := 0
			for ; k < len(w) && k < prefixAnchor; k++ {
				h = (h ^ uint64(w[k])) * fnvPrime
				if m&(1<<uint(k+1)) != 0 {
					if e := ix.prefix.lookup(h, w[:k+1]); e >= 0 {
						ix.tryHeads(sc, ix.prefix.heads[e], i, gen)
					}
				}
			}
			for ; k < len(w); k++ {
				h = (h ^ uint64(w[k])) * fnvPrime
			}
		} else {
			h = fnvHash(w)
		}
		if e := ix.exact.lookup(h, w); e >= 0 {
			ix.tryHeads(sc, ix.exact.heads[e], i, gen)
		}
	}
	if len(sc.occ) > 0 {
		ix.resolveEntities(sc, gen)
	}
	if len(sc.hits) == 0 {
		return nil
	}
	sc.cands = sc.cands[:0]
	for _, t := range sc.hits {
		for _, w := range ix.terms[t].watches {
			if sc.watchGen[w] != gen {
				sc.watchGen[w] = gen
				sc.cands = append(sc.cands, w)
			}
		}
	}
	slices.Sort(sc.cands)
	// Evaluate, then build the result in two allocations whatever the number of hits.
	matched, nterms := sc.cands[:0], 0
	for _, wi := range sc.cands {
		w := &ix.watches[wi]
		if !eval(&w.root, sc.termGen, gen) {
			continue
		}
		matched = append(matched, wi)
		for _, t := range w.terms {
			if sc.termGen[t.term] == gen {
				nterms += ix.typedCount(sc, t.term)
			}
		}
	}
	if len(matched) == 0 {
		return nil
	}
	out := make([]Hit, len(matched))
	all := make([]string, 0, nterms)
	for k, wi := range matched {
		w := &ix.watches[wi]
		from := len(all)
		for _, t := range w.terms {
			if sc.termGen[t.term] != gen {
				continue
			}
			if !ix.isEntity(t.term) {
				all = append(all, t.typed)
				continue
			}
			for _, o := range sc.found {
				if o.tok == t.term {
					all = append(all, ix.rules[o.term].form.typed)
				}
			}
		}
		out[k] = Hit{Key: w.key, Terms: all[from:len(all):len(all)], Index: w.index}
	}
	return out
}

// isEntity reports an entity's own term.
func (ix *Index) isEntity(id int32) bool { return int(id) < len(ix.rules) && ix.rules[id].ent != nil }

// typedCount is how many strings term id adds to Hit.Terms: one, or an entity's forms found.
func (ix *Index) typedCount(sc *scratch, id int32) int {
	if !ix.isEntity(id) {
		return 1
	}
	n := 0
	for _, o := range sc.found {
		if o.tok == id {
			n++
		}
	}
	return n
}

// resolveEntities checks each entity form found in its context; an entity whose form is
// accepted counts as a term found. sc.found records, per entity term (in tok), the distinct
// forms accepted (in term), for Hit.Terms.
func (ix *Index) resolveEntities(sc *scratch, gen uint32) {
	c := &sc.item
	c.buf, c.toks, c.memos = sc.buf, sc.toks, sc.memos[:0]
	defer func() { sc.memos = c.memos[:0] }()
	c.lang = normLang(c.lang)
	// The title's words come first; the text's first word is marked.
	c.nTitle = len(c.toks)
	if c.title == "" {
		c.nTitle = 0
	}
	for i := range c.toks {
		if c.toks[i].flags&flSegStart != 0 {
			c.nTitle = i
			break
		}
	}
	for _, o := range sc.occ {
		t := &ix.rules[o.term]
		dup := false
		for _, f := range sc.found {
			if f.term == o.term {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		e := ix.rules[t.owner].ent
		if sc.termGen[t.owner] == gen {
			// The entity is found; this form is only shown, unless it is plainly someone
			// else (Boy-Żeleński beside Zełenskim).
			if e.excluded(c, t.form, int(o.tok)) {
				continue
			}
		} else if !e.accept(c, t.form, int(o.tok)) {
			continue
		}
		sc.found = append(sc.found, occurrence{term: o.term, tok: t.owner})
		if sc.termGen[t.owner] != gen {
			sc.termGen[t.owner] = gen
			sc.hits = append(sc.hits, t.owner)
		}
	}
}

// tryHeads checks the terms whose first word matched token i.
func (ix *Index) tryHeads(sc *scratch, heads []int32, i int, gen uint32) {
	for _, id := range heads {
		if sc.termGen[id] == gen {
			continue
		}
		if int(id) < len(ix.rules) && ix.rules[id].form != nil {
			if termFirst(ix.terms[id].words, sc.buf, sc.toks, i) {
				sc.occ = append(sc.occ, occurrence{term: id, tok: int32(i)})
			}
			continue
		}
		if termFirst(ix.terms[id].words, sc.buf, sc.toks, i) {
			sc.termGen[id] = gen
			sc.hits = append(sc.hits, id)
		}
	}
}

// termFirst is termAt that also verifies the first word, for a table hit that only
// matched the word's hash bucket or a prefix's leading bytes.
func termFirst(words []tword, buf []byte, toks []token, i int) bool {
	if len(toks)-i < len(words) {
		return false
	}
	b := buf[toks[i].start:toks[i].end]
	w := words[0]
	if w.prefix {
		if len(b) < len(w.text) || string(b[:len(w.text)]) != w.text {
			return false
		}
	} else if string(b) != w.text {
		return false
	}
	return termAt(words, buf, toks, i)
}

// termAt reports whether a term's words match the tokens from i on; the first word's text
// is known to match already.
func termAt(words []tword, buf []byte, toks []token, i int) bool {
	if len(toks)-i < len(words) {
		return false
	}
	for j, w := range words {
		tk := toks[i+j]
		if w.acronym && tk.allLower() {
			return false
		}
		if j == 0 {
			continue
		}
		if tk.flags&flSegStart != 0 {
			return false
		}
		b := buf[tk.start:tk.end]
		if w.prefix {
			if len(b) < len(w.text) || string(b[:len(w.text)]) != w.text {
				return false
			}
		} else if string(b) != w.text {
			return false
		}
	}
	return true
}

func eval(n *cnode, termGen []uint32, gen uint32) bool {
	switch n.kind {
	case nTerm:
		return termGen[n.term] == gen
	case nNot:
		return !eval(&n.kids[0], termGen, gen)
	case nAnd:
		for i := range n.kids {
			if !eval(&n.kids[i], termGen, gen) {
				return false
			}
		}
		return true
	default:
		for i := range n.kids {
			if eval(&n.kids[i], termGen, gen) {
				return true
			}
		}
		return false
	}
}

// prefixAnchor is how many leading bytes of a prefix term key the prefix table: six bytes
// are six Latin or three Cyrillic letters.
const prefixAnchor = 6

// FNV-1a, 64 bit: computed byte by byte while the scan walks a word, so every prefix
// length is hashed for free.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvHash(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// htable is an open-addressing hash table from words to term lists. Each slot holds the
// hash's high 32 bits and the entry number, so a miss usually costs one memory access.
type htable struct {
	slots []uint64
	mask  uint64
	shift uint // slot = mixed hash >> shift: the high bits, since FNV's low bits mix poorly
	keys  []string
	heads [][]int32
	// filter has one bit per 1/32 of a slot's share of hash space: a word whose bit is
	// clear is surely absent, which most words are, and the filter stays in L1 cache.
	filter []uint64
	fshift uint
}

// goldenMix spreads an FNV hash over its high bits (Fibonacci hashing).
const goldenMix = 0x9E3779B97F4A7C15

// newHTable builds a table at most 1/spread full.
func newHTable(keys []string, heads [][]int32, spread int) htable {
	size, lg := 8, uint(3)
	for size < len(keys)*spread {
		size <<= 1
		lg++
	}
	t := htable{slots: make([]uint64, size), mask: uint64(size - 1), shift: 64 - lg, keys: keys, heads: heads}
	fsize, flg := 64, uint(6)
	for fsize < len(keys)*32 {
		fsize <<= 1
		flg++
	}
	t.filter, t.fshift = make([]uint64, fsize/64), 64-flg
	for i, k := range keys {
		h := fnvHash([]byte(k))
		f := (h * goldenMix) >> t.fshift
		t.filter[f>>6] |= 1 << (f & 63)
		j := (h * goldenMix) >> t.shift
		for t.slots[j] != 0 {
			j = (j + 1) & t.mask
		}
		t.slots[j] = h>>32<<32 | uint64(i+1)
	}
	return t
}

// lookup returns the entry of key (whose hash is h), or -1.
func (t *htable) lookup(h uint64, key []byte) int {
	m := h * goldenMix
	if f := m >> t.fshift; t.filter[f>>6]&(1<<(f&63)) == 0 {
		return -1
	}
	tag := h >> 32
	for j := m >> t.shift; ; j = (j + 1) & t.mask {
		s := t.slots[j]
		if s == 0 {
			return -1
		}
		if s>>32 == tag {
			e := int(uint32(s)) - 1
			if t.keys[e] == string(key) {
				return e
			}
		}
	}
}
