package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/vedetta/vedetta/watch"
)

func TestPruneInBatchesRemovesEverythingOldAndNothingNew(t *testing.T) {
	defer func(n int) { pruneBatch = n }(pruneBatch)
	pruneBatch = 7 // many batches, and a last one cut in the middle
	defer func(n int) { pruneShare = n }(pruneShare)
	pruneShare = 1 // everything old may go at once: this test is about the batches

	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	db, err := Open(filepath.Join(t.TempDir(), "v.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	batch := func(prefix string, n int) []watch.Item {
		var out []watch.Item
		for i := range n {
			out = append(out, watch.Item{ID: fmt.Sprintf("%s-%d", prefix, i), Source: "ANSA"})
		}
		return out
	}
	old, recent := batch("old", 52), batch("new", 23)
	db.RecordPoll("ANSA", watch.State{}, old, nil)
	now = now.Add(48 * time.Hour)
	db.RecordPoll("ANSA", watch.State{}, recent, nil)

	seen, items, err := db.Prune(now.Add(-24*time.Hour), now.Add(-24*time.Hour))
	if err != nil || seen != 52 || items != 52 {
		t.Fatalf("prune: seen=%d items=%d err=%v, want 52 and 52", seen, items, err)
	}
	if unseen, _ := db.Unseen(append(old, recent...)); len(unseen) != len(old) {
		t.Fatalf("%d unseen after prune, want the %d old items", len(unseen), len(old))
	}
	n := 0
	db.RecentItems(time.Time{}, func(watch.Item) bool { n++; return true })
	if n != len(recent) {
		t.Fatalf("%d items kept, want %d", n, len(recent))
	}
	if seen, items, _ := db.Prune(now.Add(-24*time.Hour), now.Add(-24*time.Hour)); seen+items != 0 {
		t.Fatalf("second prune removed %d and %d", seen, items)
	}
}
