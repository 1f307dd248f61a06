// Package feed turns RSS, RDF, Atom and JSON Feed documents into watch.Items: in Vedetta's
// pipeline, the step after fetch and before dedup and matching (fetch --> parse -->
// normalise). gofeed parses RSS, RDF and Atom; JSON Feed
// is read here (jsonfeed.go). Around them, this package does what real feeds need:
//
//   - Text encodings: the document is turned into UTF-8 once (charset.go): valid UTF-8
//     stays as it is whatever it is labelled, the HTTP charset wins over the XML
//     declaration, an unknown label is ignored, undeclared Latin-1 and windows-1251 are
//     recognised.
//   - Text: tags are stripped once, where the format says the field is HTML (RSS
//     descriptions, Atom by its type attribute, JSON Feed content_html; RSS titles lose
//     only what reads as markup), then character references are decoded (text.go); titles
//     are capped at MaxTitleRunes and bodies at MaxTextRunes. Every step is linear in its
//     input, and parsing stops when its context ends.
//   - Dates: read by date.go, independent of the server's time zone; a date that cannot be
//     placed exactly is replaced by the time the item was first seen.
//   - Links: an RSS item without <link> takes its <atom:link href>, or, as RSS 2.0 says, a
//     <guid> that is a permalink (isPermaLink absent or "true"), or its enclosure; a
//     FeedBurner item its origLink; an RSS 1.0 item its rdf:about; an Atom entry its
//     http(s) id; a JSON Feed item its external_url or attachment. Relative links are
//     resolved (linkBase: the channel's site for RSS and JSON Feed, the document for
//     Atom); tracking parameters are removed (link.go).
//   - Authors: the item's, else the feed's (RFC 4287 §4.2.1, JSON Feed 1.1, an RSS
//     managingEditor; not a webMaster), joined by ", ".
//   - A document cut short keeps the items complete before the cut (recover.go), and says
//     so in Document.Truncated.
//   - At most Options.MaxItems items per document, the newest.
//
// # Identity
//
// Item.ID is what the seen set remembers. With G the item's GUID (RSS <guid>, Atom <id>,
// JSON Feed id; a GUID that is a URL in its canonical form) and L its canonical link:
//
//   - G and L, different: "G L". Feeds that give several items one GUID (or never change
//     it) with different links still deliver each; an item whose GUID and link stay the
//     same is the same item whatever its title becomes.
//   - G only, or G equal to L: G. L only: L.
//   - neither: a hash of title and text.
//
// IDs longer than 512 bytes are hashed. Until 2026-12 the identity was G, else L, else the
// hash; where that differs from Item.ID it is kept in Item.LegacyID, and the seen set
// counts an item as seen under either, so that upgrading re-delivers nothing. A legacy ID
// that several items of one document share (a GUID that never changes) is not kept: those
// items were merged into one before, and are delivered now.
//
// Reader is the feed source: it fetches with watch/fetch (conditional GET) and parses.
package feed

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	gofeedext "github.com/mmcdole/gofeed/extensions"
	gofeedrss "github.com/mmcdole/gofeed/rss"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/fetch"
)

// Errors Parse returns; classify with errors.Is.
var (
	// ErrNotFeed: the body is not RSS, RDF, Atom or JSON Feed (an HTML page, a bot wall,
	// an empty body).
	ErrNotFeed = errors.New("not a feed")
	// ErrMalformed: the body looks like a feed but does not parse, and no item before the
	// fault is complete.
	ErrMalformed = errors.New("malformed feed")
)

// maxIDBytes bounds an item identity; a longer GUID or link is replaced by its hash, so that
// seen-set keys stay small.
const maxIDBytes = 512

// DefaultMaxItems is how many items one document may give when Options.MaxItems is 0.
const DefaultMaxItems = 1000

// Accept is the Accept header Reader sends: feed types first, anything else last, since many
// servers send feeds as text/html or application/octet-stream.
const Accept = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// Options say how to read one document.
type Options struct {
	ContentType string    // the HTTP Content-Type; its charset wins over the document's
	URL         string    // the final URL the document came from; resolves relative links
	Now         time.Time // the time first seen, for items whose date cannot be read
	// MaxItems caps the items of one document: the newest are kept, the others counted in
	// Document.Dropped. At most 4 × MaxItems items are read, the first in document order
	// (feeds list the newest first); the rest are counted unread. 0 means DefaultMaxItems;
	// negative, no cap.
	MaxItems int
	Log      *slog.Logger // told about skipped fields; nil discards
}

