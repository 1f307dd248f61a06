package match

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Character classes of the normaliser's table.
const (
	clsSep  uint8 = iota // ends a word: spaces, punctuation, symbols
	clsWord              // a letter or digit: its folded bytes are emitted
	clsSkip              // inside a word but invisible: combining marks, soft hyphen, joiners
	clsApos              // an apostrophe: joins two Cyrillic letters, else ends a word
	clsLT                // '<': may open an HTML tag
	clsAmp               // '&': may open an HTML entity
)

// Flags of a table entry and of a token.
const (
	flUpper    uint8 = 1 << iota // an upper- or title-case letter
	flLower                      // a lower-case letter
	flCyrillic                   // a Cyrillic letter (for the apostrophe rule)
	flSegStart                   // token flag: first token of a new field (title, text); phrases never cross it
)

// tableMax bounds the rune table: it covers Latin (with Latin Extended Additional), IPA, Greek,
// Cyrillic, Armenian, Hebrew, Arabic, the Indic scripts and General Punctuation. Runes above it
// take the slow path through package unicode (lower-cased, marks dropped, no decomposition).
const tableMax = 0x2100

// entry is the folded form of one rune: up to 4 bytes.
type entry struct {
	out   [4]byte
	n     uint8
	class uint8
	flags uint8
}

// table is built before any package-level variable that normalises (the built-in catalogue).
var table = buildTable()

// special holds the folds that Unicode decomposition does not give, or that Vedetta decides
// otherwise (see doc.go): letters kept as letters of their own, ligatures, stroked letters.
var special = map[rune]string{
	'ß': "ss", 'ẞ': "ss",
	'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d",
	'ł': "l", 'Ł': "l", 'ħ': "h", 'Ħ': "h", 'þ': "th", 'Þ': "th",
	'ı': "i", 'İ': "i", 'ŀ': "l", 'Ŀ': "l",
	'ς': "σ",
	// Cyrillic: й, ї and ў are letters of their own in Russian, Ukrainian and Belarusian
	// (мой ≠ мои, їх ≠ іх), so they keep their marks; ё is written е in ordinary Russian
	// text (Горбачёв = Горбачев), so it folds to е.
	'й': "й", 'Й': "й", 'ї': "ї", 'Ї': "ї", 'ў': "ў", 'Ў': "ў",
	'ё': "е", 'Ё': "е",
}

func buildTable() *[tableMax]entry {
	t := new([tableMax]entry)
	for r := rune(0); r < tableMax; r++ {
		t[r] = classify(r)
	}
	return t
}

// classify computes the table entry of r; it runs once per rune at start-up.
func classify(r rune) entry {
	var e entry
	switch {
	case r == '<':
		e.class = clsLT
		return e
	case r == '&':
		e.class = clsAmp
		return e
	case isApostrophe(r):
		e.class = clsApos
		return e
	case isInvisible(r):
		e.class = clsSkip // soft hyphen, zero-width characters and bidi marks sit inside words
		return e
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
		e.class = clsSkip
		return e
	case !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r)):
		return e // clsSep
	}
	if unicode.IsUpper(r) || unicode.IsTitle(r) {
		e.flags |= flUpper
	} else if unicode.IsLower(r) {
		e.flags |= flLower
	}
	if unicode.Is(unicode.Cyrillic, r) {
		e.flags |= flCyrillic
	}
	folded, ok := special[r]
	if !ok {
		var b strings.Builder
		for _, d := range norm.NFD.String(string(unicode.ToLower(r))) {
			if d != r && isApostrophe(d) { // Greek ʹ (U+0374) decomposes to U+02B9
				return entry{class: clsApos}
			}
			if unicode.Is(unicode.Mn, d) || !(unicode.IsLetter(d) || unicode.IsDigit(d) || unicode.Is(unicode.Mc, d)) {
				continue
			}
			if sp, ok := special[d]; ok { // ǣ is æ with a macron: fold æ too
				b.WriteString(sp)
				continue
			}
			b.WriteRune(unicode.ToLower(d))
		}
		folded = b.String()
	}
	if folded == "" || len(folded) > 4 {
		e.class = clsSkip
		return e
	}
	e.class = clsWord
	e.n = uint8(copy(e.out[:], folded))
	return e
}

