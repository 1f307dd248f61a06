package bottest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// entity is a MessageEntity as the Bot API returns it: offsets and lengths
// in UTF-16 code units (https://core.telegram.org/bots/api#messageentity).
type entity struct {
	Type          string `json:"type"`
	Offset        int    `json:"offset"`
	Length        int    `json:"length"`
	URL           string `json:"url,omitempty"`
	Language      string `json:"language,omitempty"`
	CustomEmojiID string `json:"custom_emoji_id,omitempty"`

	seq int // order of the start tag, to list outer entities first
}

// htmlTags maps every tag of the Bot API HTML style (docs/TELEGRAM.md, "HTML parse mode") to the
// attributes it may carry.
var htmlTags = map[string][]string{
	"b": nil, "strong": nil, "i": nil, "em": nil, "u": nil, "ins": nil,
	"s": nil, "strike": nil, "del": nil, "tg-spoiler": nil,
	"span":       {"class"},
	"a":          {"href"},
	"tg-emoji":   {"emoji-id"},
	"tg-time":    {"unix", "format"},
	"code":       {"class"},
	"pre":        nil,
	"blockquote": {"expandable"},
}

type openTag struct {
	name       string
	bytePos    int
	start      int // UTF-16 offset of the content
	href       string
	class      string
	emojiID    string
	language   string
	expandable bool
	seq        int
}

// parseHTML parses text in the Bot API HTML style and returns the visible text
// and its entities, or an error worded like the server's "can't parse
// entities: ..." detail. It is stricter than the server on one point that the
// API text nevertheless demands: every '&' and '>' outside a tag must be an
// entity, and only &lt; &gt; &amp; &quot; and numeric entities exist
// (https://core.telegram.org/bots/api#html-style). The real server would show
// such characters literally, which is the bug this catches.
func parseHTML(src string) (string, []entity, error) {
	var (
		seq   int
		out   strings.Builder
		u16   int
		stack []openTag
		ents  []entity
	)
	out.Grow(len(src))
	i := 0
	for i < len(src) {
		c := src[i]
		switch c {
		case '&':
			r, n, err := decodeEntity(src, i)
			if err != nil {
				return "", nil, err
			}
			out.WriteRune(r)
			u16 += utf16Len(r)
			i += n
		case '>':
			return "", nil, fmt.Errorf("Character \">\" must be escaped as \"&gt;\" at byte offset %d", i)
		case '<':
			if i+1 < len(src) && src[i+1] == '/' {
				end := strings.IndexByte(src[i:], '>')
				if end < 0 {
					return "", nil, fmt.Errorf("Unclosed end tag at byte offset %d", i)
				}
				name := strings.ToLower(strings.TrimSpace(src[i+2 : i+end]))
				if len(stack) == 0 {
					return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", i)
				}
				top := stack[len(stack)-1]
				if name != "" && name != top.name {
					return "", nil, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top.name, name)
				}
				stack = stack[:len(stack)-1]
				if top.name == "code" && len(stack) > 0 && stack[len(stack)-1].name == "pre" {
					// <pre><code class="language-go"> is one pre entity with a language.
					stack[len(stack)-1].language = strings.TrimPrefix(top.class, "language-")
				} else if e, ok := closeEntity(top, u16); ok {
					ents = append(ents, e)
				}
				i += end + 1
				continue
			}
			t, n, err := parseStartTag(src, i)
			if err != nil {
				return "", nil, err
			}
			for _, open := range stack {
				if err := checkNesting(open.name, t.name, stack, i); err != nil {
					return "", nil, err
				}
			}
			t.start, t.seq = u16, seq
			seq++
			stack = append(stack, t)
			i += n
		default:
			r, size := utf8.DecodeRuneInString(src[i:])
			out.WriteString(src[i : i+size])
			u16 += utf16Len(r)
			i += size
		}
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].name)
	}
	sort.SliceStable(ents, func(a, b int) bool {
		if ents[a].Offset != ents[b].Offset {
			return ents[a].Offset < ents[b].Offset
		}
		if ents[a].Length != ents[b].Length {
			return ents[a].Length > ents[b].Length
		}
		return ents[a].seq < ents[b].seq
	})
	return out.String(), ents, nil
}

