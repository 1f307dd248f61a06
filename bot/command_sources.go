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

	"github.com/vedetta/vedetta/lang"
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

func (b *Bot) sourceByNumber(tr *lang.Localizer, cmd, arg string) (watch.Source, error) {
	srcs := b.sortedSources()
	n, err := strconv.Atoi(strings.TrimSpace(arg))
	if err != nil || n < 1 || n > len(srcs) {
		if len(srcs) == 0 {
			return watch.Source{}, userErr(tr.T("sources.none_yet", "Command", cmd))
		}
		return watch.Source{}, userErr(tr.T("sources.bad_number", "Max", len(srcs), "Command", cmd))
	}
	return srcs[n-1], nil
}

// health describes a source's state in a few words. detail adds a failure's own text, in
// English, for an administrator's private chat.
func health(tr *lang.Localizer, st watch.State, now time.Time, detail bool) string {
	switch {
	case st.Failures > 0:
		why := failure(tr, st)
		if detail && st.LastError != "" {
			why += " (" + clip(watch.RedactText(st.LastError), 120) + ")"
		}
		return tr.T("sources.failing", "Failures", st.Failures, "Error", why, "Next", st.NextAttempt.Format("15:04"))
	case st.LastSuccess.IsZero():
		return tr.T("sources.not_polled")
	case !st.Primed:
		return tr.T("sources.empty")
	default:
		s := tr.N("sources.ok", st.Items, "Ago", tr.Duration(now.Sub(st.LastSuccess)))
		if st.Backlog > 0 {
			// A new source must not flood chats with its backlog (docs/DELIVERY.md); say so.
			s += " " + tr.N("sources.backlog", st.Backlog)
		}
		if note := readerNote(tr, st); note != "" {
			s += "; " + note // the reader's word on its last poll: truncated, items over the cap
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
		return b.reply(in.chatID, in.threadID, in.tr.T("sources.none"))
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
	tr := b.trFor(c)
	header := &htmlText{}
	header.bold(tr.T("sources.title", "Count", len(srcs)))
	if c != nil && len(c.Follow) > 0 {
		header.text(" — " + tr.T("sources.follows_some"))
	}
	// The failures' own text is for administrators, in their private chat.
	detail := c != nil && c.ID > 0 && b.isBotAdmin(c.ID)
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
		h.text(fmt.Sprintf(" (%s) — %s", s.Kind, health(tr, st, b.now(), detail)))
		h.text(fullTextNote(tr, s, st))
		if s.Kind == watch.KindXUser || s.Kind == watch.KindXSearch {
			used := 0
			if st.BudgetMonth == b.now().UTC().Format("2006-01") {
				used = st.BudgetUsed
			}
			if b.opts.XMonthlyBudget > 0 {
				h.text("; " + tr.T("sources.x_budget", "Used", used, "Budget", b.opts.XMonthlyBudget))
			} else {
				h.text("; " + tr.T("sources.x_used", "Used", used))
			}
		}
		entries = append(entries, h)
		if c != nil && len(rows) < maxSourceButtons {
			label, verb := tr.T("sources.button_follow", "N", i+1, "Name", clip(s.Name, 24)), "fo"
			if followed {
				label, verb = "✔ "+tr.T("sources.button_unfollow", "N", i+1, "Name", clip(s.Name, 24)), "uf"
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
		return userErr(in.tr.T("follow.ask"))
	}
	src, err := b.sourceByNumber(in.tr, "follow", arg)
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
	return b.reply(in.chatID, in.threadID, in.tr.T("follow.done", "Source", src.Name))
}

func (b *Bot) cmdUnfollow(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		return userErr(in.tr.T("unfollow.ask"))
	}
	if strings.EqualFold(arg, "all") {
		if _, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.Follow = nil; return nil }); err != nil {
			return err
		}
		return b.reply(in.chatID, in.threadID, in.tr.T("unfollow.all"))
	}
	src, err := b.sourceByNumber(in.tr, "unfollow", arg)
	if err != nil {
		return err
	}
	if _, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error {
		c.Follow = slices.DeleteFunc(c.Follow, func(s string) bool { return s == src.Name })
		return nil
	}); err != nil {
		return err
	}
	return b.reply(in.chatID, in.threadID, in.tr.T("unfollow.done", "Source", src.Name))
}

