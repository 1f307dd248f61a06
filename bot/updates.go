package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// ErrConflict means another process polls updates with the same token (409).
var ErrConflict = errors.New("another vedetta (or another program) is polling updates with this bot token; stop it first")

// ErrUnauthorized means Telegram refused the token (401).
var ErrUnauthorized = errors.New("telegram refused the bot token (check TELEGRAM_BOT_TOKEN)")

// pollBackoff is the first wait after a failed getUpdates; it doubles on each failure in a
// row, up to pollBackoffMax. Tests shorten it.
var (
	pollBackoff    = time.Second
	pollBackoffMax = time.Minute
)

// pollUpdates is Vedetta's own getUpdates loop, instead of tgbotapi's GetUpdatesChan, which
// cannot be cancelled, ignores retry_after and retries a bad token forever (docs/DEPENDENCIES.md, "go-telegram-bot-api v5").
// The in-flight long poll is cancelled with ctx; the HTTP timeout sits above the long-poll
// timeout; updates are de-duplicated by update_id.
func (b *Bot) pollUpdates(ctx context.Context) (err error) {
	red := redactor{b.opts.Token}
	api := *b.api
	hc := &httpClient{client: &http.Client{Timeout: (pollTimeout + 15) * time.Second}, ctx: ctx, redact: red}
	api.Client = hc
	offset := 0    // the next update_id wanted; every update below it was handled
	confirmed := 0 // the offset of the last getUpdates that reached Telegram (or is pending)
	defer func() {
		// Not after a 409: a getUpdates now would end the other poller's.
		if ctx.Err() != nil {
			b.confirmOffset(ctx, offset, confirmed)
		}
	}()
	delay := pollBackoff
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		told := confirmed
		confirmed = offset // Telegram confirms on receipt, so a pending poll counts
		// Whether the request was written: a poll cancelled before that never told
		// Telegram the offset, and the deferred confirmOffset must say it, or the commands
		// handled since are run again after a restart.
		var wrote atomic.Bool
		hc.ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { wrote.Store(true) }})
		ups, err := getUpdates(&api, offset, pollTimeout)
		if err != nil {
			if ctx.Err() != nil {
				if !wrote.Load() {
					confirmed = told
				}
				return ctx.Err()
			}
			confirmed = told // it may not have reached Telegram
			wait := delay
			if ae := classify(err); ae != nil {
				switch {
				case ae.code == http.StatusUnauthorized || ae.code == http.StatusNotFound:
					return fmt.Errorf("%w: getUpdates answered %d %s", ErrUnauthorized, ae.code, red.string(ae.desc))
				case ae.code == http.StatusConflict:
					return fmt.Errorf("%w (telegram said: %s)", ErrConflict, red.string(ae.desc))
				case ae.retryAfter > 0:
					wait = ae.retryAfter
				}
			}
			b.log.Warn("get updates failed, retrying", "error", red.string(err.Error()), "retry_in", wait)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
			if wait == delay {
				delay = min(delay*2, pollBackoffMax)
			}
			continue
		}
		delay = pollBackoff
		b.setLastOK()
		for _, u := range ups {
			if u.UpdateID < offset {
				continue // already handled: delivery is at least once
			}
			offset = u.UpdateID + 1
			b.handleUpdate(ctx, u.Update, u.threadID)
		}
	}
}

// confirmOffset tells Telegram, on the way out, which updates were handled since the last
// getUpdates that said so (the loop stopped while handling a batch, or after a failed
// call), so that the next start does not run those commands again. It does not wait for
// new updates.
func (b *Bot) confirmOffset(ctx context.Context, offset, confirmed int) {
	if offset <= confirmed {
		return
	}
	// ctx has ended (that is why the loop stopped); this one call still gets 5 s.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	red := redactor{b.opts.Token}
	api := *b.api
	api.Client = &httpClient{client: &http.Client{Timeout: 5 * time.Second}, ctx: ctx, redact: red}
	if _, err := getUpdates(&api, offset, 0); err != nil {
		b.log.Warn("confirm handled updates", "error", red.string(err.Error()))
	}
}

