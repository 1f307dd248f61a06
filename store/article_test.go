package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
)

func TestArticleIsStoredBoundedAtASentence(t *testing.T) {
	db := storetest.Open(t, nil)
	sentence := "Il vertice della NATO discute le garanzie per Kyiv. "
	long := strings.TrimSpace(strings.Repeat(sentence, 8<<10/len(sentence))) // about 8 KiB, as matching reads it
	it := item("a1")
	it.Article = long
	hit := store.Hit{ChatID: 7, Item: it, WatchIDs: []int{1}, Terms: []string{"NATO"}}
	if _, err := db.RecordPoll("ANSA", watch.State{}, []watch.Item{it}, []store.Hit{hit}); err != nil {
		t.Fatal(err)
	}
	check := func(where, got string) {
		t.Helper()
		if len(got) > 4<<10 || len(got) < 3<<10 {
			t.Errorf("%s keeps %d bytes of the article; want at most 4 KiB and most of it", where, len(got))
		}
		if !strings.HasSuffix(got, "Kyiv.") {
			t.Errorf("%s cut the article inside a sentence: …%q", where, got[max(0, len(got)-40):])
		}
	}
	var stored watch.Item
	db.RecentItems(time.Time{}, func(it watch.Item) bool { stored = it; return false })
	check("the /search copy", stored.Article)
	ps, err := db.PendingFor(7)
	if err != nil || len(ps) != 1 {
		t.Fatalf("pending %v, %v", ps, err)
	}
	check("the queued entry", ps[0].Item.Article)
}
