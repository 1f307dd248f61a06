package store

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/vedetta/vedetta/internal/mapped"
	"github.com/vedetta/vedetta/watch"
)

// mappedKB is the resident part of this process's mapping of path (/proc/self/smaps).
func mappedKB(t *testing.T, path string) int {
	raw, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	kb, in := 0, false
	for line := range strings.SplitSeq(string(raw), "\n") {
		if f := strings.Fields(line); len(f) > 0 && strings.Contains(f[0], "-") && len(f) >= 5 {
			in = len(f) == 6 && f[5] == path
			continue
		}
		if v, ok := strings.CutPrefix(line, "Rss:"); ok && in {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			kb += n
		}
	}
	return kb
}

// filled opens a new database and records one poll of n items of source "wire" with no
// release of mapped pages while it writes; it returns the database, its path and the items.
func filled(t *testing.T, n int) (*DB, string, []watch.Item) {
	path := filepath.Join(t.TempDir(), "v.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var items []watch.Item
	for i := range n {
		items = append(items, watch.Item{Source: "wire", ID: fmt.Sprint(i), Title: "A title long enough", Text: strings.Repeat("text ", 100)})
	}
	db.dropLater.Store(true) // no release while filling: one is due already
	if _, err := db.RecordPoll("wire", watch.State{}, items, nil); err != nil {
		t.Fatal(err)
	}
	return db, path, items
}

func TestReleaseMappedLetsGoOfTheFilesPages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for p := range 50 {
		var items []watch.Item
		for i := range 100 {
			items = append(items, watch.Item{Source: "wire", ID: fmt.Sprintf("%d-%d", p, i), Title: "A title long enough", Text: strings.Repeat("text ", 100)})
		}
		db.dropLater.Store(true) // no release while filling: one is due already
		if _, err := db.RecordPoll("wire", watch.State{}, items, nil); err != nil {
			t.Fatal(err)
		}
	}
	// Read every item through the map.
	if err := db.RecentItems(time.Time{}, func(watch.Item) bool { return true }); err != nil {
		t.Fatal(err)
	}
	before := mappedKB(t, path)
	db.lastDrop.Store(int64(time.Since(processStart)) - int64(dropEvery))
	db.releaseMapped()
	after := mappedKB(t, path)
	if before < 1024 || after > before/4 {
		t.Fatalf("resident pages of the database file: %d kB after reading it, %d kB after releaseMapped; want most let go", before, after)
	}
	// The data is all still there.
	n := 0
	db.RecentItems(time.Time{}, func(watch.Item) bool { n++; return true })
	if n != 5000 {
		t.Fatalf("read %d items after releaseMapped, want 5000", n)
	}
}

// TestReleaseMappedLetsGoAfterTheLastWriteOfABurst: a write too soon after a release still
// has its pages let go once dropEvery has passed, without another write.
func TestReleaseMappedLetsGoAfterTheLastWriteOfABurst(t *testing.T) {
	db, path, _ := filled(t, 3000)
	if err := db.RecentItems(time.Time{}, func(watch.Item) bool { return true }); err != nil {
		t.Fatal(err)
	}
	before := mappedKB(t, path)
	if before < 1024 {
		t.Fatalf("only %d kB of the file resident after reading it all", before)
	}
	db.lastDrop.Store(int64(time.Since(processStart))) // a release just ran: the next one is too soon
	db.dropLater.Store(false)
	db.releaseMapped()
	if now := mappedKB(t, path); now < before/4 {
		t.Fatalf("released at once (%d kB of %d): the rate limit did not hold", now, before)
	}
	deadline := time.Now().Add(10 * dropEvery)
	for mappedKB(t, path) > before/4 {
		if time.Now().After(deadline) {
			t.Fatalf("%d kB still resident %v after the last write; want them let go after %v", mappedKB(t, path), 10*dropEvery, dropEvery)
		}
		time.Sleep(dropEvery / 20)
	}
}

