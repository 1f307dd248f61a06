package bot_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/watch"
)

// cycle is one poll cycle's findings: per source, the items it commits.
type cycle map[string][]watch.Item

// newCycle makes sources × perSource items that match "NATO", published a minute apart
// per item, with sources sharing publication times (so that the order must break ties).
// title makes each item's title.
func newCycle(sources, perSource int, title func(src, k int) string) cycle {
	base := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	c := cycle{}
	for s := range sources {
		name := fmt.Sprintf("src%02d", s)
		for k := range perSource {
			id := fmt.Sprintf("%s-%d", name, k)
			c[name] = append(c[name], watch.Item{ID: id, Source: name, Title: title(s, k),
				URL: "https://example.org/" + id, Published: base.Add(time.Duration(k) * time.Minute)})
		}
	}
	return c
}

// commit records every source's items at once, each source in its own commit as the
// poller does, in whatever order the goroutines run.
func (r *rig) commit(c cycle) {
	r.tb.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(c))
	for name, items := range c {
		wg.Go(func() {
			_, err := r.router.Record(watch.Source{Name: name}, watch.State{Primed: true}, slices.Clone(items), true)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			r.tb.Fatal(err)
		}
	}
}

// oneCycle runs a fresh bot, commits the cycle for the chats and returns what each chat got.
func oneCycle(t *testing.T, c cycle, chats []int64) map[int64][]bottest.Message {
	t.Helper()
	r := newRig(t, bottest.Options{Limits: fastTelegram}, func(o *bot.Options) {
		o.AlertWindow = time.Hour // closed by the test, not by the clock
	})
	r.addChats(chats, "NATO", true, nil)
	r.commit(c)
	r.waitDrained(wait)
	r.stop()
	if v := r.tg.Violations(); len(v) > 0 {
		t.Fatalf("violations: %v", v)
	}
	out := map[int64][]bottest.Message{}
	for _, id := range chats {
		out[id] = r.tg.Messages(id)
	}
	return out
}

func visibleLen(s string) int { return len(utf16.Encode([]rune(s))) }

// TestAlertsOfOneCycleAreOneMessagePerChat: 50 alerts for a chat, committed by ten sources
// at once, are one message; when they cannot fit in 4,096 characters they are as few
// messages as the limit allows, split between items.
func TestAlertsOfOneCycleAreOneMessagePerChat(t *testing.T) {
	chats := []int64{5, 6, -7}
	t.Run("50 short alerts are one message", func(t *testing.T) {
		// Different numbers in the titles: different stories, each its own entry.
		c := newCycle(10, 5, func(s, k int) string { return fmt.Sprintf("NATO brief %d", 100*(s+1)+k) })
		for id, msgs := range oneCycle(t, c, chats) {
			if len(msgs) != 1 {
				t.Fatalf("chat %d got %d messages for one cycle, want 1: lengths %v", id, len(msgs), lengths(msgs))
			}
			if n := strings.Count(msgs[0].Text, "• "); n != 50 {
				t.Fatalf("chat %d: the message lists %d alerts, want 50", id, n)
			}
		}
	})
	t.Run("50 long alerts are as few messages as 4,096 characters allow", func(t *testing.T) {
		pad := strings.Repeat("x", 230)
		c := newCycle(10, 5, func(s, k int) string { return fmt.Sprintf("NATO long %d %s", 100*(s+1)+k, pad) })
		for id, msgs := range oneCycle(t, c, chats) {
			if len(msgs) < 2 {
				t.Fatalf("chat %d got %d messages, want the 50 long alerts split", id, len(msgs))
			}
			total := 0
			for i, m := range msgs {
				total += strings.Count(m.Text, "• ")
				if visibleLen(m.Text) > 4096 {
					t.Fatalf("chat %d message %d has %d characters", id, i, visibleLen(m.Text))
				}
				if i == len(msgs)-1 {
					continue
				}
				// The next message's first item would not have fitted in this one.
				next := msgs[i+1].Text
				first, _, _ := strings.Cut(next[strings.Index(next, "• "):], "\n• ")
				if visibleLen(m.Text)+1+visibleLen(first) <= 4096 {
					t.Fatalf("chat %d: message %d (%d characters) had room for the next item (%d): lengths %v",
						id, i, visibleLen(m.Text), visibleLen(first), lengths(msgs))
				}
			}
			if total != 50 {
				t.Fatalf("chat %d: %d alerts in all, want 50", id, total)
			}
		}
	})
}

// TestSameCycleSameMessages: the same cycle, committed ten times by sources racing each
// other, gives the same messages every time.
func TestSameCycleSameMessages(t *testing.T) {
	c := newCycle(10, 5, func(s, k int) string {
		if k%2 == 0 {
			return fmt.Sprintf("NATO brief %d", 100*(s+1)+k)
		}
		return fmt.Sprintf("NATO long %d %s", 100*(s+1)+k, strings.Repeat("y", 150))
	})
	chats := []int64{8, -9}
	var first map[int64][]bottest.Message
	for run := range 10 {
		got := oneCycle(t, c, chats)
		if run == 0 {
			first = got
			continue
		}
		for _, id := range chats {
			a, b := first[id], got[id]
			if len(a) != len(b) {
				t.Fatalf("run %d: chat %d got %d messages (lengths %v), run 0 got %d (%v)", run, id, len(b), lengths(b), len(a), lengths(a))
			}
			for i := range a {
				if a[i].HTML != b[i].HTML {
					t.Fatalf("run %d: chat %d message %d differs from run 0's:\n%s\n---\n%s", run, id, i, b[i].HTML, a[i].HTML)
				}
			}
		}
	}
}

func lengths(msgs []bottest.Message) []int {
	out := make([]int, len(msgs))
	for i, m := range msgs {
		out[i] = visibleLen(m.Text)
	}
	return out
}