// Document is a parsed feed.
type Document struct {
	Title string
	// Language is the feed's declared language tag (RSS <language>, Atom xml:lang), also
	// set on each item; empty when the feed names none.
	Language string
	// Items come in document order, without duplicates, with Item.Source left empty.
	Items []watch.Item
	// Truncated: the document ends before it should (cut by the server or the network);
	// Items are those complete before the cut.
	Truncated bool
	// Dropped counts the items left out by Options.MaxItems.
	Dropped int
}

// Parse reads a feed document. It stops with ctx's error when ctx ends.
func Parse(ctx context.Context, body []byte, opts Options) (*Document, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, fmt.Errorf("%w: empty body", ErrNotFeed)
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	body, _ = toUTF8(body, opts.ContentType)
	doc := &Document{}
	var entries []entry
	var home string
	siteBase := true // relative links resolve against the site the document names
	if isJSON(body) {
		var err error
		doc.Title, home, entries, doc.Truncated, err = parseJSONFeed(ctx, body, log)
		if err != nil {
			return nil, err
		}
		if doc.Truncated {
			log.Warn("feed truncated: kept the items before the cut", "items", len(entries))
		}
		if limit := readLimit(opts.MaxItems); limit > 0 && len(entries) > limit {
			doc.Dropped, entries = len(entries)-limit, entries[:limit]
		}
	} else {
		var unread int
		body, unread = firstItems(ctx, body, readLimit(opts.MaxItems))
		doc.Dropped = unread
		f, err := parseXML(ctx, body)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
				if looksLikeHTML(body) {
					return nil, fmt.Errorf("%w: an HTML page (Content-Type %q), not RSS, Atom or JSON Feed", ErrNotFeed, opts.ContentType)
				}
				return nil, fmt.Errorf("%w: no RSS, Atom or JSON Feed root (Content-Type %q)", ErrNotFeed, opts.ContentType)
			}
			fixed, ok := closeTruncated(ctx, body)
			if !ok {
				return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
			}
			if f, err = parseXML(ctx, fixed); err != nil {
				return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
			}
			doc.Truncated = true
			log.Warn("feed truncated: kept the items before the cut", "items", len(f.Items))
		}
		doc.Title, home, doc.Language = f.Title, f.Link, strings.TrimSpace(f.Language)
		siteBase = f.FeedType != "atom"
		feedAuthor := authorNames(f.Authors)
		var abouts []string
		if f.FeedType == "rss" && f.FeedVersion == "1.0" && slices.ContainsFunc(f.Items, func(it *gofeed.Item) bool { return it != nil && it.Link == "" }) {
			if abouts = rdfAbouts(ctx, body); len(abouts) != len(f.Items) {
				abouts = nil
			}
		}
		var kinds []atomKinds
		if f.FeedType == "atom" && atomHasMarkup(f) {
			if kinds = atomTextKinds(ctx, body); len(kinds) != len(f.Items) {
				kinds = nil
			}
		}
		entries = make([]entry, 0, len(f.Items))
		for i, it := range f.Items {
			if it == nil {
				continue
			}
			e := fromGofeed(it)
			if e.author == "" {
				// RFC 4287 §4.2.1: the feed's authors apply to entries without their own;
				// RSS channels name theirs in managingEditor and webMaster.
				e.author = feedAuthor
			}
			switch {
			case e.link != "":
			case abouts != nil && CanonicalURL(abouts[i], nil) != "":
				// RSS 1.0, <item>: rdf:about "should be identical to the value of the
				// <link> sub-element".
				e.link = abouts[i]
			case f.FeedType == "atom" && CanonicalURL(e.guid, nil) != "" && strings.Contains(e.guid, "://"):
				// an entry whose only address is its http(s) id
				e.link = strings.TrimSpace(e.guid)
			}
			if kinds != nil {
				e.titleKind, e.texts[0].kind, e.texts[1].kind = kinds[i].title, kinds[i].summary, kinds[i].content
			}
			entries = append(entries, e)
		}
	}

	base := linkBase(opts.URL, home, siteBase)
	doc.Title = titleText(doc.Title, kindTitle)
	doc.Items = make([]watch.Item, 0, len(entries))
	seen := make(map[string]bool, len(entries))
	for i, e := range entries {
		if i%64 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		item := e.item(base, opts.Now)
		if item.ID == "" || seen[item.ID] {
			continue
		}
		seen[item.ID] = true
		item.Language = doc.Language
		doc.Items = append(doc.Items, item)
	}
	dropAmbiguousLegacy(doc.Items)
	var over int
	doc.Items, over = newest(doc.Items, opts.MaxItems)
	doc.Dropped += over
	if doc.Dropped > 0 {
		log.Warn("feed items over the per-poll cap left out", "dropped", doc.Dropped, "kept", len(doc.Items))
	}
	if len(doc.Items) == 0 && doc.Truncated {
		return nil, fmt.Errorf("%w: cut short before its first item ended", ErrMalformed)
	}
	return doc, nil
}

