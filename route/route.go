// Package route is the one place between the sources and the chats: it owns the match index
// over every chat's watches, and turns each poll's new items into per-chat queue entries in
// the store — matched, filtered by each chat's settings (does it receive deliveries, does it
// follow the source) and written in one transaction with the source's state. The poller
// hands it items (it implements poll.Sink); the bot reads the entries from the store and is
// woken through Matched and TakeMatched.
package route

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

// Options configure a Router.
type Options struct {
	DB        *store.DB
	Catalogue *match.Catalogue
	// Observe is told each new entry queued for a chat's watch (metrics). May be nil.
	Observe func(chatID int64, watchID int, alert bool)
	Log     *slog.Logger
	// Now is the clock that dates items without a date and expires stories; nil: time.Now.
	Now func() time.Time
}

// Router matches items against every chat's watches and queues the matches per chat.
type Router struct {
	opts    Options
	db      *store.DB
	log     *slog.Logger
	index   atomic.Pointer[indexes]
	mu      sync.Mutex // serialises rebuilds
	wake    chan struct{}
	pending map[int64]bool // chats changed since the last update (under mu)
	matchMu sync.Mutex
	woken   map[int64]bool // chats with new entries since TakeMatched; true: an alert among them
	matched chan struct{}  // signals that woken is not empty

	fullBuilds int // how many times every chat's watches were compiled (tests)

	stories *stories // each new item's story (stories.go); its extractor also finds the catalogue's names for their hourly counters (counts.go)
}

// maxOverlayChats bounds the chats compiled apart from the main index: past it, the next
// update compiles every chat again and the overlay starts empty.
const maxOverlayChats = 256

// indexes is what a poll matches against: the main index over every chat's watches as of
// its last full build, and an overlay over the chats changed since. The main index's hits
// for a chat in the overlay are ignored. Matching costs two lookups, however many chats
// there are; a change to one chat's watches compiles only the overlay.
type indexes struct {
	main, overlay compiled
	changed       map[int64]bool // the overlay's chats
}

// compiled is an index with the watches it was compiled from: a hit with Index i is
// refs[i], so hits carry ids the router chose, not strings to parse back.
type compiled struct {
	ix   *match.Index
	refs []ref
}

type ref struct {
	chatID  int64
	watchID int
}

// New returns a Router with its index built from the chats in the store.
func New(opts Options) (*Router, error) {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	r := &Router{opts: opts, db: opts.DB, log: opts.Log, wake: make(chan struct{}, 1), pending: map[int64]bool{}, woken: map[int64]bool{}, matched: make(chan struct{}, 1)}
	start := time.Now()
	if err := r.Rebuild(); err != nil {
		return nil, err
	}
	st, err := newStories(r)
	if err != nil {
		return nil, err
	}
	r.stories = st
	ix := r.index.Load().main.ix
	r.log.Info("match index built", "watches", ix.Len(), "terms", ix.Terms(), "took", time.Since(start).Round(time.Millisecond))
	return r, nil
}

// Rebuild compiles every chat's watches into a new index and swaps it in; polls in progress
// finish with the old one. It runs at start-up and when the overlay is full.
func (r *Router) Rebuild() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rebuildLocked()
}

func (r *Router) rebuildLocked() error {
	chats, err := r.db.Chats()
	if err != nil {
		return err
	}
	main, err := r.compile(chats)
	if err != nil {
		return err
	}
	r.fullBuilds++
	clear(r.pending)
	r.index.Store(&indexes{main: main, changed: map[int64]bool{}})
	return nil
}

