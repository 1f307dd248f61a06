package store_test

import (
	"testing"
	"time"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
)

// TestStoriesRecordedAndPruned: a poll's assignments are recorded with its items (a queued
// match carries its story, the story lists its items), and PruneStories forgets the stories
// no item joined within the retention.
func TestStoriesRecordedAndPruned(t *testing.T) {
	now := time.Date(2025, 11, 7, 12, 0, 0, 0, time.UTC)
	db := storetest.Open(t, func() time.Time { return now })
	a := watch.Item{ID: "a", Source: "ANSA", Title: "Merz da Macron"}
	b := watch.Item{ID: "b", Source: "BBC", Title: "Merz meets Macron"}
	if _, err := db.RecordPoll("ANSA", watch.State{}, []watch.Item{a}, []store.Hit{{ChatID: 7, Item: a, WatchIDs: []int{1}}},
		store.Assignment{Story: 5, Item: a, Lang: "it", Features: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	db.RecordPoll("BBC", watch.State{}, []watch.Item{b}, nil, store.Assignment{Story: 5, Item: b, Lang: "en"})
	now = now.Add(2 * time.Hour)
	old := watch.Item{ID: "old", Source: "BBC", Title: "Later"}
	db.RecordPoll("BBC", watch.State{}, []watch.Item{old}, nil, store.Assignment{Story: 6, Item: old})

	ps, _ := db.PendingFor(7)
	if len(ps) != 1 || ps[0].Story != 5 {
		t.Fatalf("pending %+v; want item a with story 5", ps)
	}
	got, err := db.Stories([]uint64{5, 6, 99})
	if err != nil {
		t.Fatal(err)
	}
	if s := got[5]; s == nil || len(s.Items) != 2 || s.Items[1].Source != "BBC" || string(s.Items[0].Features) != `{}` {
		t.Fatalf("story 5 = %+v; want ANSA's item then BBC's, with the features kept", got[5])
	}
	if got[99] != nil {
		t.Error("an unknown story was returned")
	}

	// Story 5 was last joined two hours ago, story 6 now.
	n, err := db.PruneStories(now.Add(-time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("PruneStories = %d, %v; want story 5 removed", n, err)
	}
	got, _ = db.Stories([]uint64{5, 6})
	if got[5] != nil || got[6] == nil {
		t.Errorf("after pruning: %v; want story 6 only", got)
	}
	var recent []uint64
	db.RecentStories(now.Add(-24*time.Hour), func(s *store.Story) bool { recent = append(recent, s.ID); return true })
	if len(recent) != 1 || recent[0] != 6 {
		t.Errorf("RecentStories = %v; want [6]", recent)
	}
}