// linkBase is what relative item links resolve against. Atom follows XML Base and RFC 3986
// §5.1 (RFC 4287 §4.2.7.1): the document's own URL (xml:base, where given, was applied by
// the parser). RSS 2.0, RSS 1.0 and JSON Feed define no base, and their channel link (or
// home_page_url) is "the URL to the HTML website corresponding to the channel"
// (rssboard.org/rss-specification): relative item links are written relative to that
// site, which may not be where the feed is served (a feed proxy, a CDN); with siteBase,
// it is the base, and the document's URL only when the site's is missing.
func linkBase(docURL, home string, siteBase bool) *url.URL {
	doc, _ := url.Parse(strings.TrimSpace(docURL))
	if doc != nil && doc.Host == "" {
		doc = nil
	}
	var site *url.URL
	if h := strings.TrimSpace(home); h != "" {
		if doc != nil {
			site, _ = doc.Parse(h)
		} else {
			site, _ = url.Parse(h)
		}
		if site != nil && (site.Host == "" || site.Scheme != "http" && site.Scheme != "https") {
			site = nil
		}
	}
	if siteBase && site != nil || doc == nil {
		return site
	}
	return doc
}

// dropAmbiguousLegacy clears the LegacyID that several items of one document share: the
// GUID of a feed that gives many items one GUID. Earlier releases delivered only the first
// of those items; matching them all by that GUID would keep losing the others.
func dropAmbiguousLegacy(items []watch.Item) {
	count := map[string]int{}
	for _, it := range items {
		if it.LegacyID != "" {
			count[it.LegacyID]++
		}
	}
	for i := range items {
		if count[items[i].LegacyID] > 1 {
			items[i].LegacyID = ""
		}
	}
}

// readLimit is how many items of a document are read at most; 0 means no limit.
func readLimit(max int) int {
	if max == 0 {
		max = DefaultMaxItems
	}
	if max < 0 {
		return 0
	}
	return readFactor * max
}

// atomHasMarkup reports whether an entry's text holds a "<": only then do the Atom text
// types (atomTextKinds) change what is read, and the document is read a second time.
func atomHasMarkup(f *gofeed.Feed) bool {
	for _, it := range f.Items {
		if it != nil && (strings.Contains(it.Title, "<") || strings.Contains(it.Description, "<") || strings.Contains(it.Content, "<")) {
			return true
		}
	}
	return false
}

// newest keeps the max newest items, in their order, and says how many it left out.
func newest(items []watch.Item, max int) ([]watch.Item, int) {
	if max == 0 {
		max = DefaultMaxItems
	}
	if max < 0 || len(items) <= max {
		return items, 0
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return items[b].Published.Compare(items[a].Published) })
	keep := idx[:max]
	slices.Sort(keep)
	out := make([]watch.Item, 0, max)
	for _, i := range keep {
		out = append(out, items[i])
	}
	return out, len(items) - max
}

// parseXML runs gofeed on an RSS, RDF or Atom document, reading through ctx.
func parseXML(ctx context.Context, body []byte) (*gofeed.Feed, error) {
	p := gofeed.NewParser()
	// No scan of every description's HTML for an image: a full HTML parse per item that
	// Vedetta does not use.
	p.RSSTranslator = rssTranslator{gofeed.DefaultRSSTranslator{DisableContentImageScan: true}}
	return p.Parse(ctxReader{ctx, bytes.NewReader(body)})
}

