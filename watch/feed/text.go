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

// cleanTitle is a title as plain text on one line: tags stripped, entities decoded (also
// double-escaped ones such as "&amp;quot;"), whitespace collapsed.
func cleanTitle(s string) string {
	return strings.Join(strings.Fields(stripHTML(s)), " ")
}

// cleanText is a body as plain text: tags stripped, block elements and <br> as line breaks,
// spaces collapsed within lines, no empty lines, capped at MaxTextRunes.
func cleanText(s string) string {
	s = stripHTML(s)
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

// stripHTML turns feed text into plain text. Feed text is HTML or plain text, sometimes
// escaped once more ("&lt;b&gt;", "&amp;quot;"): while it holds a tag it goes through the
// HTML tokenizer, while it holds an entity it is unescaped. A "<" that starts no known tag
// ("x<y") is left alone.
func stripHTML(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	// Up to three rounds: "&amp;lt;b&amp;gt;" → "&lt;b&gt;" → "<b>" → "".
	for range 3 {
		switch {
		case hasTag(s):
			s = tokenText(s)
		case hasEntity(s):
			s = html.UnescapeString(s)
		default:
			return s
		}
	}
	return s
}

// hasTag reports whether s holds something that reads as a known HTML tag ("<b>", "</p>",
// "<br/>"), so that a plain "x<y" survives the second pass.
func hasTag(s string) bool {
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			return false
		}
		s = s[i+1:]
		t := strings.TrimPrefix(s, "/")
		n := 0
		for n < len(t) && (t[n] >= 'a' && t[n] <= 'z' || t[n] >= 'A' && t[n] <= 'Z' ||
			n > 0 && (t[n] >= '0' && t[n] <= '9' || t[n] == '-' || t[n] == ':')) {
			n++
		}
		if n == 0 || n == len(t) {
			continue
		}
		name := t[:n]
		known := atom.Lookup([]byte(strings.ToLower(name))) != 0 || strings.ContainsAny(name, "-:") // <tg-emoji>, <o:p>
		if c := t[n]; known && (c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			return true
		}
	}
}

// hasEntity reports whether s holds something that decodes as a named or numeric entity.
func hasEntity(s string) bool {
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			return false
		}
		s = s[i+1:]
		j := strings.IndexByte(s, ';')
		if j <= 0 || j > 32 {
			continue
		}
		if html.UnescapeString("&"+s[:j+1]) != "&"+s[:j+1] {
			return true
		}
	}
}

// tokenText drops tags and comments, writes a line break for <br> and block elements, skips
// the content of <script>, <style>, <noscript> and <template>, and decodes entities. A "<"
// that opens no tag stays as text. It is a small scanner rather than the x/net/html
// tokenizer, which allocates a 4 KiB buffer per call: titles and summaries of every polled
// item pass through here.
func tokenText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		if strings.HasPrefix(s, "<!--") {
			end := strings.Index(s, "-->")
			if end < 0 {
				break
			}
			s = s[end+3:]
			continue
		}
		name, closing, rest, ok := scanTag(s)
		if !ok {
			b.WriteByte('<')
			s = s[1:]
			continue
		}
		s = rest
		a := atom.Lookup([]byte(strings.ToLower(name)))
		switch {
		case !closing && (a == atom.Script || a == atom.Style || a == atom.Noscript || a == atom.Template):
			end := indexFold(s, "</"+name)
			if end < 0 {
				s = ""
				continue
			}
			s = s[end:]
			if _, _, after, ok := scanTag(s); ok {
				s = after
			}
		case a == atom.Br || isBlock(a):
			b.WriteByte('\n')
		}
	}
	return html.UnescapeString(b.String())
}

// scanTag reads a tag at the start of s ("<b>", "</p>", "<a href='x>y'>", "<!DOCTYPE …>")
// and returns its name, whether it closes, and what follows it.
func scanTag(s string) (name string, closing bool, rest string, ok bool) {
	i := 1
	if i < len(s) && (s[i] == '/' || s[i] == '!' || s[i] == '?') {
		closing = s[i] == '/'
		i++
	}
	start := i
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' ||
		i > start && (s[i] >= '0' && s[i] <= '9' || s[i] == '-' || s[i] == ':')) {
		i++
	}
	if i == start {
		return "", false, s, false
	}
	name = s[start:i]
	var quote byte
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return name, closing, s[i+1:], true
		}
	}
	return "", false, s, false // unterminated: text
}

func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
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