// isInvisible reports the format characters that can sit inside a word without showing:
// the soft hyphen, the zero-width space, non-joiner and joiner, the word joiner, the
// byte-order mark (zero-width no-break space) and the bidirectional marks, embeddings and
// isolates (Unicode Standard Annex #9, "Explicit Directional Formatting Characters",
// https://www.unicode.org/reports/tr9/; the Arabic letter mark U+061C included), and the
// Mongolian vowel separator. A feed that writes NA\u200bTO still names NATO.
func isInvisible(r rune) bool {
	switch {
	case r == 0xAD, r == 0x61C, r == 0x180E, r == 0xFEFF:
		return true
	case 0x200B <= r && r <= 0x200F: // ZWSP, ZWNJ, ZWJ, LRM, RLM
		return true
	case 0x202A <= r && r <= 0x202E: // LRE, RLE, PDF, LRO, RLO
		return true
	case 0x2060 <= r && r <= 0x2064, 0x2066 <= r && r <= 0x2069: // word joiner, invisible operators, isolates
		return true
	}
	return false
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', 0xB4, 0x2BC, 0x2B9, 0x2018, 0x2019, 0x201B, 0x2032:
		return true
	}
	return false
}

// slowEntry classifies a rune above the table.
func slowEntry(r rune) entry {
	var e entry
	switch {
	case isInvisible(r):
		e.class = clsSkip
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
		e.class = clsSkip
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
		e.class = clsWord
		if unicode.IsUpper(r) || unicode.IsTitle(r) {
			e.flags |= flUpper
		} else if unicode.IsLower(r) {
			e.flags |= flLower
		}
		e.n = uint8(utf8.EncodeRune(e.out[:], unicode.ToLower(r)))
	}
	return e
}

// token is one word of normalised text.
type token struct {
	start, end  uint32 // in the normalised bytes
	src, srcEnd uint32 // in the source string
	flags       uint8  // flUpper | flLower | flSegStart
}

// allLower reports whether the word was written in lower case only, the words an acronym
// term must not match (Italian "è nato un panda": a panda was born).
func (t token) allLower() bool { return t.flags&(flUpper|flLower) == flLower }

// Normalize appends the normal form of s to dst and returns the extended buffer: words in
// lower case without diacritics, separated by single spaces, HTML tags dropped and entities
// decoded, apostrophes and hyphens splitting words (except an apostrophe between two
// Cyrillic letters, as in Ukrainian м'ясо). It allocates nothing when dst has room for
// len(s)+1 bytes (text with HTML entities that are not numeric or common may allocate).
// Matching, catalogue lookup and Snippet all use this one normaliser.
func Normalize(dst []byte, s string) []byte {
	dst, _ = normalize(dst, s, nil, false)
	return dst
}

// appendEntry appends a table entry's folded bytes.
func appendEntry(dst []byte, e *entry) []byte {
	switch e.n {
	case 1:
		return append(dst, e.out[0])
	case 2:
		return append(dst, e.out[0], e.out[1])
	}
	return append(dst, e.out[:e.n]...)
}

// asciiWord marks the ASCII letters and digits, for the fast path over ASCII words.
var asciiWord = func() (w [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		w[c] = table[c].class == clsWord
	}
	return w
}()

