package feed

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
)

// closeTruncated rebuilds a document that ends before its last item does (a body cut by
// the server or the network, a feed written out by a process that died): it keeps the
// document up to the end of the last complete <item> or <entry> and closes the elements
// still open there. It reads with encoding/xml's token stream, which is linear and does
// not stop at entities it does not know (Strict off), and checks ctx every few thousand
// tokens. It returns false when no item was complete, or when the document has no error
// to repair.
func closeTruncated(ctx context.Context, body []byte) ([]byte, bool) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil } // toUTF8 ran
	var (
		stack []xml.Name
		cut   int64      = -1
		open  []xml.Name // the stack at cut
	)
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, false
		}
		tok, err := d.RawToken()
		if err == io.EOF && len(stack) == 0 {
			return nil, false // complete: not ours to repair
		}
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name)
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, false
			}
			stack = stack[:len(stack)-1]
			if l := strings.ToLower(t.Name.Local); l == "item" || l == "entry" {
				cut = d.InputOffset()
				open = append(open[:0], stack...)
			}
		}
	}
	if cut < 0 {
		return nil, false
	}
	out := make([]byte, 0, cut+64)
	out = append(out, body[:cut]...)
	for i := len(open) - 1; i >= 0; i-- {
		out = append(out, "</"...)
		if open[i].Space != "" {
			out = append(out, open[i].Space...)
			out = append(out, ':')
		}
		out = append(out, open[i].Local...)
		out = append(out, '>')
	}
	return out, true
}

// readFactor bounds the items read from one document to readFactor × Options.MaxItems:
// a feed of 100,000 items (a 10 MiB body of tiny items) costs a parse of what can be
// kept, not of everything. Feeds list their items newest first, so the newest MaxItems are
// among those read.
const readFactor = 4

// firstItems cuts the document after its limit-th item (RSS <item>, Atom <entry>) and
// closes it, when it has more; it returns the document to parse and how many items it
// left out. It finds item ends with a byte scan that skips CDATA sections and comments,
// so it is linear and cheap; the cut prefix is closed by closeTruncated.
func firstItems(ctx context.Context, body []byte, limit int) ([]byte, int) {
	if limit <= 0 {
		return body, 0
	}
	count, cut := 0, -1
	for i := 0; i < len(body); {
		j := bytes.IndexByte(body[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := body[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			k := bytes.Index(rest, []byte("]]>"))
			if k < 0 {
				i = len(body)
				continue
			}
			i += k + 3
		case bytes.HasPrefix(rest, []byte("<!--")):
			k := bytes.Index(rest, []byte("-->"))
			if k < 0 {
				i = len(body)
				continue
			}
			i += k + 3
		case bytes.HasPrefix(rest, []byte("</item>")), bytes.HasPrefix(rest, []byte("</entry>")):
			count++
			i += bytes.IndexByte(rest, '>') + 1
			if count == limit {
				cut = i
			}
		default:
			i++
		}
	}
	if cut < 0 || count <= limit {
		return body, 0
	}
	fixed, ok := closeTruncated(ctx, body[:cut])
	if !ok {
		return body, 0
	}
	return fixed, count - limit
}

// atomKinds are the text kinds of an Atom entry's title, summary and content, from their
// type attributes (RFC 4287 §3.1.1: "text" when absent, "html", "xhtml").
type atomKinds struct{ title, summary, content textKind }

// atomTextKinds reads the type attributes of every entry's title, summary and content, in
// document order; gofeed decodes Atom text by its type but does not say which it was. It
// returns nil when the document cannot be read to its end.
func atomTextKinds(ctx context.Context, body []byte) []atomKinds {
	var out []atomKinds
	depth, entryDepth := 0, -1
	whole := rawTokens(ctx, body, func(tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case t.Name.Local == "entry" && entryDepth < 0:
				entryDepth = depth
				out = append(out, atomKinds{kindPlain, kindPlain, kindPlain})
			case entryDepth > 0 && depth == entryDepth+1:
				k := kindPlain
				for _, a := range t.Attr {
					if a.Name.Local == "type" {
						switch v := strings.ToLower(strings.TrimSpace(a.Value)); {
						case v == "html" || strings.Contains(v, "xhtml"), strings.HasPrefix(v, "text/html"):
							k = kindHTML
						}
					}
				}
				switch t.Name.Local {
				case "title":
					out[len(out)-1].title = k
				case "summary":
					out[len(out)-1].summary = k
				case "content":
					out[len(out)-1].content = k
				}
			}
		case xml.EndElement:
			if depth == entryDepth {
				entryDepth = -1
			}
			depth--
		}
	})
	if !whole {
		return nil
	}
	return out
}

// rdfAbouts reads the rdf:about attribute of every RSS 1.0 <item>, in document order ("" for
// an item without one); gofeed does not keep it. It returns nil when the document cannot
// be read to its end.
func rdfAbouts(ctx context.Context, body []byte) []string {
	var out []string
	whole := rawTokens(ctx, body, func(tok xml.Token) {
		if t, ok := tok.(xml.StartElement); ok && strings.EqualFold(t.Name.Local, "item") {
			about := ""
			for _, a := range t.Attr {
				if a.Name.Local == "about" {
					about = strings.TrimSpace(a.Value)
				}
			}
			out = append(out, about)
		}
	})
	if !whole {
		return nil
	}
	return out
}

// rawTokens hands fn every raw token of body, leniently (no strictness, the bytes as they
// are: the charset was settled before parsing), and reports whether it read to the end:
// false when the document does not read or ctx ends.
func rawTokens(ctx context.Context, body []byte, fn func(xml.Token)) bool {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return false
		}
		tok, err := d.RawToken()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
		fn(tok)
	}
}
