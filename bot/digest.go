package bot

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/vedetta/vedetta/schedule"
	"github.com/vedetta/vedetta/store"
)

// chatLocation returns the chat's zone, else the default.
func (b *Bot) chatLocation(c *store.Chat) *time.Location {
	name := c.Timezone
	if name == "" {
		name = b.opts.Timezone
	}
	return loadLocation(name)
}

// locations caches time.LoadLocation, which reads and parses the zone file on every call.
var locations sync.Map // name → *time.Location

func loadLocation(name string) *time.Location {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	locations.Store(name, loc)
	return loc
}

func (b *Bot) chatSchedule(c *store.Chat) string {
	if c.Schedule != "" {
		return c.Schedule
	}
	return b.opts.DigestSchedule
}

func (b *Bot) scheduleAllDigests() error {
	chats, err := b.db.Chats()
	if err != nil {
		return err
	}
	for _, c := range chats {
		b.scheduleDigest(c)
	}
	return nil
}

// scheduleDigest (re)schedules a chat's digest job from its settings.
func (b *Bot) scheduleDigest(c *store.Chat) {
	b.unscheduleDigest(c.ID)
	if !c.Receives() {
		return
	}
	s, err := schedule.Digest(b.chatSchedule(c), b.chatLocation(c))
	if err != nil || s == nil {
		if err != nil {
			b.log.Warn("bad digest schedule", "chat_id", c.ID, "error", err)
		}
		return
	}
	id := c.ID
	b.mu.Lock()
	b.digests[id] = b.sched.Schedule(s, cron.FuncJob(func() {
		if err := b.sendDigest(id, false); err != nil {
			b.log.Error("scheduled digest", "chat_id", id, "error", err)
		}
	}))
	b.mu.Unlock()
}

func (b *Bot) unscheduleDigest(chatID int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if id, ok := b.digests[chatID]; ok {
		b.sched.Remove(id)
		delete(b.digests, chatID)
	}
}

// nextDigest is when the chat's next digest is due (zero if none).
func (b *Bot) nextDigest(chatID int64) time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	if id, ok := b.digests[chatID]; ok {
		return b.sched.Entry(id).Next
	}
	return time.Time{}
}

// sendDigest moves the chat's queued digest matches (up to max_items) into the outbox as
// digest messages. A scheduled digest with nothing queued sends nothing; an asked-for one
// says so.
func (b *Bot) sendDigest(chatID int64, asked bool) error {
	c, err := b.db.Chat(chatID)
	if err != nil {
		return err
	}
	if !asked && !c.Receives() {
		return nil
	}
	loc := b.chatLocation(c)
	tr := b.trFor(c)
	var digestCount int // the chat's digest matches, taken or not
	msgs, err := b.deliver([]int64{chatID}, func() func(int64, *store.Pending) bool {
		taken := 0
		digestCount = 0
		return func(_ int64, p *store.Pending) bool {
			if p.Alert {
				return false
			}
			digestCount++
			if taken >= b.opts.MaxItems {
				return false
			}
			taken++
			return true
		}
	}, func(_ int64, ps []store.Pending, dropped int) []store.Message {
		b.attachStories(ps)
		title := tr.T("digest.title", "When", tr.DateTime(b.now().In(loc)))
		return b.messages(c, "digest", renderDigest(tr, c, ps, loc, digestCount-len(ps), dropped, title))
	})
	if err != nil {
		return err
	}
	if len(msgs) == 0 {
		if asked {
			return b.reply(c.ID, c.ThreadID, tr.T("digest.nothing"))
		}
		return nil
	}
	_, err = b.db.UpdateChat(chatID, false, func(c *store.Chat) error { c.LastSent = b.now(); return nil })
	return err
}

func (b *Bot) messages(c *store.Chat, kind string, parts []string) []store.Message {
	out := make([]store.Message, len(parts))
	for i, p := range parts {
		out[i] = store.Message{ChatID: c.ID, ThreadID: c.ThreadID, HTML: p, Kind: kind}
	}
	return out
}

// runAlerts sends alert matches soon after they are queued: a chat's alerts wait for its
// alert window to close (alertWindow, Options.AlertWindow) so that those of one poll cycle
// go out as one message. During a chat's quiet hours (or while it is paused) they wait, and a
// sweep every minute sends them as one message when the quiet hours end. The sweep reads
// only the chats known to have alerts waiting (alertChats), not every chat's queue.
func (b *Bot) runAlerts(ctx context.Context) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	// Anything queued before a restart: the one full read.
	if ids, err := b.db.ChatsWithAlerts(); err != nil {
		b.log.Error("list chats with alerts", "error", err)
	} else {
		b.markAlerts(ids)
	}
	b.flushAlerts(b.waitingAlerts())
	window := newAlertWindow(b.opts.AlertWindow)
	// woken takes the chats the router woke with alerts; they are sent when their window
	// closes, or at once when there is no window.
	woken := func() {
		var ids []int64
		for id, alert := range b.router.TakeMatched() {
			if alert {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return
		}
		b.markAlerts(ids)
		if b.opts.AlertWindow < 0 {
			slices.Sort(ids)
			b.flushAlerts(ids)
			return
		}
		window.add(ids, time.Now())
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		if at, ok := window.next(); ok {
			timer.Reset(time.Until(at))
		} else {
			timer.Stop()
		}
		select {
		case <-ctx.Done():
			return
		case <-b.router.Matched():
			woken()
		case <-timer.C:
			b.flushAlerts(window.due(time.Now()))
		case done := <-b.closeWindow:
			woken()
			b.flushAlerts(window.closeAll())
			close(done)
		case id := <-b.sender.Room():
			b.flushAlerts(window.outside([]int64{id}))
		case <-tick.C:
			b.flushAlerts(window.outside(b.waitingAlerts()))
		}
	}
}

