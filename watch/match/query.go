package match

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQueryLen is the longest query Check accepts, in bytes.
const MaxQueryLen = 512

// Limits on prefix terms: at least minPrefixRunes letters before '*', at most maxPrefixBytes
// bytes once normalised (the index keeps prefix lengths in a 64-bit mask).
const (
	minPrefixRunes = 2
	maxPrefixBytes = 63
)

// ErrQueryTooLong is returned by Check for a query longer than MaxQueryLen bytes.
var ErrQueryTooLong = errors.New("query too long")

// MaxTerms is the most terms a query may hold once its catalogue names are expanded. The
// largest built-in entry has under 100 spellings, so a query may name several entries; a
// query naming one entry a hundred times (ICC ICC ICC …) would otherwise compile to
// thousands of index entries per watch.
const MaxTerms = 500

// ErrTooManyTerms is returned by Check for a query over MaxTerms terms after expansion.
var ErrTooManyTerms = errors.New("query too broad")

// ErrEmptyQuery is returned by Check for a query with nothing in it.
var ErrEmptyQuery = errors.New("empty query")

// ParseError reports a broken query. Error() reads like
// `unexpected ')' at 14, expected a word, a "phrase" or '('`: English, for logs and
// `vedetta check`. Code, Args and Want say the same for a program, so that the bot can
// say it in the chat's language (docs/LANGUAGES.md).
type ParseError struct {
	Pos      int      // 1-based rune position in the query
	Msg      string   // what is wrong, in English: "unexpected ')'"
	Expected string   // what would have been right, in English; may be empty
	Code     Code     // what is wrong: CodeUnexpected
	Args     []string // what the Code names, as typed: the token, the term, the prefix, the position of the '('
	Want     Want     // what would have been right: WantParen; "" when Expected is empty
}

func (e *ParseError) Error() string {
	s := e.Msg + " at " + strconv.Itoa(e.Pos)
	if e.Expected != "" {
		s += ", expected " + e.Expected
	}
	return s
}

// Code is what is wrong with a query, for a program: a translation is keyed by it.
type Code string

// The codes of a ParseError; Args holds what the comment names.
const (
	CodeUnterminatedPhrase Code = "unterminated_phrase" // a phrase without its closing quote
	CodeStrayQuote         Code = "stray_quote"         // a closing quote without its opening one; Args: the quote
	CodeUnexpectedEnd      Code = "unexpected_end"      // the query ends where more was needed
	CodeUnexpected         Code = "unexpected"          // Args: the token, as typed
	CodeTooDeep            Code = "too_deep"            // over 100 nested parentheses or negations
	CodeMissingParen       Code = "missing_paren"       // Args: the position of the '(' left open
	CodeEmptyPhrase        Code = "empty_phrase"        // ""
	CodeStarInside         Code = "star_inside"         // uc*rain
	CodeNoLetters          Code = "no_letters"          // Args: the term
	CodePrefixTooShort     Code = "prefix_too_short"    // Args: the prefix, with its '*'
	CodePrefixTooLong      Code = "prefix_too_long"     // Args: the prefix, with its '*'
	CodeNotUTF8            Code = "not_utf8"            // the query is not valid UTF-8
	CodeOnlyNegated        Code = "only_negated"        // -Renato: nothing to look for
)

// Codes lists every Code a ParseError may carry (for a test that each has a translation).
var Codes = []Code{CodeUnterminatedPhrase, CodeStrayQuote, CodeUnexpectedEnd, CodeUnexpected, CodeTooDeep,
	CodeMissingParen, CodeEmptyPhrase, CodeStarInside, CodeNoLetters, CodePrefixTooShort, CodePrefixTooLong,
	CodeNotUTF8, CodeOnlyNegated}

// Want is what a broken query needed where it broke, for a program.
type Want string

