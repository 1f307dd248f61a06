package feed

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxTextRunes caps Item.Text: enough for a summary and for matching, while a feed with
// full article bodies (yandex:full-text, content:encoded) does not fill the store.
const MaxTextRunes = 4000

// MaxTitleRunes caps Item.Title: a title longer than this is a body put in the wrong
// element; it is cut at a word and ends with "…".
const MaxTitleRunes = 1000

// textKind is what a feed format says a text field holds.
type textKind int

const (
	// kindPlain is plain text: JSON Feed title, summary and content_text
	// (https://www.jsonfeed.org/version/1.1/), Atom type="text" (RFC 4287 §3.1.1.1).
	// Nothing is stripped; character references are decoded.
	kindPlain textKind = iota
	// kindTitle is an RSS or RDF title, or an Atom title of unknown type: plain text by the
	// RSS 2.0 specification (https://www.rssboard.org/rss-specification), yet often written
	// with markup (<b>…</b>). Only markup that reads as markup is stripped: an element
	// opened and closed in the title, a void element (<br>, <img>), a comment. A lone
	// "<dialog>" or "<S>" is text.
	kindTitle
	// kindHTML is HTML: RSS description and content:encoded ("entity-encoded HTML is
	// allowed", RSS 2.0), Atom type="html" and "xhtml" (RFC 4287 §3.1.1.2-3), JSON Feed
	// content_html. Every tag is stripped.
	kindHTML
)

// cleanTitle is an RSS title as plain text on one line.
func cleanTitle(s string) string { return titleText(s, kindTitle) }

// cleanText is an HTML body as plain text.
func cleanText(s string) string { return bodyText(s, kindHTML) }

// titleText is a title as plain text on one line: markup stripped as its kind says,
// entities decoded, whitespace collapsed, at most MaxTitleRunes.
func titleText(s string, k textKind) string {
	return clipWords(strings.Join(strings.Fields(toText(s, k)), " "), MaxTitleRunes)
}

// bodyText is a body as plain text: markup stripped as its kind says, block elements and
// <br> as line breaks, spaces collapsed within lines, no empty lines, capped at
// MaxTextRunes.
func bodyText(s string, k textKind) string {
	s = toText(s, k)
	var b strings.Builder
	b.Grow(len(s))
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	return truncateRunes(b.String(), MaxTextRunes)
}

// toText strips tags once, where the kind says the field is markup, then decodes
// character references. What the decoding produces is not stripped again ("&lt;b&gt;" in
// HTML is the text "<b>"), with one exception: a field with no markup of its own whose
// decoded text is markup, the way feeds that escape their HTML twice write it
// ("&lt;p&gt;…&lt;/p&gt;" inside CDATA). Then the elements opened and closed in it, and
// void ones, are stripped, as in titles; a lone "<dialog>" stays.
func toText(s string, k textKind) string {
	if k != kindPlain && strings.IndexByte(s, '<') >= 0 {
		if t := stripTags(s, k == kindTitle); t != s {
			return decodeEntities(t)
		}
	}
	dec := decodeEntities(s)
	if k != kindPlain && len(dec) != len(s) && strings.IndexByte(dec, '<') >= 0 {
		return stripTags(dec, true)
	}
	return dec
}

