package route_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/vedetta/vedetta/route"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

func addChat(t *testing.T, db *store.DB, id int64, edit func(*store.Chat), watches ...store.Watch) {
	t.Helper()
	_, err := db.UpdateChat(id, true, func(c *store.Chat) error {
		c.Watches = watches
		if edit != nil {
			edit(c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRecordQueuesEachChatItsOwnMatches(t *testing.T) {
	db := storetest.Open(t, nil)
	addChat(t, db, 10, nil, store.Watch{ID: 3, Query: "NATO"}, store.Watch{ID: 4, Query: "Zelensky", Alert: true})
	addChat(t, db, -20, nil, store.Watch{ID: 1, Query: "NATO"})
	addChat(t, db, 30, func(c *store.Chat) { c.Paused = true }, store.Watch{ID: 1, Query: "NATO"})
	addChat(t, db, 40, func(c *store.Chat) { c.Follow = []string{"BBC"} }, store.Watch{ID: 1, Query: "NATO"})
	var observed [][3]int64
	r, err := route.New(route.Options{DB: db, Catalogue: match.Builtin(), Observe: func(chatID int64, watchID int, alert bool) {
		a := int64(0)
		if alert {
			a = 1
		}
		observed = append(observed, [3]int64{chatID, int64(watchID), a})
	}})
	if err != nil {
		t.Fatal(err)
	}
	items := []watch.Item{
		{ID: "1", Source: "ANSA", Title: "NATO and Zelensky meet"},
		{ID: "2", Source: "ANSA", Title: "Renato sings"},
	}
	n, err := r.Record(watch.Source{Name: "ANSA"}, watch.State{Primed: true}, items, true)
	if err != nil || n != 1 {
		t.Fatalf("Record = %d, %v; want 1 matched item", n, err)
	}

	ps, err := db.PendingFor(10)
	if err != nil || len(ps) != 1 {
		t.Fatalf("chat 10 pending %+v, %v; want the one item", ps, err)
	}
	if p := ps[0]; !slices.Equal(p.WatchIDs, []int{3, 4}) || !p.Alert || p.Item.ID != "1" {
		t.Errorf("chat 10's entry = %+v; want watches 3 and 4, an alert, item 1", p)
	}
	if ps, _ := db.PendingFor(-20); len(ps) != 1 || !slices.Equal(ps[0].WatchIDs, []int{1}) || ps[0].Alert {
		t.Errorf("group -20's entries = %+v; want one digest entry for watch 1", ps)
	}
	if ps, _ := db.PendingFor(30); len(ps) != 0 {
		t.Errorf("a paused chat got %+v", ps)
	}
	if ps, _ := db.PendingFor(40); len(ps) != 0 {
		t.Errorf("a chat following only BBC got an ANSA item: %+v", ps)
	}
	if len(observed) != 3 {
		t.Errorf("observed %v, want three (chat, watch) matches", observed)
	}
	select {
	case <-r.Matched():
		if woke := r.TakeMatched(); len(woke) != 2 || !woke[10] || woke[-20] {
			t.Errorf("woke %v, want chat 10 with an alert and chat -20 without", woke)
		}
	default:
		t.Error("no wake-up after queued matches")
	}
	if unseen, _ := db.Unseen(items); len(unseen) != 0 {
		t.Errorf("items not marked seen in the same write: %v", unseen)
	}
}

func TestFirstPollRecordsWithoutMatching(t *testing.T) {
	db := storetest.Open(t, nil)
	addChat(t, db, 10, nil, store.Watch{ID: 1, Query: "NATO"})
	r, err := route.New(route.Options{DB: db, Catalogue: match.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	items := []watch.Item{{ID: "1", Source: "ANSA", Title: "NATO backlog"}}
	if n, err := r.Record(watch.Source{Name: "ANSA"}, watch.State{Primed: true}, items, false); err != nil || n != 0 {
		t.Fatalf("Record = %d, %v", n, err)
	}
	if ps, _ := db.PendingFor(10); len(ps) != 0 {
		t.Errorf("backlog queued: %+v", ps)
	}
	if unseen, _ := db.Unseen(items); len(unseen) != 0 {
		t.Errorf("backlog not marked seen: %v", unseen)
	}
}

func TestRebuildSeesChangedWatches(t *testing.T) {
	db := storetest.Open(t, nil)
	r, err := route.New(route.Options{DB: db, Catalogue: match.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Match("NATO summit", ""); len(got) != 0 {
		t.Fatalf("matches without watches: %v", got)
	}
	addChat(t, db, 7, nil, store.Watch{ID: 5, Query: "NATO"})
	if err := r.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if got := r.Match("NATO summit", ""); len(got) != 1 || got[0] != [2]int64{7, 5} {
		t.Fatalf("Match = %v, want chat 7's watch 5", got)
	}
}

// Wake-ups coalesce: a bot that reads late loses no chat.
func TestWakeUpsAreNeverLost(t *testing.T) {
	db := storetest.Open(t, nil)
	for id := int64(1); id <= 200; id++ {
		addChat(t, db, id, nil, store.Watch{ID: 1, Query: "NATO", Alert: id%2 == 0})
	}
	r, err := route.New(route.Options{DB: db, Catalogue: match.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100 { // more polls than any buffer, nobody reading
		if _, err := r.Record(watch.Source{Name: "ANSA"}, watch.State{Primed: true}, []watch.Item{{ID: fmt.Sprint(i), Source: "ANSA", Title: "NATO"}}, true); err != nil {
			t.Fatal(err)
		}
	}
	<-r.Matched()
	woke := r.TakeMatched()
	if len(woke) != 200 || !woke[2] || woke[1] {
		t.Fatalf("woke %d chats (2: %v, 1: %v), want all 200, the even ones with alerts", len(woke), woke[2], woke[1])
	}
	if again := r.TakeMatched(); len(again) != 0 {
		t.Fatalf("taken twice: %v", again)
	}
}