// The wants of a ParseError.
const (
	WantClosingQuote  Want = "closing_quote"  // a closing '"'
	WantOpeningQuote  Want = "opening_quote"  // an opening quote before it
	WantTerm          Want = "term"           // a word, a "phrase" or '('
	WantTermOrEnd     Want = "term_or_end"    // a term, OR, or the end of the query
	WantParen         Want = "paren"          // ')'
	WantPhraseWords   Want = "phrase_words"   // words between the quotes
	WantStarAtEnd     Want = "star_at_end"    // '*' only at the end of a word, as in ucrain*
	WantWord          Want = "word"           // a word
	WantLongerPrefix  Want = "longer_prefix"  // at least 2 letters before '*'
	WantShorterPrefix Want = "shorter_prefix" // a shorter prefix
	WantPositiveTerm  Want = "positive_term"  // at least one term that is not negated, as in NATO -Renato
)

// Wants lists every Want a ParseError may carry.
var Wants = []Want{WantClosingQuote, WantOpeningQuote, WantTerm, WantTermOrEnd, WantParen, WantPhraseWords,
	WantStarAtEnd, WantWord, WantLongerPrefix, WantShorterPrefix, WantPositiveTerm}

// english is what each Want reads in Error().
var english = map[Want]string{
	WantClosingQuote:  `a closing '"'`,
	WantOpeningQuote:  "an opening quote before it",
	WantTerm:          `a word, a "phrase" or '('`,
	WantTermOrEnd:     "a term, OR, or the end of the query",
	WantParen:         "')'",
	WantPhraseWords:   "words between the quotes",
	WantStarAtEnd:     "'*' only at the end of a word, as in ucrain*",
	WantWord:          "a word",
	WantLongerPrefix:  "at least 2 letters before '*'",
	WantShorterPrefix: "a shorter prefix",
	WantPositiveTerm:  "at least one term that is not negated, as in NATO -Renato",
}

// parseErr makes a ParseError: msg is the English of code, want what was needed.
func parseErr(pos int, code Code, msg string, want Want, args ...string) *ParseError {
	return &ParseError{Pos: pos, Msg: msg, Expected: english[want], Code: code, Args: args, Want: want}
}

// Query node kinds.
type nodeKind uint8

const (
	nTerm nodeKind = iota
	nAnd
	nOr
	nNot
	nRef // a catalogue name; kids[0] is its expanded query
)

// node is a parsed query.
type node struct {
	kind nodeKind
	kids []*node
	term *qterm  // nTerm
	name string  // nRef: the catalogue entry's name
	ent  *figure // nRef: the entry's matching rules, when it has them (built-in entries)
}

// qterm is one term of a query: a word or a phrase, already normalised.
type qterm struct {
	typed string  // as typed: NATO, Зеленськ*, "Alleanza Atlantica"
	words []tword // the normalised words, in order
}

// tword is one normalised word of a term.
type tword struct {
	text    string
	prefix  bool // matches any word starting with text
	acronym bool // typed in capitals: never matches an all-lowercase word
}

// key identifies a term's matching behaviour, so equal terms share one index entry.
func (t *qterm) key() string {
	var b strings.Builder
	for i, w := range t.words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
		if w.prefix {
			b.WriteByte('*')
		}
		if w.acronym {
			b.WriteByte('^')
		}
	}
	return b.String()
}

// Lexer token kinds.
type lexKind uint8

const (
	lEOF lexKind = iota
	lLParen
	lRParen
	lOr
	lAnd
	lNot
	lWord
	lPhrase
)

type lexeme struct {
	kind lexKind
	text string // lWord, lPhrase: the text without quotes; others: as typed
	pos  int    // 1-based rune position
}

func isOpenQuote(r rune) bool  { return r == '"' || r == '“' || r == '„' || r == '«' }
func isCloseQuote(r rune) bool { return r == '"' || r == '”' || r == '“' || r == '»' }

