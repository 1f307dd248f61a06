package store_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

// simulation feeds a database items through RecordPoll over simulated days, the way the
// poller does, with Prune every simulated hour as cmd/vedetta's pruneLoop does, and a daily
// digest that moves the matches to the outbox and marks them sent.
type simulation struct {
	perDay, perPoll int
	seenDays        int // store.retention
	itemDays        int // the /search window
	matchEvery      int // one item in matchEvery matches a watch of chat 1
}

type simResult struct {
	items      int
	fileBytes  int64 // on disk
	sizeBytes  int64 // db.Size(): pages in use up to the high-water mark
	steadyFile int64 // file size at the end of the first day with a full retention window
	peakFile   int64
	// Pages allocated per entry, by bucket, at the end (bbolt bucket stats).
	seenEntries, itemEntries int
	seenBytes, itemBytes     int64
}

// bucketCost reads the entries and allocated bytes of a bucket from the closed file.
func bucketCost(t testing.TB, path, name string) (int, int64) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var n int
	var bytes int64
	b.View(func(tx *bolt.Tx) error {
		st := tx.Bucket([]byte(name)).Stats()
		n, bytes = st.KeyN, int64(st.BranchAlloc+st.LeafAlloc)
		return nil
	})
	return n, bytes
}

var lorem = strings.Repeat("Defence ministers of the Alliance met in Brussels to discuss security guarantees. ", 5) // ~420 bytes, a typical feed summary

func (s simulation) run(t testing.TB, days int) simResult {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bounded.db")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	db, err := store.Open(path, store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	var res simResult
	pollsPerDay := s.perDay / s.perPoll
	step := 24 * time.Hour / time.Duration(pollsPerDay)
	nextPrune := now.Add(time.Hour)
	n := 0
	for day := range days {
		for range pollsPerDay {
			items := make([]watch.Item, s.perPoll)
			var hits []store.Hit
			for i := range items {
				n++
				items[i] = watch.Item{ID: fmt.Sprintf("https://news.example/%d/article-%d", n%97, n), Source: fmt.Sprintf("Wire %d", n%97),
					Title: fmt.Sprintf("Headline number %d about the news of the day, long as a real one", n), Text: lorem,
					URL: fmt.Sprintf("https://news.example/%d/article-%d", n%97, n), Published: now}
				if s.matchEvery > 0 && n%s.matchEvery == 0 {
					hits = append(hits, store.Hit{ChatID: 1, Item: items[i], WatchIDs: []int{1}, Terms: []string{"NATO"}})
				}
			}
			if _, err := db.RecordPoll(items[0].Source, watch.State{Primed: true}, items, hits); err != nil {
				t.Fatal(err)
			}
			now = now.Add(step)
			if !now.Before(nextPrune) {
				if _, _, err := db.Prune(now.AddDate(0, 0, -s.seenDays), now.AddDate(0, 0, -s.itemDays)); err != nil {
					t.Fatal(err)
				}
				nextPrune = nextPrune.Add(time.Hour)
			}
		}
		batches, err := db.Queued([]int64{1}, func(int64, *store.Pending) bool { return true })
		if err != nil {
			t.Fatal(err)
		}
		var render [][]store.Message
		for _, bt := range batches {
			render = append(render, []store.Message{{ChatID: 1, HTML: fmt.Sprintf("%d stories", len(bt.Entries)), Kind: "digest"}})
		}
		msgs, err := db.Deliver(batches, render)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			db.MarkSent(m.ID)
		}
		fi, _ := os.Stat(path)
		res.peakFile = max(res.peakFile, fi.Size())
		if day == s.seenDays {
			res.steadyFile = fi.Size()
		}
	}
	fi, _ := os.Stat(path)
	res.items, res.fileBytes, res.sizeBytes = n, fi.Size(), db.Size()
	db.Close()
	res.seenEntries, res.seenBytes = bucketCost(t, path, "seen")
	res.itemEntries, res.itemBytes = bucketCost(t, path, "items")
	return res
}

