package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

func TestPruneCountsInBatchesRemovesEverythingOldAndNothingNew(t *testing.T) {
	defer func(n int) { pruneBatch = n }(pruneBatch)
	pruneBatch = 7 // many batches, some cut in the middle of a key

	db, err := Open(filepath.Join(t.TempDir(), "v.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	var ts []Tally
	for k := range 5 {
		for h := range 30 { // 20 old hours and 10 recent ones per key
			at := now.Add(time.Duration(h-40) * time.Hour)
			if h >= 20 {
				at = now.Add(time.Duration(h-20) * time.Hour)
			}
			ts = append(ts, Tally{Key: fmt.Sprintf("key%d", k), Group: "g", At: at})
		}
	}
	if err := db.AddCounts(ts...); err != nil {
		t.Fatal(err)
	}
	n, err := db.PruneCounts(now)
	if err != nil || n != 5*20 {
		t.Fatalf("PruneCounts = %d, %v; want %d", n, err, 5*20)
	}
	for k := range 5 {
		got, _ := db.Counts(fmt.Sprintf("key%d", k), now.Add(-100*time.Hour), now.Add(100*time.Hour))
		if len(got) != 10 || got[0].Hour.Before(now) {
			t.Fatalf("key%d after prune: %d counters from %v, want 10 from %v", k, len(got), got[0].Hour, now)
		}
	}
}
