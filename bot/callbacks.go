package bot

import (
	"context"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/store"
)

// handleCallback answers a button press: it edits the message in place and always answers
// the callback query, also for a stale or forged press (docs/TELEGRAM.md, "Buttons").
//
// Buttons: rm:ID, mode:ID and surge:ID under /list (ID is the watch's number, stable for its life);
// fo:sHASH and uf:sHASH under /sources (a hash of the source's name, see sourceButton);
// lang:CODE under /language.
func (b *Bot) handleCallback(ctx context.Context, q *tgbotapi.CallbackQuery) {
	answer := ""
	defer func() {
		if b.api == nil {
			return
		}
		if _, err := b.api.Request(tgbotapi.NewCallback(q.ID, answer)); err != nil {
			b.log.Warn("answer callback", "error", err)
		}
	}()
	if q.Message == nil || q.Message.Chat == nil || q.From == nil {
		tr := lang.For(b.opts.Language)
		if q.From != nil {
			tr = b.chatLang(nil, "private", q.From.LanguageCode)
		}
		answer = tr.T("button.expired")
		return
	}
	in := incoming{chatID: q.Message.Chat.ID, chatType: q.Message.Chat.Type, userID: q.From.ID, lang: q.From.LanguageCode}
	in.tr = b.langOf(in)
	if !b.allowed(in) {
		answer = in.tr.T("button.not_allowed")
		return
	}
	verb, arg, _ := strings.Cut(q.Data, ":")
	var edit func(c *store.Chat) error
	switch verb {
	case "rm", "mode", "surge":
		if _, err := strconv.Atoi(arg); err != nil {
			answer = in.tr.T("button.unknown")
			return
		}
		edit = func(c *store.Chat) error {
			i := findWatch(c, arg)
			if i < 0 {
				return userErr(in.tr.T("button.watch_gone"))
			}
			switch verb {
			case "rm":
				c.Watches = append(c.Watches[:i], c.Watches[i+1:]...)
				answer = in.tr.T("button.removed")
			case "surge":
				c.Watches[i].Surge = !c.Watches[i].Surge
				answer = in.tr.T("button.surge_off")
				if c.Watches[i].Surge {
					answer = in.tr.T("button.surge_on")
				}
			default:
				c.Watches[i].Alert = !c.Watches[i].Alert
				answer = in.tr.T("button.switched")
			}
			return nil
		}
	case "fo", "uf":
		src, ok := b.sourceByButton(verb, q.Data)
		if !ok {
			if strings.HasPrefix(arg, "s") && len(arg) == 9 {
				answer = in.tr.T("button.source_gone")
			} else {
				answer = in.tr.T("button.unknown")
			}
			return
		}
		name := src.Name
		edit = func(c *store.Chat) error {
			var keep []string
			for _, f := range c.Follow {
				if f != name {
					keep = append(keep, f)
				}
			}
			if verb == "fo" {
				keep = append(keep, name)
				answer = in.tr.T("button.following", "Source", name)
			} else {
				answer = in.tr.T("button.unfollowed", "Source", name)
			}
			c.Follow = keep
			return nil
		}
	case "lang":
		code := lang.Match(arg)
		if code == "" {
			answer = in.tr.T("button.unknown")
			return
		}
		edit = func(c *store.Chat) error {
			c.Language = code
			answer = lang.For(code).T("language.set")
			return nil
		}
	default:
		answer = in.tr.T("button.unknown")
		return
	}
	// Checked after the button is known, so a forged press costs no getChatMember.
	if in.isGroup() && !b.isBotAdmin(in.userID) && !b.isGroupAdmin(in) {
		answer = in.tr.T("button.group_admins_only")
		return
	}
	c, err := b.db.UpdateChat(in.chatID, false, edit)
	if err != nil {
		if ue, ok := err.(*userError); ok {
			answer = ue.msg
		} else if err == store.ErrNoChat {
			answer = in.tr.T("button.no_chat")
		} else {
			answer = in.tr.T("button.failed")
			b.log.Error("button", "chat_id", in.chatID, "error", err)
		}
		return
	}
	b.router.Changed(in.chatID)
	var html, markup string
	if verb == "lang" {
		h := &htmlText{}
		h.text(answer)
		html = h.String()
	} else if verb == "rm" || verb == "mode" || verb == "surge" {
		html, markup = b.renderList(c)
	} else {
		parts, m, err := b.renderSources(c)
		if err != nil {
			b.log.Error("render sources", "error", err)
			return
		}
		markup = m
		if len(parts) == 1 {
			html = parts[0]
		}
	}
	b.editInPlace(in.chatID, q.Message.MessageID, html, markup)
}

// editInPlace replaces the text (unless html is "": a message split in parts keeps its text)
// and the buttons of a message the bot sent. The edit goes through the paced outbox like a
// message: Telegram counts edits toward the same limits.
func (b *Bot) editInPlace(chatID int64, messageID int, html, markup string) {
	if err := b.sender.Enqueue(store.Message{ChatID: chatID, EditID: messageID, HTML: html, Markup: markup, Kind: "edit"}); err != nil {
		b.log.Error("edit message", "chat_id", chatID, "error", err)
	}
}
