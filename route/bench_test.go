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

// chatsWithWatches is a store with n chats of 5 watches each (catalogue names and plain
// terms mixed, as chats write them; 500 distinct plain terms).
func chatsWithWatches(b *testing.B, n int) *store.DB {
	db := storetest.Open(b, nil)
	queries := []string{"NATO", "Zelensky", "ucrain* AND Kyiv", `"Alleanza Atlantica" OR OTAN`, "Lavrov -sport"}
	chats := make([]*store.Chat, 0, n)
	for c := range n {
		ch := &store.Chat{ID: int64(c + 1), NextID: len(queries) + 1}
		for w, q := range queries {
			ch.Watches = append(ch.Watches, store.Watch{ID: w + 1, Query: fmt.Sprintf("%s OR term%d", q, c%500)})
		}
		chats = append(chats, ch)
	}
	if err := db.PutChats(chats); err != nil {
		b.Fatal(err)
	}
	return db
}

func chats10000(b *testing.B) *store.DB { return chatsWithWatches(b, 10_000) }

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

// BenchmarkRebuild100000Chats is the start-up build at 100,000 chats × 5 watches
// (500,000 watches); the store is built once, outside the timing.
func BenchmarkRebuild100000Chats(b *testing.B) {
	r, err := route.New(route.Options{DB: chatsWithWatches(b, 100_000), Catalogue: match.Builtin()})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := r.Rebuild(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateOneChatOf100000 is what one /watch costs at 100,000 chats.
func BenchmarkUpdateOneChatOf100000(b *testing.B) {
	r, err := route.New(route.Options{DB: chatsWithWatches(b, 100_000), Catalogue: match.Builtin()})
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

// BenchmarkRecordStoryFor100000Chats is one story that matches every one of 100,000 chats:
// matched, routed and written as 100,000 queue entries (store.RecordPoll) in one
// transaction. One op is one poll with that one new item.
func BenchmarkRecordStoryFor100000Chats(b *testing.B) {
	db := storetest.Open(b, nil)
	chats := make([]*store.Chat, 0, 100_000)
	for c := range 100_000 {
		chats = append(chats, &store.Chat{ID: int64(c + 1), NextID: 2, Watches: []store.Watch{{ID: 1, Query: "NATO", Alert: c%2 == 0}}})
	}
	if err := db.PutChats(chats); err != nil {
		b.Fatal(err)
	}
	r, err := route.New(route.Options{DB: db, Catalogue: match.Builtin()})
	if err != nil {
		b.Fatal(err)
	}
	src := watch.Source{Name: "wire", Kind: watch.KindFeed, Target: "http://wire.example/rss"}
	n := 0
	for b.Loop() {
		n++
		it := watch.Item{Source: src.Name, ID: fmt.Sprintf("story-%d", n), Title: "NATO summit opens in The Hague", Text: "Allies meet.", URL: fmt.Sprintf("https://wire.example/%d", n)}
		matched, err := r.Record(src, watch.State{Primed: true}, []watch.Item{it}, true)
		if err != nil || matched != 1 {
			b.Fatalf("Record = %d, %v", matched, err)
		}
		if len(r.TakeMatched()) != 100_000 {
			b.Fatal("not every chat was woken")
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
