package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
)

func item(id string) watch.Item {
	return watch.Item{ID: id, Source: "ANSA", Title: "Title " + id, URL: "https://example.org/" + id}
}

func TestSecondOpenFailsAtOnceWithClearError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	_, err = store.Open(path, store.Options{LockTimeout: 100 * time.Millisecond})
	if !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second open: got %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("second open waited %v", d)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		m, _ := tx.CreateBucketIfNotExists([]byte("meta"))
		return m.Put([]byte("schema_version"), []byte{0, 0, 0, 0, 0, 0, 0, 99})
	})
	b.Close()
	if _, err := store.Open(path, store.Options{}); !errors.Is(err, store.ErrNewerSchema) {
		t.Fatalf("got %v, want ErrNewerSchema", err)
	}
}

func TestSeenItemIsNeverQueuedAgainAfterReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := item("a")
	n, err := db.RecordPoll("ANSA", watch.State{}, []watch.Item{a}, []store.Hit{{ChatID: 1, Item: a, WatchIDs: []int{1}}})
	if err != nil || n != 1 {
		t.Fatalf("record: n=%d err=%v", n, err)
	}
	db.Close()

	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	unseen, err := db.Unseen([]watch.Item{a, item("b")})
	if err != nil {
		t.Fatal(err)
	}
	if len(unseen) != 1 || unseen[0].ID != "b" {
		t.Fatalf("unseen after reopen = %+v, want only b", unseen)
	}
	// A racing poll that records a again queues nothing.
	st, _ := db.SourceState("ANSA")
	db.RecordPoll("ANSA", st, []watch.Item{a}, []store.Hit{{ChatID: 1, Item: a, WatchIDs: []int{2}}})
	ps, _ := db.PendingFor(1)
	if len(ps) != 1 || len(ps[0].WatchIDs) != 1 {
		t.Fatalf("pending = %+v, want the one first match", ps)
	}
	st, _ = db.SourceState("ANSA")
	if st.Items != 1 {
		t.Fatalf("state items = %d, want 1", st.Items)
	}
}

func TestTwoWatchesOnOneItemQueueOneEntry(t *testing.T) {
	db := storetest.Open(t, nil)
	a := item("a")
	db.RecordPoll("ANSA", watch.State{}, []watch.Item{a}, []store.Hit{
		{ChatID: 1, Item: a, WatchIDs: []int{1}, Terms: []string{"NATO"}},
		{ChatID: 1, Item: a, WatchIDs: []int{2}, Terms: []string{"Zelensky"}, Alert: true},
	})
	ps, err := db.PendingFor(1)
	if err != nil || len(ps) != 1 {
		t.Fatalf("pending = %+v, %v", ps, err)
	}
	if fmt.Sprint(ps[0].WatchIDs, ps[0].Terms, ps[0].Alert) != "[1 2] [NATO Zelensky] true" {
		t.Fatalf("merged entry = %+v", ps[0])
	}
}

func all(int64, *store.Pending) bool { return true }

func TestDeliverMovesMatchesToOutboxAtomically(t *testing.T) {
	db := storetest.Open(t, nil)
	a, b := item("a"), item("b")
	db.RecordPoll("ANSA", watch.State{}, []watch.Item{a, b}, []store.Hit{{ChatID: 7, Item: a}, {ChatID: 7, Item: b}})

	batches, err := db.Queued([]int64{7, 8}, all)
	if err != nil || len(batches) != 1 || batches[0].ChatID != 7 || len(batches[0].Entries) != 2 {
		t.Fatalf("queued = %+v, %v; want chat 7's two entries only", batches, err)
	}
	if ps, _ := db.PendingFor(7); len(ps) != 2 {
		t.Fatalf("reading took entries: pending = %d, want 2", len(ps))
	}
	msgs, err := db.Deliver(batches, [][]store.Message{{{ChatID: 7, HTML: fmt.Sprintf("%d items", len(batches[0].Entries))}}})
	if err != nil || len(msgs) != 1 || msgs[0].ID == 0 {
		t.Fatalf("deliver: %+v %v", msgs, err)
	}
	if ps, _ := db.PendingFor(7); len(ps) != 0 {
		t.Fatalf("pending after deliver = %d, want 0", len(ps))
	}
	out, _ := db.Outbox()
	if len(out) != 1 || out[0].HTML != "2 items" {
		t.Fatalf("outbox = %+v", out)
	}
	db.MarkSent(out[0].ID)
	if out, _ := db.Outbox(); len(out) != 0 {
		t.Fatalf("outbox after sent = %+v", out)
	}
}

