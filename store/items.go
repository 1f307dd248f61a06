package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/vedetta/vedetta/watch"
)

// Hit is a match of one item for one chat, as the poller hands it over.
type Hit struct {
	ChatID   int64
	Item     watch.Item
	WatchIDs []int
	Terms    []string
	Alert    bool // at least one of the watches is an /alert watch
}

// Pending is a match waiting in a chat's queue for its digest or alert.
type Pending struct {
	Item     watch.Item `json:"item"`
	WatchIDs []int      `json:"watches"`
	Terms    []string   `json:"terms,omitempty"`
	Alert    bool       `json:"alert,omitempty"`
	Queued   time.Time  `json:"queued"`
	Story    uint64     `json:"story,omitempty"` // the item's story (stories.go), 0 if none
	Told     *Story     `json:"-"`               // the stored story, when a reader attached it (not stored here)
}

// SearchWindow is how long items are kept for /search (and so how far back /search can look),
// unless store.retention is shorter.
const SearchWindow = 7 * 24 * time.Hour

// MaxPendingPerChat bounds the matches queued for one chat (digests off, or far more matches
// than max_items per digest): past it, the oldest are dropped down to 90% of it and counted
// in Chat.Dropped, so that the chat can be told.
var MaxPendingPerChat = 5000

// maxStoredText bounds the text kept per item for digests and /search.
const maxStoredText = 2000

// maxStoredArticle bounds the article text kept per item, in bytes, cut at a sentence
// (watch.Bound): matching read up to article.MaxBytes before the item was stored; /search
// and the snippets of digests and alerts need the sentences, not the whole article
// (docs/FULLTEXT.md).
const maxStoredArticle = 4 << 10

func itemHash(it *watch.Item) []byte {
	sum := sha256.Sum256([]byte(it.Key()))
	return sum[:16]
}

// Unseen returns the items that are not in the seen set, in their order, without
// duplicates. The items of a source's last poll that are seen are answered from memory
// (recentSeen); the seen bucket is read for the others only.
func (db *DB) Unseen(items []watch.Item) ([]watch.Item, error) {
	var out []watch.Item
	known := map[string][]uint64{} // by source: this call's items that are seen
	hashes := make([][]byte, len(items))
	remembered := make([]bool, len(items))
	ask := false // some item is not remembered
	for i := range items {
		hashes[i] = itemHash(&items[i])
		remembered[i] = db.recent.has(items[i].Source, hashes[i])
		ask = ask || !remembered[i]
	}
	err := func() error {
		var seen *bolt.Bucket
		if ask {
			tx, err := db.bolt.Begin(false)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			seen = tx.Bucket(bucketSeen)
		}
		dup := make(map[string]bool, len(items))
		for i, it := range items {
			h := hashes[i]
			if dup[string(h)] {
				continue
			}
			dup[string(h)] = true
			if remembered[i] || seen.Get(h) != nil ||
				// seen under the identity an earlier release gave it (watch.Item.LegacyID)
				it.LegacyID != "" && seen.Get(itemHash(&watch.Item{Source: it.Source, ID: it.LegacyID})) != nil {
				known[it.Source] = append(known[it.Source], short(h))
				continue
			}
			out = append(out, it)
		}
		return nil
	}()
	if err != nil {
		return nil, err
	}
	for source, hs := range known {
		db.recent.set(source, hs)
	}
	return out, nil
}

// RecordPoll writes everything one poll of a source produced in one transaction: the
// source's state, the new items marked seen and kept for /search, and the matches queued
// for their chats. Items that are already seen (say, by a poll that raced this one) are
// skipped together with their hits. It returns how many items were new.
//
// Polls that record at the same time share one transaction and one disk sync (bbolt's
// DB.Batch): 10,000 sources answering 304 in one cycle are a few hundred writes, not
// 10,000 (docs/PERFORMANCE.md). Batch may run the function again, alone, when another in
// the batch fails, so it starts from its arguments each time.
func (db *DB) RecordPoll(source string, st watch.State, items []watch.Item, hits []Hit, stories ...Assignment) (int, error) {
	return db.RecordPollCounted(source, st, items, hits, PollCounts{}, stories...)
}