// markAlerts notes chats that have alerts queued.
func (b *Bot) markAlerts(ids []int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.alertChats == nil {
		b.alertChats = map[int64]bool{}
	}
	for _, id := range ids {
		b.alertChats[id] = true
	}
}

// waitingAlerts lists the chats that may have alerts queued.
func (b *Bot) waitingAlerts() []int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	ids := make([]int64, 0, len(b.alertChats))
	for id := range b.alertChats {
		ids = append(ids, id)
	}
	return ids
}

// flushAlerts sends the queued alerts of the given chats. The chats' alerts move to the
// outbox in one transaction, so a burst of matches costs one disk sync, not one per chat.
// A chat whose alerts went out (or that is gone) leaves alertChats.
func (b *Bot) flushAlerts(ids []int64) {
	if len(ids) == 0 {
		return
	}
	var chats []*store.Chat
	var gone []int64
	for _, id := range ids {
		c, err := b.db.Chat(id)
		if err != nil {
			if errors.Is(err, store.ErrNoChat) {
				gone = append(gone, id)
			} else {
				b.log.Error("send alerts", "chat_id", id, "error", err)
			}
			continue
		}
		chats = append(chats, c)
	}
	sent, err := b.sendAlerts(chats)
	if err != nil {
		b.log.Error("send alerts", "error", err)
		return
	}
	b.mu.Lock()
	for _, id := range append(sent, gone...) {
		delete(b.alertChats, id)
	}
	b.mu.Unlock()
}

// sendAlerts moves the queued alert matches of the chats that receive deliveries and are
// not in their quiet hours into the outbox, one message (or more, split) per chat, and hands
// them to the sender. Alerts queued during quiet hours are said to have been held.
// It returns the chats whose alerts were all taken.
func (b *Bot) sendAlerts(chats []*store.Chat) (taken []int64, err error) {
	byID := map[int64]*store.Chat{}
	var ids []int64
	for _, c := range chats {
		if !c.Receives() {
			continue
		}
		if quiet, _ := schedule.QuietAt(c.Quiet, b.now().In(b.chatLocation(c))); quiet {
			continue
		}
		if b.sender.QueuedFor(c.ID) >= maxOutboxPerChat {
			continue // stays queued; sent together when the sender has room (Sender.Room)
		}
		byID[c.ID] = c
		ids = append(ids, c.ID)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	_, err = b.deliver(ids, func() func(int64, *store.Pending) bool {
		return func(_ int64, p *store.Pending) bool { return p.Alert }
	}, func(id int64, ps []store.Pending, dropped int) []store.Message {
		c := byID[id]
		loc := b.chatLocation(c)
		held := false
		for _, p := range ps {
			if q, _ := schedule.QuietAt(c.Quiet, p.Queued.In(loc)); q {
				held = true
			}
		}
		b.attachStories(ps)
		return b.alertMessages(c, b.trFor(c), ps, loc, held, dropped)
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// deliverAttempts bounds how often deliver reads a queue again that changed under it.
const deliverAttempts = 5

// deliver moves the chats' queued matches that keep accepts into the outbox and hands the
// messages to the sender. The matches are read in a read-only transaction and rendered
// outside any write transaction, so a long render never holds up the pollers; the write
// then checks that nothing changed meanwhile, and reads again if it did. newKeep makes a
// fresh filter for each attempt (filters may count).
func (b *Bot) deliver(chatIDs []int64, newKeep func() func(int64, *store.Pending) bool, render func(chatID int64, ps []store.Pending, dropped int) []store.Message) ([]store.Message, error) {
	for attempt := 1; ; attempt++ {
		batches, err := b.db.Queued(chatIDs, newKeep())
		if err != nil || len(batches) == 0 {
			return nil, err
		}
		msgs := make([][]store.Message, len(batches))
		for i, bt := range batches {
			msgs[i] = render(bt.ChatID, bt.Entries, bt.Dropped)
		}
		out, err := b.db.Deliver(batches, msgs)
		if errors.Is(err, store.ErrChanged) && attempt < deliverAttempts {
			continue
		}
		if err != nil {
			return nil, err
		}
		b.sender.Add(out...)
		return out, nil
	}
}
