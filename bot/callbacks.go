package bot

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/store"
)

// handleCallback answers a button press: it edits the message in place and always answers
// the callback query, also for a stale or forged press (PLATFORM.md §1.7).
func (b *Bot) handleCallback(ctx context.Context, q *tgbotapi.CallbackQuery) {
	answer := ""
	defer func() {
		if _, err := b.api.Request(tgbotapi.NewCallback(q.ID, answer)); err != nil {
			b.log.Warn("answer callback", "error", err)
		}
	}()
	if q.Message == nil {
		answer = "This button has expired."
		return
	}
	in := incoming{chatID: q.Message.Chat.ID, chatType: q.Message.Chat.Type, userID: q.From.ID}
	if in.isGroup() && !b.isBotAdmin(in.userID) && !b.isGroupAdmin(in) {
		answer = "Only this group's administrators can change its settings."
		return
	}
	verb, arg, _ := strings.Cut(q.Data, ":")
	n, err := strconv.Atoi(arg)
	if err != nil {
		answer = "I don't know this button."
		return
	}
	var edit func(c *store.Chat) error
	switch verb {
	case "rm", "mode":
		edit = func(c *store.Chat) error {
			i := findWatch(c, arg)
			if i < 0 {
				return userErrorf("That watch is gone already.")
			}
			if verb == "rm" {
				c.Watches = append(c.Watches[:i], c.Watches[i+1:]...)
				answer = "Removed."
			} else {
				c.Watches[i].Alert = !c.Watches[i].Alert
				answer = "Switched."
			}
			return nil
		}
	case "fo", "uf":
		srcs := b.sortedSources()
		if n < 1 || n > len(srcs) {
			answer = "That source is gone."
			return
		}
		name := srcs[n-1].Name
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
	c, err := b.db.UpdateChat(in.chatID, false, edit)
	if err != nil {
		if ue, ok := err.(*userError); ok {
			answer = ue.msg
		} else {
			answer = "Sorry, that failed."
			b.log.Error("button", "chat_id", in.chatID, "error", err)
		}
		return
	}
	b.queue.Changed()
	if verb == "rm" || verb == "mode" {
		html, markup := b.renderList(c)
		e := tgbotapi.NewEditMessageText(in.chatID, q.Message.MessageID, html)
		e.ParseMode = tgbotapi.ModeHTML
		if markup != "" {
			var kb tgbotapi.InlineKeyboardMarkup
			if err := jsonUnmarshal(markup, &kb); err == nil {
				e.ReplyMarkup = &kb
			}
		}
		if _, err := b.api.Request(e); err != nil {
			b.log.Warn("edit list", "error", err)
		}
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
