package bot

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
)

// Stories in digests and alerts: the router assigns each item to a story (package story)
// and each queued match carries it (store.Pending.Story). A digest lists a story once,
// under the best title, with every outlet that carried it; /story N lists them all.

// attachStories reads the stories of the queued matches (one read transaction) and
// attaches each to its matches, for rendering.
func (b *Bot) attachStories(ps []store.Pending) {
	var ids []uint64
	for _, p := range ps {
		if p.Story != 0 {
			ids = append(ids, p.Story)
		}
	}
	if len(ids) == 0 {
		return
	}
	told, err := b.db.Stories(ids)
	if err != nil {
		b.log.Warn("read stories", "error", err) // the entries still go out, one per item
		return
	}
	for i := range ps {
		ps[i].Told = told[ps[i].Story]
	}
}

// preferLang picks the language the stories' titles are shown in: the language most of
// the chat's queued matches are in (chats have no language setting of their own); a tie
// goes to the first in alphabetical order, so that a digest reads the same every time.
func preferLang(stories []*story, ps []store.Pending, chatLang string) {
	count := map[string]int{}
	for i := range ps {
		if l := itemLang(&ps[i]); l != "" {
			count[l]++
		}
	}
	best := ""
	for l, n := range count {
		if n > count[best] || n == count[best] && l < best {
			best = l
		}
	}
	if count[chatLang] > 0 {
		best = chatLang // the language the chat reads Vedetta in, when its matches have it
	}
	for _, s := range stories {
		s.lang = best
	}
}

// itemLang is the language of a queued match's item, as its story recorded it.
func itemLang(p *store.Pending) string {
	if p.Told == nil {
		return ""
	}
	key := p.Item.Key()
	for _, it := range p.Told.Items {
		if it.Key == key {
			return it.Lang
		}
	}
	return ""
}

// headline is the item whose title an entry shows: the earliest published of the story
// in the preferred language, else the earliest (the chat's own match when the story is
// not stored). Its snippet is its own text when the chat got that item, else the text of
// the chat's match, which shows where the watch matched.
func (s *story) headline() watch.Item {
	if s.told == nil || len(s.told.Sources()) < 2 {
		return s.p.Item
	}
	items := byPublished(s.told.Items)
	pick := items[0]
	if i := slices.IndexFunc(items, func(it store.StoryItem) bool { return s.lang != "" && it.Lang == s.lang }); i >= 0 {
		pick = items[i]
	}
	for _, m := range s.members {
		if m.Item.Key() == pick.Key {
			return m.Item
		}
	}
	return watch.Item{Title: pick.Title, URL: pick.URL, Source: pick.Source, Published: pick.Published, Text: s.p.Item.Text, Article: s.p.Item.Article}
}

// byPublished returns a story's items earliest published first (then by source): the
// order in which polls of several sources recorded them says nothing.
func byPublished(items []store.StoryItem) []store.StoryItem {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b store.StoryItem) int {
		if c := a.Published.Compare(b.Published); c != 0 {
			return c
		}
		return strings.Compare(a.Source, b.Source)
	})
	return out
}

// sources is how many outlets carried the story.
func (s *story) sources() int {
	if s.told != nil {
		return max(len(s.told.Sources()), 1+len(s.also))
	}
	return 1 + len(s.also)
}

// latest is when the story's newest item was published or queued.
func (s *story) latest() time.Time {
	t := s.p.Item.Published
	if s.told != nil {
		for _, it := range s.told.Items {
			if it.Published.After(t) {
				t = it.Published
			}
		}
	}
	return t
}

// sortStories orders entries by how many outlets carried them, then the newest first.
func sortStories(ss []*story) {
	slices.SortStableFunc(ss, func(a, b *story) int {
		if c := cmp.Compare(b.sources(), a.sources()); c != 0 {
			return c
		}
		return b.latest().Compare(a.latest())
	})
}