// normalize is Normalize that also records the words in toks when record is set.
// One pass: ASCII words are copied and lower-cased in runs, other runes go through the
// table (two-byte sequences, which cover Latin, Greek and Cyrillic, decoded inline).
func normalize(dst []byte, s string, toks []token, record bool) ([]byte, []token) {
	base := len(dst)
	inWord := false
	var flags uint8
	var wStart, wSrc, wSrcEnd int // the open word: start in dst, start and end in s
	lastCyr := false
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf && asciiWord[c] {
			j := i + 1
			for j < len(s) && s[j] < utf8.RuneSelf && asciiWord[s[j]] {
				j++
			}
			if !inWord {
				if len(dst) > base {
					dst = append(dst, ' ')
				}
				inWord, flags, wStart, wSrc = true, 0, len(dst), i
			}
			n := len(dst)
			dst = append(dst, s[i:j]...)
			w := dst[n:]
			for k, b := range w {
				if b-'A' < 26 {
					w[k] = b + ('a' - 'A')
					flags |= flUpper
				} else if b >= 'a' {
					flags |= flLower
				}
			}
			lastCyr = false
			i, wSrcEnd = j, j
			continue
		}
		var e entry
		size := 1
		if c < utf8.RuneSelf {
			e = table[c]
		} else {
			var r rune
			if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
				r, size = rune(c&0x1F)<<6|rune(s[i+1]&0x3F), 2
			} else {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
			if r < tableMax {
				e = table[r]
			} else {
				e = slowEntry(r)
			}
		}
		switch e.class {
		case clsWord:
			if !inWord {
				if len(dst) > base {
					dst = append(dst, ' ')
				}
				inWord, flags, wStart, wSrc = true, 0, len(dst), i
			}
			dst = appendEntry(dst, &e)
			flags |= e.flags
			i += size
			// Stay here for a run of two-byte letters (Cyrillic, Greek, accented Latin).
			for i+1 < len(s) {
				c := s[i]
				if c < 0xC2 || c >= 0xE0 || s[i+1]&0xC0 != 0x80 {
					break
				}
				next := table[rune(c&0x1F)<<6|rune(s[i+1]&0x3F)]
				if next.class != clsWord {
					break
				}
				dst = appendEntry(dst, &next)
				flags |= next.flags
				e.flags = next.flags
				i += 2
			}
			lastCyr = e.flags&flCyrillic != 0
			wSrcEnd = i
			continue
		case clsSkip:
			i += size
			continue
		case clsApos:
			// Ukrainian spelling puts the apostrophe inside words: м'ясо, В'ячеслав.
			if inWord && lastCyr && i+size < len(s) {
				nr, _ := utf8.DecodeRuneInString(s[i+size:])
				if nr < tableMax && table[nr].class == clsWord && table[nr].flags&flCyrillic != 0 {
					i += size
					continue
				}
			}
			i += size
		case clsLT:
			if end := tagEnd(s, i); end > 0 {
				i = end
			} else {
				i++
			}
		case clsAmp:
			r, n := entity(s[i:])
			if n == 0 {
				i++
				break
			}
			var de entry
			if r < tableMax {
				de = table[r]
			} else {
				de = slowEntry(r)
			}
			if de.class == clsWord {
				if !inWord {
					if len(dst) > base {
						dst = append(dst, ' ')
					}
					inWord, flags, wStart, wSrc = true, 0, len(dst), i
				}
				dst = append(dst, de.out[:de.n]...)
				flags |= de.flags
				lastCyr = de.flags&flCyrillic != 0
				i += n
				wSrcEnd = i
				continue
			}
			i += n
			if de.class == clsSkip {
				continue
			}
		default:
			i += size
		}
		// A separator: close the open word.
		if inWord {
			inWord = false
			if record {
				toks = append(toks, token{start: uint32(wStart), end: uint32(len(dst)), src: uint32(wSrc), srcEnd: uint32(wSrcEnd), flags: flags})
			}
		}
	}
	if inWord && record {
		toks = append(toks, token{start: uint32(wStart), end: uint32(len(dst)), src: uint32(wSrc), srcEnd: uint32(wSrcEnd), flags: flags})
	}
	return dst, toks
}

// tagEnd returns the index after the HTML tag (or comment) that opens at s[i], or 0 when
// '<' does not open one: it must be followed by a letter, '/', '!' or '?', and close
// within 1024 bytes.
func tagEnd(s string, i int) int {
	if i+1 >= len(s) {
		return 0
	}
	c := s[i+1]
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '/' || c == '!' || c == '?') {
		return 0
	}
	rest := s[i+1:]
	if len(rest) > 1024 {
		rest = rest[:1024]
	}
	j := strings.IndexByte(rest, '>')
	if j < 0 {
		return 0
	}
	return i + 1 + j + 1
}

// commonEntities are the named entities news feeds use, decoded without allocating.
var commonEntities = map[string]rune{
	"amp": '&', "lt": '<', "gt": '>', "quot": '"', "apos": '\'', "nbsp": ' ',
	"rsquo": '’', "lsquo": '‘', "rdquo": '”', "ldquo": '“', "laquo": '«', "raquo": '»',
	"ndash": '–', "mdash": '—', "hellip": '…', "shy": 0xAD, "bdquo": '„',
}

// entity decodes the HTML entity at the start of s ("&amp;", "&#233;", "&#x438;") and
// returns the rune and its length in s, or n == 0 when s does not start with an entity.
func entity(s string) (r rune, n int) {
	if len(s) < 3 {
		return 0, 0
	}
	end := strings.IndexByte(s[:min(len(s), 34)], ';')
	if end < 2 {
		return 0, 0
	}
	name := s[1:end]
	if name[0] == '#' {
		num := name[1:]
		base := 10
		if len(num) > 0 && (num[0] == 'x' || num[0] == 'X') {
			base, num = 16, num[1:]
		}
		if num == "" || len(num) > 8 {
			return 0, 0
		}
		v := 0
		for k := 0; k < len(num); k++ {
			d := digitVal(num[k])
			if d < 0 || d >= base {
				return 0, 0
			}
			v = v*base + d
		}
		if v == 0 || v > unicode.MaxRune {
			return utf8.RuneError, end + 1
		}
		return rune(v), end + 1
	}
	if r, ok := commonEntities[name]; ok {
		return r, end + 1
	}
	for k := 0; k < len(name); k++ {
		c := name[k]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return 0, 0
		}
	}
	dec := html.UnescapeString(s[:end+1])
	if dec == s[:end+1] {
		return 0, 0
	}
	r, size := utf8.DecodeRuneInString(dec)
	if size != len(dec) {
		return 0, 0 // entities decoding to two runes are rare; leave them as text
	}
	return r, end + 1
}

func digitVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