func TestDeliverRefusesAQueueThatChangedSinceItWasRead(t *testing.T) {
	db := storetest.Open(t, nil)
	a := item("a")
	db.RecordPoll("ANSA", watch.State{}, []watch.Item{a}, []store.Hit{{ChatID: 7, Item: a, WatchIDs: []int{1}}})
	batches, err := db.Queued([]int64{7}, all)
	if err != nil || len(batches) != 1 {
		t.Fatal(batches, err)
	}
	// A poll merges a second watch into the entry while the digest is being rendered.
	db.RecordPoll("BBC", watch.State{}, nil, []store.Hit{{ChatID: 7, Item: a, WatchIDs: []int{2}}})
	if _, err := db.Deliver(batches, [][]store.Message{{{ChatID: 7, HTML: "stale"}}}); !errors.Is(err, store.ErrChanged) {
		t.Fatalf("deliver of a stale batch: %v, want ErrChanged", err)
	}
	if out, _ := db.Outbox(); len(out) != 0 {
		t.Fatalf("a stale batch reached the outbox: %+v", out)
	}
	if ps, _ := db.PendingFor(7); len(ps) != 1 || len(ps[0].WatchIDs) != 2 {
		t.Fatalf("pending after a refused deliver = %+v, want the merged entry", ps)
	}

	// Two deliveries of one read: the second finds the entries gone and delivers nothing.
	batches, _ = db.Queued([]int64{7}, all)
	if _, err := db.Deliver(batches, [][]store.Message{{{ChatID: 7, HTML: "once"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Deliver(batches, [][]store.Message{{{ChatID: 7, HTML: "twice"}}}); !errors.Is(err, store.ErrChanged) {
		t.Fatalf("a second deliver of the same batch: %v, want ErrChanged", err)
	}
	if out, _ := db.Outbox(); len(out) != 1 || out[0].HTML != "once" {
		t.Fatalf("outbox = %+v, want the one message", out)
	}
}

func TestMigrateChatMovesWatchesQueueAndOutbox(t *testing.T) {
	db := storetest.Open(t, nil)
	db.UpdateChat(-5, true, func(c *store.Chat) error {
		c.Watches = append(c.Watches, store.Watch{ID: 1, Query: "NATO"})
		return nil
	})
	a := item("a")
	db.RecordPoll("ANSA", watch.State{}, []watch.Item{a}, []store.Hit{{ChatID: -5, Item: a}})
	db.Enqueue(store.Message{ChatID: -5, HTML: "hello"})

	if err := db.MigrateChat(-5, -1005); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Chat(-5); !errors.Is(err, store.ErrNoChat) {
		t.Fatalf("old chat still there: %v", err)
	}
	c, err := db.Chat(-1005)
	if err != nil || len(c.Watches) != 1 || c.ID != -1005 {
		t.Fatalf("new chat = %+v, %v", c, err)
	}
	if ps, _ := db.PendingFor(-1005); len(ps) != 1 {
		t.Fatalf("queue not moved: %d", len(ps))
	}
	if out, _ := db.Outbox(); len(out) != 1 || out[0].ChatID != -1005 {
		t.Fatalf("outbox not moved: %+v", out)
	}
}

func TestPruneForgetsOldSeenItemsAndKeepsRecent(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db := storetest.Open(t, clock)
	db.RecordPoll("ANSA", watch.State{}, []watch.Item{item("old")}, nil)
	now = now.Add(48 * time.Hour)
	db.RecordPoll("ANSA", watch.State{}, []watch.Item{item("new")}, nil)

	seen, items, err := db.Prune(now.Add(-24*time.Hour), now.Add(-24*time.Hour))
	if err != nil || seen != 1 || items != 1 {
		t.Fatalf("prune: seen=%d items=%d err=%v", seen, items, err)
	}
	unseen, _ := db.Unseen([]watch.Item{item("old"), item("new")})
	if len(unseen) != 1 || unseen[0].ID != "old" {
		t.Fatalf("unseen = %+v", unseen)
	}
	var got []string
	db.RecentItems(time.Time{}, func(it watch.Item) bool { got = append(got, it.ID); return true })
	if fmt.Sprint(got) != "[new]" {
		t.Fatalf("recent = %v", got)
	}
}

func TestBackupIsAUsableDatabase(t *testing.T) {
	db := storetest.Open(t, nil)
	db.UpdateChat(42, true, func(c *store.Chat) error { c.Title = "desk"; return nil })
	var buf bytes.Buffer
	if _, err := db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	os.WriteFile(path, buf.Bytes(), 0o600)
	cp, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if c, err := cp.Chat(42); err != nil || c.Title != "desk" {
		t.Fatalf("copy chat = %+v, %v", c, err)
	}
}

func TestPendingIsCappedPerChatOldestDroppedAndCounted(t *testing.T) {
	defer func(n int) { store.MaxPendingPerChat = n }(store.MaxPendingPerChat)
	store.MaxPendingPerChat = 10
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	db := storetest.Open(t, func() time.Time { return now })
	if _, err := db.UpdateChat(7, true, func(*store.Chat) error { return nil }); err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		it := item(fmt.Sprint("i", i))
		if _, err := db.RecordPoll("ANSA", watch.State{}, []watch.Item{it}, []store.Hit{{ChatID: 7, Item: it}}); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Minute)
	}
	ps, err := db.PendingFor(7)
	if err != nil {
		t.Fatal(err)
	}
	// 11 > 10: dropped down to 9 (the two oldest); the 12th makes 10 again.
	if len(ps) != 10 || ps[0].Item.ID != "i2" {
		t.Fatalf("%d pending, oldest %s; want 10, from i2", len(ps), ps[0].Item.ID)
	}
	c, _ := db.Chat(7)
	if c.Dropped != 2 {
		t.Fatalf("dropped = %d, want 2", c.Dropped)
	}
	batches, err := db.Queued([]int64{7}, all)
	if err != nil || len(batches) != 1 || batches[0].Dropped != 2 {
		t.Fatalf("queued %+v, %v; want the drop count with the entries", batches, err)
	}
	if _, err := db.Deliver(batches, [][]store.Message{{{ChatID: 7, HTML: "digest"}}}); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.Chat(7); c.Dropped != 0 {
		t.Errorf("after the chat was told, dropped = %d, want 0", c.Dropped)
	}
}
