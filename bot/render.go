package bot

import (
	"cmp"
	"fmt"
	"html"
	"math"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch/match"
)

// Telegram's message limits (docs/TELEGRAM.md, "Message text"): 4096 characters of visible text, counted as
// code points after entity parsing, and 32 KiB of raw text before parsing.
const (
	maxVisible = 4096
	maxRaw     = 32 << 10
)

// esc escapes s for Telegram's HTML parse mode: <, > and & everywhere, " for attributes
// (docs/TELEGRAM.md, "HTML parse mode"). Feed text arrives with entities already decoded.
func esc(s string) string { return htmlEscaper.Replace(s) }

// htmlEscaper is built once: a Replacer is costly to build and safe for concurrent use.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// htmlText builds one message's HTML while counting its visible characters as Telegram
// will.
type htmlText struct {
	b       strings.Builder
	visible int
}

func (h *htmlText) text(s string) {
	s = printable(s)
	h.b.WriteString(esc(s))
	h.visible += utf8.RuneCountInString(s)
}

// printable drops from text what must not reach a chat: C0 and C1 control characters
// other than the newline (a tab becomes a space), and the bidirectional embedding,
// override and isolate controls (U+202A–U+202E, U+2066–U+2069) with which a feed can make
// a title read backwards (Unicode Standard Annex #9). Feeds carry them by mistake or on
// purpose; a chat shows them as boxes or is misled by them.
func printable(s string) string {
	if !strings.ContainsFunc(s, unprintable) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case unprintable(r):
			return -1
		}
		return r
	}, s)
}

func unprintable(r rune) bool {
	return r < 0x20 && r != '\n' || r >= 0x7f && r < 0xa0 || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}
func (h *htmlText) tag(s string)  { h.b.WriteString(s) }
func (h *htmlText) bold(s string) { h.tag("<b>"); h.text(s); h.tag("</b>") }
func (h *htmlText) link(href, s string) {
	if !safeURL(href) {
		h.text(s)
		return
	}
	h.tag(`<a href="` + esc(href) + `">`)
	h.text(s)
	h.tag("</a>")
}
func (h *htmlText) pieces(ps []match.Piece) {
	for _, p := range ps {
		if p.Bold {
			h.bold(p.Text)
		} else {
			h.text(p.Text)
		}
	}
}
func (h *htmlText) String() string { return h.b.String() }

// safeURL accepts only absolute http(s) links for <a href>.
func safeURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// plainText turns our HTML back into text, for the plain-text fallback and the console.
func plainText(s string) string {
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
		case !inTag:
			b.WriteRune(r)
		}
	}
	return html.UnescapeString(b.String())
}

// clip shortens s to at most n runes, at a word boundary when one is near, adding "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	if i := strings.LastIndexAny(string(r), " \n"); i > len(string(r))*2/3 {
		return strings.TrimSpace(string(r)[:i]) + "…"
	}
	return string(r) + "…"
}

// splitMessages packs entries into messages of at most maxVisible visible characters and
// maxRaw bytes, cutting only between entries. header starts the first message.
func splitMessages(header *htmlText, entries []*htmlText, footer *htmlText) []string {
	var pieces []*htmlText
	if header != nil {
		pieces = append(pieces, header)
	}
	pieces = append(pieces, entries...)
	if footer != nil {
		pieces = append(pieces, footer)
	}
	var out []string
	for _, group := range pack(pieces) {
		out = append(out, joinPieces(pieces, group).String())
	}
	return out
}

// pack groups pieces into messages of at most maxVisible visible characters and maxRaw
// bytes, joined by newlines (joinPieces), cutting only between pieces. It returns the
// indices of each message's pieces.
func pack(pieces []*htmlText) [][]int {
	var out [][]int
	var cur []int
	visible, raw := 0, 0
	for i, e := range pieces {
		if visible > 0 && (visible+e.visible+1 > maxVisible || raw+e.b.Len()+1 > maxRaw) {
			out = append(out, cur)
			cur, visible, raw = nil, 0, 0
		}
		if visible > 0 {
			visible, raw = visible+1, raw+1
		}
		cur = append(cur, i)
		visible += e.visible
		raw += e.b.Len()
	}
	if visible > 0 {
		out = append(out, cur)
	}
	return out
}

