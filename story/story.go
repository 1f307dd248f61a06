// Package story tells when news items are the same event: an item joins a story of the last
// 48 hours or starts one, across sources, languages and scripts, with no external service.
// In the pipeline it sits in the router: each new item of a poll is assigned to a story
// before the poll is written, and the assignment is stored with it (store.RecordPoll); the
// bot lists one digest entry per story. docs/STORIES.md describes the method and its
// figures.
//
// An item's features (Features) are the catalogue entities it names, places from a small
// gazetteer, numbers and dates, other proper nouns reduced to a script-independent
// skeleton, and its title's words. Two items are the same event when their features agree
// enough (Score) and nothing conflicts: a person, place or number in one headline that the
// other item does not mention at all, while the other headline names another, vetoes the
// join. An Assigner keeps the stories of the window in memory with an inverted index from
// each feature to the stories that hold it, so that an item is compared only with stories
// that share at least two of its features.
package story

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Window is how far apart in time two items of one story may be.
const Window = 48 * time.Hour

// Limits that keep one assignment's cost bounded however many stories the window holds.
const (
	// maxPostings bounds how many stories are read from one feature's posting list (the
	// most recent): a feature every story has (a word like "Ukraine") adds no candidate
	// worth reading past that.
	maxPostings = 128
	// maxCandidates bounds the stories scored in full, those sharing the most features.
	maxCandidates = 32
	// minShared is how many features a story must share with an item to be scored.
	minShared = 2
	// maxMembers bounds the items of a story that an item is compared with (its first);
	// the store keeps the features of as many (store.StoryFeatureItems).
	maxMembers = 24
)

// Assigner assigns items to stories. Its methods are safe for concurrent use.
type Assigner struct {
	mu       sync.Mutex
	window   time.Duration
	now      func() time.Time
	stories  map[uint64]*entry
	postings map[string][]uint64 // feature key → stories holding it, oldest first
	items    map[string]uint64   // item key → its story
	next     uint64
	swept    time.Time
	shared   map[uint64]int // scratch of best, under mu
}

// entry is a story in memory.
type entry struct {
	id      uint64
	touched time.Time // when an item last joined (the clock's time), for expiry
	members []Features
	keys    map[string]bool
	items   []string
}

// NewAssigner returns an empty Assigner; now is the clock that expires stories (nil:
// time.Now).
func NewAssigner(now func() time.Time) *Assigner {
	if now == nil {
		now = time.Now
	}
	return &Assigner{window: Window, now: now, stories: map[uint64]*entry{}, postings: map[string][]uint64{}, items: map[string]uint64{}, next: 1}
}

// Len returns how many stories the assigner holds.
func (a *Assigner) Len() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.stories)
}

// Restore puts back a stored story with its members' features (at start, from the
// store), so that new items can join it. Ids of later stories follow the highest restored.
func (a *Assigner) Restore(id uint64, touched time.Time, items []string, members []Features) {
	a.mu.Lock()
	defer a.mu.Unlock()
	e := a.stories[id]
	if e == nil {
		e = &entry{id: id, keys: map[string]bool{}}
		a.stories[id] = e
	}
	if touched.After(e.touched) {
		e.touched = touched
	}
	for i, f := range members {
		if i < len(items) {
			a.addItem(e, items[i])
		}
		a.addMember(e, f)
	}
	a.next = max(a.next, id+1)
}

// Assign returns the story of an item (key: its identity in the seen set), and whether it
// starts a new one. An item assigned before gets its story again.
func (a *Assigner) Assign(key string, f Features) (id uint64, fresh bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	if id, ok := a.items[key]; ok {
		return id, false
	}
	a.sweep(now)
	e := a.best(f)
	if e == nil {
		e = &entry{id: a.next, keys: map[string]bool{}}
		a.next++
		a.stories[e.id] = e
		fresh = true
	}
	e.touched = now
	a.addItem(e, key)
	a.addMember(e, f)
	return e.id, fresh
}

