// Package store keeps all of Vedetta's state in one bbolt file: chats and their watches, each
// source's fetch state, the seen set, the pending matches per chat, recent items for /search,
// and the outbox of messages waiting for Telegram. It sits between the pollers (which write
// what they found) and the bot (which reads, renders and delivers it).
package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout this build writes. Older files are migrated at Open; newer
// ones are refused.
const SchemaVersion = 1

var (
	bucketMeta    = []byte("meta")
	bucketChats   = []byte("chats")
	bucketSources = []byte("sources")
	bucketSeen    = []byte("seen")    // item hash -> first seen (unix seconds)
	bucketItems   = []byte("items")   // first seen (8) + item hash -> Item, for /search
	bucketPending = []byte("pending") // chat id (8) + item hash -> Pending
	bucketOutbox  = []byte("outbox")  // sequence (8) -> Message
	keyVersion    = []byte("schema_version")
	allBuckets    = [][]byte{bucketMeta, bucketChats, bucketSources, bucketSeen, bucketItems, bucketPending, bucketOutbox}
)

// ErrLocked means another process holds the database file.
var ErrLocked = errors.New("database is in use by another process (is another vedetta running?)")

// ErrNewerSchema means the file was written by a newer Vedetta.
var ErrNewerSchema = errors.New("database was written by a newer version of vedetta")

// Options tune Open.
type Options struct {
	// LockTimeout bounds the wait for the file lock; bbolt waits forever without one
	// (docs/DEPENDENCIES.md, "bbolt"). Zero means one second.
	LockTimeout time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ReadOnly opens with a shared lock and writes nothing (backups of a stopped bot).
	ReadOnly bool
}

// DB is the open database. Its methods are safe for concurrent use.
type DB struct {
	bolt        *bolt.DB
	path        string
	now         func() time.Time
	lastDrop    atomic.Int64 // when releaseMapped last ran, nanoseconds since processStart
	dropLater   atomic.Bool  // a releaseMapped is due once dropEvery has passed
	lastCheck   atomic.Int64 // when releaseMapped last read the mapped file pages (mmap_linux.go)
	mappedAfter atomic.Int64 // the process's mapped file pages after the last release
	budget      int64        // their growth that calls for a release; 0 is mappedBudget (tests lower it)
	areas       mapAreas     // how the memory map is cut into areas (mmap_linux.go)
	recent      recentSeen   // the seen items of each source's last poll (recent.go)
}

// Open opens or creates the database at path and brings its schema up to date.
func Open(path string, opts Options) (*DB, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	// A damaged file must end in a clear error, not in SIGBUS or a panic inside bbolt.
	if err := CheckFile(path); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	var b *bolt.DB
	err := guard(func() (err error) {
		b, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.LockTimeout, ReadOnly: opts.ReadOnly})
		return err
	})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return nil, fmt.Errorf("open %s: %w (%w)", path, ErrCorrupt, err)
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// RecordPoll's batches (DB.Batch) wait at most this long for company. A commit takes a
	// few milliseconds (two fsyncs), and polls that arrive meanwhile form the next batch
	// anyway, so a short wait loses little coalescing and adds little to each poll; bbolt's
	// default, 10 ms, made each of the poller's workers wait 10 ms per poll.
	b.MaxBatchDelay = 2 * time.Millisecond
	db := &DB{bolt: b, path: path, now: opts.Now}
	check := db.migrate
	if opts.ReadOnly {
		check = db.checkVersion
	}
	if err := guard(check); err != nil {
		guard(b.Close)
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.cutMap()
	return db, nil
}

// Check runs bbolt's consistency check over the whole file (every page reachable once, no
// page both used and free) and returns what it found; tests run it before closing.
func (db *DB) Check() error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	})
}

// Close closes the database.
func (db *DB) Close() error { return db.bolt.Close() }

// Backup writes a consistent copy of the database to w while others go on reading and
// writing (bbolt's Tx.WriteTo in a read transaction).
func (db *DB) Backup(w io.Writer) (int64, error) {
	var n int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// Snapshot writes a consistent copy of the database to a new file in dir and returns it,
// opened and rewound, with its size. The read transaction lasts only as long as the local
// copy: a reader of the snapshot, however slow, holds no transaction, so writers that need
// to grow the file never wait on it: bbolt re-maps a growing file only once every read
// transaction has ended (https://github.com/etcd-io/bbolt#caveats--limitations). The file
// is already unlinked: it disappears when the caller closes it. dir "" is the database's
// own directory, which is writable and on the same disk.
func (db *DB) Snapshot(dir string) (*os.File, int64, error) {
	if dir == "" {
		dir = filepath.Dir(db.path)
	}
	f, err := os.CreateTemp(dir, ".vedetta-snapshot-*")
	if err != nil {
		return nil, 0, fmt.Errorf("snapshot: %w", err)
	}
	os.Remove(f.Name()) // the open file stays readable until closed
	n, err := db.Backup(f)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("snapshot: %w", err)
	}
	return f, n, nil
}

// Size is the database file's size in bytes.
func (db *DB) Size() int64 {
	var n int64
	db.bolt.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n
}

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func i64(v int64) []byte { return u64(uint64(v)) }

func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	raw := b.Get(key)
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Errorf("decode %s/%x: %w", "record", key, err)
	}
	return true, nil
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}
