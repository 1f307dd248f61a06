package route_test

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vedetta/vedetta/route"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

// benchItems are the headlines and summaries of story/testdata/events.txt, as items.
func benchItems(b *testing.B) []watch.Item {
	f, err := os.Open("../story/testdata/events.txt")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []watch.Item
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), " | ")
		if len(p) != 6 {
			continue
		}
		out = append(out, watch.Item{Source: p[2], Title: p[4], Text: p[5], URL: "https://example.org/x"})
	}
	return out
}

// BenchmarkRecordPerItem is the poll path per new item: polls of 20 items of the labelled
// story set recorded by the router — matched against 1,000 chats of 5 watches each (one in
// ten watching busy catalogue names), routed, assigned to stories, and written with the
// source's state in one transaction. It reports wall time and CPU time (user and system:
// without the wait for fsync, which the disk decides) per item.
func BenchmarkRecordPerItem(b *testing.B) {
	db := storetest.Open(b, nil)
	queries := []string{"NATO", "Zelensky", "ucrain* AND Kyiv", `"Alleanza Atlantica" OR OTAN`, "Lavrov -sport"}
	for c := range 1000 {
		_, err := db.UpdateChat(int64(c+1), true, func(ch *store.Chat) error {
			for w, q := range queries {
				if c%10 != 0 { // one chat in ten watches the busy catalogue names
					q = fmt.Sprintf("term%d", c*5+w)
				}
				ch.Watches = append(ch.Watches, store.Watch{ID: w + 1, Query: q})
			}
			ch.Schedule = "off"
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	store.MaxPendingPerChat = 1 << 30
	r, err := route.New(route.Options{DB: db, Catalogue: match.Builtin()})
	if err != nil {
		b.Fatal(err)
	}
	items := benchItems(b)
	const perPoll = 20
	n := 0
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		poll := make([]watch.Item, perPoll)
		for i := range poll {
			poll[i] = items[n%len(items)]
			poll[i].ID = fmt.Sprint(n)
			poll[i].Published = time.Now()
			n++
		}
		if _, err := r.Record(watch.Source{Name: "bench"}, watch.State{Primed: true}, poll, true); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/item")
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(n), "cpu-ns/item")
}

// cpuTime is the process's CPU time, user and system: the poll path's cost without the
// wait for the disk (fsync), which a loaded or a fast disk changes.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
