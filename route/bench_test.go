package route_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/vedetta/vedetta/route"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

// chats10000 is a store with 10,000 chats of 5 watches each (catalogue names and plain terms
// mixed, as chats write them).
func chats10000(b *testing.B) *store.DB {
	db := storetest.Open(b, nil)
	queries := []string{"NATO", "Zelensky", "ucrain* AND Kyiv", `"Alleanza Atlantica" OR OTAN`, "Lavrov -sport"}
	for c := range 10_000 {
		_, err := db.UpdateChat(int64(c+1), true, func(ch *store.Chat) error {
			for w, q := range queries {
				ch.Watches = append(ch.Watches, store.Watch{ID: w + 1, Query: fmt.Sprintf("%s OR term%d", q, c%500)})
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// BenchmarkRebuild10000Chats is the start-up (full) build of the index: 50,000 watches.
func BenchmarkRebuild10000Chats(b *testing.B) {
	r, err := route.New(route.Options{DB: chats10000(b), Catalogue: match.Builtin()})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := r.Rebuild(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateOneChatOf10000 is what a /watch costs: one chat's watches compiled into
// the overlay, the 10,000 others left alone.
func BenchmarkUpdateOneChatOf10000(b *testing.B) {
	r, err := route.New(route.Options{DB: chats10000(b), Catalogue: match.Builtin()})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r.Changed(42)
		if err := r.Update(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecord100Items records polls of 100 new items, two thirds of them matching the
// watches of 100 chats, through the router: matching, the hourly counters and the write.
// The chats are paused, so that the figure is not the growth of their queues: a paused
// chat's watches are still counted.
func BenchmarkRecord100Items(b *testing.B) {
	db := storetest.Open(b, nil)
	for c := range 100 {
		_, err := db.UpdateChat(int64(c+1), true, func(ch *store.Chat) error {
			ch.Watches = []store.Watch{{ID: 1, Query: "NATO"}, {ID: 2, Query: "Zelensky"}}
			ch.Paused = true
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	r, err := route.New(route.Options{DB: db, Catalogue: match.Builtin()})
	if err != nil {
		b.Fatal(err)
	}
	titles := []string{"Il vertice della NATO a Bruxelles", "Zelensky a Roma per il summit", "Il meteo di domani in Liguria"}
	poll := 0
	b.ReportAllocs()
	for b.Loop() {
		poll++
		items := make([]watch.Item, 100)
		for i := range items {
			items[i] = watch.Item{Source: "ANSA", ID: fmt.Sprintf("%d-%d", poll, i), Title: titles[i%3], Text: "Testo dell'articolo, con qualche parola in più.", Published: time.Now()}
		}
		if _, err := r.Record(watch.Source{Name: "ANSA"}, watch.State{Primed: true}, items, true); err != nil {
			b.Fatal(err)
		}
	}
}