// RecordPollCounted is RecordPoll that also adds the poll's tallies to the hourly counters
// (counts.go) in the same transaction: counts.Items[i] only if items[i] is new. The new
// items' stories, when given, are recorded in the same transaction too (stories.go).
func (db *DB) RecordPollCounted(source string, state watch.State, items []watch.Item, hits []Hit, counts PollCounts, stories ...Assignment) (int, error) {
	now := db.now().UTC()
	fresh := 0
	err := db.bolt.Batch(func(tx *bolt.Tx) error {
		fresh = 0
		isNew := make([]bool, len(items))
		st := state
		seen, stored := tx.Bucket(bucketSeen), tx.Bucket(bucketItems)
		// Items are keyed by time, so they are appended in order: fill pages instead of
		// splitting them half full (bbolt's default), which halves the items' disk cost.
		stored.FillPercent = 0.9
		skip := map[string]bool{}
		for i := range items {
			h := itemHash(&items[i])
			if seen.Get(h) != nil {
				skip[string(h)] = true
				continue
			}
			if err := seen.Put(h, i64(now.Unix())); err != nil {
				return err
			}
			it := trimItem(items[i])
			if err := putJSON(stored, append(i64(now.UnixNano()), h...), &it); err != nil {
				return err
			}
			fresh++
			isNew[i] = true
		}
		if err := counts.add(tx, isNew); err != nil {
			return err
		}
		if err := putStories(tx, now, stories, skip); err != nil {
			return err
		}
		pend := tx.Bucket(bucketPending)
		grown := map[int64]bool{} // chats with a new entry
		for _, hit := range hits {
			h := itemHash(&hit.Item)
			if skip[string(h)] {
				continue
			}
			key := append(i64(hit.ChatID), h...)
			var p Pending
			if _, err := getJSON(pend, key, &p); err != nil {
				return err
			}
			if p.Queued.IsZero() {
				p = Pending{Item: trimItem(hit.Item), Queued: now, Story: storyOf(tx, h)}
				grown[hit.ChatID] = true
			}
			p.WatchIDs = union(p.WatchIDs, hit.WatchIDs)
			p.Terms = union(p.Terms, hit.Terms)
			p.Alert = p.Alert || hit.Alert
			if err := putJSON(pend, key, &p); err != nil {
				return err
			}
		}
		for id := range grown {
			if err := capPending(tx, id); err != nil {
				return err
			}
		}
		st.Items += fresh
		return saveState(tx, source, st)
	})
	if err == nil {
		// Every item of the poll is in the seen set now: written, or there already.
		bySource := map[string][]uint64{}
		for i := range items {
			bySource[items[i].Source] = append(bySource[items[i].Source], short(itemHash(&items[i])))
		}
		for src, hs := range bySource {
			db.recent.add(src, hs)
		}
	}
	db.releaseMapped()
	return fresh, err
}

// capPending drops the chat's oldest queued matches when it holds more than
// MaxPendingPerChat, down to 90% of it, and adds them to the chat's Dropped count. It
// counts keys without decoding them; only a chat over the cap is read.
func capPending(tx *bolt.Tx, chatID int64) error {
	c := tx.Bucket(bucketPending).Cursor()
	prefix := i64(chatID)
	n := 0
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	if n <= MaxPendingPerChat {
		return nil
	}
	_, keys, err := readPending(tx, chatID, func(*Pending) bool { return true })
	if err != nil {
		return err
	}
	drop := n - MaxPendingPerChat*9/10
	pend := tx.Bucket(bucketPending)
	for _, k := range keys[:drop] { // oldest first
		if err := pend.Delete(k); err != nil {
			return err
		}
	}
	chats := tx.Bucket(bucketChats)
	var ch Chat
	if ok, err := getJSON(chats, i64(chatID), &ch); err != nil || !ok {
		return err
	}
	ch.Dropped += drop
	return putJSON(chats, i64(chatID), &ch)
}

func trimItem(it watch.Item) watch.Item {
	if r := []rune(it.Text); len(r) > maxStoredText {
		it.Text = string(r[:maxStoredText]) + "…"
	}
	it.Article = watch.Bound(it.Article, maxStoredArticle)
	return it
}

// union appends to a the elements of b it does not hold yet.
func union[T comparable](a, b []T) []T {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	return a
}

// PendingFor returns the chat's queued matches, oldest first.
func (db *DB) PendingFor(chatID int64) ([]Pending, error) {
	var out []Pending
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		out, _, err = readPending(tx, chatID, func(*Pending) bool { return true })
		return err
	})
	return out, err
}

func readPending(tx *bolt.Tx, chatID int64, keep func(*Pending) bool) ([]Pending, [][]byte, error) {
	var out []Pending
	var keys [][]byte
	c := tx.Bucket(bucketPending).Cursor()
	prefix := i64(chatID)
	for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
		var p Pending
		if err := unmarshal(v, &p); err != nil {
			return nil, nil, err
		}
		if keep(&p) {
			out = append(out, p)
			keys = append(keys, append([]byte(nil), k...))
		}
	}
	sortPending(out, keys)
	return out, keys, nil
}

// Batch is a chat's queued matches as Queued read them, to be rendered by the caller and
// then moved to the outbox with Deliver.
type Batch struct {
	ChatID  int64
	Entries []Pending
	Dropped int // older matches dropped over MaxPendingPerChat, to be told with these
	keys    [][]byte
	raw     [][]byte // the entries as read, to see in Deliver whether they changed
}

