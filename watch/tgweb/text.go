package tgweb

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// plainText renders an element of a t.me/s/ page as plain text the way a reader sees it:
// whitespace collapsed as HTML does (the fixtures include pretty-printed pages), <br> and
// block elements as line breaks, entities decoded (by the HTML parser), emoji kept, and a
// link whose label is its own (often shortened) address replaced by the full address.
func plainText(n *html.Node) string {
	var b textBuilder
	b.atLineStart = true
	b.node(n, true)
	return b.String()
}

type textBuilder struct {
	sb           strings.Builder
	pendingSpace bool
	atLineStart  bool
	inPre        int
}

func (b *textBuilder) text(s string) {
	if b.inPre > 0 {
		for _, r := range s {
			if r == '\n' {
				b.newline()
				continue
			}
			b.sb.WriteRune(r)
			b.atLineStart = false
		}
		return
	}
	for _, r := range s {
		switch r {
		case '\u200b', '\u2060', '\ufeff':
			// Invisible: t.me puts a zero-width space in the hidden link to a post's image.
		case ' ', '\t', '\n', '\r', '\f', '\u00a0':
			if !b.atLineStart {
				b.pendingSpace = true
			}
		default:
			if b.pendingSpace {
				b.sb.WriteByte(' ')
				b.pendingSpace = false
			}
			b.sb.WriteRune(r)
			b.atLineStart = false
		}
	}
}

func (b *textBuilder) newline() {
	b.sb.WriteByte('\n')
	b.pendingSpace = false
	b.atLineStart = true
}

func (b *textBuilder) block() {
	if !b.atLineStart {
		b.newline()
	}
}

// node writes n's content; root is true for the element plainText was called on, whose
// own tag adds no line break.
func (b *textBuilder) node(n *html.Node, root bool) {
	switch n.Type {
	case html.TextNode:
		b.text(n.Data)
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Svg, atom.Video, atom.Audio, atom.Template:
		return
	case atom.Br:
		b.newline()
		return
	case atom.Img:
		// Custom emoji may come as images; their alt is the emoji itself.
		if alt := attr(n, "alt"); alt != "" {
			b.text(alt)
		}
		return
	case atom.A:
		if href := fixHref(attr(n, "href")); !root && isWebURL(href) {
			var label textBuilder
			label.atLineStart = true
			label.children(n)
			if l := label.String(); looksLikeAddressOf(l, href) {
				b.text(href)
				return
			}
		}
	case atom.Pre:
		b.block()
		b.inPre++
		b.children(n)
		b.inPre--
		b.block()
		return
	}
	isBlock := !root && isBlockElement(n.DataAtom)
	if isBlock {
		b.block()
	}
	b.children(n)
	if isBlock {
		b.block()
	}
}

func (b *textBuilder) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.node(c, false)
	}
}

// String returns the text with each line trimmed, runs of blank lines reduced to one, and
// no blank lines at either end.
func (b *textBuilder) String() string {
	lines := strings.Split(b.sb.String(), "\n")
	out := make([]string, 0, len(lines))
	blank := true // drops leading blank lines
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		out = append(out, l)
		blank = false
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

func isBlockElement(a atom.Atom) bool {
	switch a {
	case atom.Div, atom.P, atom.Blockquote, atom.Li, atom.Ul, atom.Ol, atom.Section,
		atom.Article, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table, atom.Tr:
		return true
	}
	return false
}

// fixHref undoes a t.me/s/ quirk: "Since 2024/4/20, t.me/s/ mistakenly have every '&' in
// hyperlinks replaced by '&amp;'" (RSSHub lib/routes/telegram/channel.ts), so after HTML
// decoding the attribute still reads "&amp;" (the habr_com fixture shows it).
func fixHref(href string) string {
	return strings.ReplaceAll(href, "&amp;", "&")
}

func isWebURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// looksLikeAddressOf reports whether a link's label is its address, possibly shortened
// by Telegram with a trailing "…" or shown without the scheme.
func looksLikeAddressOf(label, href string) bool {
	if label == "" {
		return false
	}
	bare := func(s string) string {
		s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
		return strings.TrimPrefix(s, "www.")
	}
	l, h := bare(fixHref(label)), bare(href)
	if short, ok := strings.CutSuffix(l, "…"); ok {
		return short != "" && strings.HasPrefix(h, short)
	}
	return l == h || l+"/" == h || l == h+"/"
}
