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
)

var xmlEncodingDecl = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// toUTF8 makes sure gofeed gets text it can read. A body that is valid UTF-8, or whose XML
// declaration names another encoding (gofeed converts those itself), is returned as is. A
// body that is not valid UTF-8 and declares nothing (or wrongly declares UTF-8) is decoded
// from the charset of the Content-Type header, else from a guess: nearly valid UTF-8 keeps
// its valid part, text in runs of high bytes is windows-1251 (Cyrillic), anything else is
// windows-1252, the superset of Latin-1 that "ISO-8859-1" means on the web (WHATWG
// Encoding). See PLATFORM.md §5 and gofeed#166.
func toUTF8(body []byte, contentType string) (out []byte, enc string) {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if utf8.Valid(body) {
		return body, ""
	}
	head := body[:min(len(body), 512)]
	if m := xmlEncodingDecl.FindSubmatch(head); m != nil && !isUTF8Label(string(m[1])) {
		return body, ""
	}
	var e encoding.Encoding
	name := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if label := params["charset"]; label != "" && !isUTF8Label(label) {
			e, name = charset.Lookup(label)
		}
	}
	if e == nil {
		switch guessEncoding(body) {
		case "utf-8":
			return bytes.ToValidUTF8(body, []byte("\uFFFD")), "utf-8 (invalid bytes replaced)"
		case "windows-1251":
			e, name = charmap.Windows1251, "windows-1251"
		default:
			e, name = charmap.Windows1252, "windows-1252"
		}
	}
	out, err := e.NewDecoder().Bytes(body)
	if err != nil {
		return bytes.ToValidUTF8(body, []byte("\uFFFD")), "utf-8 (invalid bytes replaced)"
	}
	return out, name
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