// ErrChanged means a chat's queue changed between Queued and Deliver (a poll merged a match
// into an entry, or another delivery took it): nothing was delivered; read it again.
var ErrChanged = errors.New("the queue changed since it was read")

// Queued reads, in a read-only transaction, the queued matches of each chat that keep
// accepts, oldest first; chats with none are left out. keep is called for each chat's
// entries in order. Rendering happens outside any write transaction, between Queued and
// Deliver.
func (db *DB) Queued(chatIDs []int64, keep func(chatID int64, p *Pending) bool) ([]Batch, error) {
	var out []Batch
	err := db.bolt.View(func(tx *bolt.Tx) error {
		out = out[:0]
		pend := tx.Bucket(bucketPending)
		for _, id := range chatIDs {
			ps, keys, err := readPending(tx, id, func(p *Pending) bool { return keep(id, p) })
			if err != nil {
				return err
			}
			if len(ps) == 0 {
				continue
			}
			bt := Batch{ChatID: id, Entries: ps, keys: keys}
			var ch Chat
			if _, err := getJSON(tx.Bucket(bucketChats), i64(id), &ch); err != nil {
				return err
			}
			bt.Dropped = ch.Dropped
			for _, k := range keys {
				bt.raw = append(bt.raw, append([]byte(nil), pend.Get(k)...))
			}
			out = append(out, bt)
		}
		return nil
	})
	return out, err
}

// Deliver moves batches into the outbox in one transaction: msgs[i] are the messages made
// from batches[i], enqueued while the batch's entries are removed from the queue. An item is
// thus either still queued or in the outbox, never lost and never both, and one disk sync
// covers every chat. A message's Alert is recorded with it (alerts.go). If any entry, or
// an alert record an edit changes, changed since it was read, nothing is written and the
// error is ErrChanged. It returns the enqueued messages.
func (db *DB) Deliver(batches []Batch, msgs [][]Message) ([]Message, error) {
	if len(batches) != len(msgs) {
		return nil, fmt.Errorf("deliver: %d batches but %d message lists", len(batches), len(msgs))
	}
	var all []Message
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		all = all[:0]
		pend := tx.Bucket(bucketPending)
		for _, bt := range batches {
			for i, k := range bt.keys {
				if !bytes.Equal(pend.Get(k), bt.raw[i]) {
					return ErrChanged
				}
			}
		}
		chats := tx.Bucket(bucketChats)
		for i, bt := range batches {
			out, err := enqueue(tx, db.now(), msgs[i])
			if err != nil {
				return err
			}
			for j := range out {
				if out[j].Alert == nil {
					continue
				}
				if err := putAlert(tx, db.now(), &out[j]); err != nil {
					return err
				}
				out[j].Alert, out[j].FallbackAlert = nil, nil
			}
			if bt.Dropped > 0 { // told: count only what was dropped since
				var ch Chat
				if ok, err := getJSON(chats, i64(bt.ChatID), &ch); err != nil {
					return err
				} else if ok {
					ch.Dropped = max(0, ch.Dropped-bt.Dropped)
					if err := putJSON(chats, i64(bt.ChatID), &ch); err != nil {
						return err
					}
				}
			}
			all = append(all, out...)
			for _, k := range bt.keys {
				if err := pend.Delete(k); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return all, err
}

// ChatsWithAlerts returns the chats that have alerts queued. It reads every queued match:
// the bot calls it once, at start.
func (db *DB) ChatsWithAlerts() ([]int64, error) {
	var out []int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		last := int64(0)
		return tx.Bucket(bucketPending).ForEach(func(k, v []byte) error {
			id := int64(binary.BigEndian.Uint64(k[:8]))
			if len(out) > 0 && id == last {
				return nil
			}
			var p Pending
			if err := unmarshal(v, &p); err != nil {
				return err
			}
			if p.Alert {
				out, last = append(out, id), id
			}
			return nil
		})
	})
	return out, err
}

// PendingCount returns how many matches are queued in all, and the oldest's queue time.
func (db *DB) PendingCount() (n int, oldest time.Time, err error) {
	err = db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPending).ForEach(func(_, v []byte) error {
			var p Pending
			if err := unmarshal(v, &p); err != nil {
				return err
			}
			n++
			if oldest.IsZero() || p.Queued.Before(oldest) {
				oldest = p.Queued
			}
			return nil
		})
	})
	return n, oldest, err
}

