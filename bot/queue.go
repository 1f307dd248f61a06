package bot

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
	"github.com/vedetta/vedetta/watch/poll"
)

// Queue is where the poller's findings enter the bot: it keeps the one match index over
// every chat's watches and turns index hits into per-chat queue entries in the store. It
// implements poll.Sink.
type Queue struct {
	db  *store.DB
	cat *match.Catalogue
	log *slog.Logger

	index    atomic.Pointer[match.Index]
	mu       sync.Mutex // serialises rebuilds
	dirty    chan struct{}
	matched  func(chats map[int64]bool) // told which chats got new matches
	observer Observer
}

func newQueue(db *store.DB, cat *match.Catalogue, log *slog.Logger) *Queue {
	return &Queue{db: db, cat: cat, log: log, dirty: make(chan struct{}, 1)}
}

func watchKey(chatID int64, watchID int) string { return fmt.Sprintf("%d/%d", chatID, watchID) }

func parseWatchKey(k string) (chatID int64, watchID int, ok bool) {
	c, w, found := strings.Cut(k, "/")
	if !found {
		return 0, 0, false
	}
	chatID, err1 := strconv.ParseInt(c, 10, 64)
	watchID, err2 := strconv.Atoi(w)
	return chatID, watchID, err1 == nil && err2 == nil
}

// Rebuild compiles every active chat's watches into a new index and swaps it in; polls in
// progress finish with the old one.
func (q *Queue) Rebuild() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	chats, err := q.db.Chats()
	if err != nil {
		return err
	}
	var ws []match.Watch
	for _, c := range chats {
		for _, w := range c.Watches {
			if match.Check(w.Query, q.cat) != nil {
				q.log.Warn("skipping a watch the catalogue no longer understands", "chat_id", c.ID, "query", w.Query)
				continue
			}
			ws = append(ws, match.Watch{Key: watchKey(c.ID, w.ID), Query: w.Query})
		}
	}
	ix, err := match.Compile(ws, q.cat)
	if err != nil {
		return fmt.Errorf("compile watches: %w", err)
	}
	q.index.Store(ix)
	return nil
}

// Changed asks for a rebuild in the background: callers (commands) do not wait for it.
func (q *Queue) Changed() {
	select {
	case q.dirty <- struct{}{}:
	default:
	}
}

// runRebuilds rebuilds the index after changes until done is closed.
func (q *Queue) runRebuilds(done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case <-q.dirty:
			if err := q.Rebuild(); err != nil {
				q.log.Error("rebuild match index", "error", err)
			}
		}
	}
}

// Matcher returns the current index.
func (q *Queue) Matcher() poll.Matcher { return q.index.Load() }

// SourceState implements poll.Sink.
func (q *Queue) SourceState(name string) (watch.State, error) { return q.db.SourceState(name) }

// Unseen implements poll.Sink.
func (q *Queue) Unseen(items []watch.Item) ([]watch.Item, error) { return q.db.Unseen(items) }

// Record implements poll.Sink: it keeps the hits of chats that follow the source and
// receive deliveries, merged per chat and item, and writes everything in one transaction.
func (q *Queue) Record(src watch.Source, st watch.State, items []watch.Item, found []poll.Found) error {
	chats := map[int64]*store.Chat{}
	var hits []store.Hit
	for _, f := range found {
		per := map[int64]*store.Hit{}
		var order []int64
		for _, h := range f.Hits {
			chatID, watchID, ok := parseWatchKey(h.Key)
			if !ok {
				continue
			}
			c, seen := chats[chatID]
			if !seen {
				c, _ = q.db.Chat(chatID)
				chats[chatID] = c
			}
			if c == nil || !c.Receives() || !c.Follows(src.Name) {
				continue
			}
			var w *store.Watch
			for i := range c.Watches {
				if c.Watches[i].ID == watchID {
					w = &c.Watches[i]
				}
			}
			if w == nil {
				continue // removed since the index was built
			}
			hit := per[chatID]
			if hit == nil {
				hit = &store.Hit{ChatID: chatID, Item: f.Item}
				per[chatID] = hit
				order = append(order, chatID)
			}
			hit.WatchIDs = append(hit.WatchIDs, watchID)
			hit.Terms = appendNew(hit.Terms, h.Terms...)
			hit.Alert = hit.Alert || w.Alert
		}
		for _, id := range order {
			hits = append(hits, *per[id])
		}
	}
	if _, err := q.db.RecordPoll(src.Name, st, items, hits); err != nil {
		return err
	}
	if q.observer != nil {
		for _, h := range hits {
			for _, id := range h.WatchIDs {
				q.observer.Matched(h.ChatID, id, h.Alert)
			}
		}
	}
	if len(hits) > 0 && q.matched != nil {
		touched := map[int64]bool{}
		for _, h := range hits {
			touched[h.ChatID] = touched[h.ChatID] || h.Alert
		}
		q.matched(touched)
	}
	return nil
}