func (a *Assigner) addItem(e *entry, key string) {
	a.items[key] = e.id
	e.items = append(e.items, key)
}

func (a *Assigner) addMember(e *entry, f Features) {
	if len(e.members) < maxMembers {
		e.members = append(e.members, f)
	}
	for _, k := range keys(f) {
		if !e.keys[k] {
			e.keys[k] = true
			a.postings[k] = append(a.postings[k], e.id)
		}
	}
}

// best returns the story the item joins, or nil: among the stories sharing at least
// minShared features with it, the one with the highest score that no member conflicts with.
func (a *Assigner) best(f Features) *entry {
	if a.shared == nil {
		a.shared = map[uint64]int{}
	}
	shared := a.shared
	clear(shared)
	// Keys count 2 each, concepts 1 (conceptKey): a story is a candidate when it shares two
	// features, or one and two kinds of event — a place and "drone", "strike", not a person
	// and "prisoners" alone.
	for _, k := range keys(f) {
		w := 2
		if strings.HasPrefix(k, conceptKey) {
			w = 1
		}
		ps := a.postings[k]
		for i := len(ps) - 1; i >= max(0, len(ps)-maxPostings); i-- {
			shared[ps[i]] += w
		}
	}
	var cands []uint64
	for id, n := range shared {
		if n >= 2*minShared {
			cands = append(cands, id)
		}
	}
	slices.SortFunc(cands, func(x, y uint64) int {
		if c := cmp.Compare(shared[y], shared[x]); c != 0 {
			return c
		}
		return cmp.Compare(y, x) // the newer story first
	})
	var best *entry
	bestScore := 0.0
	for _, id := range cands[:min(len(cands), maxCandidates)] {
		e := a.stories[id]
		if e == nil {
			continue // expired
		}
		if s, ok := storyScore(f, e.members); ok && s > bestScore {
			best, bestScore = e, s
		}
	}
	return best
}

// storyScore is the best score of the item against a story's members, and whether it may
// join: some member links to it (Link) and none conflicts with it.
func storyScore(f Features, members []Features) (float64, bool) {
	best, linked := 0.0, false
	for i := range members {
		m := &members[i]
		if Conflict(&f, m) {
			return 0, false
		}
		if s, ok := Link(&f, m); ok {
			linked = true
			best = max(best, s)
		}
	}
	return best, linked
}

// sweep forgets the stories no item joined within the window, at most every window/8:
// posting lists keep an expired story's id until then, and readers skip it.
func (a *Assigner) sweep(now time.Time) {
	if now.Sub(a.swept) < a.window/8 {
		return
	}
	a.swept = now
	cutoff := now.Add(-a.window)
	for id, e := range a.stories {
		if e.touched.Before(cutoff) {
			for _, k := range e.items {
				delete(a.items, k)
			}
			delete(a.stories, id)
		}
	}
	for k, ps := range a.postings {
		ps = slices.DeleteFunc(ps, func(id uint64) bool { return a.stories[id] == nil })
		if len(ps) == 0 {
			delete(a.postings, k)
		} else {
			a.postings[k] = ps
		}
	}
}

// conceptKey prefixes the keys of concepts (Features.Concepts), which count half in best.
const conceptKey = "k:"

// keys are an item's features as keys of the inverted index. Countries and topics are
// left out: nearly every item of a region has them, so they would only lengthen the lists.
func keys(f Features) []string {
	var ks []string
	add := func(prefix string, vs []string) {
		for _, v := range vs {
			ks = append(ks, prefix+v)
		}
	}
	add("p:", f.People)
	add("o:", f.Orgs)
	for _, p := range f.Places {
		if isCity(p) {
			ks = append(ks, "c:"+p)
		}
	}
	add("n:", f.Numbers)
	add("d:", f.Dates)
	add("m:", f.Names)
	add(conceptKey, f.Concepts) // common words: their lists are long, but only the newest are read
	add("w:"+f.Lang+":", f.Words)
	return ks
}
