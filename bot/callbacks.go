package bot

import (
	"context"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/store"
)

// handleCallback answers a button press: it edits the message in place and always answers
// the callback query, also for a stale or forged press (docs/TELEGRAM.md, "Buttons").
//
// Buttons: rm:ID, mode:ID and surge:ID under /list (ID is the watch's number, stable for its life);
// fo:sHASH and uf:sHASH under /sources (a hash of the source's name, see sourceButton).
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
		answer = "This button has expired: send the command again."
		return
	}
	in := incoming{chatID: q.Message.Chat.ID, chatType: q.Message.Chat.Type, userID: q.From.ID}
	if !b.allowed(in) {
		answer = "This Vedetta is private: its owner has not allowed this chat."
		return
	}
	verb, arg, _ := strings.Cut(q.Data, ":")
	var edit func(c *store.Chat) error
	switch verb {
	case "rm", "mode", "surge":
		if _, err := strconv.Atoi(arg); err != nil {
			answer = "I don't know this button."
			return
		}
		edit = func(c *store.Chat) error {
			i := findWatch(c, arg)
			if i < 0 {
				return userErrorf("That watch is gone already.")
			}
			switch verb {
			case "rm":
				c.Watches = append(c.Watches[:i], c.Watches[i+1:]...)
				answer = "Removed."
			case "surge":
				c.Watches[i].Surge = !c.Watches[i].Surge
				answer = "Surge alerts off."
				if c.Watches[i].Surge {
					answer = "Surge alerts on: one message when it surges."
				}
			default:
				c.Watches[i].Alert = !c.Watches[i].Alert
				answer = "Switched."
			}
			return nil
		}
	case "fo", "uf":
		src, ok := b.sourceByButton(verb, q.Data)
		if !ok {
			if strings.HasPrefix(arg, "s") && len(arg) == 9 {
				answer = "That source is gone: send /sources again."
			} else {
				answer = "I don't know this button."
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
				answer = "Following " + name + "."
			} else {
				answer = "Unfollowed " + name + "."
			}
			c.Follow = keep
			return nil
		}
	default:
		answer = "I don't know this button."
		return
	}
	// Checked after the button is known, so a forged press costs no getChatMember.
	if in.isGroup() && !b.isBotAdmin(in.userID) && !b.isGroupAdmin(in) {
		answer = "Only this group's administrators can change its settings."
		return
	}
	c, err := b.db.UpdateChat(in.chatID, false, edit)
	if err != nil {
		if ue, ok := err.(*userError); ok {
			answer = ue.msg
		} else if err == store.ErrNoChat {
			answer = "This chat is not registered any more: send /start."
		} else {
			answer = "Sorry, that failed."
			b.log.Error("button", "chat_id", in.chatID, "error", err)
		}
		return
	}
	b.router.Changed(in.chatID)
	var html, markup string
	if verb == "rm" || verb == "mode" || verb == "surge" {
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
