package feed

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// xmlDecl is the XML declaration at the start of a document, with the value of its
// encoding pseudo-attribute (any text up to the quote: real labels include "utf-8;",
// "utf8mb4" and "none").
var xmlDecl = regexp.MustCompile(`^\s*<\?xml[^>]*?\bencoding\s*=\s*(?:"([^"]*)"|'([^']*)')`)

// toUTF8 returns the document as UTF-8, with its XML declaration (if any) saying UTF-8,
// so that the parser below never converts it again. The order of evidence follows the
// WHATWG Encoding Standard's spirit for documents fetched over HTTP: a byte order mark;
// then a body that is valid UTF-8 is UTF-8, whatever a label says (a label of
// ISO-8859-1 or windows-1252 on UTF-8 text would turn "Café" into "CafÃ©"); then the HTTP
// Content-Type charset, which wins over the document's own declaration (RFC 7303 §3.2);
// then the declaration; then a guess from the bytes (guessEncoding). Labels are looked up
// as the Encoding Standard says (charset.Lookup): "ISO-8859-1" means windows-1252, and an
// unknown label ("invalid", "utf8mb4") is ignored. enc names what was decoded, "" for
// UTF-8 as it came.
func toUTF8(body []byte, contentType string) (out []byte, enc string) {
	if e, name := bomEncoding(body); e != nil {
		if d, err := e.NewDecoder().Bytes(body); err == nil {
			return declareUTF8(d), name
		}
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if utf8.Valid(body) {
		return declareUTF8(body), ""
	}
	var e encoding.Encoding
	name := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if label := params["charset"]; label != "" && !isUTF8Label(label) {
			e, name = charset.Lookup(label)
		}
	}
	if e == nil {
		if label := declaredEncoding(body); label != "" && !isUTF8Label(label) {
			e, name = charset.Lookup(label)
		}
	}
	if e == nil {
		switch guessEncoding(body) {
		case "utf-8":
			return declareUTF8(bytes.ToValidUTF8(body, []byte("\uFFFD"))), "utf-8 (invalid bytes replaced)"
		case "windows-1251":
			e, name = charmap.Windows1251, "windows-1251"
		default:
			e, name = charmap.Windows1252, "windows-1252"
		}
	}
	out, err := e.NewDecoder().Bytes(body)
	if err != nil || !utf8.Valid(out) {
		return declareUTF8(bytes.ToValidUTF8(body, []byte("\uFFFD"))), "utf-8 (invalid bytes replaced)"
	}
	return declareUTF8(out), name
}

// bomEncoding recognises a UTF-16 byte order mark.
func bomEncoding(b []byte) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	}
	return nil, ""
}

func declaredEncoding(body []byte) string {
	m := xmlDecl.FindSubmatch(body[:min(len(body), 512)])
	if m == nil {
		return ""
	}
	return strings.TrimSpace(string(m[1]) + string(m[2]))
}

// declareUTF8 rewrites the encoding of the XML declaration to UTF-8, when it says
// anything else.
func declareUTF8(body []byte) []byte {
	loc := xmlDecl.FindSubmatchIndex(body[:min(len(body), 512)])
	if loc == nil {
		return body
	}
	start, end := loc[2], loc[3]
	if start < 0 {
		start, end = loc[4], loc[5]
	}
	if strings.EqualFold(string(body[start:end]), "utf-8") {
		return body
	}
	out := make([]byte, 0, len(body)+8)
	out = append(out, body[:start]...)
	out = append(out, "UTF-8"...)
	return append(out, body[end:]...)
}

func isUTF8Label(label string) bool {
	l := strings.ToLower(strings.TrimSpace(label))
	return l == "utf-8" || l == "utf8"
}

// guessEncoding looks at the bytes ≥ 0x80. Valid UTF-8 sequences outnumbering invalid bytes
// mean UTF-8 with a few broken bytes. Otherwise, single-byte Cyrillic text (windows-1251)
// writes whole words in high bytes, so most high bytes sit in runs of three or more, while
// accented Latin letters (é, ã, ç) stand alone or in pairs between ASCII letters.
func guessEncoding(b []byte) string {
	valid, invalid := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		i += size
	}
	if valid > invalid {
		return "utf-8"
	}
	high, inRuns := 0, 0
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			i++
			continue
		}
		j := i
		for j < len(b) && b[j] >= 0x80 {
			j++
		}
		n := j - i
		high += n
		if n >= 3 {
			inRuns += n
		}
		i = j
	}
	if high > 0 && inRuns*2 > high {
		return "windows-1251"
	}
	return "windows-1252"
}