// joinPieces is one message made of the pieces at idx, a newline between two.
func joinPieces(pieces []*htmlText, idx []int) *htmlText {
	cur := &htmlText{}
	for _, i := range idx {
		cur.join(pieces[i].String(), pieces[i].visible)
	}
	return cur
}

// join appends a piece of HTML with its visible length, on a new line unless h is empty.
func (h *htmlText) join(html string, visible int) {
	if h.visible > 0 {
		h.text("\n")
	}
	h.b.WriteString(html)
	h.visible += visible
}

// story is one digest entry: an item, with the other sources that carried the same story.
type story struct {
	p       store.Pending
	also    []string // other sources
	watches []int
	told    *store.Story    // the stored story, every outlet that carried it (stories.go)
	members []store.Pending // the chat's matches folded into it
	lang    string          // the language its title is preferred in
}

// storyKeys identifies the same story across sources: its canonical URL, else its title
// folded to letters and digits.
func storyKeys(p *store.Pending, words []string) []string {
	var keys []string
	if p.Story != 0 {
		keys = append(keys, fmt.Sprintf("s:%d", p.Story)) // one story, whatever its language
	}
	if p.Item.URL != "" {
		keys = append(keys, "u:"+p.Item.URL)
	}
	if t := strings.Join(words, " "); len(t) >= 24 {
		keys = append(keys, "t:"+t)
	}
	return keys
}

// titleWords is a title folded as the matcher folds text, split into words.
func titleWords(title string) []string { return strings.Fields(string(match.Normalize(nil, title))) }

// Near-identical titles: at least minStoryWords words each, at least sameStoryShare of all
// their distinct words in common (Jaccard), and the same numbers: the same headline with the
// outlet's name appended ("… - BBC News") or a word changed is one story, "Day 12" and
// "Day 13" of a live blog are two.
const (
	minStoryWords  = 5
	sameStoryShare = 0.75
)

// titlePrefix is the prefix of a title's distinct words that prefix filtering indexes: the
// words in one fixed order — the rarest in the batch first, then by bytes — as many as
// |A| - ceil(t·|A|) + 1 of the |A| distinct words. Titles too short to be compared have none.
func titlePrefix(w []string, freq map[string]int) []string {
	if len(w) < minStoryWords {
		return nil
	}
	set := slices.Clone(w)
	slices.SortFunc(set, func(a, b string) int {
		if freq[a] != freq[b] {
			return freq[a] - freq[b]
		}
		return strings.Compare(a, b)
	})
	set = slices.Compact(set)
	n := len(set) - int(math.Ceil(sameStoryShare*float64(len(set)))) + 1
	return set[:n]
}

func nearlySame(a, b []string) bool {
	if len(a) < minStoryWords || len(b) < minStoryWords {
		return false
	}
	set := make(map[string]int, len(a)+len(b))
	for _, w := range a {
		set[w] |= 1
	}
	for _, w := range b {
		set[w] |= 2
	}
	both := 0
	for w, v := range set {
		if v == 3 {
			both++
		} else if strings.ContainsAny(w, "0123456789") {
			return false
		}
	}
	return float64(both) >= sameStoryShare*float64(len(set))
}

// titleComparisons counts nearlySame calls made by groupStories (tests).
var titleComparisons atomic.Int64