// isWordEnd reports the runes that end a bare word.
func isWordEnd(r rune) bool {
	return unicode.IsSpace(r) || r == '(' || r == ')' || r == '|' || r == ',' || isOpenQuote(r) || isCloseQuote(r)
}

// lex splits a query into lexemes; it fails only on an unterminated phrase.
func lex(q string) ([]lexeme, error) {
	rs := []rune(q)
	var out []lexeme
	for i := 0; i < len(rs); {
		r := rs[i]
		pos := i + 1
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			out = append(out, lexeme{lLParen, "(", pos})
			i++
		case r == ')':
			out = append(out, lexeme{lRParen, ")", pos})
			i++
		case r == '|' || r == ',':
			out = append(out, lexeme{lOr, string(r), pos})
			i++
		case isOpenQuote(r):
			j := i + 1
			for j < len(rs) && !isCloseQuote(rs[j]) {
				j++
			}
			if j == len(rs) {
				return nil, parseErr(pos, CodeUnterminatedPhrase, "unterminated phrase", WantClosingQuote)
			}
			out = append(out, lexeme{lPhrase, string(rs[i+1 : j]), pos})
			i = j + 1
		case r == '-' && (i+1 < len(rs) && !isWordEnd(rs[i+1])):
			out = append(out, lexeme{lNot, "-", pos})
			i++
		default:
			j := i
			for j < len(rs) && !isWordEnd(rs[j]) {
				j++
			}
			if j == i { // a lone closing quote
				return nil, parseErr(pos, CodeStrayQuote, fmt.Sprintf("unexpected %q", string(r)), WantOpeningQuote, string(r))
			}
			w := string(rs[i:j])
			switch w {
			case "AND":
				out = append(out, lexeme{lAnd, w, pos})
			case "OR":
				out = append(out, lexeme{lOr, w, pos})
			case "NOT":
				out = append(out, lexeme{lNot, w, pos})
			default:
				out = append(out, lexeme{lWord, w, pos})
			}
			i = j
		}
	}
	out = append(out, lexeme{kind: lEOF, pos: len(rs) + 1})
	return out, nil
}

// parser is a recursive-descent parser over the lexemes. The grammar (doc.go):
//
//	or    = and { ("OR" | "|" | ",") and }
//	and   = unary { ["AND"] unary }
//	unary = ("NOT" | "-") unary | "(" or ")" | word | "phrase"
type parser struct {
	lx     []lexeme
	i      int
	cat    *Catalogue
	expand bool // catalogue names expand (user queries; not inside a catalogue entry)
	depth  int
}

func (p *parser) peek() lexeme { return p.lx[p.i] }

func describeLexeme(l lexeme) string {
	switch l.kind {
	case lEOF:
		return "end of query"
	case lPhrase:
		return strconv.Quote(l.text)
	}
	return "'" + l.text + "'"
}

func (p *parser) unexpected(l lexeme, want Want) error {
	if l.kind == lEOF {
		return parseErr(l.pos, CodeUnexpectedEnd, "unexpected end of query", want)
	}
	typed := l.text
	if l.kind == lPhrase {
		typed = `"` + l.text + `"`
	}
	return parseErr(l.pos, CodeUnexpected, "unexpected "+describeLexeme(l), want, typed)
}

func (p *parser) parseOr() (*node, error) {
	left, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	kids := []*node{left}
	for p.peek().kind == lOr {
		p.i++
		right, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		kids = append(kids, right)
	}
	if len(kids) == 1 {
		return left, nil
	}
	return &node{kind: nOr, kids: kids}, nil
}

func startsUnary(k lexKind) bool {
	return k == lNot || k == lLParen || k == lWord || k == lPhrase
}

func (p *parser) parseAnd() (*node, error) {
	left, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	kids := []*node{left}
	for {
		k := p.peek().kind
		if k == lAnd {
			p.i++
		} else if !startsUnary(k) {
			break
		}
		right, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		kids = append(kids, right)
	}
	if len(kids) == 1 {
		return left, nil
	}
	return &node{kind: nAnd, kids: kids}, nil
}

