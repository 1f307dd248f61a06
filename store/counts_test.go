package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
)

var t0 = time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)

func TestCountsAddUpPerHourAndGroup(t *testing.T) {
	db := storetest.Open(t, nil)
	err := db.AddCounts(
		store.Tally{Key: "NATO", Group: store.CountGroup("ANSA", "it"), At: t0.Add(5 * time.Minute)},
		store.Tally{Key: "NATO", Group: store.CountGroup("ANSA", "it"), At: t0.Add(59 * time.Minute)},
		store.Tally{Key: "NATO", Group: store.CountGroup("Reuters", "en"), At: t0.Add(30 * time.Minute), N: 3},
		store.Tally{Key: "NATO", Group: store.CountGroup("ANSA", "it"), At: t0.Add(time.Hour)}, // the next hour
		store.Tally{Key: "Zelensky", Group: store.CountGroup("ANSA", "it"), At: t0},            // another key
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Counts("NATO", t0.Add(-24*time.Hour), t0.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Count{
		{Hour: t0, Group: store.CountGroup("ANSA", "it"), N: 2},
		{Hour: t0, Group: store.CountGroup("Reuters", "en"), N: 3},
		{Hour: t0.Add(time.Hour), Group: store.CountGroup("ANSA", "it"), N: 1},
	}
	if !equalCounts(got, want) {
		t.Fatalf("counts = %+v, want %+v", got, want)
	}
}

func TestCountsAreKeptInUTCHoursWhateverTheZone(t *testing.T) {
	db := storetest.Open(t, nil)
	kyiv, err := time.LoadLocation("Europe/Kyiv")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	if err := db.AddCounts(store.Tally{Key: "k", At: t0.Add(10 * time.Minute).In(kyiv)}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Counts("k", t0, t0.Add(time.Hour))
	if len(got) != 1 || !got[0].Hour.Equal(t0) || got[0].Hour.Location() != time.UTC {
		t.Fatalf("counts = %+v, want one at %v UTC", got, t0)
	}
}

func TestCountsRangeIsHalfOpenOnHourStarts(t *testing.T) {
	db := storetest.Open(t, nil)
	for h := range 5 {
		if err := db.AddCounts(store.Tally{Key: "k", At: t0.Add(time.Duration(h) * time.Hour), N: h + 1}); err != nil {
			t.Fatal(err)
		}
	}
	// [t0+1h, t0+3h) holds the hours starting at t0+1h and t0+2h; a from inside an hour
	// leaves that hour out, since it started before from.
	for _, tc := range []struct {
		name     string
		from, to time.Time
		want     []int
	}{
		{"whole hours", t0.Add(time.Hour), t0.Add(3 * time.Hour), []int{2, 3}},
		{"from inside an hour skips it", t0.Add(90 * time.Minute), t0.Add(3 * time.Hour), []int{3}},
		{"to inside an hour keeps it", t0.Add(time.Hour), t0.Add(150 * time.Minute), []int{2, 3}},
		{"empty range", t0.Add(time.Hour), t0.Add(time.Hour), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := db.Counts("k", tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			var ns []int
			for _, c := range got {
				ns = append(ns, c.N)
			}
			if !equalInts(ns, tc.want) {
				t.Fatalf("counts = %v, want %v", ns, tc.want)
			}
		})
	}
}

func TestCountsOfAnUnknownKeyOrAnEmptyDatabaseAreNone(t *testing.T) {
	db := storetest.Open(t, nil)
	if got, err := db.Counts("nobody", t0.Add(-time.Hour), t0); err != nil || len(got) != 0 {
		t.Fatalf("empty database: %v, %v", got, err)
	}
	db.AddCounts(store.Tally{Key: "NATO", At: t0})
	if got, err := db.Counts("nobody", t0.Add(-time.Hour), t0.Add(time.Hour)); err != nil || len(got) != 0 {
		t.Fatalf("unknown key: %v, %v", got, err)
	}
}

func TestCountsRefuseBadInputAndWriteNothing(t *testing.T) {
	db := storetest.Open(t, nil)
	for _, tc := range []struct {
		name string
		t    store.Tally
	}{
		{"empty key", store.Tally{At: t0}},
		{"huge key", store.Tally{Key: strings.Repeat("k", 1000), At: t0}},
		{"huge group", store.Tally{Key: "k", Group: strings.Repeat("g", 1000), At: t0}},
		{"negative increment", store.Tally{Key: "k", At: t0, N: -5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A good tally in the same call is not applied either: one transaction.
			err := db.AddCounts(store.Tally{Key: "k", At: t0}, tc.t)
			if !errors.Is(err, store.ErrBadCount) {
				t.Fatalf("err = %v, want ErrBadCount", err)
			}
			if got, _ := db.Counts("k", t0, t0.Add(time.Hour)); len(got) != 0 {
				t.Fatalf("counts after a refused write = %+v", got)
			}
		})
	}
}

func TestCountsSaturateInsteadOfWrapping(t *testing.T) {
	db := storetest.Open(t, nil)
	big := 1<<32 - 10
	if err := db.AddCounts(store.Tally{Key: "k", At: t0, N: big}, store.Tally{Key: "k", At: t0, N: 100}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Counts("k", t0, t0.Add(time.Hour))
	if len(got) != 1 || got[0].N != 1<<32-1 {
		t.Fatalf("counts = %+v, want one saturated at 2^32-1", got)
	}
}

func TestPruneCountsForgetsOldHoursAndEmptyKeys(t *testing.T) {
	db := storetest.Open(t, nil)
	db.AddCounts(
		store.Tally{Key: "old only", At: t0.Add(-40 * 24 * time.Hour)},
		store.Tally{Key: "mixed", At: t0.Add(-32 * 24 * time.Hour)},
		store.Tally{Key: "mixed", At: t0.Add(-31*24*time.Hour - time.Minute)},
		store.Tally{Key: "mixed", At: t0.Add(-31 * 24 * time.Hour)},
		store.Tally{Key: "mixed", At: t0},
	)
	n, err := db.PruneCounts(t0.Add(-store.CountsRetention))
	if err != nil || n != 3 {
		t.Fatalf("PruneCounts = %d, %v; want 3 removed", n, err)
	}
	got, _ := db.Counts("mixed", t0.Add(-60*24*time.Hour), t0.Add(time.Hour))
	if len(got) != 2 || !got[0].Hour.Equal(t0.Add(-31*24*time.Hour)) || !got[1].Hour.Equal(t0) {
		t.Fatalf("mixed after prune = %+v", got)
	}
	if got, _ := db.Counts("old only", t0.Add(-60*24*time.Hour), t0.Add(time.Hour)); len(got) != 0 {
		t.Fatalf("old only after prune = %+v", got)
	}
	if n, err := db.PruneCounts(t0.Add(-store.CountsRetention)); err != nil || n != 0 {
		t.Fatalf("second prune = %d, %v; want nothing left to remove", n, err)
	}
}

func TestPruneCountsOnAFileWithoutCountersIsANoOp(t *testing.T) {
	db := storetest.Open(t, nil)
	if n, err := db.PruneCounts(t0); err != nil || n != 0 {
		t.Fatalf("PruneCounts = %d, %v", n, err)
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

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
