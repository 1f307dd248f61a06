package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
	"github.com/vedetta/vedetta/watch/poll"
)

// rig is a Bot wired to a fake Bot API, for the delivery tests and the benchmark: unlike
// harness it works with a testing.TB, registers chats straight in the store, and leaves
// the check of the fake's violations to each test.
type rig struct {
	tb   testing.TB
	tg   *bottest.Server
	db   *store.DB
	bot  *bot.Bot
	stop func() // stops the bot and waits for it; also run at cleanup
}

func newRig(tb testing.TB, tgOpts bottest.Options, edit func(*bot.Options)) *rig {
	tb.Helper()
	tg := bottest.New(tb, tgOpts)
	db := storetest.Open(tb, nil)
	r := &rig{tb: tb, tg: tg, db: db}
	r.start(edit)
	return r
}

// start runs a Bot on the rig's store and fake.
func (r *rig) start(edit func(*bot.Options)) {
	r.tb.Helper()
	opts := bot.Options{
		Token: r.tg.Token(), Endpoint: r.tg.Endpoint(), DB: r.db, Catalogue: match.Builtin(),
		DigestSchedule: "off", Timezone: "Europe/Rome", Limits: fastBot,
		Sources: &fakeSources{list: []watch.Source{{Name: "ANSA", Kind: watch.KindFeed}}},
	}
	if edit != nil {
		edit(&opts)
	}
	b, err := bot.New(opts)
	if err != nil {
		r.tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	var once sync.Once
	r.bot = b
	r.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				r.tb.Errorf("bot stopped with %v", err)
			}
		})
	}
	r.tb.Cleanup(r.stop)
}

// addChats registers private chats (ids > 0) or groups (ids < 0) watching query, known to the
// fake, and rebuilds the match index.
func (r *rig) addChats(ids []int64, query string, alert bool, edit func(*store.Chat)) {
	r.tb.Helper()
	for _, id := range ids {
		typ := "private"
		if id < 0 {
			typ = "supergroup"
		}
		r.tg.AddChat(bottest.Chat{ID: id, Type: typ, Title: fmt.Sprint("chat ", id)})
		_, err := r.db.UpdateChat(id, true, func(c *store.Chat) error {
			c.Type = typ
			c.NextID++
			c.Watches = append(c.Watches, store.Watch{ID: c.NextID, Query: query, Alert: alert})
			if edit != nil {
				edit(c)
			}
			return nil
		})
		if err != nil {
			r.tb.Fatal(err)
		}
	}
	if err := r.bot.Queue().Rebuild(); err != nil {
		r.tb.Fatal(err)
	}
}

// publish hands items from the ANSA source to the bot as the poller would.
func (r *rig) publish(items ...watch.Item) {
	r.tb.Helper()
	q := r.bot.Queue()
	var found []poll.Found
	for i := range items {
		items[i].Source = "ANSA"
		if items[i].Published.IsZero() {
			items[i].Published = time.Now()
		}
		if hits := q.Matcher().Match(items[i].Title, items[i].Text); len(hits) > 0 {
			found = append(found, poll.Found{Item: items[i], Hits: hits})
		}
	}
	if err := q.Record(watch.Source{Name: "ANSA"}, watch.State{Primed: true}, items, found); err != nil {
		r.tb.Fatal(err)
	}
}

// waitDrained waits until no match is queued and the outbox is empty.
func (r *rig) waitDrained(timeout time.Duration) {
	r.tb.Helper()
	r.tg.WaitFor(r.tb, timeout, func(*bottest.Server) bool {
		n, _, err := r.db.PendingCount()
		out, err2 := r.db.Outbox()
		return err == nil && err2 == nil && n == 0 && len(out) == 0
	})
}

func item(id, title string) watch.Item {
	return watch.Item{ID: id, Title: title, URL: "https://example.org/" + id}
}

func chatIDs(first int64, n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = first + int64(i)
	}
	return ids
}

// countIn counts the messages of the chat whose visible text contains s.
func countIn(msgs []bottest.Message, s string) int {
	n := 0
	for _, m := range msgs {
		if strings.Contains(m.Text, s) {
			n++
		}
	}
	return n
}
