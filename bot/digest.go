package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch/poll"
)

// dailySchedule fires at fixed wall-clock times in a zone. Unlike a cron spec it survives
// daylight-saving changes: a time that does not exist on a spring-forward day (02:30 in
// Rome on the last Sunday of March) fires once, an hour later by the clock (03:30), and a
// time that happens twice on a fall-back day fires once, at its first occurrence.
type dailySchedule struct {
	loc     *time.Location
	minutes []int // minutes after midnight, sorted
}

// Next implements cron.Schedule.
func (d dailySchedule) Next(t time.Time) time.Time {
	tl := t.In(d.loc)
	y, m, day := tl.Date()
	for dd := 0; dd < 3; dd++ {
		for _, min := range d.minutes {
			// time.Date normalises a time in a spring-forward gap to after the gap. In a
			// fall-back overlap it may pick either occurrence, so take the earlier one.
			c := time.Date(y, m, day+dd, min/60, min%60, 0, 0, d.loc)
			if e := c.Add(-time.Hour); e.In(d.loc).Hour() == c.Hour() && e.In(d.loc).Minute() == c.Minute() {
				c = e
			}
			if c.After(t) && !sameSlot(c, t, d.loc) {
				return c
			}
		}
	}
	return time.Time{}
}

// sameSlot reports whether a and b read the same wall-clock minute of the same day: the
// second 02:30 of a fall-back night is the slot already served.
func sameSlot(a, b time.Time, loc *time.Location) bool {
	return a.In(loc).Format("2006-01-02 15:04") == b.In(loc).Format("2006-01-02 15:04")
}

var (
	reClock     = regexp.MustCompile(`^([01]?\d|2[0-3]):([0-5]\d)$`)
	reDailyCron = regexp.MustCompile(`^(\d{1,2}) ((?:\d{1,2},)*\d{1,2}) \* \* \*$`)
)

// ParseSchedule reads a digest schedule: "08:00", "08:00,20:00", a 5-field cron spec or
// a descriptor such as "@hourly", in the zone loc. "off" returns nil. Daily specs ("0 8,20
// * * *") become a dailySchedule, with its daylight-saving behaviour.
func ParseSchedule(spec string, loc *time.Location) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" || strings.EqualFold(spec, "off") {
		return nil, nil
	}
	var minutes []int
	if parts := strings.Split(spec, ","); reClock.MatchString(strings.TrimSpace(parts[0])) {
		for _, p := range parts {
			m := reClock.FindStringSubmatch(strings.TrimSpace(p))
			if m == nil {
				return nil, fmt.Errorf("%q is not a time of day like 08:00", strings.TrimSpace(p))
			}
			h, _ := strconv.Atoi(m[1])
			mm, _ := strconv.Atoi(m[2])
			minutes = append(minutes, h*60+mm)
		}
	} else if m := reDailyCron.FindStringSubmatch(spec); m != nil {
		mm, _ := strconv.Atoi(m[1])
		for _, h := range strings.Split(m[2], ",") {
			hh, _ := strconv.Atoi(h)
			if hh > 23 || mm > 59 {
				return nil, fmt.Errorf("%q: hour or minute out of range", spec)
			}
			minutes = append(minutes, hh*60+mm)
		}
	}
	if minutes != nil {
		sort.Ints(minutes)
		if len(minutes) > 24*4 {
			return nil, errors.New("at most 96 digests a day")
		}
		return dailySchedule{loc: loc, minutes: minutes}, nil
	}
	if strings.Contains(spec, "TZ=") {
		return nil, errors.New("set the zone with /timezone, not in the schedule")
	}
	s, err := poll.ParseSchedule(spec)
	if err != nil {
		return nil, err
	}
	if sc, ok := s.(*cron.SpecSchedule); ok {
		sc.Location = loc
	}
	return s, nil
}

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
	s, err := ParseSchedule(b.chatSchedule(c), b.chatLocation(c))
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
	all, err := b.db.PendingFor(chatID)
	if err != nil {
		return err
	}
	var digestCount int
	for _, p := range all {
		if !p.Alert {
			digestCount++
		}
	}
	max := b.opts.MaxItems
	taken := 0
	keep := func(p *store.Pending) bool {
		if p.Alert || taken >= max {
			return false
		}
		taken++
		return true
	}
	loc := b.chatLocation(c)
	msgs, err := b.db.TakePending(chatID, keep, func(ps []store.Pending) ([]store.Message, error) {
		title := "Vedetta digest · " + b.now().In(loc).Format("Mon 02 Jan 15:04")
		return b.messages(c, "digest", renderDigest(c, ps, loc, digestCount-len(ps), title)), nil
	})
	if err != nil {
		return err
	}
	if len(msgs) == 0 {
		if asked {
			return b.reply(c.ID, c.ThreadID, "Nothing new for your watches since the last digest.")
		}
		return nil
	}
	b.sender.Add(msgs...)
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