func (p *parser) parseUnary() (*node, error) {
	l := p.peek()
	switch l.kind {
	case lNot:
		p.i++
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > 100 {
			return nil, parseErr(l.pos, CodeTooDeep, "too deeply nested", "")
		}
		kid, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &node{kind: nNot, kids: []*node{kid}}, nil
	case lLParen:
		p.i++
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > 100 {
			return nil, parseErr(l.pos, CodeTooDeep, "too deeply nested", "")
		}
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if r := p.peek(); r.kind != lRParen {
			if r.kind == lEOF {
				return nil, parseErr(r.pos, CodeMissingParen, fmt.Sprintf("missing ')' for the '(' at %d", l.pos), WantParen, strconv.Itoa(l.pos))
			}
			return nil, p.unexpected(r, WantParen)
		}
		p.i++
		return n, nil
	case lWord, lPhrase:
		if n, e, ok := p.longestName(); ok {
			p.i += n
			return p.cat.expand(e)
		}
		p.i++
		return p.termOrRef(l)
	}
	return nil, p.unexpected(l, WantTerm)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// maxNameWords is the most words a catalogue name has ("Mohammed bin Salman").
const maxNameWords = 4

// longestName finds the longest run of two or more plain words at the parser's position
// that is a catalogue name, so that `von der Leyen Ucraina` reads as (von der Leyen) AND
// Ucraina. A single word is looked up by termOrRef.
func (p *parser) longestName() (int, Entry, bool) {
	if !p.expand {
		return 0, Entry{}, false
	}
	run := 0
	for run < maxNameWords && p.i+run < len(p.lx) {
		l := p.lx[p.i+run]
		if l.kind != lWord || strings.HasSuffix(l.text, "*") || !strings.ContainsFunc(l.text, isWordRune) {
			break
		}
		run++
	}
	for n := run; n >= 2; n-- {
		words := make([]string, n)
		for k := range words {
			words[k] = p.lx[p.i+k].text
		}
		if e, ok := p.cat.Lookup(strings.Join(words, " ")); ok {
			return n, e, true
		}
	}
	return 0, Entry{}, false
}

// termOrRef turns a word or phrase into a catalogue reference or a term.
func (p *parser) termOrRef(l lexeme) (*node, error) {
	if p.expand && !strings.HasSuffix(l.text, "*") {
		if e, ok := p.cat.Lookup(l.text); ok {
			return p.cat.expand(e)
		}
	}
	typed := l.text
	if l.kind == lPhrase {
		typed = `"` + l.text + `"`
	}
	t, err := newTerm(typed, l.text, l.pos, l.kind == lPhrase)
	if err != nil {
		return nil, err
	}
	return &node{kind: nTerm, term: t}, nil
}

// expand parses a catalogue entry's query; names inside it are terms, not references.
// Each entry is parsed once per catalogue and the tree shared (trees are never changed
// once parsed): 100,000 chats watching NATO expand NATO's hundreds of spellings once, not
// 100,000 times (docs/PERFORMANCE.md).
func (c *Catalogue) expand(e Entry) (*node, error) {
	key := catalogueKey(e.Name)
	if v, ok := c.expanded.Load(key); ok {
		x := v.(expansion)
		return x.n, x.err
	}
	var x expansion
	sub, err := parse(e.Query, nil, false)
	if err != nil {
		x.err = fmt.Errorf("catalogue entry %s: %w", e.Name, err)
	} else {
		x.n = &node{kind: nRef, name: e.Name, ent: e.ent, kids: []*node{sub}}
	}
	c.expanded.Store(key, x)
	return x.n, x.err
}

// expansion is a catalogue entry's parsed query, or why it does not parse.
type expansion struct {
	n   *node
	err error
}

// newTerm normalises the words of a term. pos is the term's position, for errors.
func newTerm(typed, text string, pos int, phrase bool) (*qterm, error) {
	t := &qterm{typed: typed}
	fields := []string{text}
	if phrase {
		fields = strings.Fields(text)
		if len(fields) == 0 {
			return nil, parseErr(pos, CodeEmptyPhrase, "empty phrase", WantPhraseWords)
		}
	}
	for _, f := range fields {
		prefix := false
		if star := strings.IndexByte(f, '*'); star >= 0 {
			if star != len(f)-1 {
				at := pos
				if !phrase {
					at += utf8.RuneCountInString(f[:star])
				}
				return nil, parseErr(at, CodeStarInside, "'*' inside a word", WantStarAtEnd)
			}
			prefix = true
			f = f[:star]
		}
		var toks []token
		var buf []byte
		buf, toks = normalize(buf, f, toks, true)
		if len(toks) == 0 {
			return nil, parseErr(pos, CodeNoLetters, fmt.Sprintf("term %s has no letters or digits", strconv.Quote(typed)), WantWord, typed)
		}
		for k, tk := range toks {
			w := tword{text: string(buf[tk.start:tk.end]), acronym: isAcronym(f[tk.src:tk.srcEnd])}
			if prefix && k == len(toks)-1 {
				w.prefix = true
				if utf8.RuneCountInString(w.text) < minPrefixRunes {
					return nil, parseErr(pos, CodePrefixTooShort, fmt.Sprintf("prefix %s is too short", strconv.Quote(f+"*")), WantLongerPrefix, f+"*")
				}
				if len(w.text) > maxPrefixBytes {
					return nil, parseErr(pos, CodePrefixTooLong, fmt.Sprintf("prefix %s is too long", strconv.Quote(f+"*")), WantShorterPrefix, f+"*")
				}
			}
			t.words = append(t.words, w)
		}
	}
	return t, nil
}

// isAcronym reports a word typed in capitals: at least two cased letters, none lower-case
// (NATO, UE, ONU). One capital letter alone ("X") is not an acronym.
func isAcronym(w string) bool {
	upper := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) || unicode.IsTitle(r) {
			upper++
		}
	}
	return upper >= 2
}