// compile builds one index over the chats' watches.
func (r *Router) compile(chats []*store.Chat) (compiled, error) {
	n := 0
	for _, c := range chats {
		n += len(c.Watches)
	}
	ws, refs := make([]match.Watch, 0, n), make([]ref, 0, n)
	checked := map[string]error{} // each distinct query is checked once
	for _, c := range chats {
		for _, w := range c.Watches {
			err, ok := checked[w.Query]
			if !ok {
				err = match.Check(w.Query, r.opts.Catalogue)
				checked[w.Query] = err
			}
			if err != nil {
				r.log.Warn("skipping a watch the catalogue no longer understands", "chat_id", c.ID, "query", w.Query)
				continue
			}
			ws = append(ws, match.Watch{Query: w.Query})
			refs = append(refs, ref{c.ID, w.ID})
		}
	}
	ix, err := match.Compile(ws, r.opts.Catalogue)
	if err != nil {
		return compiled{}, fmt.Errorf("compile watches: %w", err)
	}
	return compiled{ix: ix, refs: refs}, nil
}

// Changed says that these chats' watches changed (added, removed, the chat gone or moved):
// the index is brought up to date in the background, compiling only the changed chats.
// Callers (commands) do not wait for it.
func (r *Router) Changed(chatIDs ...int64) {
	r.mu.Lock()
	for _, id := range chatIDs {
		r.pending[id] = true
	}
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Update applies the pending changes now: the changed chats are compiled into the overlay,
// or, when the overlay would pass maxOverlayChats, every chat into a new main index.
func (r *Router) Update() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.pending) == 0 {
		return nil
	}
	cur := r.index.Load()
	changed := maps.Clone(cur.changed)
	maps.Copy(changed, r.pending)
	if len(changed) > maxOverlayChats {
		return r.rebuildLocked()
	}
	var chats []*store.Chat
	for id := range changed {
		c, err := r.db.Chat(id)
		if errors.Is(err, store.ErrNoChat) {
			continue // gone: its main-index hits are ignored
		}
		if err != nil {
			return err
		}
		chats = append(chats, c)
	}
	overlay, err := r.compile(chats)
	if err != nil {
		return err
	}
	clear(r.pending)
	r.index.Store(&indexes{main: cur.main, overlay: overlay, changed: changed})
	return nil
}

// Run applies changes in the background until ctx ends.
func (r *Router) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
			if err := r.Update(); err != nil {
				r.log.Error("update match index", "error", err)
			}
		}
	}
}

// Matched signals that entries were queued since the last TakeMatched. Signals coalesce: a
// reader that falls behind loses no chat, it takes them all at once.
func (r *Router) Matched() <-chan struct{} { return r.matched }

// TakeMatched returns the chats that got entries since it was last called, each with
// whether any of them is an alert, and starts a new set.
func (r *Router) TakeMatched() map[int64]bool {
	r.matchMu.Lock()
	defer r.matchMu.Unlock()
	out := r.woken
	r.woken = map[int64]bool{}
	return out
}

// SourceState implements poll.Sink.
func (r *Router) SourceState(name string) (watch.State, error) { return r.db.SourceState(name) }

// Unseen implements poll.Sink.
func (r *Router) Unseen(items []watch.Item) ([]watch.Item, error) { return r.db.Unseen(items) }

// Record implements poll.Sink. It matches the items (when match is set: a source's first
// poll only records its backlog as seen), keeps the hits of chats that follow the source and
// receive deliveries, merged per chat and item, and writes the source's state, the items
// and the entries in one transaction. It returns how many items matched some chat.
func (r *Router) Record(src watch.Source, st watch.State, items []watch.Item, match bool) (int, error) {
	var hits []store.Hit
	matchedItems := 0
	watchKeys := make([][]string, len(items))
	if match {
		var err error
		if hits, matchedItems, err = r.route(src, items, watchKeys); err != nil {
			return 0, err // nothing written: the poll fails, and its items come again
		}
	}
	var as []store.Assignment
	if match {
		// A source's first poll records its backlog as seen only: those items are matched to
		// no chat, so they start no story either (assigning thousands of backlog items at
		// start-up cost minutes of CPU at 10,000 sources, docs/PERFORMANCE.md).
		as = r.stories.assign(items)
	}
	if _, err := r.db.RecordPollCounted(src.Name, st, items, hits, r.counts(items, match, hits, watchKeys, as), as...); err != nil {
		return 0, err
	}
	if r.opts.Observe != nil {
		for _, h := range hits {
			for _, id := range h.WatchIDs {
				r.opts.Observe(h.ChatID, id, h.Alert)
			}
		}
	}
	if len(hits) > 0 {
		r.matchMu.Lock()
		for _, h := range hits {
			r.woken[h.ChatID] = r.woken[h.ChatID] || h.Alert
		}
		r.matchMu.Unlock()
		select {
		case r.matched <- struct{}{}:
		default: // a signal is pending already
		}
	}
	return matchedItems, nil
}

