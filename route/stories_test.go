package route_test

import (
	"testing"
	"time"

	"github.com/vedetta/vedetta/route"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

// TestRecordAssignsStories: items that tell one event, from polls of different sources and
// in different languages, are queued with one story; another event gets another; and a
// router started again on the same database (the assigner rebuilt from the store) adds a
// later item to the stored story.
func TestRecordAssignsStories(t *testing.T) {
	now := time.Date(2025, 11, 7, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db := storetest.Open(t, clock)
	addChat(t, db, 10, nil, store.Watch{ID: 1, Query: "Merz"})
	newRouter := func() *route.Router {
		r, err := route.New(route.Options{DB: db, Catalogue: match.Builtin(), Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := newRouter()
	record := func(r *route.Router, src, id, title, text string) {
		t.Helper()
		it := watch.Item{ID: id, Source: src, Title: title, Text: text, URL: "https://example.org/" + id, Published: now}
		if _, err := r.Record(watch.Source{Name: src}, watch.State{Primed: true}, []watch.Item{it}, true); err != nil {
			t.Fatal(err)
		}
	}
	record(r, "Reuters", "a", "Merz meets Macron in Paris on Friday to discuss defence", "German Chancellor Friedrich Merz met French President Emmanuel Macron at the Elysee.")
	record(r, "ANSA", "b", "Merz da Macron a Parigi: al centro la difesa europea", "Il cancelliere Friedrich Merz incontra all'Eliseo il presidente Emmanuel Macron.")
	record(r, "PAP", "c", "Merz w Warszawie. Kanclerz spotka się z Tuskiem w piątek", "Kanclerz Friedrich Merz przyjeżdża do Warszawy na rozmowy z premierem Donaldem Tuskiem.")
	now = now.Add(time.Hour)
	record(newRouter(), "Tagesschau", "d", "Merz reist zu Macron nach Paris", "Bundeskanzler Merz trifft den französischen Präsidenten Macron im Élysée-Palast.")

	ps, err := db.PendingFor(10)
	if err != nil || len(ps) != 4 {
		t.Fatalf("pending %d, %v; want 4", len(ps), err)
	}
	story := map[string]uint64{}
	for _, p := range ps {
		if p.Story == 0 {
			t.Fatalf("item %s queued without a story", p.Item.ID)
		}
		story[p.Item.ID] = p.Story
	}
	if story["a"] != story["b"] || story["a"] != story["d"] {
		t.Errorf("one meeting in three languages got stories %v", story)
	}
	if story["c"] == story["a"] {
		t.Errorf("Merz meets Tusk joined Merz meets Macron: %v", story)
	}
	got, err := db.Stories([]uint64{story["a"]})
	if err != nil {
		t.Fatal(err)
	}
	if s := got[story["a"]]; s == nil || len(s.Sources()) != 3 {
		t.Fatalf("stored story %+v; want the three sources", s)
	}
}
