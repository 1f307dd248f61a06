//go:build unix

package feed

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/fetch"
)

// BenchmarkCycle1000: one op is a poll cycle of 1,000 loopback feeds on
// 50 servers (hosts) of 20 feeds each, with fetch.concurrency 8 and at most 2 per host.
// "changed" feeds answer 200 with a fresh ETag and a 20-item feed that is parsed; the others
// answer 304 to the conditional GET. Reported beside ns/op, B/op and allocs/op:
// cpu-ms/cycle (user+system CPU of the whole process, the loopback servers included) and
// peak-rss-MB (the process's maximum resident set since it started).
func BenchmarkCycle1000(b *testing.B) {
	for _, changed := range []int{0, 5, 100} {
		b.Run(fmt.Sprintf("changed=%d%%", changed), func(b *testing.B) { benchCycle(b, changed) })
	}
}

func benchCycle(b *testing.B, changedPercent int) {
	const servers, perServer = 50, 20
	var body strings.Builder
	body.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title><link>https://bench.example/</link>`)
	for i := range 20 {
		fmt.Fprintf(&body, `<item><guid>item-%d</guid><title>NATO and Zelensky, story %d</title><link>https://bench.example/%d?utm_source=rss</link><description><![CDATA[<p>Some <b>text</b> about the story &amp; its context.</p>]]></description><pubDate>Sun, 01 Mar 2026 10:00:00 GMT</pubDate></item>`, i, i, i)
	}
	body.WriteString(`</channel></rss>`)
	feedBody := body.String()

	var version atomic.Int64
	var urls []string
	for range servers {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
			changed := n*100 < changedPercent*perServer
			etag := `"static"`
			if changed {
				etag = `"v` + strconv.FormatInt(version.Add(1), 10) + `"`
			}
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", etag)
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			io.WriteString(w, feedBody)
		}))
		b.Cleanup(srv.Close)
		for i := range perServer {
			urls = append(urls, fmt.Sprintf("%s/%d", srv.URL, i))
		}
	}

	r := &Reader{Fetch: fetch.New(fetch.Options{AllowPrivateNetworks: true, Timeout: 15 * time.Second})}
	states := make([]watch.State, len(urls))
	var items atomic.Int64
	cycle := func() {
		var wg sync.WaitGroup
		for i, u := range urls {
			wg.Go(func() {
				got, err := r.Poll(b.Context(), watch.Source{Name: u, Target: u}, &states[i])
				if err != nil {
					b.Error(err)
				}
				items.Add(int64(len(got)))
			})
		}
		wg.Wait()
	}
	cycle() // the first poll of every feed: no validators yet
	items.Store(0)

	before := rusage()
	b.ReportAllocs()
	b.ResetTimer()
	cycles := 0
	for b.Loop() {
		cycle()
		cycles++
	}
	b.StopTimer()
	after := rusage()
	cpu := time.Duration(after.Utime.Nano()+after.Stime.Nano()-before.Utime.Nano()-before.Stime.Nano()) / time.Duration(cycles)
	b.ReportMetric(float64(cpu.Microseconds())/1000, "cpu-ms/cycle")
	b.ReportMetric(float64(after.Maxrss)/1024, "peak-rss-MB")
	b.ReportMetric(float64(items.Load())/float64(cycles), "items/cycle")
}

func rusage() syscall.Rusage {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru
}
