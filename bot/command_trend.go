package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/bot/trend"
	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/schedule"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

// cmdTrend answers /trend QUERY|NAME [24h|7d|30d] [by language|by source] with a chart
// (docs/TRENDS.md). A watch of the chat (by number or query) or a catalogue name is read
// from the hourly counters; any other query scans the items kept for /search.
func (b *Bot) cmdTrend(ctx context.Context, in incoming, arg string) error {
	query, period, by := parseTrendArgs(arg)
	if query == "" {
		return userErr(in.tr.T("trend.ask"))
	}
	c, err := b.db.Chat(in.chatID)
	if err != nil {
		c = &store.Chat{ID: in.chatID}
	}
	loc := b.chatLocation(c)
	now := b.now()
	bounds := period.Bounds(now, loc)
	// The stretch before the period, as long as the part of it that has passed (trend.Build).
	from := bounds[0].Add(-now.Sub(bounds[0]))
	title, key := b.trendKey(c, query)
	var pts []trend.Point
	var kept time.Duration // how far back the data goes
	if key != "" {
		cs, err := b.db.Counts(key, from.UTC().Truncate(time.Hour), bounds[len(bounds)-1])
		if err != nil {
			return err
		}
		pts, kept = trend.PointsFromCounts(cs), store.CountsRetention
	} else {
		if err := match.Check(query, b.opts.Catalogue); err != nil {
			return userErr(in.tr.T("trend.bad_query", "Error", queryReason(in.tr, err)))
		}
		if pts, err = b.scanTrend(in.tr, query, now); err != nil {
			return err
		}
		kept = b.opts.SearchWindow
	}
	tr := trend.Build(title, period, by, now, loc, pts)
	if now.Sub(from) > kept {
		tr.Previous = -1 // not kept that long: no comparison
	}
	caption := trend.Caption(in.tr, tr)
	if key == "" && now.Sub(bounds[0]) > kept {
		caption += "\n" + trend.ScanNote(in.tr, int(kept.Hours()/24), int(store.CountsRetention.Hours()/24)-1)
	}
	return b.replyChart(in.chatID, in.threadID, trend.Spec{Trend: &tr, Lang: in.tr.Code()}, caption, "reply")
}

// parseTrendArgs splits "/trend" arguments into the query and the trailing period and
// split, in any order: "NATO 30d by language".
func parseTrendArgs(arg string) (query string, p trend.Period, by trend.By) {
	p, by = trend.DefaultPeriod, trend.BySource
	f := strings.Fields(arg)
	for len(f) > 0 {
		last := strings.ToLower(f[len(f)-1])
		switch last {
		case "language", "languages", "lang":
			by = trend.ByLanguage
		case "source", "sources":
			by = trend.BySource
		case "by":
		default:
			pp, err := trend.ParsePeriod(last)
			if err != nil {
				return strings.Join(f, " "), p, by
			}
			p = pp
		}
		f = f[:len(f)-1]
	}
	return strings.Join(f, " "), p, by
}

// trendKey finds the counters of a /trend argument: the chat's watch with that number or
// query, else the catalogue name; key is "" for a query with no counters of its own.
func (b *Bot) trendKey(c *store.Chat, query string) (title, key string) {
	if i := findWatch(c, query); i >= 0 {
		return c.Watches[i].Query, store.WatchKey(c.ID, c.Watches[i].ID)
	}
	if e, ok := b.opts.Catalogue.Lookup(query); ok {
		return e.Name, store.NameKey(e.Name)
	}
	return query, ""
}

// scanTrend counts the kept items (the /search window, as far as /search reads) that
// match query, by publication time, source and language.
func (b *Bot) scanTrend(tr *lang.Localizer, query string, now time.Time) ([]trend.Point, error) {
	ix, err := match.Compile([]match.Watch{{Query: query}}, b.opts.Catalogue)
	if err != nil {
		return nil, userErr(tr.T("trend.bad_query", "Error", queryReason(tr, err)))
	}
	var pts []trend.Point
	var items []watch.Item
	scanned := 0
	err = b.db.RecentItems(now.Add(-b.opts.SearchWindow), func(it watch.Item) bool {
		scanned++
		if len(ix.MatchLang(it.Title, it.Body(), it.Language)) > 0 {
			at := it.Published
			if at.IsZero() || at.After(now) {
				at = now // as the counters count it (route.Router.counts)
			}
			pts = append(pts, trend.Point{At: at, Source: it.Source, Language: match.Language(it.Language, it.Title, it.Text)})
			items = append(items, it)
		}
		return scanned < maxSearchScanned
	})
	if err != nil {
		return nil, err
	}
	return oncePerStory(b.db, items, pts)
}