func (b *Bot) cmdAddSource(ctx context.Context, in incoming, arg string) error {
	if arg == "" || b.opts.NewSource == nil {
		return userErr(in.tr.T("addsource.ask"))
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
		return userErr(in.tr.T("addsource.bad", "Error", watch.RedactText(err.Error())))
	}
	if fullTextSet {
		m, err := source.FullText(src.Kind, fullText)
		if err != nil {
			return userErr(in.tr.T("addsource.full_text_bad", "Error", err))
		}
		src.FullText = string(m)
	}
	for _, s := range b.sortedSources() {
		if strings.EqualFold(s.Name, src.Name) {
			return userErr(in.tr.T("addsource.exists", "Source", s.Name, "Spec", watch.RedactText(spec)))
		}
	}
	if err := b.db.AddSource(src); err != nil {
		return err
	}
	if err := b.opts.Sources.Add(src); err != nil {
		b.db.DeleteSource(src.Name)
		return userErr(in.tr.T("addsource.failed", "Error", err))
	}
	msg := in.tr.T("addsource.done", "Source", src.Name, "Kind", src.Kind)
	if m := source.Mode(src); m != article.Never || fullTextSet {
		msg += " " + in.tr.T("addsource.full_text", "Mode", m.String(), "Meaning", in.tr.T("full_text."+m.String()))
	}
	return b.reply(in.chatID, in.threadID, msg)
}

func (b *Bot) cmdDelSource(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		return userErr(in.tr.T("delsource.ask"))
	}
	src, err := b.sourceByNumber(in.tr, "delsource", arg)
	if err != nil {
		return err
	}
	if b.opts.Configured != nil && b.opts.Configured(src.Name) {
		return userErr(in.tr.T("delsource.configured", "Source", src.Name))
	}
	b.opts.Sources.Remove(src.Name)
	if err := b.db.DeleteSource(src.Name); err != nil {
		return err
	}
	return b.reply(in.chatID, in.threadID, in.tr.T("delsource.done", "Source", src.Name))
}

func (b *Bot) cmdRefresh(ctx context.Context, in incoming, arg string) error {
	if err := b.reply(in.chatID, in.threadID, in.tr.T("refresh.start")); err != nil {
		return err
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		b.opts.Sources.PollAll(ctx, true)
		b.reply(in.chatID, in.threadID, in.tr.T("refresh.done"))
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
	msg := in.tr.T("stats.summary", "Chats", len(chats), "Receiving", active, "Watches", watches, "Sources", len(b.sortedSources()), "Failing", failing, "Queued", pending)
	if !oldest.IsZero() {
		msg += " " + in.tr.T("stats.oldest", "Ago", in.tr.Duration(b.now().Sub(oldest)))
	}
	msg += "\n" + in.tr.T("stats.storage", "Outbox", b.sender.Pending(), "MB", in.tr.Decimal(float64(b.db.Size())/1e6, 1))
	return b.replyStats(in, msg)
}

// fullTextNote is the full-text part of a source's /sources line — "; full text: auto · 12
// read, 1 failed" — for kinds whose items link to article pages (docs/FULLTEXT.md).
func fullTextNote(tr *lang.Localizer, src watch.Source, st watch.State) string {
	if row := source.ByKind(src.Kind); row == nil || !row.Articles {
		return ""
	}
	s := "; " + tr.T("full_text.label", "Mode", source.Mode(src).String())
	var counts []string
	for _, c := range []struct {
		n  int
		id string
	}{
		{st.ArticlesRead, "full_text.read"},
		{st.ArticlesFailed, "full_text.failed"},
		{st.ArticlesCapped, "full_text.capped"},
		{st.ArticlesDisallowed, "full_text.disallowed"},
	} {
		if c.n > 0 {
			counts = append(counts, tr.N(c.id, c.n))
		}
	}
	if len(counts) > 0 {
		s += " · " + strings.Join(counts, ", ")
	}
	return s
}
