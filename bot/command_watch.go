package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

func (b *Bot) cmdWatch(ctx context.Context, in incoming, arg string) error {
	return b.addWatch(in, arg, false)
}

func (b *Bot) cmdAlert(ctx context.Context, in incoming, arg string) error {
	return b.addWatch(in, arg, true)
}

func (b *Bot) addWatch(in incoming, query string, alert bool) error {
	verb := "watch"
	if alert {
		verb = "alert"
	}
	if query == "" {
		return userErr(in.tr.T("watch.ask", "Verb", verb))
	}
	if err := match.Check(query, b.opts.Catalogue); err != nil {
		return userErr(in.tr.T("watch.bad_query", "Error", queryReason(in.tr, err), "Verb", verb))
	}
	var added store.Watch
	c, err := b.db.UpdateChat(in.chatID, true, func(c *store.Chat) error {
		for _, w := range c.Watches {
			if strings.EqualFold(w.Query, query) && w.Alert == alert {
				return userErr(in.tr.T("watch.duplicate", "Query", query, "ID", w.ID))
			}
		}
		if len(c.Watches) >= maxWatches {
			return userErr(in.tr.N("watch.too_many", maxWatches))
		}
		if c.NextID == 0 {
			c.NextID = 1
		}
		added = store.Watch{ID: c.NextID, Query: query, Alert: alert, Created: b.now().UTC()}
		c.NextID++
		c.Watches = append(c.Watches, added)
		return nil
	})
	if err != nil {
		return err
	}
	b.router.Changed(in.chatID)
	desc := match.DescribeWith(query, b.opts.Catalogue, queryOperators(in.tr))
	when := in.tr.T("watch.when_digest")
	if alert {
		when = in.tr.T("watch.when_alert")
	} else if next := b.nextDigest(c.ID); !next.IsZero() {
		next = next.In(b.chatLocation(c))
		when = in.tr.T("watch.when_next", "Next", in.tr.WeekdayTime(next)+" "+next.Format("MST"))
	} else if strings.EqualFold(b.chatSchedule(c), "off") {
		when = in.tr.T("watch.when_off")
	}
	return b.reply(in.chatID, in.threadID, in.tr.T("watch.added", "ID", added.ID, "Desc", desc, "When", when, "Query", query))
}

func (b *Bot) cmdUnwatch(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		return userErr(in.tr.T("unwatch.ask"))
	}
	var removed store.Watch
	_, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error {
		i := findWatch(c, arg)
		if i < 0 {
			return userErr(in.tr.T("unwatch.none", "Watch", clip(arg, 60)))
		}
		removed = c.Watches[i]
		c.Watches = append(c.Watches[:i], c.Watches[i+1:]...)
		return nil
	})
	if err != nil {
		return err
	}
	b.router.Changed(in.chatID)
	return b.reply(in.chatID, in.threadID, in.tr.T("unwatch.done", "ID", removed.ID, "Query", removed.Query))
}

// findWatch finds a watch by number or by query text.
func findWatch(c *store.Chat, arg string) int {
	arg = strings.TrimPrefix(strings.TrimSpace(arg), "#")
	if n, err := strconv.Atoi(arg); err == nil {
		for i, w := range c.Watches {
			if w.ID == n {
				return i
			}
		}
		return -1
	}
	for i, w := range c.Watches {
		if strings.EqualFold(w.Query, arg) {
			return i
		}
	}
	return -1
}

func (b *Bot) cmdList(ctx context.Context, in incoming, arg string) error {
	c, err := b.db.Chat(in.chatID)
	if err != nil {
		return err
	}
	html, markup := b.renderList(c)
	return b.replyHTML(in.chatID, in.threadID, html, markup)
}

// renderList renders /list and its buttons: remove, and switch digest/alert, per watch.
func (b *Bot) renderList(c *store.Chat) (string, string) {
	h := &htmlText{}
	loc := b.chatLocation(c)
	tr := b.trFor(c)
	if len(c.Watches) == 0 {
		h.text(tr.T("list.empty") + "\n")
	} else {
		h.bold(tr.T("list.title"))
		h.text("\n")
		for _, w := range c.Watches {
			kind := tr.T("list.kind_digest")
			if w.Alert {
				kind = tr.T("list.kind_alert")
			}
			if w.Surge {
				kind += ", " + tr.T("surge.list_label")
			}
			h.text(fmt.Sprintf("%d. %s — %s\n", w.ID, clip(w.Query, 200), kind))
		}
	}
	h.text("\n")
	sched := b.chatSchedule(c)
	h.text(tr.T("list.schedule", "Spec", sched))
	if next := b.nextDigest(c.ID); !next.IsZero() {
		h.text(" " + tr.T("list.next", "Next", tr.DateTime(next.In(loc))))
	}
	h.text("\n" + tr.T("list.timezone", "Zone", loc.String()))
	if c.Quiet != "" {
		h.text("\n" + tr.T("list.quiet", "Spec", c.Quiet))
	}
	if len(c.Follow) > 0 {
		h.text("\n" + tr.T("list.following", "Sources", strings.Join(c.Follow, ", ")))
	} else {
		h.text("\n" + tr.T("list.all_sources"))
	}
	if c.Paused {
		h.text("\n" + tr.T("list.paused"))
	}
	if ps, err := b.db.PendingFor(c.ID); err == nil && len(ps) > 0 {
		h.text("\n" + tr.T("list.waiting", "Count", len(ps)))
	}
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, w := range c.Watches {
		toggle := tr.T("list.to_alert")
		if w.Alert {
			toggle = tr.T("list.to_digest")
		}
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(fmt.Sprintf("✖ %d %s", w.ID, clip(w.Query, 20)), fmt.Sprintf("rm:%d", w.ID)),
			tgbotapi.NewInlineKeyboardButtonData(fmt.Sprintf("%d %s", w.ID, toggle), fmt.Sprintf("mode:%d", w.ID)),
			surgeButton(tr, w),
		))
	}
	return h.String(), markupJSON(rows)
}

