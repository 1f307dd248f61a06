package bot

import (
	"slices"
	"testing"
	"time"
)

func TestAlertWindow(t *testing.T) {
	const gap = 300 * time.Millisecond
	t0 := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }

	t.Run("a chat's window closes a gap after its last wake-up", func(t *testing.T) {
		w := newAlertWindow(gap)
		w.add([]int64{1}, at(0))
		w.add([]int64{1}, at(200)) // another source's commit of the same cycle
		if ids := w.due(at(299)); len(ids) != 0 {
			t.Fatalf("due at 299 ms: %v, want none (extended to 500 ms)", ids)
		}
		if next, _ := w.next(); !next.Equal(at(500)) {
			t.Fatalf("next = %v, want 500 ms", next.Sub(t0))
		}
		if ids := w.due(at(500)); !slices.Equal(ids, []int64{1}) {
			t.Fatalf("due at 500 ms: %v, want [1]", ids)
		}
		if _, ok := w.next(); ok {
			t.Fatal("a window is still open")
		}
	})
	t.Run("a steady stream closes the window ten gaps after the first wake-up", func(t *testing.T) {
		w := newAlertWindow(gap)
		for ms := 0; ms <= 5000; ms += 200 {
			w.add([]int64{1}, at(ms))
			if ms < 3000 {
				if ids := w.due(at(ms)); len(ids) != 0 {
					t.Fatalf("closed at %d ms", ms)
				}
			}
			if ids := w.due(at(ms)); len(ids) == 1 {
				if ms != 3000 {
					t.Fatalf("closed at %d ms, want 3000", ms)
				}
				return
			}
		}
		t.Fatal("never closed")
	})
	t.Run("each chat has its own window", func(t *testing.T) {
		w := newAlertWindow(gap)
		w.add([]int64{3, 1}, at(0))
		w.add([]int64{2}, at(100))
		w.add([]int64{1}, at(250))
		if ids := w.due(at(300)); !slices.Equal(ids, []int64{3}) {
			t.Fatalf("due at 300 ms: %v, want [3]", ids)
		}
		if ids := w.outside([]int64{1, 2, 3, 4}); !slices.Equal(ids, []int64{3, 4}) {
			t.Fatalf("outside = %v, want [3 4]", ids)
		}
		if ids := w.closeAll(); !slices.Equal(ids, []int64{1, 2}) {
			t.Fatalf("closeAll = %v, want [1 2]", ids)
		}
	})
}
