package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
)

func total(t *testing.T, db *store.DB, key string) int {
	t.Helper()
	cs, err := db.Counts(key, t0.Add(-48*time.Hour), t0.Add(48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cs {
		n += c.N
	}
	return n
}

func TestRecordPollCountsOnlyNewItemsInTheSameTransaction(t *testing.T) {
	db := storetest.Open(t, func() time.Time { return t0 })
	a := watch.Item{Source: "ANSA", ID: "a", Title: "NATO", Published: t0.Add(-2 * time.Hour)}
	b := watch.Item{Source: "ANSA", ID: "b", Title: "NATO again", Published: t0}
	count := func(items ...watch.Item) store.PollCounts {
		pc := store.PollCounts{Poll: []store.Tally{{Key: store.KeyPolls, At: t0}}}
		for _, it := range items {
			pc.Items = append(pc.Items, []store.Tally{
				{Key: store.KeyItems, At: t0},
				{Key: store.NameKey("NATO"), Group: store.CountGroup(it.Source, "it"), At: it.Published},
			})
		}
		return pc
	}
	if _, err := db.RecordPollCounted("ANSA", watch.State{}, []watch.Item{a}, nil, count(a)); err != nil {
		t.Fatal(err)
	}
	// A second poll lists a again (seen: not counted again) and b (new).
	if _, err := db.RecordPollCounted("ANSA", watch.State{}, []watch.Item{a, b}, nil, count(a, b)); err != nil {
		t.Fatal(err)
	}
	if got := total(t, db, store.NameKey("NATO")); got != 2 {
		t.Errorf("NATO counted %d items, want 2 (a once, b once)", got)
	}
	if got := total(t, db, store.KeyPolls); got != 2 {
		t.Errorf("%d polls counted, want 2", got)
	}
	cs, _ := db.Counts(store.NameKey("NATO"), t0.Add(-3*time.Hour), t0.Add(time.Hour))
	if len(cs) != 2 || !cs[0].Hour.Equal(t0.Add(-2*time.Hour)) || !cs[1].Hour.Equal(t0) {
		t.Errorf("counts by publication hour = %+v", cs)
	}

	// A bad tally aborts the whole poll: the item is not marked seen either.
	c := watch.Item{Source: "ANSA", ID: "c", Title: "x", Published: t0}
	_, err := db.RecordPollCounted("ANSA", watch.State{}, []watch.Item{c}, nil, store.PollCounts{Items: [][]store.Tally{{{Key: ""}}}})
	if !errors.Is(err, store.ErrBadCount) {
		t.Fatalf("bad tally: %v", err)
	}
	if unseen, _ := db.Unseen([]watch.Item{c}); len(unseen) != 1 {
		t.Fatal("an aborted poll marked its item seen")
	}
}

func TestMarkSentCountedCountsTheSends(t *testing.T) {
	db := storetest.Open(t, func() time.Time { return t0 })
	msgs, err := db.Enqueue(store.Message{ChatID: 1, HTML: "a"}, store.Message{ChatID: 1, HTML: "b"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSentCounted(t0, msgs[0].ID, msgs[1].ID); err != nil {
		t.Fatal(err)
	}
	if left, _ := db.Outbox(); len(left) != 0 {
		t.Fatalf("outbox still holds %d", len(left))
	}
	if got := total(t, db, store.KeySends); got != 2 {
		t.Fatalf("%d sends counted, want 2", got)
	}
}

func TestEnqueueSurgeSetsLastSurgeOnceWithTheMessage(t *testing.T) {
	db := storetest.Open(t, func() time.Time { return t0 })
	_, err := db.UpdateChat(7, true, func(c *store.Chat) error {
		c.Watches = []store.Watch{{ID: 1, Query: "NATO", Surge: true}, {ID: 2, Query: "EU"}}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := db.EnqueueSurge(7, 1, time.Time{}, t0, store.Message{ChatID: 7, HTML: "surge", Chart: []byte(`{"x":1}`)})
	if err != nil || m.ID == 0 {
		t.Fatalf("EnqueueSurge = %+v, %v", m, err)
	}
	// A second check that read the watch before the first wrote loses: nothing is sent twice.
	if _, err := db.EnqueueSurge(7, 1, time.Time{}, t0, store.Message{ChatID: 7, HTML: "again"}); !errors.Is(err, store.ErrChanged) {
		t.Fatalf("second EnqueueSurge: %v", err)
	}
	if _, err := db.EnqueueSurge(7, 2, time.Time{}, t0, store.Message{ChatID: 7}); !errors.Is(err, store.ErrNoWatch) {
		t.Fatalf("EnqueueSurge of a watch without surge: %v", err)
	}
	c, _ := db.Chat(7)
	out, _ := db.Outbox()
	if !c.Watches[0].LastSurge.Equal(t0) || len(out) != 1 || string(out[0].Chart) != `{"x":1}` {
		t.Fatalf("last surge %v, outbox %+v", c.Watches[0].LastSurge, out)
	}
}

func TestAMigratedChatKeepsItsWatchesCounters(t *testing.T) {
	db := storetest.Open(t, nil)
	if _, err := db.UpdateChat(-5, true, func(c *store.Chat) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := db.AddCounts(store.Tally{Key: store.WatchKey(-5, 1), At: t0, N: 4}, store.Tally{Key: store.WatchKey(-50, 1), At: t0, N: 1}); err != nil {
		t.Fatal(err)
	}
	if err := db.MigrateChat(-5, -1005); err != nil {
		t.Fatal(err)
	}
	if got := total(t, db, store.WatchKey(-1005, 1)); got != 4 {
		t.Errorf("the new id's watch has %d counted, want 4", got)
	}
	if got := total(t, db, store.WatchKey(-5, 1)); got != 0 {
		t.Errorf("the old id's watch still has %d", got)
	}
	if got := total(t, db, store.WatchKey(-50, 1)); got != 1 {
		t.Errorf("another chat's watch (-50, a prefix of nothing) changed: %d", got)
	}
}
