package store

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Hourly counters for /trend and surge alerts: for each key (a catalogue name or a chat's
// watch) and each hour, how many matching items fell in each group (the caller's choice,
// say source and language). A /trend of a watched name reads at most 30 days × 24 hours of
// small records instead of scanning items.
//
// Layout: bucket "counts" → one nested bucket per key → hour (8 bytes, unix seconds of the
// hour's start in UTC, big-endian so that keys sort by time) + group → count (4 bytes,
// big-endian). The bucket is created by the first write, so files without it need no
// migration and readers treat a missing bucket as no counts.

var bucketCounts = []byte("counts")

// CountsRetention is how long hourly counters are kept: the longest /trend period (30 days)
// plus a previous period's worth of a day, so the 30-day chart and its change stay complete.
const CountsRetention = 31 * 24 * time.Hour

const (
	maxCountKey   = 256 // bytes of a counter key
	maxCountGroup = 256 // bytes of a group name
)

// ErrBadCount is wrapped by the errors of counter writes with an invalid key or group.
var ErrBadCount = errors.New("invalid counter")

// Tally is one increment of the hourly counters: N items (1 when zero) of a group, for a key,
// in the hour that contains At.
type Tally struct {
	Key   string
	Group string
	At    time.Time
	N     int
}

// CountGroup is the group under which /trend counts an item: its source and language, so
// that one hourly counter serves both the by-source and the by-language chart.
// SplitCountGroup reverses it.
// The source is cut to fit the counter's limit on a group's length.
func CountGroup(source, language string) string {
	if room := maxCountGroup - 1 - len(language); len(source) > room {
		source = strings.ToValidUTF8(source[:max(room, 0)], "")
	}
	return source + "\x00" + language
}

// Now is the store's clock (Options.Now).
func (db *DB) Now() time.Time { return db.now() }

// SplitCountGroup returns the source and language of a CountGroup.
func SplitCountGroup(g string) (source, language string) {
	source, language, _ = strings.Cut(g, "\x00")
	return source, language
}

// Count is one hourly counter read back: N items of Group in the hour starting at Hour (UTC).
type Count struct {
	Hour  time.Time
	Group string
	N     int
}

// AddCounts applies the tallies in one transaction.
func (db *DB) AddCounts(ts ...Tally) error {
	if len(ts) == 0 {
		return nil
	}
	return db.bolt.Update(func(tx *bolt.Tx) error { return addCounts(tx, ts) })
}

// addCounts applies the tallies in tx, for writers (such as RecordPoll) that count in the
// transaction that stores what they count. Tallies of the same key, hour and group are
// summed first, and keys are written in order: a poll's items mostly share their hour and
// source, so a poll writes one record per key rather than one per item. A counter
// saturates at 2³²-1.
func addCounts(tx *bolt.Tx, ts []Tally) error {
	type rec struct{ key, hourGroup string }
	sums := make(map[rec]uint64, len(ts))
	for _, t := range ts {
		if t.Key == "" || len(t.Key) > maxCountKey || len(t.Group) > maxCountGroup {
			return fmt.Errorf("count %q/%q: %w: key of 1-%d bytes and group of at most %d bytes",
				clipName(t.Key), clipName(t.Group), ErrBadCount, maxCountKey, maxCountGroup)
		}
		if t.N < 0 {
			return fmt.Errorf("count %q: %w: negative increment %d", clipName(t.Key), ErrBadCount, t.N)
		}
		sums[rec{t.Key, string(countKey(t.At, t.Group))}] += uint64(max(t.N, 1))
	}
	recs := slices.SortedFunc(maps.Keys(sums), func(a, b rec) int {
		return cmp.Or(strings.Compare(a.key, b.key), strings.Compare(a.hourGroup, b.hourGroup))
	})
	root, err := tx.CreateBucketIfNotExists(bucketCounts)
	if err != nil {
		return fmt.Errorf("counts bucket: %w", err)
	}
	var b *bolt.Bucket
	for i, r := range recs {
		if i == 0 || r.key != recs[i-1].key {
			if b, err = root.CreateBucketIfNotExists([]byte(r.key)); err != nil {
				return fmt.Errorf("count %q: %w", clipName(r.key), err)
			}
		}
		k := []byte(r.hourGroup)
		cur := uint64(0)
		if v := b.Get(k); len(v) == 4 {
			cur = uint64(binary.BigEndian.Uint32(v))
		}
		v := make([]byte, 4)
		binary.BigEndian.PutUint32(v, uint32(min(cur+sums[r], math.MaxUint32)))
		if err := b.Put(k, v); err != nil {
			return fmt.Errorf("count %q: %w", clipName(r.key), err)
		}
	}
	return nil
}

func clipName(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func countKey(at time.Time, group string) []byte {
	k := make([]byte, 8, 8+len(group))
	binary.BigEndian.PutUint64(k, uint64(hourOf(at).Unix()))
	return append(k, group...)
}

// hourOf is the start of the UTC hour that contains t.
func hourOf(t time.Time) time.Time { return t.UTC().Truncate(time.Hour) }

// Counts returns the counters of key for the hours that start in [from, to), by hour then
// group. An unknown key has no counts.
func (db *DB) Counts(key string, from, to time.Time) ([]Count, error) {
	var out []Count
	err := db.bolt.View(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketCounts)
		if root == nil {
			return nil
		}
		b := root.Bucket([]byte(key))
		if b == nil {
			return nil
		}
		// from is rounded up to an hour: an hour that started before from is not in range.
		start := hourOf(from)
		if start.Before(from) {
			start = start.Add(time.Hour)
		}
		c := b.Cursor()
		seek := make([]byte, 8)
		binary.BigEndian.PutUint64(seek, uint64(start.Unix()))
		for k, v := c.Seek(seek); k != nil; k, v = c.Next() {
			if len(k) < 8 || len(v) != 4 {
				return fmt.Errorf("counts %q: malformed record %x", clipName(key), k)
			}
			hour := time.Unix(int64(binary.BigEndian.Uint64(k[:8])), 0).UTC()
			if !hour.Before(to) {
				break
			}
			out = append(out, Count{Hour: hour, Group: string(k[8:]), N: int(binary.BigEndian.Uint32(v))})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read counts: %w", err)
	}
	return out, nil
}

// PruneCounts deletes the counters of hours that started before the given time, and keys
// left without counters, in transactions of at most pruneBatch deletions like Prune. It
// returns how many counters it removed.
func (db *DB) PruneCounts(before time.Time) (int, error) {
	limit := make([]byte, 8)
	binary.BigEndian.PutUint64(limit, uint64(hourOf(before).Unix()))
	if hourOf(before).Before(before) {
		binary.BigEndian.PutUint64(limit, uint64(hourOf(before).Add(time.Hour).Unix()))
	}
	total := 0
	var from []byte // the key to resume at
	for {
		n, next, err := db.pruneCountsOnce(limit, from)
		total += n
		if err != nil {
			return total, fmt.Errorf("prune counts: %w", err)
		}
		if next == nil {
			return total, nil
		}
		from = next
	}
}

// pruneCountsOnce deletes up to pruneBatch old counters, starting at key from, and returns
// the key to resume at (nil when every key was visited).
func (db *DB) pruneCountsOnce(limit, from []byte) (n int, next []byte, err error) {
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		n, next = 0, nil
		root := tx.Bucket(bucketCounts)
		if root == nil {
			return nil
		}
		var empty [][]byte
		rc := root.Cursor()
		k, _ := rc.First()
		if from != nil {
			k, _ = rc.Seek(from)
		}
		for ; k != nil; k, _ = rc.Next() {
			b := root.Bucket(k)
			if b == nil {
				continue
			}
			var old [][]byte
			c := b.Cursor()
			for hk, _ := c.First(); hk != nil && n+len(old) < pruneBatch && string(hk[:min(8, len(hk))]) < string(limit); hk, _ = c.Next() {
				old = append(old, append([]byte(nil), hk...))
			}
			for _, hk := range old {
				if err := b.Delete(hk); err != nil {
					return err
				}
			}
			n += len(old)
			if first, _ := b.Cursor().First(); first == nil {
				empty = append(empty, append([]byte(nil), k...))
			}
			if n >= pruneBatch {
				// This key may hold more: resume here.
				next = append([]byte(nil), k...)
				break
			}
		}
		for _, k := range empty {
			if string(k) == string(next) {
				continue
			}
			if err := root.DeleteBucket(k); err != nil {
				return err
			}
		}
		return nil
	})
	return n, next, err
}

