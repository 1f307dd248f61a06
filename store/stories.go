package store

import (
	"encoding/binary"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/vedetta/vedetta/watch"
)

// Stories: the router assigns each new item to a story (package story) and the poll's
// transaction records it: the story's record lists its items, and each item points to its
// story, so that a queued match carries its story (Pending.Story) and a digest lists the
// story once with every outlet. Both buckets are bounded by retention, like the seen set
// (PruneStories). They are created on first write, so that files written before them open
// unchanged.
var (
	bucketStories   = []byte("stories")    // story id (8) → Story
	bucketItemStory = []byte("item_story") // item hash → story id (8) + first seen (unix seconds, 8)
)

// MaxStoryItems bounds the items a story's record lists; past it, they are only counted
// (Story.More).
const MaxStoryItems = 200

// StoryFeatureItems is how many of a story's first items keep their features: the
// assigner compares a new item with that many at most, and a story's record is written
// again with each item, so a big story stays cheap to extend.
const StoryFeatureItems = 24

// Story is a stored story: the items that tell one event, in the order they came.
type Story struct {
	ID    uint64      `json:"id"`
	First time.Time   `json:"first"` // when its first item was recorded
	Last  time.Time   `json:"last"`  // when its last item was
	Items []StoryItem `json:"items"`
	More  int         `json:"more,omitempty"` // items past MaxStoryItems
}

// StoryItem is one item of a story, as a digest and /story show it.
type StoryItem struct {
	Source    string    `json:"s"`
	Title     string    `json:"t"`
	URL       string    `json:"u,omitempty"`
	Lang      string    `json:"l,omitempty"`
	Published time.Time `json:"p,omitzero"`
	Key       string    `json:"k"`           // the item's identity (watch.Item.Key)
	Features  []byte    `json:"f,omitempty"` // the assigner's, opaque here: it rebuilds from them at start
}

// Sources returns the story's distinct sources, in the order their first item came.
func (s *Story) Sources() []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range s.Items {
		if !seen[it.Source] {
			seen[it.Source] = true
			out = append(out, it.Source)
		}
	}
	return out
}

// Assignment is a new item's story, as the router decided it, for RecordPoll.
type Assignment struct {
	Story    uint64
	Item     watch.Item
	Lang     string
	Features []byte
}

// putStories records assignments in a poll's transaction: each item's story, and the item
// in the story's record. Items in skip (already seen) are left out.
func putStories(tx *bolt.Tx, now time.Time, as []Assignment, skip map[string]bool) error {
	if len(as) == 0 {
		return nil
	}
	stories, err := tx.CreateBucketIfNotExists(bucketStories)
	if err != nil {
		return err
	}
	byItem, err := tx.CreateBucketIfNotExists(bucketItemStory)
	if err != nil {
		return err
	}
	for _, a := range as {
		h := itemHash(&a.Item)
		if skip[string(h)] || a.Story == 0 {
			continue
		}
		if err := byItem.Put(h, append(u64(a.Story), i64(now.Unix())...)); err != nil {
			return err
		}
		var s Story
		if _, err := getJSON(stories, u64(a.Story), &s); err != nil {
			return err
		}
		if s.ID == 0 {
			s = Story{ID: a.Story, First: now}
		}
		s.Last = now
		if len(s.Items) < MaxStoryItems {
			it := StoryItem{Source: a.Item.Source, Title: a.Item.Title, URL: a.Item.URL, Lang: a.Lang,
				Published: a.Item.Published, Key: a.Item.Key(), Features: a.Features}
			if len(s.Items) >= StoryFeatureItems {
				it.Features = nil
			}
			s.Items = append(s.Items, it)
		} else {
			s.More++
		}
		if err := putJSON(stories, u64(a.Story), &s); err != nil {
			return err
		}
	}
	return nil
}

// storyOf returns the story of an item recorded in tx (by its hash), or 0.
func storyOf(tx *bolt.Tx, h []byte) uint64 {
	b := tx.Bucket(bucketItemStory)
	if b == nil {
		return 0
	}
	if v := b.Get(h); len(v) >= 8 {
		return binary.BigEndian.Uint64(v[:8])
	}
	return 0
}

// StoriesOf returns the stories of these items by watch.Item.Key; items without a
// recorded story are left out.
func (db *DB) StoriesOf(items []watch.Item) (map[string]uint64, error) {
	out := map[string]uint64{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for i := range items {
			if id := storyOf(tx, itemHash(&items[i])); id != 0 {
				out[items[i].Key()] = id
			}
		}
		return nil
	})
	return out, err
}

// Stories returns the stored stories with these ids; missing ones (pruned) are left out.
func (db *DB) Stories(ids []uint64) (map[uint64]*Story, error) {
	out := map[uint64]*Story{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketStories)
		if b == nil {
			return nil
		}
		for _, id := range ids {
			if out[id] != nil || id == 0 {
				continue
			}
			var s Story
			if ok, err := getJSON(b, u64(id), &s); err != nil {
				return err
			} else if ok {
				out[id] = &s
			}
		}
		return nil
	})
	return out, err
}

// RecentStories calls fn for each story an item joined since the given time, until fn
// returns false. It reads every story record: the router calls it once, at start.
func (db *DB) RecentStories(since time.Time, fn func(*Story) bool) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketStories)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var s Story
			if err := json.Unmarshal(v, &s); err != nil {
				return err
			}
			if !s.Last.Before(since) && !fn(&s) {
				return nil
			}
		}
		return nil
	})
}

// PruneStories forgets the stories no item joined since before, and the item-to-story
// entries recorded before it, in transactions of at most pruneBatch deletions. It returns
// how many stories it removed.
func (db *DB) PruneStories(before time.Time) (int, error) {
	removed := 0
	for _, bucket := range [][]byte{bucketStories, bucketItemStory} {
		var from []byte
		for {
			n, done := 0, false
			err := db.bolt.Update(func(tx *bolt.Tx) error {
				b := tx.Bucket(bucket)
				if b == nil {
					done = true
					return nil
				}
				c := b.Cursor()
				k, v := c.First()
				if from != nil {
					k, v = c.Seek(from)
				}
				var del [][]byte
				seen := 0
				for ; k != nil && seen < pruneBatch; k, v = c.Next() {
					seen++
					if storyExpired(bucket, v, before) {
						del = append(del, append([]byte(nil), k...))
					}
				}
				if k == nil {
					done = true
				} else {
					from = append(from[:0], k...)
				}
				for _, k := range del {
					if err := b.Delete(k); err != nil {
						return err
					}
				}
				n = len(del)
				return nil
			})
			if err != nil {
				return removed, err
			}
			if string(bucket) == string(bucketStories) {
				removed += n
			}
			if done {
				break
			}
		}
	}
	return removed, nil
}

func storyExpired(bucket, v []byte, before time.Time) bool {
	if string(bucket) == string(bucketItemStory) {
		return len(v) == 16 && int64(binary.BigEndian.Uint64(v[8:])) < before.Unix()
	}
	var s struct {
		Last time.Time `json:"last"`
	}
	return json.Unmarshal(v, &s) == nil && s.Last.Before(before)
}
