package feed

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
)

// JSON Feed (https://www.jsonfeed.org/version/1.1/) is read here rather than by gofeed,
// whose typed decoding fails the whole feed on one item's malformed field ("authors": {…}
// instead of an array, "author": "X" instead of an object). The document is decoded into
// generic values and each item read field by field: a field of the wrong type is repaired
// where its meaning is clear (an author given as a string is its name, a single author
// object is a list of one, a numeric id is its decimal text, as the spec asks readers to
// do) and skipped otherwise, with a log line; the other fields and items are kept.

// isJSON reports whether the document is JSON rather than XML.
func isJSON(body []byte) bool {
	b := bytes.TrimLeft(body, " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}

// parseJSONFeed reads a JSON Feed into entries. A document cut short keeps the items
// complete before the cut, and says truncated.
func parseJSONFeed(ctx context.Context, body []byte, log *slog.Logger) (title, home string, entries []entry, truncated bool, err error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		var ok bool
		if doc, ok = jsonPrefix(body); !ok {
			return "", "", nil, false, fmt.Errorf("%w: json: %w", ErrMalformed, err)
		}
		truncated = true
	}
	version, _ := doc["version"].(string)
	rawItems, hasItems := doc["items"]
	if !strings.Contains(version, "jsonfeed.org") && !hasItems {
		return "", "", nil, false, fmt.Errorf("%w: JSON without a JSON Feed version or items", ErrNotFeed)
	}
	skip := func(item int, field, why string) {
		log.Warn("feed field skipped", "item", item, "field", field, "reason", why)
	}
	title = jsonString(doc, "title", -1, skip)
	home = jsonString(doc, "home_page_url", -1, skip)
	// JSON Feed 1.1, items: "If not specified in an item, then the top-level authors, if
	// present, are the authors of the item."
	feedAuthor := jsonAuthor(doc, -1, skip)
	list, ok := rawItems.([]any)
	if !ok {
		if rawItems != nil {
			skip(-1, "items", "not an array")
		}
		return title, home, nil, truncated, nil
	}
	for i, raw := range list {
		if i%64 == 0 && ctx.Err() != nil {
			return "", "", nil, false, ctx.Err()
		}
		m, ok := raw.(map[string]any)
		if !ok {
			skip(i, "item", "not an object")
			continue
		}
		e := entry{
			guid:      jsonID(m, i, skip),
			link:      jsonString(m, "url", i, skip),
			title:     jsonString(m, "title", i, skip),
			titleKind: kindPlain,
			published: jsonString(m, "date_published", i, skip),
			updated:   jsonString(m, "date_modified", i, skip),
			author:    jsonAuthor(m, i, skip),
		}
		e.legacyLink = e.link // earlier releases took only "url"
		if e.link == "" {
			e.link = jsonString(m, "external_url", i, skip)
		}
		if e.link == "" {
			e.link = jsonAttachment(m)
		}
		if e.author == "" {
			e.author = feedAuthor
		}
		// Summary first, as for RSS descriptions; then the content.
		e.texts = []text{
			{jsonString(m, "summary", i, skip), kindPlain},
			{jsonString(m, "content_html", i, skip), kindHTML},
			{jsonString(m, "content_text", i, skip), kindPlain},
		}
		entries = append(entries, e)
	}
	return title, home, entries, truncated, nil
}

// jsonPrefix reads what it can of a JSON object cut short: the members before the cut and,
// of an "items" array, the items complete before the cut. It returns false when not even
// one member or item was complete.
func jsonPrefix(body []byte) (map[string]any, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	doc := map[string]any{}
	for dec.More() {
		t, err := dec.Token()
		key, ok := t.(string)
		if err != nil || !ok {
			break
		}
		if key != "items" {
			var v any
			if err := dec.Decode(&v); err != nil {
				break
			}
			doc[key] = v
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			break
		}
		items := []any{}
		doc["items"] = items
		for dec.More() {
			var v any
			if err := dec.Decode(&v); err != nil {
				break
			}
			items = append(items, v)
			doc["items"] = items
		}
		break
	}
	items, _ := doc["items"].([]any)
	return doc, len(items) > 0
}

// jsonString is a string field; another type is skipped (a number is its text).
func jsonString(m map[string]any, key string, item int, skip func(int, string, string)) string {
	switch v := m[key].(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	default:
		skip(item, key, fmt.Sprintf("a %s, not a string", jsonType(v)))
		return ""
	}
}

// jsonID is the item's id: "If the id is presented as a number or other type, a JSON
// Feed reader must coerce it to a string" (JSON Feed 1.1, items).
func jsonID(m map[string]any, item int, skip func(int, string, string)) string {
	switch v := m["id"].(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	default:
		skip(item, "id", fmt.Sprintf("a %s, not a string", jsonType(v)))
		return ""
	}
}

// jsonAuthor is the first author's name: "authors" (1.1, an array of objects) or
// "author" (1.0, an object). A string is taken as a name and a lone object as a list of
// one; other shapes are skipped.
func jsonAuthor(m map[string]any, item int, skip func(int, string, string)) string {
	name := func(key string, v any) string {
		switch a := v.(type) {
		case string:
			skip(item, key, "a string, not an object: read as the name")
			return strings.TrimSpace(a)
		case map[string]any:
			if n, ok := a["name"].(string); ok {
				return strings.TrimSpace(n)
			}
			return ""
		case nil:
			return ""
		default:
			skip(item, key, fmt.Sprintf("a %s, not an object", jsonType(a)))
			return ""
		}
	}
	switch v := m["authors"].(type) {
	case []any:
		for _, a := range v {
			if n := name("authors", a); n != "" {
				return n
			}
		}
	case map[string]any:
		skip(item, "authors", "an object, not an array: read as one author")
		if n := name("authors", v); n != "" {
			return n
		}
	case nil:
	default:
		if n := name("authors", v); n != "" {
			return n
		}
	}
	return name("author", m["author"])
}

func jsonType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case string:
		return "string"
	}
	return "null"
}

// jsonAttachment is the URL of an item's first attachment: the address of an item that has
// no other (a podcast episode).
func jsonAttachment(m map[string]any) string {
	list, _ := m["attachments"].([]any)
	for _, a := range list {
		if o, ok := a.(map[string]any); ok {
			if u, ok := o["url"].(string); ok && strings.TrimSpace(u) != "" {
				return strings.TrimSpace(u)
			}
		}
	}
	return ""
}
