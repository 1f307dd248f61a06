package article

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"

	"github.com/vedetta/vedetta/watch/feed"
)

// toUTF8 decodes an HTML page as the HTML standard's encoding sniffing does — a byte order
// mark, the Content-Type charset, then a <meta charset> in the first 1024 bytes
// (https://html.spec.whatwg.org/multipage/parsing.html#determining-the-character-encoding) —
// except that a page that declares nothing and is not UTF-8 goes to the feed reader's guess
// (feed.ToUTF8), which tells windows-1251 Cyrillic from windows-1252, where the standard
// would assume windows-1252 for every undeclared page.
func toUTF8(body []byte, contentType string) []byte {
	e, name, certain := charset.DetermineEncoding(body, contentType)
	isUTF8 := e == unicode.UTF8 || name == "utf-8"
	switch {
	case utf8.Valid(body) && (isUTF8 || !certain):
		return body
	case !isUTF8 && (certain || declared(body, name)):
		if out, err := e.NewDecoder().Bytes(body); err == nil {
			return out
		}
	}
	out, _ := feed.ToUTF8(body, "")
	return out
}

// declared reports whether the encoding DetermineEncoding found came from a <meta> of the
// page rather than from its windows-1252 default.
func declared(body []byte, name string) bool {
	if name != "windows-1252" {
		return true
	}
	head := body[:min(len(body), 1024)]
	return bytes.Contains(bytes.ToLower(head), []byte("charset"))
}