// oncePerStory keeps one point per story, its earliest, as the counters count a story
// once (route.Router.counts); items without a story each count.
func oncePerStory(db *store.DB, items []watch.Item, pts []trend.Point) ([]trend.Point, error) {
	ids, err := db.StoriesOf(items)
	if err != nil {
		return nil, err
	}
	first := map[uint64]int{} // story → index in out
	out := pts[:0:0]
	for i, it := range items {
		id := ids[it.Key()]
		if id == 0 {
			out = append(out, pts[i])
			continue
		}
		if j, ok := first[id]; ok {
			if pts[i].At.Before(out[j].At) {
				out[j] = pts[i]
			}
			continue
		}
		first[id] = len(out)
		out = append(out, pts[i])
	}
	return out, nil
}

// replyChart sends a chart as a photo with an HTML caption through the outbox; the
// outbox keeps the spec and the sender draws it.
func (b *Bot) replyChart(chatID int64, threadID int, spec trend.Spec, caption, kind string) error {
	if b.sender.QueuedFor(chatID) >= maxOutboxPerChat {
		b.log.Warn("chart dropped: the chat's outbox is full", "chat_id", chatID)
		return nil
	}
	raw, err := spec.Marshal()
	if err != nil {
		return err
	}
	return b.sender.Enqueue(store.Message{ChatID: chatID, ThreadID: threadID, HTML: caption, Chart: raw, Kind: kind})
}

// cmdSurge switches a watch's surge alerts on or off: /surge NAME|N on|off.
func (b *Bot) cmdSurge(ctx context.Context, in incoming, arg string) error {
	f := strings.Fields(arg)
	if len(f) < 2 || (!strings.EqualFold(f[len(f)-1], "on") && !strings.EqualFold(f[len(f)-1], "off")) {
		r := trend.DefaultSurgeRule
		return userErr(in.tr.T("surge.ask", "Min", in.tr.Number(r.Min), "Factor", factor(in.tr, r.Factor)))
	}
	on := strings.EqualFold(f[len(f)-1], "on")
	name := strings.Join(f[:len(f)-1], " ")
	var w store.Watch
	_, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error {
		i := findWatch(c, name)
		if i < 0 {
			return userErr(in.tr.T("surge.no_watch", "Watch", clip(name, 60)))
		}
		c.Watches[i].Surge = on
		w = c.Watches[i]
		return nil
	})
	if errors.Is(err, store.ErrNoChat) {
		return userErr(in.tr.T("digest.start_first"))
	}
	if err != nil {
		return err
	}
	return b.reply(in.chatID, in.threadID, surgeAnswer(in.tr, w))
}

func surgeAnswer(tr *lang.Localizer, w store.Watch) string {
	r := trend.DefaultSurgeRule
	if !w.Surge {
		return tr.T("surge.disabled", "ID", w.ID, "Query", w.Query)
	}
	return tr.T("surge.enabled", "ID", w.ID, "Query", w.Query, "Factor", factor(tr, r.Factor), "Days", r.Days,
		"Min", tr.Number(r.Min), "Hours", int(r.Every.Hours()))
}

// factor writes a surge rule's factor as the language writes numbers: 3, 2,5.
func factor(tr *lang.Localizer, f float64) string {
	if f == float64(int(f)) {
		return tr.Number(int(f))
	}
	return tr.Decimal(f, 1)
}

// surgeEvery is how often the watches with surge alerts are checked: the rule looks at
// the last hour, so a surge is told within minutes of crossing the line.
const surgeEvery = 10 * time.Minute

// runSurges checks the surge watches every surgeEvery until ctx ends.
func (b *Bot) runSurges(ctx context.Context) {
	t := time.NewTicker(surgeEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			b.checkSurges()
		}
	}
}

// checkSurges applies trend.DefaultSurgeRule, at b.now(), to every watch with surge alerts
// of the chats that receive deliveries and are not in their quiet hours, and enqueues one
// alert per surging watch.
func (b *Bot) checkSurges() {
	chats, err := b.db.Chats()
	if err != nil {
		b.log.Error("surge check", "error", err)
		return
	}
	now := b.now()
	for _, c := range chats {
		if !c.Receives() {
			continue
		}
		if quiet, _ := schedule.QuietAt(c.Quiet, now.In(b.chatLocation(c))); quiet {
			continue // a surge is news of the hour: none is told late
		}
		for _, w := range c.Watches {
			if !w.Surge {
				continue
			}
			if err := b.checkSurge(c, w, now); err != nil {
				b.log.Error("surge check", "chat_id", c.ID, "watch", w.ID, "error", err)
			}
		}
	}
}

