package store_test

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
)

var writeFixture = flag.Bool("write-schema-fixture", false, "write testdata/schema-vN.db with this build's schema")

// copyFile copies a fixture into the test's directory, so that the migration never touches
// the committed file.
func copyFile(t *testing.T, src string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestSchemaZeroFileIsMigratedAndKeepsItsData(t *testing.T) {
	// A file as written before schema versions: chats, sources and seen buckets with data,
	// no meta bucket, none of the buckets added later.
	path := filepath.Join(t.TempDir(), "v0.db")
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	old := item("old")
	sum := store.ItemHashForTest(&old)
	err = b.Update(func(tx *bolt.Tx) error {
		chats, _ := tx.CreateBucket([]byte("chats"))
		raw, _ := json.Marshal(store.Chat{ID: 42, Title: "desk", Watches: []store.Watch{{ID: 1, Query: "NATO"}}, NextID: 2})
		chats.Put([]byte{0, 0, 0, 0, 0, 0, 0, 42}, raw)
		sources, _ := tx.CreateBucket([]byte("sources"))
		sources.Put([]byte("ANSA"), []byte(`{"state":{"etag":"\"v0\"","primed":true}}`))
		seen, _ := tx.CreateBucket([]byte("seen"))
		return seen.Put(sum, []byte{0, 0, 0, 0, 0x6a, 0, 0, 0})
	})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()

	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("open schema 0: %v", err)
	}
	c, err := db.Chat(42)
	if err != nil || c.Title != "desk" || len(c.Watches) != 1 || c.Watches[0].Query != "NATO" {
		t.Fatalf("chat after migration = %+v, %v", c, err)
	}
	if st, err := db.SourceState("ANSA"); err != nil || st.ETag != `"v0"` || !st.Primed {
		t.Fatalf("source state after migration = %+v, %v", st, err)
	}
	if unseen, _ := db.Unseen([]watch.Item{old, item("new")}); len(unseen) != 1 || unseen[0].ID != "new" {
		t.Fatalf("seen set after migration: unseen = %+v", unseen)
	}
	// The buckets schema 1 added work.
	if _, err := db.Enqueue(store.Message{ChatID: 42, HTML: "hi"}); err != nil {
		t.Fatalf("outbox after migration: %v", err)
	}
	db.Close()

	// The version is recorded: a read-only open (backup) accepts the file now.
	ro, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open after migration: %v", err)
	}
	ro.Close()
}

func TestOpensEveryEarlierSchemaFixture(t *testing.T) {
	fixtures, _ := filepath.Glob("testdata/schema-v*.db")
	if len(fixtures) == 0 {
		t.Fatal("no fixtures in testdata/: run go test ./store -run TestWriteSchemaFixture -write-schema-fixture")
	}
	for _, f := range fixtures {
		t.Run(filepath.Base(f), func(t *testing.T) {
			db, err := store.Open(copyFile(t, f), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			c, err := db.Chat(42)
			if err != nil || c.Title != "desk" || len(c.Watches) != 2 || c.Watches[1].Query != "Zelensky" || !c.Watches[1].Alert {
				t.Fatalf("chat = %+v, %v", c, err)
			}
			if ps, err := db.PendingFor(42); err != nil || len(ps) != 1 || ps[0].Item.ID != "queued" {
				t.Fatalf("pending = %+v, %v", ps, err)
			}
			if out, err := db.Outbox(); err != nil || len(out) != 1 || out[0].HTML != "<b>in flight</b>" {
				t.Fatalf("outbox = %+v, %v", out, err)
			}
			if unseen, _ := db.Unseen([]watch.Item{item("queued"), item("fresh")}); len(unseen) != 1 {
				t.Fatalf("seen set: unseen = %+v", unseen)
			}
			if st, _ := db.SourceState("ANSA"); st.ETag != `"abc"` || st.Items != 1 {
				t.Fatalf("source state = %+v", st)
			}
		})
	}
}

// TestWriteSchemaFixture writes the fixture TestOpensEveryEarlierSchemaFixture reads, for the
// current SchemaVersion. Run it with -write-schema-fixture before bumping the version.
func TestWriteSchemaFixture(t *testing.T) {
	if !*writeFixture {
		t.Skip("writes testdata/ only with -write-schema-fixture")
	}
	path := filepath.Join("testdata", "schema-v"+strconv.Itoa(store.SchemaVersion)+".db")
	os.Remove(path)
	now := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	db, err := store.Open(path, store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.UpdateChat(42, true, func(c *store.Chat) error {
		c.Title = "desk"
		c.Watches = []store.Watch{{ID: 1, Query: "NATO", Created: now}, {ID: 2, Query: "Zelensky", Alert: true, Created: now}}
		c.NextID = 3
		return nil
	})
	q := item("queued")
	db.RecordPoll("ANSA", watch.State{ETag: `"abc"`}, []watch.Item{q}, []store.Hit{{ChatID: 42, Item: q, WatchIDs: []int{1}}})
	db.Enqueue(store.Message{ChatID: 42, HTML: "<b>in flight</b>", Kind: "digest"})
}

func TestReadOnlyOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		m, _ := tx.CreateBucketIfNotExists([]byte("meta"))
		return m.Put([]byte("schema_version"), []byte{0, 0, 0, 0, 0, 0, 0, 7})
	})
	b.Close()
	_, err = store.Open(path, store.Options{ReadOnly: true})
	if !errors.Is(err, store.ErrNewerSchema) || !strings.Contains(err.Error(), "schema 7") {
		t.Fatalf("got %v, want ErrNewerSchema naming schema 7", err)
	}
}
