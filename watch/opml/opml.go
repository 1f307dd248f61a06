// Package opml reads and writes OPML subscription lists, the format feed readers exchange
// sources in (http://opml.org/spec2.opml). It sits beside the pipeline: `vedetta sources
// import FILE.opml` / `vedetta sources export` and the administrators' chat commands turn
// Outlines into feed sources and back. It only does the file format; the caller checks each
// URL (fetch.CheckURL) and names the sources.
package opml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// MaxBytes caps what Parse reads: an OPML file of thousands of feeds is well under it.
const MaxBytes = 4 << 20

// ErrNotOPML: the document is not an <opml> file, or is larger than MaxBytes.
var ErrNotOPML = errors.New("not an OPML file")

// Outline is one subscription.
type Outline struct {
	Title    string // the outline's title, else its text, else the URL
	URL      string // xmlUrl: the feed's address
	Category string // the title of the enclosing outline(s), "A / B" when nested; may be empty
}

type outlineXML struct {
	Attrs    []xml.Attr   `xml:",any,attr"`
	Children []outlineXML `xml:"outline"`
}

type documentXML struct {
	XMLName xml.Name
	Body    struct {
		Outlines []outlineXML `xml:"outline"`
	} `xml:"body"`
}

// Parse reads an OPML document and returns its feeds in document order, nested outlines
// flattened (the enclosing titles become Category), duplicates of a URL dropped. Outlines
// without xmlUrl are categories, not feeds. Encodings other than UTF-8 are read when
// declared; HTML entities such as &nbsp; are accepted.
func Parse(r io.Reader) ([]Outline, error) {
	lr := &io.LimitedReader{R: r, N: MaxBytes + 1}
	dec := xml.NewDecoder(lr)
	dec.CharsetReader = charset.NewReaderLabel
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	var doc documentXML
	if err := dec.Decode(&doc); err != nil {
		if lr.N <= 0 {
			return nil, fmt.Errorf("%w: larger than %d bytes", ErrNotOPML, MaxBytes)
		}
		return nil, fmt.Errorf("%w: %w", ErrNotOPML, err)
	}
	if !strings.EqualFold(doc.XMLName.Local, "opml") {
		return nil, fmt.Errorf("%w: root element is <%s>", ErrNotOPML, doc.XMLName.Local)
	}
	var out []Outline
	seen := map[string]bool{}
	var walk func(list []outlineXML, category string)
	walk = func(list []outlineXML, category string) {
		for _, o := range list {
			title := attr(o.Attrs, "title")
			if title == "" {
				title = attr(o.Attrs, "text")
			}
			if u := attr(o.Attrs, "xmlUrl"); u != "" {
				if !seen[u] {
					seen[u] = true
					t := title
					if t == "" {
						t = u
					}
					out = append(out, Outline{Title: t, URL: u, Category: category})
				}
			}
			if len(o.Children) > 0 {
				sub := category
				if title != "" {
					if sub != "" {
						sub += " / "
					}
					sub += title
				}
				walk(o.Children, sub)
			}
		}
	}
	walk(doc.Body.Outlines, "")
	return out, nil
}

// attr finds an attribute by name, ignoring case (xmlUrl, xmlURL and xmlurl all occur),
// with whitespace collapsed.
func attr(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if strings.EqualFold(a.Name.Local, name) {
			return strings.Join(strings.Fields(a.Value), " ")
		}
	}
	return ""
}

type writeOutline struct {
	XMLName  xml.Name       `xml:"outline"`
	Type     string         `xml:"type,attr,omitempty"`
	Text     string         `xml:"text,attr"`
	Title    string         `xml:"title,attr,omitempty"`
	XMLURL   string         `xml:"xmlUrl,attr,omitempty"`
	Children []writeOutline `xml:"outline"`
}

type writeDoc struct {
	XMLName xml.Name       `xml:"opml"`
	Version string         `xml:"version,attr"`
	Title   string         `xml:"head>title"`
	Body    []writeOutline `xml:"body>outline"`
}

// Write writes outlines as an OPML 2.0 document titled title. Outlines with a Category are
// grouped under one outline per category, in order of first appearance; the output is the
// same for the same input, so exports can be diffed.
func Write(w io.Writer, title string, outlines []Outline) error {
	doc := writeDoc{Version: "2.0", Title: title}
	groups := map[string]int{}
	for _, o := range outlines {
		t := o.Title
		if t == "" {
			t = o.URL
		}
		item := writeOutline{Type: "rss", Text: t, Title: t, XMLURL: o.URL}
		if o.Category == "" {
			doc.Body = append(doc.Body, item)
			continue
		}
		i, ok := groups[o.Category]
		if !ok {
			i = len(doc.Body)
			groups[o.Category] = i
			doc.Body = append(doc.Body, writeOutline{Text: o.Category, Title: o.Category})
		}
		doc.Body[i].Children = append(doc.Body[i].Children, item)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write opml: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write opml: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write opml: %w", err)
	}
	return nil
}