func (b *Bot) checkSurge(c *store.Chat, w store.Watch, now time.Time) error {
	rule := trend.DefaultSurgeRule
	cs, err := b.db.Counts(store.WatchKey(c.ID, w.ID), rule.From(now), now.Add(time.Hour))
	if err != nil {
		return err
	}
	pts := trend.PointsFromCounts(cs)
	s, alert := rule.Check(now, trend.HourlyTotals(pts), w.LastSurge)
	if !alert || b.sender.QueuedFor(c.ID) >= maxOutboxPerChat {
		return nil // a full outbox: the next check tries again
	}
	tr := trend.Build(w.Query, trend.Hours24, trend.BySource, now, b.chatLocation(c), pts)
	words := b.trFor(c)
	raw, err := trend.Spec{Trend: &tr, Lang: words.Code()}.Marshal()
	if err != nil {
		return err
	}
	stories, err := b.surgeStories(c, w, now)
	if err != nil {
		return err
	}
	m, err := b.db.EnqueueSurge(c.ID, w.ID, w.LastSurge, now, store.Message{ChatID: c.ID, ThreadID: c.ThreadID,
		HTML: trend.SurgeCaption(words, w.Query, s, stories), Chart: raw, Kind: "alert"})
	switch {
	case errors.Is(err, store.ErrChanged), errors.Is(err, store.ErrNoWatch), errors.Is(err, store.ErrNoChat):
		return nil // told already, or switched off or removed meanwhile
	case err != nil:
		return err
	}
	b.sender.Add(m)
	return nil
}

// surgeStories are the top stories of a surge: the items of the last hour that match the
// watch from the sources the chat follows, grouped into stories as a digest groups them,
// the most widely carried first.
func (b *Bot) surgeStories(c *store.Chat, w store.Watch, now time.Time) ([]trend.Story, error) {
	ix, err := match.Compile([]match.Watch{{Query: w.Query}}, b.opts.Catalogue)
	if err != nil {
		return nil, nil // the catalogue no longer reads it: a chart without stories
	}
	var found []store.Pending
	scanned := 0
	err = b.db.RecentItems(now.Add(-time.Hour), func(it watch.Item) bool {
		scanned++
		if c.Follows(it.Source) && len(ix.MatchLang(it.Title, it.Body(), it.Language)) > 0 {
			found = append(found, store.Pending{Item: it})
		}
		return scanned < maxSearchScanned
	})
	if err != nil {
		return nil, err
	}
	stories := groupStories(found)
	slices.SortStableFunc(stories, func(x, y *story) int {
		return cmp.Or(cmp.Compare(len(y.also), len(x.also)), y.p.Item.Published.Compare(x.p.Item.Published))
	})
	var out []trend.Story
	for _, s := range stories[:min(len(stories), 5)] {
		out = append(out, trend.Story{Title: s.p.Item.Title, URL: s.p.Item.URL, Source: s.p.Item.Source})
	}
	return out, nil
}

// surgeButton switches a watch's surge alerts under /list (callback surge:ID).
func surgeButton(tr *lang.Localizer, w store.Watch) tgbotapi.InlineKeyboardButton {
	label := tr.T("surge.button_on", "ID", w.ID)
	if w.Surge {
		label = tr.T("surge.button_off", "ID", w.ID)
	}
	return tgbotapi.NewInlineKeyboardButtonData(label, fmt.Sprintf("surge:%d", w.ID))
}

// replyStats answers /stats with the chart of the last day's polls, new items, matches
// and sends per hour (from the hourly counters), captioned with the text.
func (b *Bot) replyStats(in incoming, text string) error {
	loc := time.UTC
	if c, err := b.db.Chat(in.chatID); err == nil {
		loc = b.chatLocation(c)
	}
	now := b.now()
	s := trend.Stats{Bounds: trend.Hours24.Bounds(now, loc), Loc: loc}
	series := []*[]int{&s.Polls, &s.Items, &s.Matches, &s.Sends}
	for i, key := range []string{store.KeyPolls, store.KeyItems, store.KeyMatches, store.KeySends} {
		cs, err := b.db.Counts(key, s.Bounds[0], s.Bounds[len(s.Bounds)-1])
		if err != nil {
			return err
		}
		per := make([]int, len(s.Bounds)-1)
		for _, c := range cs {
			if h := int(c.Hour.Sub(s.Bounds[0]) / time.Hour); h >= 0 && h < len(per) {
				per[h] += c.N
			}
		}
		*series[i] = per
	}
	h := &htmlText{}
	h.text(text)
	return b.replyChart(in.chatID, in.threadID, trend.Spec{Stats: &s, Lang: in.tr.Code()}, h.String(), "reply")
}