// RecentItems calls fn for the items first seen since the given time, newest first, until
// fn returns false.
func (db *DB) RecentItems(since time.Time, fn func(watch.Item) bool) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketItems).Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			if int64(binary.BigEndian.Uint64(k[:8])) < since.UnixNano() {
				return nil
			}
			var it watch.Item
			if err := unmarshal(v, &it); err != nil {
				return err
			}
			if !fn(it) {
				return nil
			}
		}
		return nil
	})
}

// pruneBatch bounds the deletions of one Prune transaction, so that pruning millions of
// entries (the first prune after a long stop, or a shorter retention) keeps memory and the
// transaction's dirty pages small, and lets other writers in between.
var pruneBatch = 10_000

// pruneShare bounds the part of the seen set one Prune may forget. The seen set is what
// keeps an item from being sent twice, and its age is wall-clock time: a clock that jumps
// far forward (a VM restored from a snapshot, a board without a real-time clock before
// NTP) would make every entry look expired at once, and every item the feeds still list
// would be sent again. Pruned hourly (cmd/vedetta), the seen set then turns over in no
// less than about two days, oldest entries first, so the newest — the items feeds still
// list — are the last to go. In normal operation an hour's prune removes 1/720 of a 30-day
// seen set; a retention shorter than two days acts as about two days.
var pruneShare = 48

// Prune forgets seen items first seen before seenBefore and kept items first seen before
// itemsBefore, so that the file stops growing however long the bot runs (bbolt reuses the
// freed pages). It forgets at most 1/pruneShare of the seen set per call, oldest first,
// and works in transactions of at most pruneBatch deletions. It returns how many seen
// entries and items it removed.
func (db *DB) Prune(seenBefore, itemsBefore time.Time) (seen, items int, err error) {
	cutoff, boundaryEnd, quota, err := db.seenCutoff(seenBefore.Unix())
	if err != nil {
		return 0, 0, err
	}
	// The seen set is keyed by hash: scan it all, batch by batch, resuming after the last
	// key looked at. Entries first seen before cutoff go, and up to quota more first seen
	// between cutoff and boundaryEnd.
	var from []byte
	for {
		var n int
		var done bool
		err = db.bolt.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketSeen)
			c := b.Cursor()
			var keys [][]byte
			k, v := c.First()
			if from != nil {
				k, v = c.Seek(from)
			}
			boundary := 0
			for ; k != nil && len(keys) < pruneBatch; k, v = c.Next() {
				if len(v) != 8 {
					continue
				}
				switch t := int64(binary.BigEndian.Uint64(v)); {
				case t < cutoff:
				case t < boundaryEnd && boundary < quota:
					boundary++
				default:
					continue
				}
				keys = append(keys, append([]byte(nil), k...))
			}
			if k == nil {
				done = true
			} else {
				from = append(from[:0], k...)
			}
			for _, k := range keys {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			n = len(keys)
			quota -= boundary
			return nil
		})
		seen += n
		if err != nil || done {
			break
		}
	}
	if seen > 0 {
		db.recent.reset() // it may remember what was just deleted
	}
	if err != nil {
		return seen, items, err
	}
	// Items are keyed by time first: delete from the start up to the cutoff.
	for {
		var n int
		err = db.bolt.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketItems)
			var keys [][]byte
			c := b.Cursor()
			for k, _ := c.First(); k != nil && len(keys) < pruneBatch && int64(binary.BigEndian.Uint64(k[:8])) < itemsBefore.UnixNano(); k, _ = c.Next() {
				keys = append(keys, append([]byte(nil), k...))
			}
			for _, k := range keys {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			n = len(keys)
			return nil
		})
		items += n
		if err != nil || n < pruneBatch {
			break
		}
	}
	return seen, items, err
}

// seenCutoff turns the cutoff asked for (Unix seconds) into the one Prune applies, so that
// it removes at most 1/pruneShare of the seen set (at least one entry), oldest first:
// entries first seen before cutoff go, and quota more first seen in [cutoff, boundaryEnd),
// the minute where the share runs out. A histogram by minute keeps the scan's memory small
// (43,200 minutes in 30 days).
func (db *DB) seenCutoff(asked int64) (cutoff, boundaryEnd int64, quota int, err error) {
	total := 0
	perMinute := map[int64]int{}
	err = db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSeen).ForEach(func(_, v []byte) error {
			if len(v) != 8 {
				return nil
			}
			total++
			if t := int64(binary.BigEndian.Uint64(v)); t < asked {
				perMinute[t/60]++ // t ≥ 0: Unix times after 1970
			}
			return nil
		})
	})
	if err != nil {
		return 0, 0, 0, err
	}
	limit := max(1, total/pruneShare)
	minutes := slices.Sorted(maps.Keys(perMinute))
	for _, m := range minutes {
		if perMinute[m] > limit {
			return m * 60, min(m*60+60, asked), limit, nil
		}
		limit -= perMinute[m]
	}
	return asked, asked, 0, nil
}
