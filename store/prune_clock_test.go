package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/vedetta/vedetta/watch"
)

// TestClockJumpDoesNotWipeTheSeenSet: ten days of items, then the clock jumps ten years
// ahead (a restored VM, a board without a real-time clock) and a poll records new items at
// the wrong time. Hourly prunes with a 30-day retention now see every earlier entry as
// expired; they must forget the seen set slowly and oldest first, so that the items feeds
// still list — the last days' — stay seen and are not sent again.
func TestClockJumpDoesNotWipeTheSeenSet(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	db, err := Open(filepath.Join(t.TempDir(), "v.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const retention = 30 * 24 * time.Hour
	var days [][]watch.Item
	for d := range 10 {
		var items []watch.Item
		for i := range 100 {
			items = append(items, watch.Item{ID: fmt.Sprintf("day%d-%d", d, i), Source: "ANSA"})
		}
		if _, err := db.RecordPoll("ANSA", watch.State{}, items, nil); err != nil {
			t.Fatal(err)
		}
		days = append(days, items)
		now = now.Add(24 * time.Hour)
	}
	stillSeen := func(items []watch.Item) int {
		unseen, err := db.Unseen(items)
		if err != nil {
			t.Fatal(err)
		}
		return len(items) - len(unseen)
	}

	now = now.AddDate(10, 0, 0) // the jump
	db.RecordPoll("ANSA", watch.State{}, []watch.Item{{ID: "after-the-jump", Source: "ANSA"}}, nil)
	total := 10*100 + 1

	seen, _, err := db.Prune(now.Add(-retention), now.Add(-7*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if limit := total / pruneShare; seen > limit || seen == 0 {
		t.Fatalf("the first prune after the jump forgot %d of %d seen entries, want 1 to %d", seen, total, limit)
	}
	if got := stillSeen(days[0]); got != 100-seen {
		t.Fatalf("%d of the oldest day's items still seen after forgetting %d, want the oldest to go first", got, seen)
	}

	// Two days of hourly prunes on the wrong clock.
	for range 47 {
		now = now.Add(time.Hour)
		n, _, err := db.Prune(now.Add(-retention), now.Add(-7*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		seen += n
	}
	for d := 7; d < 10; d++ {
		if got := stillSeen(days[d]); got != 100 {
			t.Errorf("two days after the jump only %d of day %d's 100 items are still seen, want all: they may still be in the feeds", got, d+1)
		}
	}
	if stillSeen([]watch.Item{{ID: "after-the-jump", Source: "ANSA"}}) != 1 {
		t.Error("the item recorded after the jump was forgotten")
	}
	if seen < total/4 {
		t.Errorf("two days of prunes forgot only %d of %d entries; old entries must still go", seen, total)
	}
	t.Logf("after the jump: %d of %d seen entries forgotten in 48 hourly prunes", seen, total)
}