// ctxReader fails its reads once ctx ends, so that a parse it feeds stops there.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// rssTranslator is gofeed's, plus the item links gofeed leaves out: <atom:link href> and
// a permalink <guid>.
type rssTranslator struct{ gofeed.DefaultRSSTranslator }

func (t rssTranslator) Translate(feed any) (*gofeed.Feed, error) {
	f, err := t.DefaultRSSTranslator.Translate(feed)
	if err != nil {
		return nil, err
	}
	rf, ok := feed.(*gofeedrss.Feed)
	if !ok || len(rf.Items) != len(f.Items) {
		return f, nil
	}
	if strings.TrimSpace(rf.ManagingEditor) == "" && strings.TrimSpace(rf.WebMaster) != "" {
		// gofeed takes the webMaster, the person "responsible for technical issues"
		// (RSS 2.0), for the channel's author; the editor, a Dublin Core creator or an
		// iTunes author is one, a webmaster is not.
		f.Author, f.Authors = nil, nil
		var name string
		switch {
		case rf.DublinCoreExt != nil && len(rf.DublinCoreExt.Creator) > 0:
			name = rf.DublinCoreExt.Creator[0]
		case rf.DublinCoreExt != nil && len(rf.DublinCoreExt.Author) > 0:
			name = rf.DublinCoreExt.Author[0]
		case rf.ITunesExt != nil:
			name = rf.ITunesExt.Author
		}
		if strings.TrimSpace(name) != "" {
			f.Authors = []*gofeed.Person{{Name: name}}
		}
	}
	for i, ri := range rf.Items {
		it := f.Items[i]
		if it.Custom == nil {
			it.Custom = map[string]string{}
		}
		if authorNames(it.Authors) == "" {
			// gofeed reads "name (email)" and loses a text of another shape
			// ("<a href=…>Author 1</a> (University 1), …"): keep it as written.
			if raw := rawItemAuthor(ri); raw != "" {
				it.Authors = []*gofeed.Person{{Name: raw}}
			}
		}
		if orig := extensionValue(ri.Extensions, "feedburner", "origLink"); CanonicalURL(orig, nil) != "" {
			// FeedBurner's <link> is its redirector; origLink is the article.
			it.Custom[legacyLink], it.Link = it.Link, orig
			continue
		}
		if strings.TrimSpace(it.Link) != "" {
			continue
		}
		it.Custom[legacyLink] = ""
		if l := atomLink(ri); l != "" {
			it.Link = l
		} else if ri.GUID != nil && !strings.EqualFold(strings.TrimSpace(ri.GUID.IsPermalink), "false") &&
			CanonicalURL(ri.GUID.Value, nil) != "" {
			// RSS 2.0, <guid>: "If the guid element has an attribute named isPermaLink
			// with a value of true, the reader may assume that it is a permalink to the
			// item"; true is the default.
			it.Link = strings.TrimSpace(ri.GUID.Value)
		} else if len(ri.Enclosures) > 0 && strings.TrimSpace(ri.Enclosures[0].URL) != "" {
			// An item whose only address is its enclosure (a podcast episode): that is
			// what a reader opens.
			it.Link = strings.TrimSpace(ri.Enclosures[0].URL)
		}
	}
	return f, nil
}

// rawItemAuthor is the text of an RSS item's author, as gofeed looks for it.
func rawItemAuthor(ri *gofeedrss.Item) string {
	cands := []string{ri.Author}
	if dc := ri.DublinCoreExt; dc != nil {
		cands = append(cands, dc.Author...)
		cands = append(cands, dc.Creator...)
	}
	if ri.ITunesExt != nil {
		cands = append(cands, ri.ITunesExt.Author)
	}
	for _, c := range cands {
		if c = strings.TrimSpace(c); c != "" {
			return c
		}
	}
	return ""
}

// extensionValue is the text of the first non-empty prefix:name element of an RSS item.
func extensionValue(ext map[string]map[string][]gofeedext.Extension, prefix, name string) string {
	for _, e := range ext[prefix][name] {
		if v := strings.TrimSpace(e.Value); v != "" {
			return v
		}
	}
	return ""
}

// legacyLink, in gofeed.Item.Custom, is the link releases before 2026-12 saw, where the
// link is now another (a fallback where there was none, FeedBurner's origLink).
const legacyLink = "vedetta:legacy-link"

