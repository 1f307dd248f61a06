package bot

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/source"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/article"
)

// sortedSources numbers the sources for /sources, /follow and /delsource: by name.
func (b *Bot) sortedSources() []watch.Source {
	if b.opts.Sources == nil {
		return nil
	}
	srcs := b.opts.Sources.Sources()
	sort.Slice(srcs, func(i, j int) bool { return strings.ToLower(srcs[i].Name) < strings.ToLower(srcs[j].Name) })
	return srcs
}

func (b *Bot) sourceByNumber(cmd, arg string) (watch.Source, error) {
	srcs := b.sortedSources()
	n, err := strconv.Atoi(strings.TrimSpace(arg))
	if err != nil || n < 1 || n > len(srcs) {
		if len(srcs) == 0 {
			return watch.Source{}, userErrorf("There are no sources yet, so /%s has nothing to work on. Administrators add them with /addsource URL.", cmd)
		}
		return watch.Source{}, userErrorf("Give a source number from 1 to %d (see /sources), e.g. /%s %d", len(srcs), cmd, len(srcs))
	}
	return srcs[n-1], nil
}

// health describes a source's state in a few words.
func health(st watch.State, now time.Time) string {
	switch {
	case st.Failures > 0:
		return fmt.Sprintf("⚠️ failing ×%d: %s; next try %s", st.Failures, clip(watch.RedactText(st.LastError), 120), st.NextAttempt.Format("15:04"))
	case st.LastSuccess.IsZero():
		return "⏳ not polled yet"
	case !st.Primed:
		return "✅ ok, empty so far"
	default:
		s := fmt.Sprintf("✅ ok %s ago, %d %s", now.Sub(st.LastSuccess).Round(time.Minute), st.Items, plural(st.Items, "item", "items"))
		if st.Backlog > 0 {
			// A new source must not flood chats with its backlog (docs/DELIVERY.md); say so.
			s += fmt.Sprintf(" (the %d already there when it was added were recorded as seen, not sent)", st.Backlog)
		}
		if st.Note != "" {
			s += "; " + st.Note // the reader's word on its last poll: truncated, items over the cap
		}
		return s
	}
}

func (b *Bot) cmdSources(ctx context.Context, in incoming, arg string) error {
	c, _ := b.db.Chat(in.chatID)
	parts, markup, err := b.renderSources(c)
	if err != nil {
		return err
	}
	if len(parts) == 0 {
		return b.reply(in.chatID, in.threadID, "No sources are configured yet. Administrators add them in config.yaml or with /addsource URL.")
	}
	for i, p := range parts {
		m := ""
		if i == len(parts)-1 {
			m = markup
		}
		if err := b.replyHTML(in.chatID, in.threadID, p, m); err != nil {
			return err
		}
	}
	return nil
}

// maxSourceButtons is how many sources get a follow button under /sources.
const maxSourceButtons = 20

// renderSources renders /sources, split into messages, and the follow buttons that go under
// the last one. c may be nil (a chat that has not registered yet: no buttons).
func (b *Bot) renderSources(c *store.Chat) ([]string, string, error) {
	srcs := b.sortedSources()
	if len(srcs) == 0 {
		return nil, "", nil
	}
	header := &htmlText{}
	header.bold(fmt.Sprintf("Sources (%d)", len(srcs)))
	if c != nil && len(c.Follow) > 0 {
		header.text(" — this chat follows only ✔ ones (/unfollow all to follow every source)")
	}
	var entries []*htmlText
	var rows [][]tgbotapi.InlineKeyboardButton
	for i, s := range srcs {
		st, err := b.db.SourceState(s.Name)
		if err != nil {
			return nil, "", err
		}
		h := &htmlText{}
		followed := c != nil && len(c.Follow) > 0 && c.Follows(s.Name)
		mark := ""
		if followed {
			mark = "✔ "
		}
		h.text(fmt.Sprintf("%d. %s", i+1, mark))
		h.bold(s.Name)
		h.text(fmt.Sprintf(" (%s) — %s", s.Kind, health(st, b.now())))
		h.text(fullTextNote(s, st))
		if s.Kind == watch.KindXUser || s.Kind == watch.KindXSearch {
			used := 0
			if st.BudgetMonth == b.now().UTC().Format("2006-01") {
				used = st.BudgetUsed
			}
			if b.opts.XMonthlyBudget > 0 {
				h.text(fmt.Sprintf("; X posts read this month: %d of %d", used, b.opts.XMonthlyBudget))
			} else {
				h.text(fmt.Sprintf("; X posts read this month: %d", used))
			}
		}
		entries = append(entries, h)
		if c != nil && len(rows) < maxSourceButtons {
			label, verb := fmt.Sprintf("Follow %d. %s", i+1, clip(s.Name, 24)), "fo"
			if followed {
				label, verb = fmt.Sprintf("✔ Unfollow %d. %s", i+1, clip(s.Name, 24)), "uf"
			}
			rows = append(rows, tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(label, sourceButton(verb, s.Name))))
		}
	}
	return splitMessages(header, entries, nil), markupJSON(rows), nil
}

