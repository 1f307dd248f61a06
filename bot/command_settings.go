package bot

import (
	"context"
	"encoding/json"
	"fmt"
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
	h.bold("Vedetta is watching the news for this chat.")
	h.text("\nI read news feeds, X accounts and Telegram channels, and send you what mentions the people and topics you watch — in every language and spelling — as a digest (" + b.chatSchedule(c) + ", " + b.chatLocation(c).String() + ") or as instant alerts.\n\n")
	h.text("Start with:\n/watch NATO — digest of everything about NATO (OTAN, НАТО, Alleanza Atlantica…)\n/alert Zelensky — each new item at once\n/catalogue — the names I know\n/help — all commands")
	if len(c.Watches) > 0 {
		h.text(fmt.Sprintf("\n\nWelcome back: your %d watches are still here (/list).", len(c.Watches)))
	}
	return b.replyHTML(in.chatID, in.threadID, h.String(), "")
}

func (b *Bot) cmdHelp(ctx context.Context, in incoming, arg string) error {
	h := &htmlText{}
	h.bold("Vedetta commands")
	h.text("\n")
	for _, c := range commands {
		h.text("/" + c.name)
		if c.usage != "" {
			h.text(" " + c.usage)
		}
		h.text(" — " + c.help)
		if c.example != "" {
			h.text(" (e.g. " + c.example + ")")
		}
		h.text("\n")
	}
	h.text("\n")
	h.bold("Queries")
	h.text("\nwords and \"quoted phrases\"; space or AND = and; OR, | or , = or; -word or NOT word = not; (parentheses); ucrain* = prefix; a capitalised acronym (NATO) never matches a lower-case word (nato). Catalogue names expand to all their spellings.\n")
	h.text(fmt.Sprintf("\nLimits: %d watches per chat; a query has at most %d bytes (%d Latin letters, about half as many in Cyrillic) and %d spellings once catalogue names are expanded; other arguments at most %d characters.", maxWatches, match.MaxQueryLen, match.MaxQueryLen, match.MaxTerms, maxArgRunes))
	h.text("\nIn groups, only administrators use the other commands; anyone can use " + openCommands() + ".")
	return b.replyHTML(in.chatID, in.threadID, h.String(), "")
}

func (b *Bot) cmdSchedule(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		return userErrorf("When should digests come? e.g. /schedule 08:00,20:00, /schedule @hourly, /schedule 0 9 * * 1-5, or /schedule off")
	}
	c, err := b.db.Chat(in.chatID)
	if err != nil {
		return err
	}
	s, err := schedule.Digest(arg, b.chatLocation(c))
	if err != nil {
		return userErrorf("I can't read that schedule: %v.\nExamples: /schedule 08:00, /schedule 08:00,20:00, /schedule 0 */2 * * *, /schedule @hourly, /schedule off", err)
	}
	if s != nil && s.Next(b.now()).IsZero() {
		return userErrorf("That schedule never fires (is the date impossible?). Example: /schedule 0 8 1 * *")
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
		return b.reply(in.chatID, in.threadID, "Scheduled digests are off. Matches wait for /digest; alerts still come at once.")
	}
	next := b.nextDigest(c.ID)
	return b.reply(in.chatID, in.threadID, fmt.Sprintf("Digest schedule: %s. Next: %s.", spec, next.In(b.chatLocation(c)).Format("Mon 02 Jan 15:04 MST")))
}

func (b *Bot) cmdTimezone(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		return userErrorf("Which time zone? Give an IANA name, e.g. /timezone Europe/Rome or /timezone Europe/Kyiv")
	}
	loc, err := time.LoadLocation(arg)
	if err != nil || strings.EqualFold(arg, "local") || arg == "" {
		return userErrorf("I don't know the time zone %q. Use an IANA name, e.g. /timezone Europe/Rome, /timezone Europe/Kyiv, /timezone America/New_York or /timezone UTC.", clip(arg, 60))
	}
	c, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.Timezone = loc.String(); return nil })
	if err != nil {
		return err
	}
	b.scheduleDigest(c)
	return b.reply(in.chatID, in.threadID, fmt.Sprintf("Time zone: %s (now %s there).", loc, b.now().In(loc).Format("15:04")))
}

func (b *Bot) cmdQuiet(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		return userErrorf("Give quiet hours like /quiet 23:00-07:00, or /quiet off.")
	}
	spec := ""
	if !strings.EqualFold(arg, "off") {
		if _, _, ok := schedule.Quiet(arg); !ok {
			return userErrorf("I can't read %q as quiet hours. Example: /quiet 23:00-07:00 (or /quiet off).", clip(arg, 40))
		}
		spec = strings.ReplaceAll(arg, " ", "")
	}
	if _, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.Quiet = spec; return nil }); err != nil {
		return err
	}
	if spec == "" {
		return b.reply(in.chatID, in.threadID, "Quiet hours off: alerts come at once.")
	}
	return b.reply(in.chatID, in.threadID, "Quiet hours "+spec+": alerts are held then and sent together when they end.")
}

func (b *Bot) cmdPause(ctx context.Context, in incoming, arg string) error {
	c, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.Paused = true; return nil })
	if err != nil {
		return err
	}
	b.scheduleDigest(c)
	return b.reply(in.chatID, in.threadID, "⏸ Paused: no digests or alerts until /resume. Your watches are kept.")
}

func (b *Bot) cmdResume(ctx context.Context, in incoming, arg string) error {
	c, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.Paused = false; return nil })
	if err != nil {
		return err
	}
	b.scheduleDigest(c)
	return b.reply(in.chatID, in.threadID, "▶️ Resumed.")
}

func (b *Bot) cmdStop(ctx context.Context, in incoming, arg string) error {
	b.unscheduleDigest(in.chatID)
	if err := b.db.DeleteChat(in.chatID); err != nil {
		return err
	}
	b.router.Changed(in.chatID)
	return b.reply(in.chatID, in.threadID, "Done: I forgot this chat and its watches. /start to begin again.")
}
