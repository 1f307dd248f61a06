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

func tokenText(s string) string {
	z := html.NewTokenizerFragment(strings.NewReader(s), "div")
	var b strings.Builder
	b.Grow(len(s))
	skip := 0 // inside <script>, <style> and the like
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Script || a == atom.Style || a == atom.Noscript || a == atom.Template:
				skip++
			case a == atom.Br || isBlock(a):
				b.WriteByte('\n')
			case a == atom.Img:
				// An image's alt text would read as part of the sentence around it; drop it.
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Script || a == atom.Style || a == atom.Noscript || a == atom.Template:
				if skip > 0 {
					skip--
				}
			case isBlock(a):
				b.WriteByte('\n')
			}
		}
	}
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