// groupStories folds the pending matches into stories: one entry per story, however many
// watches or sources hit it. The same story is the same canonical URL, the same title, or
// a nearly identical title (nearlySame). Titles are compared only with the stories that
// share a word of their prefix (prefix filtering: two word sets with a Jaccard similarity of
// at least t share a word among the first |A| - ceil(t·|A|) + 1 of each, in any one fixed
// order of words), so thousands of held alerts group in near-linear time instead of
// comparing every pair.
func groupStories(ps []store.Pending) []*story {
	var out []*story
	byKey := map[string]*story{}
	var words [][]string               // out[i]'s title words
	byPrefixWord := map[string][]int{} // a word → the stories with it in their prefix
	titles := make([][]string, len(ps))
	freq := map[string]int{} // how many titles hold a word: prefixes take the rarest words
	for i := range ps {
		titles[i] = titleWords(ps[i].Item.Title)
		for _, w := range slices.Compact(slices.Sorted(slices.Values(titles[i]))) {
			freq[w]++
		}
	}
	for pi, p := range ps {
		w := titles[pi]
		keys := storyKeys(&p, w)
		var s *story
		for _, k := range keys {
			if s = byKey[k]; s != nil {
				break
			}
		}
		prefix := titlePrefix(w, freq)
		if s == nil {
			best := -1 // the earliest nearly identical story, as a pairwise scan finds
			seen := map[int]bool{}
			for _, pw := range prefix {
				for _, i := range byPrefixWord[pw] {
					if seen[i] || (best >= 0 && i > best) {
						continue
					}
					seen[i] = true
					titleComparisons.Add(1)
					if nearlySame(w, words[i]) {
						best = i
					}
				}
			}
			if best >= 0 {
				s = out[best]
			}
		}
		if s == nil {
			s = &story{p: p, told: p.Told, members: []store.Pending{p}}
			out = append(out, s)
			words = append(words, w)
			for _, pw := range prefix {
				byPrefixWord[pw] = append(byPrefixWord[pw], len(out)-1)
			}
		} else {
			s.members = append(s.members, p)
			if p.Item.Source != s.p.Item.Source && !slices.Contains(s.also, p.Item.Source) {
				s.also = append(s.also, p.Item.Source)
			}
			s.p.Terms = appendNew(s.p.Terms, p.Terms...)
		}
		s.watches = appendNew(s.watches, p.WatchIDs...)
		for _, k := range keys {
			byKey[k] = s
		}
	}
	return out
}

// appendNew appends the elements of add that ss does not hold yet.
func appendNew[T comparable](ss []T, add ...T) []T {
	for _, x := range add {
		if !slices.Contains(ss, x) {
			ss = append(ss, x)
		}
	}
	return ss
}

// watchLabel names a watch in a digest.
func watchLabel(tr *lang.Localizer, c *store.Chat, id int) string {
	for _, w := range c.Watches {
		if w.ID == id {
			return clip(w.Query, 60)
		}
	}
	return tr.T("digest.watch_removed", "ID", id)
}

// renderEntry renders one story: title as a link, source and local time, snippet with the
// matched words in bold, the other watches and sources.
func renderEntry(tr *lang.Localizer, c *store.Chat, s *story, loc *time.Location, otherWatches []int) *htmlText {
	h := &htmlText{}
	it := s.headline()
	h.text("• ")
	title := clip(it.Title, 300)
	if title == "" {
		title = clip(it.Text, 120)
	}
	if it.URL != "" && safeURL(it.URL) {
		h.tag(`<a href="` + esc(it.URL) + `">`)
		h.pieces(match.Snippet(title, s.p.Terms, 0))
		h.tag("</a>")
	} else {
		h.pieces(match.Snippet(title, s.p.Terms, 0))
	}
	h.text("\n")
	meta := it.Source
	if !it.Published.IsZero() {
		meta += ", " + tr.DayTime(it.Published.In(loc))
	}
	h.tag("<i>")
	h.text(meta)
	h.tag("</i>")
	renderAlso(tr, h, s)
	if len(otherWatches) > 0 {
		labels := make([]string, len(otherWatches))
		for i, id := range otherWatches {
			labels[i] = watchLabel(tr, c, id)
		}
		h.text(" · " + tr.T("digest.also_matches", "Watches", listSome(tr, labels)))
	}
	if ps := itemSnippet(it, s.p.Terms); len(ps) > 0 {
		h.text("\n")
		h.pieces(ps)
	}
	return h
}

// maxListed is how many other sources or watches an entry names before "+ N more": an
// entry must fit in one message, whatever a chat watches.
const maxListed = 5

// listSome joins the first maxListed names and says how many more there are.
func listSome(tr *lang.Localizer, names []string) string {
	if len(names) <= maxListed {
		return strings.Join(names, ", ")
	}
	return tr.T("digest.list_more", "Names", strings.Join(names[:maxListed], ", "), "More", len(names)-maxListed)
}

