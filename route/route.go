// Package route is the one place between the sources and the chats: it owns the match index
// over every chat's watches, and turns each poll's new items into per-chat queue entries in
// the store — matched, filtered by each chat's settings (does it receive deliveries, does it
// follow the source) and written in one transaction with the source's state. The poller
// hands it items (it implements poll.Sink); the bot reads the entries from the store and is
// woken through Matched.
package route

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"

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
}

// Router matches items against every chat's watches and queues the matches per chat.
type Router struct {
	opts    Options
	db      *store.DB
	log     *slog.Logger
	index   atomic.Pointer[compiled]
	mu      sync.Mutex // serialises rebuilds
	dirty   chan struct{}
	matched chan map[int64]bool
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
	r := &Router{opts: opts, db: opts.DB, log: opts.Log, dirty: make(chan struct{}, 1), matched: make(chan map[int64]bool, 64)}
	if err := r.Rebuild(); err != nil {
		return nil, err
	}
	return r, nil
}

// Rebuild compiles every chat's watches into a new index and swaps it in; polls in progress
// finish with the old one.
func (r *Router) Rebuild() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	chats, err := r.db.Chats()
	if err != nil {
		return err
	}
	var ws []match.Watch
	var refs []ref
	for _, c := range chats {
		for _, w := range c.Watches {
			if match.Check(w.Query, r.opts.Catalogue) != nil {
				r.log.Warn("skipping a watch the catalogue no longer understands", "chat_id", c.ID, "query", w.Query)
				continue
			}
			ws = append(ws, match.Watch{Query: w.Query})
			refs = append(refs, ref{c.ID, w.ID})
		}
	}
	ix, err := match.Compile(ws, r.opts.Catalogue)
	if err != nil {
		return fmt.Errorf("compile watches: %w", err)
	}
	r.index.Store(&compiled{ix: ix, refs: refs})
	return nil
}

// Changed asks for a rebuild in the background (after a chat's watches changed): callers
// do not wait for it.
func (r *Router) Changed() {
	select {
	case r.dirty <- struct{}{}:
	default:
	}
}

// Run rebuilds the index after changes until ctx ends.
func (r *Router) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.dirty:
			if err := r.Rebuild(); err != nil {
				r.log.Error("rebuild match index", "error", err)
			}
		}
	}
}

// Matched delivers, after each poll that queued entries, the chats that got some, each
// with whether any is an alert. A reader that falls behind misses wake-ups, never entries:
// they wait in the store.
func (r *Router) Matched() <-chan map[int64]bool { return r.matched }

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
	if match {
		hits, matchedItems = r.route(src, items)
	}
	if _, err := r.db.RecordPoll(src.Name, st, items, hits); err != nil {
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
		touched := map[int64]bool{}
		for _, h := range hits {
			touched[h.ChatID] = touched[h.ChatID] || h.Alert
		}
		select {
		case r.matched <- touched:
		default: // the bot is busy; its periodic sweep finds the entries
		}
	}
	return matchedItems, nil
}

// route matches items and turns the hits into per-chat entries.
func (r *Router) route(src watch.Source, items []watch.Item) (hits []store.Hit, matchedItems int) {
	cur := r.index.Load()
	chats := map[int64]*store.Chat{}
	for _, it := range items {
		found := cur.ix.Match(it.Title, it.Text)
		if len(found) == 0 {
			continue
		}
		matchedItems++
		per := map[int64]*store.Hit{}
		var order []int64
		for _, h := range found {
			ref := cur.refs[h.Index]
			c, seen := chats[ref.chatID]
			if !seen {
				c, _ = r.db.Chat(ref.chatID)
				chats[ref.chatID] = c
			}
			if c == nil || !c.Receives() || !c.Follows(src.Name) {
				continue
			}
			i := slices.IndexFunc(c.Watches, func(w store.Watch) bool { return w.ID == ref.watchID })
			if i < 0 {
				continue // removed since the index was built
			}
			hit := per[ref.chatID]
			if hit == nil {
				hit = &store.Hit{ChatID: ref.chatID, Item: it}
				per[ref.chatID] = hit
				order = append(order, ref.chatID)
			}
			hit.WatchIDs = append(hit.WatchIDs, ref.watchID)
			for _, t := range h.Terms {
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
	return hits, matchedItems
}

// Match returns the watches, as (chat, watch) ids, that an item with this title and text
// matches now.
func (r *Router) Match(title, text string) [][2]int64 {
	cur := r.index.Load()
	var out [][2]int64
	for _, h := range cur.ix.Match(title, text) {
		out = append(out, [2]int64{cur.refs[h.Index].chatID, int64(cur.refs[h.Index].watchID)})
	}
	return out
}