// checkNesting applies the nesting rules of the HTML style: pre and code
// contain no other tags (except <code> directly inside <pre>), links don't
// contain links, and blockquotes don't nest.
func checkNesting(outer, inner string, stack []openTag, pos int) error {
	switch {
	case outer == "pre" && inner == "code" && stack[len(stack)-1].name == "pre":
		return nil
	case outer == "pre" || outer == "code",
		outer == "a" && inner == "a",
		outer == "blockquote" && inner == "blockquote":
		return fmt.Errorf("Tag \"%s\" can't be nested in the tag \"%s\" at byte offset %d", inner, outer, pos)
	}
	return nil
}

func closeEntity(t openTag, end int) (entity, bool) {
	e := entity{Offset: t.start, Length: end - t.start, seq: t.seq}
	if e.Length == 0 {
		return e, false
	}
	switch t.name {
	case "b", "strong":
		e.Type = "bold"
	case "i", "em":
		e.Type = "italic"
	case "u", "ins":
		e.Type = "underline"
	case "s", "strike", "del":
		e.Type = "strikethrough"
	case "span", "tg-spoiler":
		e.Type = "spoiler"
	case "a":
		e.Type, e.URL = "text_link", t.href
	case "tg-emoji":
		e.Type, e.CustomEmojiID = "custom_emoji", t.emojiID
	case "blockquote":
		e.Type = "blockquote"
		if t.expandable {
			e.Type = "expandable_blockquote"
		}
	case "code":
		e.Type = "code"
	case "pre":
		e.Type, e.Language = "pre", t.language
	default: // tg-time: the date entity is not modelled
		return e, false
	}
	return e, true
}

// parseStartTag parses "<name attr="v" ...>" at src[pos] and returns the tag
// and the number of bytes it spans.
func parseStartTag(src string, pos int) (openTag, int, error) {
	i := pos + 1
	for i < len(src) && !isSpace(src[i]) && src[i] != '>' {
		i++
	}
	if i >= len(src) {
		return openTag{}, 0, fmt.Errorf("Unclosed start tag at byte offset %d", pos)
	}
	t := openTag{name: strings.ToLower(src[pos+1 : i]), bytePos: pos}
	allowed, ok := htmlTags[t.name]
	if !ok {
		return openTag{}, 0, fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", t.name, pos)
	}
	for {
		for i < len(src) && isSpace(src[i]) {
			i++
		}
		if i >= len(src) {
			return openTag{}, 0, fmt.Errorf("Unclosed start tag at byte offset %d", pos)
		}
		if src[i] == '>' {
			i++
			break
		}
		nameStart := i
		for i < len(src) && !isSpace(src[i]) && src[i] != '=' && src[i] != '>' {
			i++
		}
		attr := strings.ToLower(src[nameStart:i])
		for i < len(src) && isSpace(src[i]) {
			i++
		}
		if i >= len(src) {
			return openTag{}, 0, fmt.Errorf("Unclosed start tag at byte offset %d", pos)
		}
		value, hasValue := "", false
		if src[i] == '=' {
			hasValue = true
			i++
			for i < len(src) && isSpace(src[i]) {
				i++
			}
			if i >= len(src) {
				return openTag{}, 0, fmt.Errorf("Unclosed start tag at byte offset %d", pos)
			}
			if q := src[i]; q == '"' || q == '\'' {
				end := strings.IndexByte(src[i+1:], q)
				if end < 0 {
					return openTag{}, 0, fmt.Errorf("Unclosed start tag at byte offset %d", pos)
				}
				value = decodeAttr(src[i+1 : i+1+end])
				i += end + 2
			} else {
				start := i
				for i < len(src) && (isAlnum(src[i]) || src[i] == '.' || src[i] == '-') {
					i++
				}
				if i < len(src) && !isSpace(src[i]) && src[i] != '>' {
					return openTag{}, 0, fmt.Errorf("Unexpected end of name token at byte offset %d", start)
				}
				value = strings.ToLower(src[start:i])
			}
		}
		if attr == "" {
			return openTag{}, 0, fmt.Errorf("Empty attribute name in the tag \"%s\" at byte offset %d", t.name, pos)
		}
		known := false
		for _, a := range allowed {
			known = known || a == attr
		}
		if !known {
			return openTag{}, 0, fmt.Errorf("Unsupported attribute \"%s\" in the tag \"%s\" at byte offset %d", attr, t.name, pos)
		}
		if !hasValue && attr != "expandable" {
			return openTag{}, 0, fmt.Errorf("Expected equal sign in declaration of an attribute of the tag \"%s\" at byte offset %d", t.name, pos)
		}
		switch attr {
		case "href":
			t.href = value
		case "class":
			t.class = value
		case "emoji-id":
			t.emojiID = value
		case "expandable":
			t.expandable = true
		}
	}
	switch {
	case t.name == "span" && t.class != "tg-spoiler":
		return openTag{}, 0, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", pos)
	case t.name == "code" && t.class != "" && !strings.HasPrefix(t.class, "language-"):
		return openTag{}, 0, fmt.Errorf("Unsupported class \"%s\" of the tag \"code\" at byte offset %d", t.class, pos)
	case t.name == "tg-emoji" && t.emojiID == "":
		return openTag{}, 0, fmt.Errorf("Custom emoji entity must contain a valid custom emoji identifier at byte offset %d", pos)
	}
	return t, i - pos, nil
}

