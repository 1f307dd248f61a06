package route_test

import (
	"fmt"
	"testing"

	"github.com/vedetta/vedetta/route"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
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