// handleUpdate dispatches one update. Most run at once, on the update loop; one that may
// wait on Telegram — a group member whose admin status is not cached needs a getChatMember
// — runs on its chat's lane (laneFor), so that a slow answer never holds up other chats,
// and the chat's later updates queue behind it, in order.
func (b *Bot) handleUpdate(ctx context.Context, u tgbotapi.Update, threadID int) {
	chatID, userID, group := updateChat(u)
	b.lanes.run(chatID, group && b.api != nil && !b.adminKnown(chatID, userID), func() {
		b.handleUpdateNow(ctx, u, threadID)
	})
}

// updateChat says whose an update is: its chat, its sender, and whether the chat is a group.
func updateChat(u tgbotapi.Update) (chatID, userID int64, group bool) {
	switch {
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil:
		c := u.CallbackQuery.Message.Chat
		return c.ID, u.CallbackQuery.From.ID, c.Type == "group" || c.Type == "supergroup"
	case u.Message != nil:
		return u.Message.Chat.ID, userOf(u.Message), u.Message.Chat.Type == "group" || u.Message.Chat.Type == "supergroup"
	case u.ChannelPost != nil:
		return u.ChannelPost.Chat.ID, 0, false
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID, 0, false
	}
	return 0, 0, false
}

// handleUpdateNow handles one update; a panic in a handler is logged, not fatal.
func (b *Bot) handleUpdateNow(ctx context.Context, u tgbotapi.Update, threadID int) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("handler panic", "update_id", u.UpdateID, "panic", fmt.Sprint(r))
		}
	}()
	switch {
	case u.CallbackQuery != nil:
		b.handleCallback(ctx, u.CallbackQuery)
	case u.ChannelPost != nil:
		// Only a channel's administrators can post in it.
		m := u.ChannelPost
		b.handleMessage(ctx, incoming{chatID: m.Chat.ID, chatType: "channel", title: m.Chat.Title,
			userID: userOf(m), text: m.Text, anonymousAdmin: true})
	case u.Message != nil:
		m := u.Message
		if m.MigrateToChatID != 0 {
			if err := b.migrate(m.Chat.ID, m.MigrateToChatID); err != nil {
				b.log.Error("migrate chat", "chat_id", m.Chat.ID, "error", err)
			}
			return
		}
		in := incoming{
			chatID: m.Chat.ID, chatType: m.Chat.Type, title: m.Chat.Title,
			threadID: threadID, userID: userOf(m), text: m.Text,
			anonymousAdmin: m.SenderChat != nil && m.SenderChat.ID == m.Chat.ID,
		}
		if m.From != nil {
			in.lang = m.From.LanguageCode
		}
		if m.Document != nil {
			b.handleDocument(ctx, in, m.Document)
			return
		}
		b.handleMessage(ctx, in)
	case u.MyChatMember != nil:
		st := u.MyChatMember.NewChatMember.Status
		if st == "kicked" || st == "left" {
			b.chatGone(u.MyChatMember.Chat.ID, "bot removed from the chat ("+st+")")
		}
	}
}

func userOf(m *tgbotapi.Message) int64 {
	if m.From == nil {
		return 0
	}
	return m.From.ID
}

// update is a tgbotapi update plus what v5 does not decode: the forum topic of a message
// sent in a topic (message_thread_id with is_topic_message, Bot API 6.3).
type update struct {
	tgbotapi.Update
	threadID int
}

func getUpdates(api *tgbotapi.BotAPI, offset, timeout int) ([]update, error) {
	p := tgbotapi.Params{}
	p.AddNonZero("offset", offset)
	p.AddNonZero("limit", 100)
	p.AddNonZero("timeout", timeout)
	p["allowed_updates"] = `["message","channel_post","callback_query","my_chat_member"]`
	resp, err := api.MakeRequest("getUpdates", p)
	if err != nil {
		return nil, err
	}
	var ups []tgbotapi.Update
	if err := json.Unmarshal(resp.Result, &ups); err != nil {
		return nil, fmt.Errorf("decode updates: %w", err)
	}
	var extra []struct {
		Message *struct {
			ThreadID int  `json:"message_thread_id"`
			IsTopic  bool `json:"is_topic_message"`
		} `json:"message"`
	}
	// The library decoded the updates; this only adds the topic.
	json.Unmarshal(resp.Result, &extra)
	out := make([]update, len(ups))
	for i, u := range ups {
		out[i].Update = u
		if i < len(extra) && extra[i].Message != nil && extra[i].Message.IsTopic {
			out[i].threadID = extra[i].Message.ThreadID
		}
	}
	return out, nil
}