// atomLink is the href of an item's <atom:link> whose rel is absent or "alternate"
// (RFC 4287 §4.2.7.2), as WordPress and FeedBurner write them in RSS.
func atomLink(ri *gofeedrss.Item) string {
	for _, e := range ri.Extensions["atom"]["link"] {
		rel := strings.ToLower(strings.TrimSpace(e.Attrs["rel"]))
		if href := strings.TrimSpace(e.Attrs["href"]); href != "" && (rel == "" || rel == "alternate") {
			return href
		}
	}
	return ""
}

// entry is one item as the formats give it, before normalising.
type entry struct {
	guid, link         string
	legacyLink         string // the link earlier releases saw: none from a fallback
	title              string
	titleKind          textKind
	texts              []text // candidates for Item.Text, the first non-empty wins
	published, updated string
	// gofeed's own reading of the dates, used only where date.go cannot read them and
	// the text names no zone gofeed could misplace.
	publishedParsed, updatedParsed *time.Time
	author                         string
}

type text struct {
	s    string
	kind textKind
}

func fromGofeed(it *gofeed.Item) entry {
	e := entry{
		guid:            it.GUID,
		link:            it.Link,
		title:           it.Title,
		titleKind:       kindTitle,
		published:       it.Published,
		updated:         it.Updated,
		publishedParsed: it.PublishedParsed,
		updatedParsed:   it.UpdatedParsed,
		texts: []text{
			{it.Description, kindHTML},
			{it.Content, kindHTML},
			{extensionText(it, "yandex", "full-text"), kindHTML},
			// podcasts: iTunes and Google Play summaries, Media RSS descriptions
			{itunes(it, func(x *gofeedext.ITunesItemExtension) string { return x.Summary }), kindHTML},
			{extensionText(it, "googleplay", "description"), kindHTML},
			{itunes(it, func(x *gofeedext.ITunesItemExtension) string { return x.Subtitle }), kindHTML},
			{mediaDescription(it), kindPlain},
		},
	}
	if e.link == "" && len(it.Links) > 0 {
		e.link = it.Links[0]
	}
	if l, ok := it.Custom[legacyLink]; ok {
		e.legacyLink = l
	} else {
		e.legacyLink = e.link
	}
	e.author = authorNames(it.Authors)
	if e.author == "" {
		e.author = extensionText(it, "googleplay", "author")
	}
	return e
}

