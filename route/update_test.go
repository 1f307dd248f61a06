package route

import (
	"fmt"
	"slices"
	"testing"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch/match"
)

func setWatches(t *testing.T, db *store.DB, chatID int64, queries ...string) {
	t.Helper()
	_, err := db.UpdateChat(chatID, true, func(c *store.Chat) error {
		c.Watches = nil
		for i, q := range queries {
			c.Watches = append(c.Watches, store.Watch{ID: i + 1, Query: q})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAChangeToOneChatCompilesOnlyThatChat(t *testing.T) {
	db := storetest.Open(t, nil)
	for id := int64(1); id <= 50; id++ {
		setWatches(t, db, id, "NATO")
	}
	r, err := New(Options{DB: db, Catalogue: match.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	if r.fullBuilds != 1 {
		t.Fatalf("%d full builds at start, want 1", r.fullBuilds)
	}

	// Chat 7 swaps NATO for Zelensky; chat 8 leaves.
	setWatches(t, db, 7, "Zelensky")
	if err := db.DeleteChat(8); err != nil {
		t.Fatal(err)
	}
	r.Changed(7, 8)
	if err := r.Update(); err != nil {
		t.Fatal(err)
	}
	if r.fullBuilds != 1 {
		t.Errorf("a change to two chats compiled every chat again (%d full builds)", r.fullBuilds)
	}
	if ov := r.index.Load().overlay.refs; len(ov) != 1 || ov[0] != (ref{7, 1}) {
		t.Errorf("overlay = %v, want chat 7's one watch", ov)
	}
	nato := r.Match("NATO summit", "")
	if len(nato) != 48 || slices.Contains(nato, [2]int64{7, 1}) || slices.Contains(nato, [2]int64{8, 1}) {
		t.Errorf("NATO matched %d watches (%v…), want 48: not chat 7's old watch, not chat 8's", len(nato), nato[:min(3, len(nato))])
	}
	if z := r.Match("Zelensky speaks", ""); len(z) != 1 || z[0] != [2]int64{7, 1} {
		t.Errorf("Zelensky matched %v, want chat 7's new watch", z)
	}

	// Past maxOverlayChats changed chats, the next update compiles everything once.
	var many []int64
	for id := int64(100); id < 100+maxOverlayChats; id++ {
		setWatches(t, db, id, fmt.Sprintf("term%d", id))
		many = append(many, id)
	}
	r.Changed(many...)
	if err := r.Update(); err != nil {
		t.Fatal(err)
	}
	if r.fullBuilds != 2 || len(r.index.Load().changed) != 0 {
		t.Errorf("after %d changed chats: %d full builds, overlay of %d chats; want a full build and an empty overlay", maxOverlayChats+2, r.fullBuilds, len(r.index.Load().changed))
	}
	if z := r.Match("term150 and Zelensky", ""); len(z) != 2 {
		t.Errorf("after the full build matched %v, want chat 7 and chat 150", z)
	}
}