func truncateRunes(s string, n int) string {
	if len(s) <= n { // bytes ≥ runes
		return s
	}
	i, count := 0, 0
	for i < len(s) {
		if count == n {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "…"
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	return s
}

// clipWords cuts s to n runes at a word boundary, with "…".
func clipWords(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := truncateRunes(s, n)
	cut = strings.TrimSuffix(cut, "…")
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-–—") + "…"
}

// maxEntityBytes bounds a character reference: the longest HTML entity name is 32 bytes
// ("&CounterClockwiseContourIntegral;").
const maxEntityBytes = 33

// decodeEntities decodes the character references of s that end with ";" (named, decimal
// and hexadecimal, HTML's table). A double-escaped one ("&amp;quot;", "&amp;#8217;") is
// decoded to its character, since feeds escape their HTML once too often far more often
// than they mean the text "&quot;". An "&" that starts no reference stays ("AT&T"). Each
// "&" looks at most maxEntityBytes ahead, so the cost is linear.
func decodeEntities(s string) string {
	i := strings.IndexByte(s, '&')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i >= 0 {
		b.WriteString(s[:i])
		s = s[i:]
		n, dec := entityAt(s)
		if n == 0 {
			b.WriteByte('&')
			s = s[1:]
		} else {
			if dec == "&" {
				if m, inner := entityAt(s[n-1:]); m > 1 && inner != "" { // "&amp;" + "lt;": reuse its "&"
					n, dec = n-1+m, inner
				}
			}
			b.WriteString(dec)
			s = s[n:]
		}
		i = strings.IndexByte(s, '&')
	}
	b.WriteString(s)
	return b.String()
}

// entityAt reads a character reference "&name;" or "&#…;" at the start of s (s[0] is
// '&'; for the double-escape check, s[0] is the ';' of "&amp;", which stands for '&').
// It returns its length and its text, or 0 when there is none.
func entityAt(s string) (int, string) {
	end := min(len(s), maxEntityBytes+1)
	for j := 1; j < end; j++ {
		c := s[j]
		switch {
		case c == ';':
			if j == 1 {
				return 0, ""
			}
			switch s[1:j] {
			case "lt":
				return j + 1, "<"
			case "gt":
				return j + 1, ">"
			case "amp":
				return j + 1, "&"
			case "quot":
				return j + 1, `"`
			case "apos":
				return j + 1, "'"
			case "nbsp":
				return j + 1, "\u00a0"
			}
			ref := s[:j+1]
			if s[0] != '&' {
				ref = "&" + s[1:j+1]
			}
			if dec := html.UnescapeString(ref); dec != ref {
				return j + 1, dec
			}
			return 0, ""
		case c == '#' && j == 1, c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		default:
			return 0, ""
		}
	}
	return 0, ""
}

// stripTags drops tags and comments, writes a line break for <br> and block elements, and
// skips the content of <script>, <style>, <noscript> and <template> when they are closed.
// A "<" that opens no tag stays as text, and so does an unclosed raw-text element's
// content: it never swallows the rest. With pairedOnly (titles), a tag is markup only when
// its element is both opened and closed in s, or is void (<br>, <img>, <hr>, <wbr>); other
// tags stay as text.
//
// It is a small scanner rather than the x/net/html tokenizer, which allocates a 4 KiB
// buffer per call and follows the HTML rules for raw text (an unclosed <script> eats the
// rest). Every step is linear in len(s): see tagScanner.
func stripTags(s string, pairedOnly bool) string {
	sc := newTagScanner(s)
	var opened, closed map[string]int // pairedOnly: first start tag and last end tag of each name
	if pairedOnly {
		opened, closed = map[string]int{}, map[string]int{}
		for i := 0; i < len(s); {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				break
			}
			i += j
			t := sc.scan(i)
			if !t.ok {
				i++
				continue
			}
			if t.name != "" {
				if t.closing {
					closed[t.name] = i
				} else if _, ok := opened[t.name]; !ok {
					opened[t.name] = i
				}
			}
			i = t.end
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	noClose := map[string]bool{} // raw-text elements with no end tag after the point looked at
	i := 0
	for i < len(s) {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		b.WriteString(s[i : i+j])
		i += j
		t := sc.scan(i)
		if !t.ok {
			b.WriteByte('<')
			i++
			continue
		}
		markup := true
		if pairedOnly && t.name != "" && !isVoid(t.atom) {
			if t.closing {
				first, ok := opened[t.name]
				markup = ok && first < i
			} else {
				last, ok := closed[t.name]
				markup = ok && last > i
			}
		}
		if !markup {
			b.WriteString(s[i:t.end])
			i = t.end
			continue
		}
		i = t.end
		switch a := t.atom; {
		case !t.closing && (a == atom.Script || a == atom.Style || a == atom.Noscript || a == atom.Template):
			if noClose[t.name] {
				continue
			}
			k := indexEndTag(s[i:], t.name)
			if k < 0 {
				noClose[t.name] = true // nothing to skip; the content stays as text
				continue
			}
			i += k
			if e := sc.scan(i); e.ok {
				i = e.end
			} else {
				i += 2 + len(t.name)
			}
		case a == atom.Br || isBlock(a):
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// tag is what tagScanner.scan found: name is lower-case and empty for a comment or a
// declaration (<!DOCTYPE …>, <?xml …?>); end is the index after the tag.
type tag struct {
	name    string
	atom    atom.Atom
	closing bool
	end     int
	ok      bool
}

// tagScanner reads tags in s. Each successful scan is consumed by its caller, and each
// kind of failure that would repeat for every later "<" (a quoted value or a comment that
// runs to the end, no ">" left) is remembered, so that scanning a whole string costs
// O(len(s)) however hostile it is ("<b>" and 80,000 "<a ", a run of "<!--").
type tagScanner struct {
	s             string
	noQuotes      bool // a quoted attribute value ran to the end: quotes are text from now on
	noGTFrom      int  // no '>' at or after this index
	gt            int  // the next '>' at or after the last index asked for, or -1
	noCommentEnd  bool // no "-->" after the last unterminated comment
	commentEndMin int  // the last "-->" found
}

func newTagScanner(s string) *tagScanner {
	return &tagScanner{s: s, noGTFrom: len(s) + 1, gt: -2, commentEndMin: -1}
}

// nextGT is the index of the first '>' at or after i, or -1.
func (sc *tagScanner) nextGT(i int) int {
	if i >= sc.noGTFrom {
		return -1
	}
	if sc.gt >= i {
		return sc.gt
	}
	k := strings.IndexByte(sc.s[i:], '>')
	if k < 0 {
		sc.noGTFrom = i
		return -1
	}
	sc.gt = i + k
	return sc.gt
}

func (sc *tagScanner) scan(i int) tag {
	s := sc.s
	p := i + 1
	if strings.HasPrefix(s[i:], "<!--") {
		if sc.noCommentEnd {
			return tag{}
		}
		end := -1
		if sc.commentEndMin >= i+4 {
			end = sc.commentEndMin
		} else if k := strings.Index(s[i+4:], "-->"); k >= 0 {
			end = i + 4 + k
			sc.commentEndMin = end
		}
		if end < 0 {
			sc.noCommentEnd = true
			return tag{}
		}
		return tag{end: end + 3, ok: true}
	}
	closing, decl := false, false
	if p < len(s) && (s[p] == '/' || s[p] == '!' || s[p] == '?') {
		closing, decl = s[p] == '/', s[p] != '/'
		p++
	}
	start := p
	for p < len(s) && (s[p] >= 'a' && s[p] <= 'z' || s[p] >= 'A' && s[p] <= 'Z' ||
		p > start && (s[p] >= '0' && s[p] <= '9' || s[p] == '-' || s[p] == ':' || s[p] == '_')) {
		p++
	}
	if p == start {
		return tag{}
	}
	if p < len(s) && !decl {
		if c := s[p]; c != '>' && c != '/' && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return tag{} // "<y+1": not a tag
		}
	}
	name := strings.ToLower(s[start:p])
	a := atom.Lookup([]byte(name))
	if a == 0 && !strings.ContainsAny(name, "-:") && !decl {
		return tag{} // neither HTML nor a custom element (<tg-emoji>, <o:p>): text
	}
	end := -1
	if !sc.noQuotes {
		end = sc.quotedEnd(p)
	}
	if end < 0 {
		end = sc.nextGT(p)
	}
	if end < 0 {
		return tag{}
	}
	if decl {
		name, a = "", 0
	}
	return tag{name: name, atom: a, closing: closing, end: end + 1, ok: true}
}

// quotedEnd finds the '>' that ends a tag whose attributes start at p, skipping quoted
// attribute values (a quote counts only after '='). It returns -1 when there is none, and
// when a quoted value runs to the end it turns quote handling off for good, so that this
// full scan happens at most once per string; so does one that finds only quoted '>'.
func (sc *tagScanner) quotedEnd(p int) int {
	s := sc.s
	if sc.nextGT(p) < 0 {
		return -1
	}
	afterEq := false
	for j := p; j < len(s); j++ {
		switch c := s[j]; c {
		case '>':
			return j
		case '=':
			afterEq = true
		case ' ', '\t', '\n', '\r', '\f':
		case '"', '\'':
			if !afterEq {
				continue
			}
			k := strings.IndexByte(s[j+1:], c)
			if k < 0 {
				sc.noQuotes = true
				return -1
			}
			j += k + 1
			afterEq = false
		default:
			afterEq = false
		}
	}
	sc.noQuotes = true // every '>' left is inside quotes: read them as text from now on
	return -1
}

// indexEndTag is the index in s of "</name" (any case) followed by a non-name byte, or -1.
func indexEndTag(s, name string) int {
	for i := 0; ; {
		k := strings.Index(s[i:], "</")
		if k < 0 {
			return -1
		}
		i += k
		rest := s[i+2:]
		if len(rest) >= len(name) && strings.EqualFold(rest[:len(name)], name) {
			if len(rest) == len(name) {
				return i
			}
			switch rest[len(name)] {
			case '>', ' ', '\t', '\n', '\r', '\f', '/':
				return i
			}
		}
		i += 2
	}
}

func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Br, atom.Img, atom.Hr, atom.Wbr:
		return true
	}
	return false
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5,
		atom.H6, atom.Blockquote, atom.Pre, atom.Table, atom.Tr, atom.Td, atom.Th, atom.Section,
		atom.Article, atom.Header, atom.Footer, atom.Figure, atom.Figcaption, atom.Hr, atom.Dd,
		atom.Dt, atom.Dl:
		return true
	}
	return false
}

// hasMarkup reports whether s still holds a tag that the title rules would strip; tests
// use it to check that no title keeps markup.
func hasMarkup(s string) bool {
	return strings.IndexByte(s, '<') >= 0 && stripTags(s, true) != s
}