// maxSearchMatches bounds the matches /search reads before it ranks them.
const maxSearchMatches = 1000

// maxSearchScanned bounds the items one /search reads, newest first: the update loop serves
// every chat, and 100,000 kept items took about a second to scan.
var maxSearchScanned = 20_000

func (b *Bot) cmdSearch(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		return userErr(in.tr.T("search.ask"))
	}
	if err := match.Check(arg, b.opts.Catalogue); err != nil {
		return userErr(in.tr.T("search.bad_query", "Error", queryReason(in.tr, err)))
	}
	ix, err := match.Compile([]match.Watch{{Query: arg}}, b.opts.Catalogue)
	if err != nil {
		return userErr(in.tr.T("search.bad_query", "Error", queryReason(in.tr, err)))
	}
	c, _ := b.db.Chat(in.chatID)
	loc := time.UTC
	if c != nil {
		loc = b.chatLocation(c)
	} else {
		c = &store.Chat{ID: in.chatID}
	}
	const limit = 10
	var found []store.Pending
	total, scanned := 0, 0
	since := b.now().Add(-b.opts.SearchWindow)
	// Items come newest first seen; one poll can bring a week of a feed's items, so order
	// the matches by the items' own times.
	err = b.db.RecentItems(since, func(it watch.Item) bool {
		scanned++
		if hits := ix.Match(it.Title, it.Body()); len(hits) > 0 {
			total++
			found = append(found, store.Pending{Item: it, Terms: hits[0].Terms})
		}
		return total < maxSearchMatches && scanned < maxSearchScanned
	})
	if err != nil {
		return err
	}
	slices.SortStableFunc(found, func(a, b store.Pending) int { return b.Item.Published.Compare(a.Item.Published) })
	found = found[:min(len(found), limit)]
	days := int(b.opts.SearchWindow.Hours() / 24)
	span, none := in.tr.N("search.span_days", days), in.tr.N("search.none_days", days, "Query", arg)
	if scanned >= maxSearchScanned {
		span, none = in.tr.N("search.span_items", scanned), in.tr.N("search.none_items", scanned, "Query", arg)
	}
	if total == 0 {
		return b.reply(in.chatID, in.threadID, none)
	}
	header := &htmlText{}
	header.bold(fmt.Sprintf("🔎 %s", clip(arg, 100)))
	header.text(" · " + in.tr.N("search.matches", total) + " · " + span)
	if total > limit {
		header.text(", " + in.tr.N("search.newest", limit))
	}
	var entries []*htmlText
	for _, s := range groupStories(found) {
		entries = append(entries, renderEntry(in.tr, c, s, loc, nil))
	}
	return b.replyLong(in, header, entries)
}

func (b *Bot) cmdCatalogue(ctx context.Context, in incoming, arg string) error {
	if arg != "" {
		// A name of the catalogue: what it matches, what confirms it and what it excludes.
		if x, ok := b.opts.Catalogue.Explain(arg); ok {
			return b.replyHTML(in.chatID, in.threadID, renderExplanation(in.tr, x).String(), "")
		}
	}
	entries := b.opts.Catalogue.Entries()
	header := &htmlText{}
	header.bold(in.tr.N("catalogue.title", len(entries)))
	header.text(" — " + in.tr.T("catalogue.hint"))
	var lines []*htmlText
	filter := strings.ToLower(arg)
	for _, e := range entries {
		desc := entryDescription(in.tr, e.Name, e.Description)
		if filter != "" && !strings.Contains(strings.ToLower(e.Name+" "+e.Description+" "+desc), filter) {
			continue
		}
		h := &htmlText{}
		h.bold(e.Name)
		if desc != "" {
			h.text(" — " + desc)
		}
		lines = append(lines, h)
	}
	if len(lines) == 0 {
		return userErr(in.tr.T("catalogue.none", "Name", clip(arg, 60)))
	}
	return b.replyLong(in, header, lines)
}

func (b *Bot) cmdDigest(ctx context.Context, in incoming, arg string) error {
	err := b.sendDigest(in.chatID, true)
	if errors.Is(err, store.ErrNoChat) {
		return userErr(in.tr.T("digest.start_first"))
	}
	return err
}