// quietNow reports whether the chat is in its quiet hours at t, and when they end.
func quietNow(spec string, t time.Time) (bool, time.Time) {
	from, to, ok := parseQuiet(spec)
	if !ok {
		return false, time.Time{}
	}
	y, m, d := t.Date()
	loc := t.Location()
	at := func(day, min int) time.Time { return time.Date(y, m, d+day, min/60, min%60, 0, 0, loc) }
	now := t.Hour()*60 + t.Minute()
	switch {
	case from < to && now >= from && now < to:
		return true, at(0, to)
	case from > to && now >= from:
		return true, at(1, to)
	case from > to && now < to:
		return true, at(0, to)
	}
	return false, time.Time{}
}

func parseQuiet(spec string) (from, to int, ok bool) {
	a, z, found := strings.Cut(spec, "-")
	ma, mz := reClock.FindStringSubmatch(strings.TrimSpace(a)), reClock.FindStringSubmatch(strings.TrimSpace(z))
	if !found || ma == nil || mz == nil {
		return 0, 0, false
	}
	h1, _ := strconv.Atoi(ma[1])
	m1, _ := strconv.Atoi(ma[2])
	h2, _ := strconv.Atoi(mz[1])
	m2, _ := strconv.Atoi(mz[2])
	from, to = h1*60+m1, h2*60+m2
	return from, to, from != to
}

// runAlerts sends alert matches as soon as they are queued, except during a chat's quiet
// hours: then they wait and go out as one message when the quiet hours end. It also sweeps
// every minute, so nothing waits on a lost wake-up.
func (b *Bot) runAlerts(ctx context.Context) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	b.flushAlerts(nil) // anything queued before a restart
	for {
		select {
		case <-ctx.Done():
			return
		case chats := <-b.alertWake:
			var ids []int64
			for id, alert := range chats {
				if alert {
					ids = append(ids, id)
				}
			}
			if len(ids) > 0 {
				b.flushAlerts(ids)
			}
		case <-tick.C:
			b.flushAlerts(nil)
		}
	}
}

// flushAlerts sends the queued alerts of the given chats (nil: every chat). The chats'
// alerts move to the outbox in one transaction, so a burst of matches costs one disk sync,
// not one per chat.
func (b *Bot) flushAlerts(ids []int64) {
	var chats []*store.Chat
	if ids == nil {
		all, err := b.db.Chats()
		if err != nil {
			b.log.Error("list chats", "error", err)
			return
		}
		chats = all
	} else {
		for _, id := range ids {
			c, err := b.db.Chat(id)
			if err != nil {
				if !errors.Is(err, store.ErrNoChat) {
					b.log.Error("send alerts", "chat_id", id, "error", err)
				}
				continue
			}
			chats = append(chats, c)
		}
	}
	if err := b.sendAlerts(chats); err != nil {
		b.log.Error("send alerts", "error", err)
	}
}

// sendAlerts moves the queued alert matches of the chats that receive deliveries and are
// not in their quiet hours into the outbox, one message (or more, split) per chat, and hands
// them to the sender. Alerts queued during quiet hours are said to have been held.
func (b *Bot) sendAlerts(chats []*store.Chat) error {
	byID := map[int64]*store.Chat{}
	var ids []int64
	for _, c := range chats {
		if !c.Receives() {
			continue
		}
		if quiet, _ := quietNow(c.Quiet, b.now().In(b.chatLocation(c))); quiet {
			continue
		}
		byID[c.ID] = c
		ids = append(ids, c.ID)
	}
	if len(ids) == 0 {
		return nil
	}
	msgs, err := b.db.TakePendingMany(ids, func(p *store.Pending) bool { return p.Alert }, func(id int64, ps []store.Pending) ([]store.Message, error) {
		c := byID[id]
		loc := b.chatLocation(c)
		held := false
		for _, p := range ps {
			if q, _ := quietNow(c.Quiet, p.Queued.In(loc)); q {
				held = true
			}
		}
		return b.messages(c, "alert", renderAlerts(c, ps, loc, held)), nil
	})
	if err != nil {
		return err
	}
	b.sender.Add(msgs...)
	return nil
}
