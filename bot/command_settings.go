package bot

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/schedule"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch/match"
)

func markupJSON(rows [][]tgbotapi.InlineKeyboardButton) string {
	if len(rows) == 0 {
		return ""
	}
	raw, _ := json.Marshal(tgbotapi.NewInlineKeyboardMarkup(rows...))
	return string(raw)
}

func (b *Bot) cmdStart(ctx context.Context, in incoming, arg string) error {
	if err := b.register(in); err != nil {
		return err
	}
	c, err := b.db.Chat(in.chatID)
	if err != nil {
		return err
	}
	b.router.Changed(in.chatID)
	h := &htmlText{}
	h.bold(in.tr.T("start.title"))
	h.text("\n" + in.tr.T("start.intro", "Schedule", b.chatSchedule(c), "Zone", b.chatLocation(c).String()) + "\n\n")
	h.text(in.tr.T("start.first_steps"))
	if len(c.Watches) > 0 {
		h.text("\n\n" + in.tr.N("start.welcome_back", len(c.Watches)))
	}
	return b.replyHTML(in.chatID, in.threadID, h.String(), "")
}

func (b *Bot) cmdHelp(ctx context.Context, in incoming, arg string) error {
	h := &htmlText{}
	h.bold(in.tr.T("help.title"))
	h.text("\n")
	for _, c := range commands {
		h.text("/" + c.name)
		if c.usage != "" {
			h.text(" " + c.usageIn(in.tr))
		}
		h.text(" — " + c.helpIn(in.tr))
		if c.example != "" {
			h.text(" " + in.tr.T("help.example", "Example", c.example))
		}
		h.text("\n")
	}
	h.text("\n")
	h.bold(in.tr.T("help.queries_title"))
	h.text("\n" + in.tr.T("help.queries") + "\n")
	h.text("\n" + in.tr.T("help.limits", "Watches", maxWatches, "Bytes", match.MaxQueryLen, "Terms", match.MaxTerms, "Runes", maxArgRunes))
	h.text("\n" + in.tr.T("help.groups", "Open", openCommands(in.tr)))
	return b.replyHTML(in.chatID, in.threadID, h.String(), "")
}

func (b *Bot) cmdSchedule(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		return userErr(in.tr.T("schedule.ask"))
	}
	c, err := b.db.Chat(in.chatID)
	if err != nil {
		return err
	}
	s, err := schedule.Digest(arg, b.chatLocation(c))
	if err != nil {
		return userErr(in.tr.T("schedule.bad", "Error", scheduleReason(in.tr, err)))
	}
	if s != nil && s.Next(b.now()).IsZero() {
		return userErr(in.tr.T("schedule.never"))
	}
	spec := arg
	if s == nil {
		spec = "off"
	}
	c, err = b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.Schedule = spec; return nil })
	if err != nil {
		return err
	}
	b.scheduleDigest(c)
	if s == nil {
		return b.reply(in.chatID, in.threadID, in.tr.T("schedule.off"))
	}
	next := b.nextDigest(c.ID)
	next = next.In(b.chatLocation(c))
	return b.reply(in.chatID, in.threadID, in.tr.T("schedule.set", "Spec", spec, "Next", in.tr.DateTime(next)+" "+next.Format("MST")))
}

func (b *Bot) cmdTimezone(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		return userErr(in.tr.T("timezone.ask"))
	}
	loc, err := time.LoadLocation(arg)
	if err != nil || strings.EqualFold(arg, "local") || arg == "" {
		return userErr(in.tr.T("timezone.unknown", "Zone", clip(arg, 60)))
	}
	c, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.Timezone = loc.String(); return nil })
	if err != nil {
		return err
	}
	b.scheduleDigest(c)
	return b.reply(in.chatID, in.threadID, in.tr.T("timezone.set", "Zone", loc.String(), "Now", b.now().In(loc).Format("15:04")))
}

func (b *Bot) cmdQuiet(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		return userErr(in.tr.T("quiet.ask"))
	}
	spec := ""
	if !strings.EqualFold(arg, "off") {
		if _, _, ok := schedule.Quiet(arg); !ok {
			return userErr(in.tr.T("quiet.bad", "Spec", clip(arg, 40)))
		}
		spec = strings.ReplaceAll(arg, " ", "")
	}
	if _, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.Quiet = spec; return nil }); err != nil {
		return err
	}
	if spec == "" {
		return b.reply(in.chatID, in.threadID, in.tr.T("quiet.off"))
	}
	return b.reply(in.chatID, in.threadID, in.tr.T("quiet.set", "Spec", spec))
}

func (b *Bot) cmdPause(ctx context.Context, in incoming, arg string) error {
	c, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.Paused = true; return nil })
	if err != nil {
		return err
	}
	b.scheduleDigest(c)
	return b.reply(in.chatID, in.threadID, in.tr.T("pause.done"))
}

func (b *Bot) cmdResume(ctx context.Context, in incoming, arg string) error {
	c, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.Paused = false; return nil })
	if err != nil {
		return err
	}
	b.scheduleDigest(c)
	return b.reply(in.chatID, in.threadID, in.tr.T("resume.done"))
}

func (b *Bot) cmdStop(ctx context.Context, in incoming, arg string) error {
	b.unscheduleDigest(in.chatID)
	if err := b.db.DeleteChat(in.chatID); err != nil {
		return err
	}
	b.router.Changed(in.chatID)
	return b.reply(in.chatID, in.threadID, in.tr.T("stop.done"))
}
