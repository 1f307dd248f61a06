package article

import (
	"bytes"
	"errors"
	"fmt"
	"iter"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/vedetta/vedetta/watch"
)

// MaxBytes bounds Item.Article: enough for matching, the snippet around a match and /search,
// while the store never keeps whole articles. Longer text is cut at the end of a sentence.
const MaxBytes = 8 << 10

// MaxPageBytes is the largest page Extract reads; Enricher's fetcher stops at the same size.
const MaxPageBytes = 2 << 20

// maxElements bounds the work readability does on one page: its scoring walks the tree
// several times, and a real article page has a few thousand elements.
const maxElements = 50_000

// Errors that Extract returns; classify them with errors.Is.
var (
	// ErrNotHTML: the response is not an HTML page (a PDF, an image, JSON).
	ErrNotHTML = errors.New("not an html page")
	// ErrNoText: readability found no main text on the page.
	ErrNoText = errors.New("no article text found")
	// ErrPageTooLarge: the page is longer than MaxPageBytes or has too many elements.
	ErrPageTooLarge = errors.New("page too large")
)

// Extract returns the main text of an HTML page as plain text, one paragraph a line, at most
// MaxBytes: readability (a port of Mozilla's Readability.js) keeps the article body and drops
// navigation, headers, footers, comments, cookie banners and sidebars; then every block that
// is mostly links — "read also" and "related" lists, tag clouds, link rows readability kept —
// is dropped too, since a name in such a list is not a mention. contentType is the response's
// Content-Type (it may name the charset); pageURL resolves relative links.
func Extract(body []byte, contentType, pageURL string) (text string, err error) {
	defer func() {
		// readability is a port of a large heuristic; a page it trips on must cost one
		// item its article, never the process.
		if p := recover(); p != nil {
			text, err = "", fmt.Errorf("%w: readability failed: %v", ErrNoText, p)
		}
	}()
	if len(body) > MaxPageBytes {
		return "", fmt.Errorf("%w: %d bytes, limit %d", ErrPageTooLarge, len(body), MaxPageBytes)
	}
	if !isHTML(body, contentType) {
		return "", fmt.Errorf("%w: %s", ErrNotHTML, contentType)
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return "", fmt.Errorf("page url: %w", err)
	}
	doc, err := html.Parse(bytes.NewReader(toUTF8(body, contentType)))
	if err != nil {
		return "", fmt.Errorf("parse html: %w", err)
	}
	p := readability.NewParser()
	p.MaxElemsToParse = maxElements
	p.DisableJSONLD = true // metadata only; the text comes from the page
	art, err := p.ParseAndMutate(doc, u)
	if err != nil {
		if strings.Contains(err.Error(), "too large") {
			return "", fmt.Errorf("%w: %w", ErrPageTooLarge, err)
		}
		return "", fmt.Errorf("readability: %w", err)
	}
	if art.Node == nil {
		return "", ErrNoText
	}
	dropLinkBlocks(art.Node)
	text = plain(render.InnerText(art.Node))
	if text == "" {
		return "", ErrNoText
	}
	return Bound(text, MaxBytes), nil
}

// isHTML accepts text/html and XHTML, and a response with no usable Content-Type whose
// bytes sniff as HTML (https://mimesniff.spec.whatwg.org/, http.DetectContentType).
func isHTML(body []byte, contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || mt == "" || mt == "application/octet-stream" || mt == "text/plain" {
		mt, _, _ = mime.ParseMediaType(http.DetectContentType(body))
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// linkDense is the share of a block's text inside links above which the block is a list of
// links rather than prose. Readability.js drops such blocks only when they also score low
// (its _cleanConditionally); a "read also" list inside the article body often survives it.
const linkDense = 0.5

// dropLinkBlocks removes, top down, every block element whose text is mostly link text, and
// the elements that are never prose whatever readability kept of them.
func dropLinkBlocks(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.Nav, atom.Aside, atom.Footer, atom.Form, atom.Button, atom.Menu:
				n.RemoveChild(c)
				c = next
				continue
			case atom.Ul, atom.Ol, atom.Dl, atom.Div, atom.Section, atom.Table, atom.P,
				atom.Li, atom.Figure, atom.Header, atom.Blockquote:
				if total, links := textLen(c, false); links > 0 && float64(links) > linkDense*float64(total) {
					n.RemoveChild(c)
					c = next
					continue
				}
			}
			dropLinkBlocks(c)
		}
		c = next
	}
}

// textLen counts the letters and digits under n, and those inside <a>.
func textLen(n *html.Node, inLink bool) (total, links int) {
	if n.Type == html.TextNode {
		for _, r := range n.Data {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				total++
			}
		}
		if inLink {
			links = total
		}
		return total, links
	}
	inLink = inLink || n.Type == html.ElementNode && n.DataAtom == atom.A
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t, l := textLen(c, inLink)
		total += t
		links += l
	}
	return total, links
}

// plain trims each line, collapses its spaces, and drops empty lines.
func plain(s string) string {
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
	return b.String()
}

// Bound cuts text to at most limit bytes at the end of a sentence: watch.Bound, where the
// store uses it too.
func Bound(text string, limit int) string { return watch.Bound(text, limit) }

// Sentences yields text's sentences in order: watch.Sentences. A digest shows the one where
// a watch matched: pass each to match.Snippet until one has a bold piece.
func Sentences(text string) iter.Seq[string] { return watch.Sentences(text) }