// TestDatabaseStaysBoundedUnderRetention shows, at a small scale, that with pruning the file
// stops growing once the retention window is full: ten simulated days of 2,000 items a day
// with three days of seen set end no larger than the file after day four (without Prune it
// ends six times as large).
func TestDatabaseStaysBoundedUnderRetention(t *testing.T) {
	res := simulation{perDay: 2000, perPoll: 100, seenDays: 3, itemDays: 1, matchEvery: 100}.run(t, 10)
	t.Logf("%d items: file %d KiB, in use %d KiB, after day 4 %d KiB; %d seen entries at %d B, %d items at %d B",
		res.items, res.fileBytes>>10, res.sizeBytes>>10, res.steadyFile>>10,
		res.seenEntries, res.seenBytes/int64(max(res.seenEntries, 1)), res.itemEntries, res.itemBytes/int64(max(res.itemEntries, 1)))
	if res.fileBytes > res.steadyFile*11/10 {
		t.Fatalf("file grew from %d to %d bytes after the retention window was full", res.steadyFile, res.fileBytes)
	}
}

// BenchmarkMillionItemsBounded records 1,000,000 items (100,000 a day for ten simulated days,
// 100 per poll, 1% matching) with three days of seen set and one day of /search items, and
// reports the file size at the end and when the window first filled. Run with
//
//	go test ./store -run '^$' -bench MillionItems -benchtime 1x
func BenchmarkMillionItemsBounded(b *testing.B) {
	sim := simulation{perDay: 100_000, perPoll: 100, seenDays: 3, itemDays: 1, matchEvery: 100}
	var res simResult
	for b.Loop() {
		res = sim.run(b, 10)
	}
	b.ReportMetric(float64(res.items), "items")
	b.ReportMetric(float64(res.fileBytes)/1e6, "file_MB")
	b.ReportMetric(float64(res.steadyFile)/1e6, "file_MB_day4")
	b.ReportMetric(float64(res.peakFile)/1e6, "peak_MB")
	b.ReportMetric(float64(res.sizeBytes)/1e6, "in_use_MB")
	b.ReportMetric(float64(res.seenEntries), "seen_entries")
	b.ReportMetric(float64(res.seenBytes)/float64(res.seenEntries), "B/seen_entry")
	b.ReportMetric(float64(res.itemEntries), "search_items")
	b.ReportMetric(float64(res.itemBytes)/float64(res.itemEntries), "B/search_item")
}

// BenchmarkSearchScan is what one /search costs in the store: 100,000 kept items, read
// newest first and matched, as bot's /search does, up to its bound of 20,000 items (with
// 100,000 read it took about 0.9 s and every other chat waited).
func BenchmarkSearchScan(b *testing.B) {
	db, err := store.Open(filepath.Join(b.TempDir(), "search.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now := time.Now()
	for batch := range 100 {
		items := make([]watch.Item, 1000)
		for i := range items {
			n := batch*1000 + i
			items[i] = watch.Item{Source: "ANSA", ID: fmt.Sprint(n), Title: fmt.Sprintf("Item %d about the Alliance", n), Text: lorem, Published: now.Add(-time.Duration(n) * time.Second)}
		}
		if _, err := db.RecordPoll("ANSA", watch.State{}, items, nil); err != nil {
			b.Fatal(err)
		}
	}
	ix, err := match.Compile([]match.Watch{{Query: "Zelensky"}}, match.Builtin())
	if err != nil {
		b.Fatal(err)
	}
	for _, bound := range []int{20_000, 100_000} {
		b.Run(fmt.Sprint(bound), func(b *testing.B) {
			for b.Loop() {
				scanned := 0
				db.RecentItems(now.Add(-30*24*time.Hour), func(it watch.Item) bool {
					scanned++
					ix.Match(it.Title, it.Text)
					return scanned < bound
				})
			}
		})
	}
}