// sourceButton is the callback_data of a follow button: the verb and a hash of the source
// name, so that a press still means the same source after /addsource renumbers the list,
// and the data stays far below Telegram's 64 bytes whatever the name.
func sourceButton(verb, name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	return fmt.Sprintf("%s:s%08x", verb, h.Sum32())
}

// sourceByButton finds the source a follow button names.
func (b *Bot) sourceByButton(verb, data string) (watch.Source, bool) {
	for _, s := range b.sortedSources() {
		if sourceButton(verb, s.Name) == data {
			return s, true
		}
	}
	return watch.Source{}, false
}

func (b *Bot) cmdFollow(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		return userErrorf("Which source? /follow N with N from /sources, e.g. /follow 3")
	}
	src, err := b.sourceByNumber("follow", arg)
	if err != nil {
		return err
	}
	if _, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error {
		if !slices.Contains(c.Follow, src.Name) {
			c.Follow = append(c.Follow, src.Name)
		}
		return nil
	}); err != nil {
		return err
	}
	return b.reply(in.chatID, in.threadID, fmt.Sprintf("Following %s. This chat now receives only from the sources it follows (/unfollow all to undo).", src.Name))
}

func (b *Bot) cmdUnfollow(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		return userErrorf("Which source? /unfollow N with N from /sources, or /unfollow all")
	}
	if strings.EqualFold(arg, "all") {
		if _, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.Follow = nil; return nil }); err != nil {
			return err
		}
		return b.reply(in.chatID, in.threadID, "This chat receives from every source again.")
	}
	src, err := b.sourceByNumber("unfollow", arg)
	if err != nil {
		return err
	}
	if _, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error {
		c.Follow = slices.DeleteFunc(c.Follow, func(s string) bool { return s == src.Name })
		return nil
	}); err != nil {
		return err
	}
	return b.reply(in.chatID, in.threadID, fmt.Sprintf("No longer following %s.", src.Name))
}

func (b *Bot) cmdAddSource(ctx context.Context, in incoming, arg string) error {
	if arg == "" || b.opts.NewSource == nil {
		return userErrorf("Give a feed URL, x:@account, x:\"search\" or t.me/channel, and optionally a name: /addsource https://www.ansa.it/sito/ansait_rss.xml ANSA")
	}
	spec, name := arg, ""
	if !strings.HasPrefix(arg, `x:"`) {
		spec, name, _ = strings.Cut(arg, " ")
	} else if i := strings.LastIndex(arg, `"`); i > 2 {
		spec, name = arg[:i+1], strings.TrimSpace(arg[i+1:])
	}
	name, fullText, fullTextSet := source.SplitAddOptions(name)
	src, err := b.opts.NewSource(ctx, spec, name)
	if err != nil {
		return userErrorf("I can't add that source: %s.\nExamples: /addsource https://www.ansa.it/sito/ansait_rss.xml ANSA, /addsource t.me/bbcrussian, /addsource x:@NATO", watch.RedactText(err.Error()))
	}
	if fullTextSet {
		m, err := source.FullText(src.Kind, fullText)
		if err != nil {
			return userErrorf("I can't add that source: %s.\nWrite full_text=auto, always or never after the name, for feeds: /addsource https://www.ansa.it/sito/ansait_rss.xml ANSA full_text=always", err)
		}
		src.FullText = string(m)
	}
	for _, s := range b.sortedSources() {
		if strings.EqualFold(s.Name, src.Name) {
			return userErrorf("There is already a source called %s. Give another name: /addsource %s OTHER NAME", s.Name, watch.RedactText(spec))
		}
	}
	if err := b.db.AddSource(src); err != nil {
		return err
	}
	if err := b.opts.Sources.Add(src); err != nil {
		b.db.DeleteSource(src.Name)
		return userErrorf("I can't add that source: %v", err)
	}
	msg := fmt.Sprintf("Added %s (%s). Its current items are recorded as already seen on the first poll; new ones will be matched from then on.", src.Name, src.Kind)
	if m := source.Mode(src); m != article.Never || fullTextSet {
		msg += fmt.Sprintf(" Full text: %s (%s).", m, fullTextMeaning[m])
	}
	return b.reply(in.chatID, in.threadID, msg)
}