// Counter keys. A catalogue name's counters hold every new item that matches the name; a
// watch's, the new items that match it from the sources its chat follows; the bot's own
// (KeyPolls…KeySends) feed the /stats chart.
const (
	KeyPolls   = "s:polls"   // polls recorded, successful or not
	KeyItems   = "s:items"   // new items
	KeyMatches = "s:matches" // new entries for chats (an item matching two chats counts twice)
	KeySends   = "s:sends"   // messages Telegram confirmed
)

// NameKey is the counter key of a catalogue name (match.Entry.Name, as the catalogue
// spells it).
func NameKey(name string) string { return "n:" + name }

// WatchKey is the counter key of a chat's watch.
func WatchKey(chatID int64, watchID int) string {
	return "w:" + strconv.FormatInt(chatID, 10) + ":" + strconv.Itoa(watchID)
}

// PollCounts are the tallies of one poll, for RecordPollCounted.
type PollCounts struct {
	// Items[i] counts items[i], and is applied only if that item is new: an item a racing
	// poll recorded first is counted once. This is the seam for counting a story once: a
	// caller that knows stories tallies only an item that starts a story.
	Items [][]Tally
	Poll  []Tally // applied once, whatever the items
}

func (pc PollCounts) add(tx *bolt.Tx, isNew []bool) error {
	ts := pc.Poll
	for i, its := range pc.Items {
		if i < len(isNew) && isNew[i] {
			ts = append(ts, its...)
		}
	}
	if len(ts) == 0 {
		return nil
	}
	return addCounts(tx, ts)
}