// alsoNamed is how many other outlets an entry names, each linked to its item, before "+N".
const alsoNamed = 3

// renderAlso writes " · also: ANSA · BBC · Укрправда +3" with links, and the story's
// /story_N when it has other outlets.
func renderAlso(tr *lang.Localizer, h *htmlText, s *story) {
	if s.told == nil || len(s.told.Sources()) < 2 {
		if len(s.also) > 0 {
			h.text(" · " + tr.T("digest.also", "Sources", listSome(tr, s.also)))
		}
		return
	}
	shown := s.headline().Source
	var others []store.StoryItem
	seen := map[string]bool{shown: true}
	for _, it := range byPublished(s.told.Items) {
		if !seen[it.Source] {
			seen[it.Source] = true
			others = append(others, it)
		}
	}
	// "also: {{.Sources}}" in the chat's language, its parts around the linked outlets.
	before, after, _ := strings.Cut(tr.T("digest.also", "Sources", "\x00"), "\x00")
	h.text(" · " + before)
	outlets := make([]outlet, len(others))
	for i, it := range others {
		outlets[i] = outlet{it.Source, it.URL}
	}
	writeOutlets(h, outlets)
	h.text(after)
	h.text(fmt.Sprintf(" · /story_%d", s.told.ID))
}

// maxStoryLines bounds /story's list: a story past it is said to have more.
const maxStoryLines = 60

// cmdStory lists every outlet and link of a story: /story N, N as a digest entry shows it.
func (b *Bot) cmdStory(ctx context.Context, in incoming, arg string) error {
	id, err := strconv.ParseUint(strings.TrimSpace(arg), 10, 64)
	if err != nil || id == 0 {
		return userErr(in.tr.T("story.which"))
	}
	told, err := b.db.Stories([]uint64{id})
	if err != nil {
		return err
	}
	s := told[id]
	if s == nil {
		return userErr(in.tr.T("story.unknown", "ID", id))
	}
	c, _ := b.db.Chat(in.chatID)
	loc := time.UTC
	if c != nil {
		loc = b.chatLocation(c)
	}
	header := &htmlText{}
	n := len(s.Items) + s.More
	header.bold(in.tr.T("story.title", "ID", id, "Items", in.tr.N("story.items", n), "Outlets", in.tr.N("story.outlets", len(s.Sources()))))
	var entries []*htmlText
	for i, it := range s.Items {
		if i == maxStoryLines {
			break
		}
		h := &htmlText{}
		h.text("\n• ")
		h.bold(clip(it.Source, 60))
		if !it.Published.IsZero() {
			h.text(" · " + in.tr.DayTime(it.Published.In(loc)))
		}
		h.text("\n")
		if it.URL != "" && safeURL(it.URL) {
			h.link(it.URL, clip(it.Title, 300))
		} else {
			h.text(clip(it.Title, 300))
		}
		entries = append(entries, h)
	}
	if more := n - min(len(s.Items), maxStoryLines); more > 0 {
		h := &htmlText{}
		h.text("\n" + in.tr.N("story.more", more))
		entries = append(entries, h)
	}
	return b.replyLong(in, header, entries)
}

// outlet is a source that told a story, with the link to its own item ("" for none).
type outlet struct{ source, url string }

// writeOutlets writes "ANSA · BBC · Укрправда +3": the first alsoNamed outlets, each linked
// to its item when the link is safe, then how many more there are.
func writeOutlets(h *htmlText, outlets []outlet) {
	for i, o := range outlets[:min(len(outlets), alsoNamed)] {
		if i > 0 {
			h.text(" · ")
		}
		if o.url != "" && safeURL(o.url) {
			h.link(o.url, clip(o.source, 40))
		} else {
			h.text(clip(o.source, 40))
		}
	}
	if n := len(outlets) - alsoNamed; n > 0 {
		h.text(fmt.Sprintf(" +%d", n))
	}
}
