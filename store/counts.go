package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
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
func CountGroup(source, language string) string { return source + "\x00" + language }

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
// transaction that stores what they count. A counter saturates at 2³²-1.
func addCounts(tx *bolt.Tx, ts []Tally) error {
	root, err := tx.CreateBucketIfNotExists(bucketCounts)
	if err != nil {
		return fmt.Errorf("counts bucket: %w", err)
	}
	for _, t := range ts {
		if t.Key == "" || len(t.Key) > maxCountKey || len(t.Group) > maxCountGroup {
			return fmt.Errorf("count %q/%q: %w: key of 1-%d bytes and group of at most %d bytes",
				clipName(t.Key), clipName(t.Group), ErrBadCount, maxCountKey, maxCountGroup)
		}
		if t.N < 0 {
			return fmt.Errorf("count %q: %w: negative increment %d", clipName(t.Key), ErrBadCount, t.N)
		}
		n := t.N
		if n == 0 {
			n = 1
		}
		b, err := root.CreateBucketIfNotExists([]byte(t.Key))
		if err != nil {
			return fmt.Errorf("count %q: %w", clipName(t.Key), err)
		}
		k := countKey(t.At, t.Group)
		cur := uint64(0)
		if v := b.Get(k); len(v) == 4 {
			cur = uint64(binary.BigEndian.Uint32(v))
		}
		sum := min(cur+uint64(n), math.MaxUint32)
		v := make([]byte, 4)
		binary.BigEndian.PutUint32(v, uint32(sum))
		if err := b.Put(k, v); err != nil {
			return fmt.Errorf("count %q: %w", clipName(t.Key), err)
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