// renderDigest renders a chat's pending matches as digest messages, grouped by watch, each
// story once. more is how many matches stay queued beyond max_items; dropped how many older
// ones were dropped over the queue's cap.
func renderDigest(tr *lang.Localizer, c *store.Chat, ps []store.Pending, loc *time.Location, more, dropped int, title string) []string {
	stories := groupStories(ps)
	preferLang(stories, ps, tr.Code())
	// Group under the first of the chat's watches that the story matched, in watch order.
	order := map[int]int{}
	for i, w := range c.Watches {
		order[w.ID] = i
	}
	groups := map[int][]*story{}
	var ids []int
	for _, s := range stories {
		sort.Slice(s.watches, func(a, b int) bool { return rank(order, s.watches[a]) < rank(order, s.watches[b]) })
		first := s.watches[0]
		if _, ok := groups[first]; !ok {
			ids = append(ids, first)
		}
		groups[first] = append(groups[first], s)
	}
	sort.Slice(ids, func(a, b int) bool { return rank(order, ids[a]) < rank(order, ids[b]) })
	for _, g := range groups {
		sortStories(g)
	}

	header := &htmlText{}
	header.bold(title)
	header.text(" · " + tr.N("digest.stories", len(stories)))
	var entries []*htmlText
	for _, id := range ids {
		g := &htmlText{}
		g.text("\n")
		g.bold("▶ " + watchLabel(tr, c, id))
		g.text(fmt.Sprintf(" (%d)", len(groups[id])))
		entries = append(entries, g)
		for _, s := range groups[id] {
			entries = append(entries, renderEntry(tr, c, s, loc, s.watches[1:]))
		}
	}
	var footer *htmlText
	if more > 0 {
		footer = &htmlText{}
		footer.text("\n" + tr.N("digest.more", more))
	}
	return splitMessages(header, entries, droppedNote(tr, footer, dropped))
}

// droppedNote adds to footer (nil: a new one) how many older matches were dropped.
func droppedNote(tr *lang.Localizer, footer *htmlText, dropped int) *htmlText {
	if dropped <= 0 {
		return footer
	}
	if footer == nil {
		footer = &htmlText{}
	}
	footer.text("\n" + tr.N("digest.dropped", dropped, "Number", tr.Number(dropped), "Max", tr.Number(store.MaxPendingPerChat)))
	return footer
}

func rank(order map[int]int, id int) int {
	if r, ok := order[id]; ok {
		return r
	}
	return 1 << 30
}

// alertOrder returns the alerts in the order they are listed: by publication time, then
// source, then item id. The queue's order is the order of the commits, which depends on
// which source answered first; this order depends on the items only, so the same items
// always make the same message.
func alertOrder(ps []store.Pending) []store.Pending {
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b store.Pending) int {
		if c := a.Item.Published.Compare(b.Item.Published); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.Item.Source, b.Item.Source), cmp.Compare(a.Item.ID, b.Item.ID))
	})
	return ps
}

// renderAlerts renders instant alerts: one story per entry, in as few messages as fit.
func renderAlerts(tr *lang.Localizer, c *store.Chat, ps []store.Pending, loc *time.Location, held bool, dropped int) []string {
	var out []string
	for _, m := range renderAlertParts(tr, c, ps, loc, held, dropped) {
		out = append(out, m.html)
	}
	return out
}

// alertMessage is one alert message: its HTML and the parts it is made of, kept so that
// later items of its stories can edit it (alertedit.go).
type alertMessage struct {
	html  string
	parts []store.AlertPart
}

// renderAlertParts is renderAlerts with each message's parts.
func renderAlertParts(tr *lang.Localizer, c *store.Chat, ps []store.Pending, loc *time.Location, held bool, dropped int) []alertMessage {
	stories := groupStories(alertOrder(ps))
	preferLang(stories, ps, tr.Code())
	header := &htmlText{}
	if held {
		header.bold("🔔 " + tr.N("alerts.held", len(stories)))
	} else {
		labels := []string{}
		for _, s := range stories {
			for _, id := range s.watches {
				labels = appendNew(labels, watchLabel(tr, c, id))
			}
		}
		header.bold("🔔 " + listSome(tr, labels))
	}
	pieces := []*htmlText{header}
	parts := []store.AlertPart{{}}
	for _, s := range stories {
		pieces = append(pieces, renderEntry(tr, c, s, loc, nil))
		parts = append(parts, entryPart(s))
	}
	if footer := droppedNote(tr, nil, dropped); footer != nil {
		pieces = append(pieces, footer)
		parts = append(parts, store.AlertPart{})
	}
	var out []alertMessage
	for _, group := range pack(pieces) {
		m := alertMessage{html: joinPieces(pieces, group).String()}
		for _, i := range group {
			p := parts[i]
			p.HTML, p.Visible = pieces[i].String(), pieces[i].visible
			m.parts = append(m.parts, p)
		}
		out = append(out, m)
	}
	return out
}