// maxEntryLen bounds a catalogue entry's query, which lists many spellings.
const maxEntryLen = 64 * MaxQueryLen

// parse parses a query; expand says whether catalogue names expand (a user's query) or
// not (a catalogue entry's query).
func parse(q string, cat *Catalogue, expand bool) (*node, error) {
	limit := MaxQueryLen
	if !expand {
		limit = maxEntryLen
	}
	if len(q) > limit {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrQueryTooLong, len(q), limit)
	}
	if strings.TrimSpace(q) == "" {
		return nil, ErrEmptyQuery
	}
	if !utf8.ValidString(q) {
		return nil, parseErr(1, CodeNotUTF8, "the query is not valid UTF-8", "")
	}
	if expand {
		// The whole query may be a catalogue name with spaces: /watch von der Leyen.
		if isPlainWords(q) {
			if e, ok := cat.Lookup(q); ok {
				return cat.expand(e)
			}
		}
	}
	lx, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{lx: lx, cat: cat, expand: expand}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if l := p.peek(); l.kind != lEOF {
		return nil, p.unexpected(l, WantTermOrEnd)
	}
	return n, nil
}

// parseQuery parses, expands and validates a user query.
func parseQuery(q string, cat *Catalogue) (*node, error) {
	n, err := parse(q, cat, true)
	if err != nil {
		return nil, err
	}
	if terms := countTerms(n, MaxTerms+1); terms > MaxTerms {
		return nil, fmt.Errorf("%w: over %d spellings once its catalogue names are expanded; name each entry once, or split the query into several watches", ErrTooManyTerms, MaxTerms)
	}
	if evalEmpty(n) {
		return nil, parseErr(1, CodeOnlyNegated, "the query matches items that contain none of its terms", WantPositiveTerm)
	}
	return n, nil
}