// MarkSentCounted is MarkSent that also counts the messages under KeySends, in the hour of
// at, in the same transaction.
func (db *DB) MarkSentCounted(at time.Time, ids ...uint64) error {
	if len(ids) == 0 {
		return nil
	}
	return db.bolt.Update(func(tx *bolt.Tx) error { return markSentCounted(tx, at, ids) })
}

func markSentCounted(tx *bolt.Tx, at time.Time, ids []uint64) error {
	b := tx.Bucket(bucketOutbox)
	for _, id := range ids {
		if err := b.Delete(u64(id)); err != nil {
			return err
		}
	}
	return addCounts(tx, []Tally{{Key: KeySends, At: at, N: len(ids)}})
}

// ErrNoWatch means the chat has no watch with that number (removed meanwhile).
var ErrNoWatch = errors.New("no such watch")

// EnqueueSurge writes a watch's surge alert to the outbox and sets the watch's LastSurge
// to at, in one transaction, so that a crash neither loses the alert nor sends it twice.
// It writes nothing and returns ErrChanged when the watch's LastSurge is no longer prev
// (another check sent one meanwhile), ErrNoWatch or ErrNoChat when the watch is gone.
func (db *DB) EnqueueSurge(chatID int64, watchID int, prev, at time.Time, msg Message) (Message, error) {
	var out Message
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		chats := tx.Bucket(bucketChats)
		var c Chat
		ok, err := getJSON(chats, i64(chatID), &c)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNoChat
		}
		i := slices.IndexFunc(c.Watches, func(w Watch) bool { return w.ID == watchID })
		switch {
		case i < 0 || !c.Watches[i].Surge:
			return ErrNoWatch
		case !c.Watches[i].LastSurge.Equal(prev):
			return ErrChanged
		}
		c.Watches[i].LastSurge = at.UTC()
		if err := putJSON(chats, i64(chatID), &c); err != nil {
			return err
		}
		msgs, err := enqueue(tx, db.now(), []Message{msg})
		if err != nil {
			return err
		}
		out = msgs[0]
		return nil
	})
	return out, err
}

// moveWatchCounts renames the counters of one chat's watches to another chat id (a group
// that became a supergroup keeps its watches, and their history).
func moveWatchCounts(tx *bolt.Tx, from, to int64) error {
	root := tx.Bucket(bucketCounts)
	if root == nil {
		return nil
	}
	prefix := []byte("w:" + strconv.FormatInt(from, 10) + ":")
	var keys [][]byte
	c := root.Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		src := root.Bucket(k)
		if src == nil {
			continue
		}
		nk := append([]byte("w:"+strconv.FormatInt(to, 10)+":"), k[len(prefix):]...)
		dst, err := root.CreateBucketIfNotExists(nk)
		if err != nil {
			return err
		}
		if err := src.ForEach(func(hk, v []byte) error { return dst.Put(hk, v) }); err != nil {
			return err
		}
		if err := root.DeleteBucket(k); err != nil {
			return err
		}
	}
	return nil
}
