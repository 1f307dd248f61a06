package route_test

import (
	"strings"
	"testing"

	"github.com/vedetta/vedetta/route"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

func TestAnItemMatchesOnItsArticleText(t *testing.T) {
	db := storetest.Open(t, nil)
	addChat(t, db, 10, nil, store.Watch{ID: 1, Query: "Zelensky", Alert: true})
	r, err := route.New(route.Options{DB: db, Catalogue: match.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("I capi della difesa discutono le garanzie per Kyiv. ", 4) +
		"\nIntanto Volodymyr Zelensky scrive su Telegram e su X."
	items := []watch.Item{
		{ID: "1", Source: "ANSA", Title: "Nato, sincera discussione", Text: "I capi di Stato maggiore riuniti a Bruxelles.", Article: body},
		{ID: "2", Source: "ANSA", Title: "Nato, sincera discussione (2)", Text: "I capi di Stato maggiore riuniti a Bruxelles."},
	}
	n, err := r.Record(watch.Source{Name: "ANSA"}, watch.State{Primed: true}, items, true)
	if err != nil || n != 1 {
		t.Fatalf("Record = %d, %v; want the one item whose article names Zelensky", n, err)
	}
	ps, err := db.PendingFor(10)
	if err != nil || len(ps) != 1 || ps[0].Item.ID != "1" {
		t.Fatalf("pending %+v, %v; want item 1", ps, err)
	}
	if !strings.Contains(ps[0].Item.Article, "Volodymyr Zelensky scrive") {
		t.Errorf("the queued entry lost the article sentence the snippet shows: %q", ps[0].Item.Article)
	}
}
