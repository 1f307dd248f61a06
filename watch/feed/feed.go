// Package feed turns RSS, RDF, Atom and JSON Feed documents into watch.Items (PRODUCT.md
// "Pipeline": fetch --> parse --> normalise). gofeed does the parsing; this package does what
// real feeds need around it: undeclared Latin-1 and windows-1251 text decoded, dates in
// Italian, Portuguese, Spanish, French or German read (date.go), other dates gofeed cannot
// read replaced by the time first seen, an identity for items without a GUID,
// relative links resolved, HTML and entities stripped, tracking parameters removed.
//
// Reader is the feed source: it fetches with watch/fetch (conditional GET) and parses.
package feed

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/fetch"
)

// Errors Parse returns; classify with errors.Is.
var (
	// ErrNotFeed: the body is not RSS, RDF, Atom or JSON Feed (an HTML page, a bot wall,
	// an empty body).
	ErrNotFeed = errors.New("not a feed")
	// ErrMalformed: the body looks like a feed but does not parse (truncated or invalid XML).
	ErrMalformed = errors.New("malformed feed")
)

// maxIDBytes bounds an item identity; a longer GUID or link is replaced by its hash, so that
// seen-set keys stay small.
const maxIDBytes = 512

// Accept is the Accept header Reader sends: feed types first, anything else last, since many
// servers send feeds as text/html or application/octet-stream.
const Accept = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// Parse reads a feed document. contentType is the HTTP Content-Type (its charset is used
// when the document declares none); feedURL, the final URL it was fetched from, resolves
// relative links; now is the time first seen, used when an item's date cannot be read.
// Items come in document order, without duplicates, and with Item.Source left empty.
func Parse(body []byte, contentType, feedURL string, now time.Time) (title string, items []watch.Item, err error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return "", nil, fmt.Errorf("%w: empty body", ErrNotFeed)
	}
	body, _ = toUTF8(body, contentType)
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			if looksLikeHTML(body) {
				return "", nil, fmt.Errorf("%w: an HTML page (Content-Type %q), not RSS, Atom or JSON Feed", ErrNotFeed, contentType)
			}
			return "", nil, fmt.Errorf("%w: no RSS, Atom or JSON Feed root (Content-Type %q)", ErrNotFeed, contentType)
		}
		return "", nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}

	base, _ := url.Parse(strings.TrimSpace(feedURL))
	if base == nil || base.Host == "" {
		base, _ = url.Parse(strings.TrimSpace(f.Link))
		if base != nil && base.Host == "" {
			base = nil
		}
	}
	items = make([]watch.Item, 0, len(f.Items))
	seen := make(map[string]bool, len(f.Items))
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		item := convert(it, base, now)
		if item.ID == "" || seen[item.ID] {
			continue
		}
		seen[item.ID] = true
		items = append(items, item)
	}
	return cleanTitle(f.Title), items, nil
}

func convert(it *gofeed.Item, base *url.URL, now time.Time) watch.Item {
	item := watch.Item{
		Title:     cleanTitle(it.Title),
		Text:      cleanText(it.Description),
		Published: now,
	}
	if item.Text == "" {
		item.Text = cleanText(it.Content)
	}
	if item.Text == "" {
		item.Text = cleanText(extensionText(it, "yandex", "full-text"))
	}
	link := it.Link
	if link == "" && len(it.Links) > 0 {
		link = it.Links[0]
	}
	item.URL = CanonicalURL(link, base)
	if len(it.Authors) > 0 && it.Authors[0] != nil {
		item.Author = cleanTitle(it.Authors[0].Name)
		if item.Author == "" {
			item.Author = strings.TrimSpace(it.Authors[0].Email)
		}
	}
	switch {
	case it.PublishedParsed != nil && !it.PublishedParsed.IsZero():
		item.Published = it.PublishedParsed.UTC()
	case it.UpdatedParsed != nil && !it.UpdatedParsed.IsZero():
		item.Published = it.UpdatedParsed.UTC()
	default:
		if t, ok := localDate(it.Published); ok {
			item.Published = t.UTC()
		} else if t, ok := localDate(it.Updated); ok {
			item.Published = t.UTC()
		}
	}
	item.ID = identity(strings.TrimSpace(it.GUID), item)
	return item
}

// identity is the item's key in the seen set: the GUID (a GUID that is a URL loses its
// tracking parameters, since some feeds put them there too), else the canonical link, else
// a hash of title and text. Empty when there is nothing to tell the item by.
func identity(guid string, item watch.Item) string {
	id := guid
	if id != "" {
		if c := CanonicalURL(id, nil); c != "" && strings.Contains(id, "://") {
			id = c
		}
	} else if item.URL != "" {
		id = item.URL
	} else if item.Title != "" || item.Text != "" {
		return hashID(item.Title + "\n" + item.Text)
	}
	if len(id) > maxIDBytes {
		return hashID(id)
	}
	return id
}

// extensionText is the text of a namespaced element gofeed keeps aside, such as the
// yandex:full-text that Ukrainian and Russian news feeds carry instead of a description.
func extensionText(it *gofeed.Item, prefix, name string) string {
	for _, e := range it.Extensions[prefix][name] {
		if strings.TrimSpace(e.Value) != "" {
			return e.Value
		}
	}
	return ""
}

func hashID(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:16])
}

func looksLikeHTML(body []byte) bool {
	head := bytes.ToLower(body[:min(len(body), 1024)])
	return bytes.Contains(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html")) ||
		bytes.Contains(head, []byte("<head")) || bytes.Contains(head, []byte("<body"))
}

// Reader is the feed source kind (watch.KindFeed): it polls Source.Target, a feed URL.
type Reader struct {
	Fetch *fetch.Client
	Now   func() time.Time // nil = time.Now
}

// Poll fetches src.Target with st's validators, updates st (ETag, LastModified, NotBefore)
// and returns the items with Item.Source set (nil on 304). On a *fetch.StatusError with a
// Retry-After, st.NotBefore is set from it before the error is returned. The poller owns
// st's health fields and persists st.
func (r *Reader) Poll(ctx context.Context, src watch.Source, st *watch.State) ([]watch.Item, error) {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	res, err := r.Fetch.Get(ctx, fetch.Request{
		URL:          src.Target,
		ETag:         st.ETag,
		LastModified: st.LastModified,
		Header:       http.Header{"Accept": {Accept}},
	})
	if err != nil {
		var se *fetch.StatusError
		if errors.As(err, &se) && se.RetryAfter > 0 {
			st.NotBefore = now().Add(se.RetryAfter)
		}
		return nil, fmt.Errorf("poll %s: %w", src.Name, err)
	}
	st.NotBefore = res.NotBefore
	if res.NotModified {
		st.ETag, st.LastModified = res.ETag, res.LastModified
		return nil, nil
	}
	_, items, err := Parse(res.Body, res.ContentType, res.URL, now())
	if err != nil {
		// Validators are not stored: the next poll must fetch the body again rather than be
		// told "not modified" about a document we could not read.
		return nil, fmt.Errorf("poll %s: parse %s: %w", src.Name, res.URL, err)
	}
	st.ETag, st.LastModified = res.ETag, res.LastModified
	for i := range items {
		items[i].Source = src.Name
	}
	return items, nil
}