// decodeEntity decodes the character reference at src[pos] ('&'), strictly.
func decodeEntity(src string, pos int) (rune, int, error) {
	semi := strings.IndexByte(src[pos:], ';')
	if semi < 0 || semi > 12 {
		return 0, 0, fmt.Errorf("Character \"&\" must be escaped as \"&amp;\" at byte offset %d", pos)
	}
	name := src[pos+1 : pos+semi]
	switch name {
	case "lt":
		return '<', semi + 1, nil
	case "gt":
		return '>', semi + 1, nil
	case "amp":
		return '&', semi + 1, nil
	case "quot":
		return '"', semi + 1, nil
	}
	if strings.HasPrefix(name, "#") && len(name) > 1 {
		digits, base := name[1:], 10
		if digits[0] == 'x' || digits[0] == 'X' {
			digits, base = digits[1:], 16
		}
		v, err := strconv.ParseUint(digits, base, 32)
		if err == nil && v > 0 && v < 0x10ffff && utf8.ValidRune(rune(v)) {
			return rune(v), semi + 1, nil
		}
	}
	for j := 0; j < len(name); j++ {
		if !isAlnum(name[j]) && name[j] != '#' {
			return 0, 0, fmt.Errorf("Character \"&\" must be escaped as \"&amp;\" at byte offset %d", pos)
		}
	}
	return 0, 0, fmt.Errorf("Unsupported HTML entity \"&%s;\" at byte offset %d", name, pos)
}

// decodeAttr decodes entities inside an attribute value leniently, as the
// server does: unknown ones stay literal (URLs often carry a bare '&').
func decodeAttr(v string) string {
	if !strings.Contains(v, "&") {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); {
		if v[i] == '&' {
			if r, n, err := decodeEntity(v, i); err == nil {
				b.WriteRune(r)
				i += n
				continue
			}
		}
		b.WriteByte(v[i])
		i++
	}
	return b.String()
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// utf16Count is the length of s in UTF-16 code units, the unit of entity
// offsets (https://core.telegram.org/bots/api#messageentity).
func utf16Count(s string) int {
	n := 0
	for _, r := range s {
		n += utf16Len(r)
	}
	return n
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