// authorNames are the names of the people, or an email where a name is missing, without
// repeats, joined by ", ".
func authorNames(people []*gofeed.Person) string {
	var names []string
	for _, p := range people {
		if p == nil {
			continue
		}
		n := cmp.Or(strings.TrimSpace(p.Name), strings.TrimSpace(p.Email))
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

func itunes(it *gofeed.Item, field func(*gofeedext.ITunesItemExtension) string) string {
	if it.ITunesExt == nil {
		return ""
	}
	return field(it.ITunesExt)
}

// mediaDescription is an item's media:description (Media RSS), alone or in a media:group.
func mediaDescription(it *gofeed.Item) string {
	if d := extensionText(it, "media", "description"); d != "" {
		return d
	}
	for _, g := range it.Extensions["media"]["group"] {
		for _, d := range g.Children["description"] {
			if strings.TrimSpace(d.Value) != "" {
				return d.Value
			}
		}
	}
	return ""
}

func (e entry) item(base *url.URL, now time.Time) watch.Item {
	item := watch.Item{
		Title:     titleText(e.title, e.titleKind),
		URL:       CanonicalURL(e.link, base),
		Author:    titleText(e.author, kindTitle),
		Published: now,
	}
	for _, t := range e.texts {
		if item.Text = bodyText(t.s, t.kind); item.Text != "" {
			break
		}
	}
	if t, ok := itemDate(e.published, e.publishedParsed); ok {
		item.Published = t
	} else if t, ok := itemDate(e.updated, e.updatedParsed); ok {
		item.Published = t
	}
	guid := strings.TrimSpace(e.guid)
	if c := CanonicalURL(guid, nil); c != "" && strings.Contains(guid, "://") {
		guid = c
	}
	item.ID = identity(guid, item.URL, item)
	if legacy := legacyIdentity(guid, CanonicalURL(e.legacyLink, base), item); legacy != item.ID {
		item.LegacyID = legacy
	}
	return item
}

// itemDate reads a date with date.go, else takes gofeed's reading when the text holds no
// word gofeed could have taken for a zone.
func itemDate(raw string, parsed *time.Time) (time.Time, bool) {
	if t, ok := parseDate(raw); ok {
		return t, true
	}
	if parsed == nil || parsed.IsZero() || hasZoneWord(raw) {
		return time.Time{}, false
	}
	return parsed.UTC(), true
}

// hasZoneWord reports whether the text ends in letters other than a month or a weekday,
// which gofeed may have read as a zone abbreviation.
func hasZoneWord(s string) bool {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return false
	}
	w := foldAccents(fields[len(fields)-1])
	if w == "" || localMonths[w] != 0 || weekdays[w] {
		return false
	}
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// identity is the item's key in the seen set; see the package doc. Empty when there is
// nothing to tell the item by.
func identity(guid, link string, item watch.Item) string {
	var id string
	switch {
	case guid != "" && link != "" && guid != link:
		id = guid + " " + link
	case guid != "":
		id = guid
	case link != "":
		id = link
	case item.Title != "" || item.Text != "":
		return hashID(item.Title + "\n" + item.Text)
	default:
		return ""
	}
	if len(id) > maxIDBytes {
		return hashID(id)
	}
	return id
}

// legacyIdentity is the identity of releases before 2026-12: the GUID, else the link,
// else the hash.
func legacyIdentity(guid, link string, item watch.Item) string {
	return identity(guid, cmp.Or(guid, link), item)
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
	// MaxItems caps the items one poll records (the newest); 0 = DefaultMaxItems.
	MaxItems int
	Log      *slog.Logger // nil discards
}

// Poll fetches src.Target with st's validators, updates st (ETag, LastModified, NotBefore,
// Truncated, Dropped, Note) and returns the items with Item.Source set (nil on 304). On a
// *fetch.StatusError with a Retry-After, st.NotBefore is set from it before the error is
// returned. A body cut short by the network gives the items complete before the cut, and
// st.Truncated. The poller owns st's health fields and persists st.
func (r *Reader) Poll(ctx context.Context, src watch.Source, st *watch.State) ([]watch.Item, error) {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	log := r.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	res, err := r.Fetch.Get(ctx, fetch.Request{
		URL:          src.Target,
		ETag:         st.ETag,
		LastModified: st.LastModified,
		Header:       http.Header{"Accept": {Accept}},
	})
	cut := errors.Is(err, fetch.ErrTruncated) && res != nil && len(res.Body) > 0
	if err != nil && !cut {
		var se *fetch.StatusError
		if errors.As(err, &se) && se.RetryAfter > 0 {
			st.NotBefore = now().Add(se.RetryAfter)
		}
		return nil, fmt.Errorf("poll %s: %w", src.Name, err)
	}
	fetchErr := err
	st.NotBefore = res.NotBefore
	if res.NotModified {
		st.ETag, st.LastModified = res.ETag, res.LastModified
		return nil, nil
	}
	doc, err := Parse(ctx, res.Body, Options{
		ContentType: res.ContentType, URL: res.URL, Now: now(), MaxItems: r.MaxItems,
		Log: log.With("source", src.Name),
	})
	if err != nil {
		if cut {
			return nil, fmt.Errorf("poll %s: %w", src.Name, fetchErr)
		}
		// Validators are not stored: the next poll must fetch the body again rather than be
		// told "not modified" about a document we could not read.
		return nil, fmt.Errorf("poll %s: parse %s: %w", src.Name, res.URL, err)
	}
	if !cut {
		st.ETag, st.LastModified = res.ETag, res.LastModified
	}
	st.Truncated, st.Dropped, st.Note = cut || doc.Truncated, doc.Dropped, note(cut || doc.Truncated, doc)
	for i := range doc.Items {
		doc.Items[i].Source = src.Name
	}
	return doc.Items, nil
}

// note is what /sources says about the last poll beyond its health.
func note(truncated bool, doc *Document) string {
	var parts []string
	if truncated {
		parts = append(parts, fmt.Sprintf("the feed was truncated: read the %d items before the cut", len(doc.Items)+doc.Dropped))
	}
	if doc.Dropped > 0 {
		parts = append(parts, fmt.Sprintf("%d items over the per-poll cap of %d were not recorded", doc.Dropped, len(doc.Items)))
	}
	return strings.Join(parts, "; ")
}