// countTerms counts n's terms, stopping once it has counted limit.
func countTerms(n *node, limit int) int {
	if n.kind == nTerm {
		return 1
	}
	c := 0
	for _, k := range n.kids {
		if c += countTerms(k, limit-c); c >= limit {
			break
		}
	}
	return c
}

// evalEmpty evaluates n on an item that contains none of its terms. Such queries are
// rejected: the index only evaluates watches that have a term in the item.
func evalEmpty(n *node) bool {
	switch n.kind {
	case nTerm:
		return false
	case nNot:
		return !evalEmpty(n.kids[0])
	case nRef:
		return evalEmpty(n.kids[0])
	case nAnd:
		for _, k := range n.kids {
			if !evalEmpty(k) {
				return false
			}
		}
		return true
	default: // nOr
		for _, k := range n.kids {
			if evalEmpty(k) {
				return true
			}
		}
		return false
	}
}

// Check parses a query and expands its catalogue names, as /watch and `vedetta check` do.
// A syntax error is a *ParseError; a query over MaxQueryLen bytes is ErrQueryTooLong.
func Check(query string, cat *Catalogue) error {
	_, err := parseQuery(query, cat)
	return err
}

// Describe returns the short human form of a query, with catalogue names kept as names:
// `NATO ucraina -Renato` reads "NATO AND ucraina AND NOT Renato". A query that does not
// parse is returned as it is.
func Describe(query string, cat *Catalogue) string {
	return DescribeWith(query, cat, QueryOperators)
}

// Operators are the words Describe joins the terms of a query with.
type Operators struct{ And, Or, Not string }

// QueryOperators are the operators as a query writes them.
var QueryOperators = Operators{And: "AND", Or: "OR", Not: "NOT"}

// DescribeWith is Describe with the operators in other words: the bot's, in the chat's
// language ("NATO E ucraina E NON Renato").
func DescribeWith(query string, cat *Catalogue, ops Operators) string {
	n, err := parse(query, cat, true)
	if err != nil {
		return query
	}
	var b strings.Builder
	describe(&b, n, 0, ops)
	return b.String()
}

// Precedence for Describe: OR < AND < NOT.
func prec(k nodeKind) int {
	switch k {
	case nOr:
		return 1
	case nAnd:
		return 2
	}
	return 3
}

func describe(b *strings.Builder, n *node, parent int, ops Operators) {
	switch n.kind {
	case nTerm:
		b.WriteString(n.term.typed)
	case nRef:
		if strings.ContainsAny(n.name, " \t") {
			b.WriteString(`"` + n.name + `"`)
		} else {
			b.WriteString(n.name)
		}
	case nNot:
		b.WriteString(ops.Not + " ")
		describe(b, n.kids[0], prec(nNot), ops)
	default:
		p := prec(n.kind)
		if p < parent {
			b.WriteByte('(')
		}
		op := " " + ops.And + " "
		if n.kind == nOr {
			op = " " + ops.Or + " "
		}
		for i, k := range n.kids {
			if i > 0 {
				b.WriteString(op)
			}
			describe(b, k, p, ops)
		}
		if p < parent {
			b.WriteByte(')')
		}
	}
}

// isPlainWords reports a query of several words without any query syntax, which may be a
// catalogue name with spaces ("von der Leyen").
func isPlainWords(q string) bool {
	fields := strings.Fields(q)
	if len(fields) < 2 || strings.ContainsAny(q, "()|,*\"“”«»„") {
		return false
	}
	// Each field must be one word, so that "NATO ..." is not the name NATO.
	if strings.Count(string(Normalize(nil, q)), " ")+1 != len(fields) {
		return false
	}
	for _, f := range fields {
		if f == "AND" || f == "OR" || f == "NOT" || strings.HasPrefix(f, "-") {
			return false
		}
	}
	return true
}