// TestReleaseMappedLetsGoMidBurstOnceOverBudget: in a burst of writes, the pages read are
// let go as soon as the mapped files have grown by the budget, without waiting for
// dropEvery, and not before.
func TestReleaseMappedLetsGoMidBurstOnceOverBudget(t *testing.T) {
	db, path, _ := filled(t, 3000)
	db.lastDrop.Store(int64(time.Since(processStart))) // a release just ran: dropEvery is not up
	db.mappedAfter.Store(mapped.Resident())
	db.budget = 64 << 20
	if err := db.RecentItems(time.Time{}, func(watch.Item) bool { return true }); err != nil {
		t.Fatal(err)
	}
	before := mappedKB(t, path)
	if before < 1024 {
		t.Fatalf("only %d kB of the file resident after reading it all", before)
	}
	db.lastCheck.Store(0)
	db.releaseMapped()
	if now := mappedKB(t, path); now < before/4 {
		t.Fatalf("released %d of %d kB under a 64 MB budget", before-now, before)
	}
	db.budget = 512 << 10 // the file read is more than that
	db.lastCheck.Store(0)
	db.releaseMapped()
	if now := mappedKB(t, path); now > before/4 {
		t.Fatalf("%d kB of %d still resident after a release over the budget", now, before)
	}
}

// TestUnseenAnswersTheLastPollsItemsFromMemory: the items a source's last poll returned are
// known seen without reading the file (recent.go); a new item among them is still new.
func TestUnseenAnswersTheLastPollsItemsFromMemory(t *testing.T) {
	db, path, items := filled(t, 200)
	db.lastDrop.Store(int64(time.Since(processStart)) - int64(dropEvery))
	db.releaseMapped()
	if kb := mappedKB(t, path); kb != 0 {
		t.Fatalf("%d kB of the file still mapped after releaseMapped", kb)
	}
	fresh, err := db.Unseen(items)
	if err != nil || len(fresh) != 0 {
		t.Fatalf("Unseen of the recorded items = %d items, %v; want none", len(fresh), err)
	}
	if kb := mappedKB(t, path); kb != 0 {
		t.Fatalf("Unseen of the last poll's items read %d kB of the file; want none", kb)
	}
	more := append(slices.Clone(items), watch.Item{Source: "wire", ID: "new 1"}, watch.Item{Source: "wire", ID: "new 2"})
	fresh, err = db.Unseen(more)
	if err != nil || len(fresh) != 2 || fresh[0].ID != "new 1" || fresh[1].ID != "new 2" {
		t.Fatalf("Unseen with two new items = %+v, %v", fresh, err)
	}
	// Another source's items with the same ids are not its items.
	other := []watch.Item{{Source: "agency", ID: "1"}}
	if fresh, _ := db.Unseen(other); len(fresh) != 1 {
		t.Fatalf("another source's item = %+v, want new", fresh)
	}
}

// mapAreaCount counts the memory areas of /proc/self/maps that map path.
func mapAreaCount(t *testing.T, path string) int {
	raw, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Skipf("no /proc/self/maps: %v", err)
	}
	n := 0
	for line := range strings.SplitSeq(string(raw), "\n") {
		if f := strings.Fields(line); len(f) == 6 && f[5] == path {
			n++
		}
	}
	return n
}

// TestTheMapIsCutIntoPagesAsTheFileGrows: the pages in use of the database's map are areas
// of a page each (mapped.Fragment), from Open on, and still after bbolt has mapped the
// grown file anew.
func TestTheMapIsCutIntoPagesAsTheFileGrows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	inUse := func() int {
		var size int64
		db.bolt.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil })
		return int(size) / os.Getpagesize()
	}
	if got, want := mapAreaCount(t, path), inUse(); got < want {
		t.Fatalf("%d areas map the new database; want at least its %d pages in use", got, want)
	}
	firstMap := db.bolt.Info().Data
	for p := range 40 {
		var items []watch.Item
		for i := range 100 {
			items = append(items, watch.Item{Source: "wire", ID: fmt.Sprintf("%d-%d", p, i), Title: "A title long enough", Text: strings.Repeat("text ", 100)})
		}
		if _, err := db.RecordPoll("wire", watch.State{}, items, nil); err != nil {
			t.Fatal(err)
		}
	}
	db.lastDrop.Store(int64(time.Since(processStart)) - int64(dropEvery))
	db.releaseMapped()
	pages := inUse()
	if pages < 256 {
		t.Fatalf("only %d pages in use after 4,000 items: the 32 KB map of the new file was not outgrown", pages)
	}
	if got := mapAreaCount(t, path); got < pages || got > pages+2 {
		t.Fatalf("%d areas map the database of %d pages in use (map at %#x, first at %#x); want one a page", got, pages, db.bolt.Info().Data, firstMap)
	}
	// Reading every item maps the pages read, not 64 KB around each.
	if err := db.RecentItems(time.Time{}, func(watch.Item) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if kb := mappedKB(t, path); kb > pages*os.Getpagesize()/1024 {
		t.Fatalf("%d kB of the file mapped; it has %d pages in use", kb, pages)
	}
}