func (b *Bot) cmdDelSource(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		return userErrorf("Which source? /delsource N with N from /sources, e.g. /delsource 3")
	}
	src, err := b.sourceByNumber("delsource", arg)
	if err != nil {
		return err
	}
	if b.opts.Configured != nil && b.opts.Configured(src.Name) {
		return userErrorf("%s comes from config.yaml; remove it there and restart.", src.Name)
	}
	b.opts.Sources.Remove(src.Name)
	if err := b.db.DeleteSource(src.Name); err != nil {
		return err
	}
	return b.reply(in.chatID, in.threadID, fmt.Sprintf("Removed %s.", src.Name))
}

func (b *Bot) cmdRefresh(ctx context.Context, in incoming, arg string) error {
	if err := b.reply(in.chatID, in.threadID, "Polling every source now…"); err != nil {
		return err
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		b.opts.Sources.PollAll(ctx, true)
		b.reply(in.chatID, in.threadID, "Done. /sources shows each source's health; /digest sends what matched.")
	}()
	return nil
}

func (b *Bot) cmdStats(ctx context.Context, in incoming, arg string) error {
	chats, err := b.db.Chats()
	if err != nil {
		return err
	}
	var active, watches int
	for _, c := range chats {
		if c.Receives() {
			active++
		}
		watches += len(c.Watches)
	}
	pending, oldest, err := b.db.PendingCount()
	if err != nil {
		return err
	}
	failing := 0
	for _, s := range b.sortedSources() {
		if st, err := b.db.SourceState(s.Name); err == nil && st.Failures > 0 {
			failing++
		}
	}
	msg := fmt.Sprintf("Chats: %d (%d receiving)\nWatches: %d\nSources: %d (%d failing)\nQueued matches: %d", len(chats), active, watches, len(b.sortedSources()), failing, pending)
	if !oldest.IsZero() {
		msg += fmt.Sprintf(" (oldest %s ago)", b.now().Sub(oldest).Round(time.Minute))
	}
	msg += fmt.Sprintf("\nOutbox: %d\nDatabase: %.1f MB", b.sender.Pending(), float64(b.db.Size())/1e6)
	return b.replyStats(in, msg)
}

// fullTextMeaning says what each full_text policy does, for /addsource's answer.
var fullTextMeaning = map[article.Mode]string{
	article.Auto:   "new items' article pages are read and matched when the feed's text is short",
	article.Always: "every new item's article page is read and matched",
	article.Never:  "matched on the feed's text only",
}

// fullTextNote is the full-text part of a source's /sources line — "; full text: auto · 12
// read, 1 failed" — for kinds whose items link to article pages (docs/FULLTEXT.md).
func fullTextNote(src watch.Source, st watch.State) string {
	if row := source.ByKind(src.Kind); row == nil || !row.Articles {
		return ""
	}
	s := "; full text: " + source.Mode(src).String()
	var counts []string
	for _, c := range []struct {
		n    int
		what string
	}{
		{st.ArticlesRead, "read"},
		{st.ArticlesFailed, "failed"},
		{st.ArticlesCapped, "over the per-poll cap"},
		{st.ArticlesDisallowed, "disallowed by robots.txt"},
	} {
		if c.n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	if len(counts) > 0 {
		s += " · " + strings.Join(counts, ", ")
	}
	return s
}
