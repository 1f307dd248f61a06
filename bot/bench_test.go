package bot_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
)

// BenchmarkDeliver measures the delivery pipeline's own rate with every rate limit off:
// each iteration publishes one item that 200 chats' alert watches match, and waits until
// every chat has received its alert. That covers matching and recording the hits, rendering
// each chat's alert, writing it to the bbolt outbox, sending it over loopback HTTP to the
// fake Bot API (which parses and checks the HTML) and marking it sent; not the alert
// window, which is switched off. msgs/s is the
// figure docs/DELIVERY.md reports.
func BenchmarkDeliver(b *testing.B) {
	const chats = 200
	r := newRig(b, bottest.Options{Limits: bottest.Limits{Off: true}}, func(o *bot.Options) {
		o.Limits = bot.Limits{Off: true}
		o.AlertWindow = -1 // the window is a deliberate wait, not the pipeline's cost
	})
	ids := chatIDs(1, chats)
	r.addChats(ids, "NATO", true, nil)
	b.ReportAllocs()
	n := 0
	start := time.Now()
	for b.Loop() {
		n++
		r.publish(item(fmt.Sprint("bench-", n), fmt.Sprintf("NATO story number %d", n)))
		done := 0 // chats known to have the alert: each wake-up checks only the others
		r.tg.WaitFor(b, time.Minute, func(s *bottest.Server) bool {
			for done < len(ids) && len(s.Messages(ids[done])) >= n {
				done++
			}
			return done == len(ids)
		})
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(n*chats)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(0, "ns/op")
	if v := r.tg.Violations(); len(v) > 0 {
		b.Fatalf("violations: %v", v[:min(len(v), 5)])
	}
}