// match returns the item's hits as (chat, watch) refs with the terms that matched: the main
// index's, except for chats in the overlay, then the overlay's.
func (ix *indexes) match(title, text string) (refs []ref, terms [][]string) {
	for _, h := range ix.main.ix.Match(title, text) {
		if rf := ix.main.refs[h.Index]; !ix.changed[rf.chatID] {
			refs, terms = append(refs, rf), append(terms, h.Terms)
		}
	}
	if ix.overlay.ix != nil {
		for _, h := range ix.overlay.ix.Match(title, text) {
			refs, terms = append(refs, ix.overlay.refs[h.Index]), append(terms, h.Terms)
		}
	}
	return refs, terms
}

// route matches items and turns the hits into per-chat entries. watchKeys[n] gets the
// counter keys of the watches items[n] matches in chats that follow the source, whether
// or not they receive deliveries now.
func (r *Router) route(src watch.Source, items []watch.Item, watchKeys [][]string) (hits []store.Hit, matchedItems int, err error) {
	cur := r.index.Load()
	type matched struct {
		refs  []ref
		terms [][]string
	}
	all := make([]matched, len(items))
	var ids []int64
	need := map[int64]bool{}
	for i, it := range items {
		all[i].refs, all[i].terms = cur.match(it.Title, it.Body()) // feed text and article (watch.Item.Body)
		for _, rf := range all[i].refs {
			if !need[rf.chatID] {
				need[rf.chatID] = true
				ids = append(ids, rf.chatID)
			}
		}
	}
	if len(ids) == 0 {
		return nil, 0, nil
	}
	// Every chat the items matched, in one read: a story that matches 100,000 chats reads
	// them in one transaction (docs/PERFORMANCE.md).
	chats, err := r.db.ChatsByID(ids)
	if err != nil {
		return nil, 0, fmt.Errorf("read the matched chats: %w", err)
	}
	for n, it := range items {
		found, foundTerms := all[n].refs, all[n].terms
		if len(found) == 0 {
			continue
		}
		matchedItems++
		per := map[int64]*store.Hit{}
		var order []int64
		for k, rf := range found {
			c := chats[rf.chatID]
			if c == nil || !c.Follows(src.Name) {
				continue
			}
			i := slices.IndexFunc(c.Watches, func(w store.Watch) bool { return w.ID == rf.watchID })
			if i < 0 {
				continue // removed since the index was built
			}
			watchKeys[n] = append(watchKeys[n], store.WatchKey(rf.chatID, rf.watchID))
			if !c.Receives() {
				continue
			}
			hit := per[rf.chatID]
			if hit == nil {
				hit = &store.Hit{ChatID: rf.chatID, Item: it}
				per[rf.chatID] = hit
				order = append(order, rf.chatID)
			}
			hit.WatchIDs = append(hit.WatchIDs, rf.watchID)
			for _, t := range foundTerms[k] {
				if !slices.Contains(hit.Terms, t) {
					hit.Terms = append(hit.Terms, t)
				}
			}
			hit.Alert = hit.Alert || c.Watches[i].Alert
		}
		for _, id := range order {
			hits = append(hits, *per[id])
		}
	}
	return hits, matchedItems, nil
}

// Match returns the watches, as (chat, watch) ids, that an item with this title and text
// matches now.
func (r *Router) Match(title, text string) [][2]int64 {
	refs, _ := r.index.Load().match(title, text)
	var out [][2]int64
	for _, rf := range refs {
		out = append(out, [2]int64{rf.chatID, int64(rf.watchID)})
	}
	return out
}
