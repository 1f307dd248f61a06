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

func TestRecordKeepsHourlyCountersPerNameWatchSourceAndLanguage(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 30, 0, 0, time.UTC)
	db := storetest.Open(t, func() time.Time { return now })
	addChat(t, db, 10, nil, store.Watch{ID: 3, Query: "NATO"})
	addChat(t, db, 30, func(c *store.Chat) { c.Paused = true }, store.Watch{ID: 1, Query: "NATO"})
	addChat(t, db, 40, func(c *store.Chat) { c.Follow = []string{"BBC"} }, store.Watch{ID: 1, Query: "NATO"})
	r, err := route.New(route.Options{DB: db, Catalogue: match.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	items := []watch.Item{
		{ID: "1", Source: "ANSA", Title: "Il vertice della NATO a Bruxelles", Published: now.Add(-5 * time.Hour), Language: "it-IT"},
		{ID: "2", Source: "ANSA", Title: "Зеленський зустрівся з генсеком НАТО", Published: now.Add(time.Hour)}, // in the future: now
		{ID: "3", Source: "ANSA", Title: "Renato sings", Published: now},
		{ID: "4", Source: "ANSA", Title: "NATO in 2025", Published: now.Add(-60 * 24 * time.Hour)}, // older than the counters
	}
	if _, err := r.Record(watch.Source{Name: "ANSA"}, watch.State{Primed: true}, items, true); err != nil {
		t.Fatal(err)
	}
	// The same items again (a racing poll): nothing is counted twice.
	if _, err := r.Record(watch.Source{Name: "ANSA"}, watch.State{Primed: true}, items, true); err != nil {
		t.Fatal(err)
	}
	read := func(key string) []store.Count {
		cs, err := db.Counts(key, now.Add(-90*24*time.Hour), now.Add(2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	hour := now.Truncate(time.Hour)
	want := []store.Count{
		{Hour: hour.Add(-5 * time.Hour), Group: store.CountGroup("ANSA", "it"), N: 1},
		{Hour: hour, Group: store.CountGroup("ANSA", "uk"), N: 1},
	}
	for _, key := range []string{store.NameKey("NATO"), store.WatchKey(10, 3), store.WatchKey(30, 1)} {
		if got := read(key); !equalCounts(got, want) {
			t.Errorf("%s: counts %+v, want %+v", key, got, want)
		}
	}
	if got := read(store.WatchKey(40, 1)); len(got) != 0 {
		t.Errorf("a chat that does not follow the source counted %+v", got)
	}
	sum := func(key string) int {
		n := 0
		for _, c := range read(key) {
			n += c.N
		}
		return n
	}
	// 4 new items once; items 1 and 2 reached chat 10 (chat 30 is paused, 40 does not
	// follow ANSA; item 4 is old but new to Vedetta, so it is delivered); two polls.
	if p, i, m := sum(store.KeyPolls), sum(store.KeyItems), sum(store.KeyMatches); p != 2 || i != 4 || m != 3 {
		t.Errorf("polls %d, items %d, matches %d; want 2, 4, 3", p, i, m)
	}
}

func TestAFailedPollCountsAsAPollOnly(t *testing.T) {
	db := storetest.Open(t, nil)
	r, err := route.New(route.Options{DB: db, Catalogue: match.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Record(watch.Source{Name: "ANSA"}, watch.State{Failures: 1}, nil, false); err != nil {
		t.Fatal(err)
	}
	now := db.Now()
	polls, _ := db.Counts(store.KeyPolls, now.Add(-time.Hour), now.Add(time.Hour))
	items, _ := db.Counts(store.KeyItems, now.Add(-time.Hour), now.Add(time.Hour))
	if len(polls) != 1 || polls[0].N != 1 || len(items) != 0 {
		t.Fatalf("polls %+v, items %+v", polls, items)
	}
}

func equalCounts(a, b []store.Count) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Hour.Equal(b[i].Hour) || a[i].Group != b[i].Group || a[i].N != b[i].N {
			return false
		}
	}
	return true
}

// TestAStoryCountsOncePerKey: three outlets telling one event in three languages count once
// under the name and the watch that matched them; a different event counts again.
func TestAStoryCountsOncePerKey(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 30, 0, 0, time.UTC)
	db := storetest.Open(t, func() time.Time { return now })
	addChat(t, db, 10, nil, store.Watch{ID: 3, Query: "NATO"})
	r, err := route.New(route.Options{DB: db, Catalogue: match.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	record := func(src string, items ...watch.Item) {
		t.Helper()
		for i := range items {
			items[i].Source, items[i].Published = src, now.Add(-time.Hour)
		}
		if _, err := r.Record(watch.Source{Name: src}, watch.State{Primed: true}, items, true); err != nil {
			t.Fatal(err)
		}
	}
	record("ANSA", watch.Item{ID: "1", Title: "Rutte: la NATO porterà la spesa per la difesa al 5% del Pil entro il 2035", Language: "it"})
	record("BBC", watch.Item{ID: "2", Title: "Rutte says NATO will raise defence spending to 5% of GDP by 2035", Language: "en"})
	record("Ukrinform", watch.Item{ID: "3", Title: "Рютте: НАТО підвищить витрати на оборону до 5% ВВП до 2035 року", Language: "uk"})
	record("BBC", watch.Item{ID: "4", Title: "NATO jets intercept Russian bombers over the Baltic Sea", Language: "en"})

	ps, err := db.PendingFor(10)
	if err != nil {
		t.Fatal(err)
	}
	stories := map[uint64]bool{}
	for _, p := range ps {
		stories[p.Story] = true
	}
	if len(ps) != 4 || len(stories) != 2 {
		t.Fatalf("%d entries in %d stories; want 4 in 2 (the test's premise: the assigner joins the first three)", len(ps), len(stories))
	}
	for _, key := range []string{store.NameKey("NATO"), store.WatchKey(10, 3)} {
		cs, err := db.Counts(key, now.Add(-24*time.Hour), now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range cs {
			n += c.N
		}
		if n != 2 {
			t.Errorf("%s counted %d; want 2, one per story", key, n)
		}
	}
}
