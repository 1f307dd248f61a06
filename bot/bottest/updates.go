package bottest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxPollTimeout is LONG_POLL_MAX_TIMEOUT of the Bot API server (docs/TELEGRAM.md, "Receiving updates").
const maxPollTimeout = 50

type apiMessage struct {
	MessageID         int             `json:"message_id"`
	MessageThreadID   int             `json:"message_thread_id,omitempty"`
	From              *apiUser        `json:"from,omitempty"`
	SenderChat        *apiChat        `json:"sender_chat,omitempty"`
	Date              int64           `json:"date"`
	Chat              apiChat         `json:"chat"`
	EditDate          int64           `json:"edit_date,omitempty"`
	IsTopicMessage    bool            `json:"is_topic_message,omitempty"`
	Text              string          `json:"text,omitempty"`
	Entities          []entity        `json:"entities,omitempty"`
	Caption           string          `json:"caption,omitempty"`
	CaptionEntities   []entity        `json:"caption_entities,omitempty"`
	Document          *apiDocument    `json:"document,omitempty"`
	ReplyMarkup       json.RawMessage `json:"reply_markup,omitempty"`
	MigrateToChatID   int64           `json:"migrate_to_chat_id,omitempty"`
	MigrateFromChatID int64           `json:"migrate_from_chat_id,omitempty"`
}

// apiMessage is the Message object of a bot's message.
func (s *Server) apiMessage(st *chatState, m Message) apiMessage {
	a := apiMessage{MessageID: m.ID, MessageThreadID: m.ThreadID, Date: m.At.Unix(), Chat: st.api(),
		Text: m.Text, Entities: m.entities, ReplyMarkup: m.ReplyMarkup}
	if m.Edited {
		a.EditDate = m.At.Unix()
	}
	if st.Type == "channel" {
		a.SenderChat = &a.Chat
	} else {
		a.From = &apiUser{ID: s.botID, IsBot: true, FirstName: "Vedetta", Username: s.username}
	}
	a.IsTopicMessage = m.ThreadID != 0 && st.IsForum
	return a
}

type queued struct {
	id   int
	kind string
	raw  json.RawMessage
}

type poller struct {
	call  *call
	abort chan struct{}
}

// queueLocked appends an update of the given kind ("message",
// "callback_query", ...) and wakes the long poll.
func (s *Server) queueLocked(kind string, v any) int {
	id := s.nextUpdate
	s.nextUpdate++
	raw, err := json.Marshal(map[string]any{"update_id": id, kind: v})
	if err != nil {
		panic(fmt.Sprintf("bottest: marshal update: %v", err))
	}
	s.updates = append(s.updates, queued{id: id, kind: kind, raw: raw})
	s.changed()
	return id
}

// Say queues a message from a user in a chat, as an update for getUpdates,
// and returns its update_id. Text starting with '/' carries a bot_command
// entity over the command (with its @botname), its length in UTF-16 units
// (docs/TELEGRAM.md, "Commands in groups"). In a channel it is a channel_post.
func (s *Server) Say(chat Chat, from User, text string) int {
	return s.SayInThread(chat, from, 0, text)
}

// SayInThread is Say in a forum topic: the message carries message_thread_id
// and is_topic_message.
func (s *Server) SayInThread(chat Chat, from User, threadID int, text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, m := s.userMessageLocked(chat, from)
	m.Text, m.Entities = text, commandEntity(text)
	if threadID != 0 {
		m.MessageThreadID, m.IsTopicMessage = threadID, st.IsForum
	}
	kind := "message"
	if st.Type == "channel" {
		kind, m.From, m.SenderChat = "channel_post", nil, &m.Chat
	}
	return s.queueLocked(kind, m)
}

// userMessageLocked starts a message from a user in a chat, introducing both to the fake.
func (s *Server) userMessageLocked(chat Chat, from User) (*chatState, apiMessage) {
	st := s.introduceLocked(chat)
	if st.Type == "private" {
		st.user = from
	}
	s.users[from.ID] = from
	u := from.api()
	m := apiMessage{MessageID: st.nextMsg, From: &u, Date: s.now().Unix(), Chat: st.api()}
	st.nextMsg++
	return st, m
}

// commandEntity is the bot_command entity of a text starting with '/', its length in UTF-16
// units (docs/TELEGRAM.md, "Commands in groups"); nil for other text.
func commandEntity(text string) []entity {
	if !strings.HasPrefix(text, "/") {
		return nil
	}
	cmd, _, _ := strings.Cut(text, " ")
	cmd, _, _ = strings.Cut(cmd, "\n")
	return []entity{{Type: "bot_command", Offset: 0, Length: utf16Count(cmd)}}
}

// Press queues a callback_query: the user pressed the inline button with
// callback_data data under the bot's message messageID. It returns the
// query id, which answerCallbackQuery must answer once.
func (s *Server) Press(chat Chat, from User, messageID int, data string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.introduceLocked(chat)
	s.users[from.ID] = from
	msg := apiMessage{MessageID: messageID, Date: s.now().Unix(), Chat: st.api()}
	if i := st.findLocked(messageID); i >= 0 {
		msg = s.apiMessage(st, st.messages[i])
	}
	s.nextQuery++
	id := strconv.FormatInt(s.botID%100000*1000000+int64(s.nextQuery), 10)
	s.callbacks[id] = &callback{data: data}
	u := from.api()
	s.queueLocked("callback_query", map[string]any{
		"id": id, "from": u, "message": msg, "chat_instance": strconv.FormatInt(-st.ID*7919, 10), "data": data,
	})
	return id
}

// MigrateUpdate upgrades the group to the supergroup newID as Telegram does:
// Migrate, then the service message with migrate_to_chat_id in the old chat
// and the one with migrate_from_chat_id in the new chat. It returns the
// update_id of the first.
func (s *Server) MigrateUpdate(chat Chat, newID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.introduceLocked(chat)
	old, st := s.migrateLocked(chat.ID, newID)
	date := s.now().Unix()
	first := s.queueLocked("message", apiMessage{MessageID: old.nextMsg, Date: date, Chat: old.api(), MigrateToChatID: newID})
	old.nextMsg++
	s.queueLocked("message", apiMessage{MessageID: st.nextMsg, Date: date, Chat: st.api(), SenderChat: ptr(old.api()), MigrateFromChatID: chat.ID})
	st.nextMsg++
	return first
}

func ptr[T any](v T) *T { return &v }

// Pending is the number of queued updates not yet confirmed by an offset.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

// getUpdates is a real long poll (https://core.telegram.org/bots/api#getupdates):
// offset confirms earlier updates (negative: keep the last -offset), limit
// 1-100, timeout clamped to 50 s, and a newer getUpdates terminates a pending
// one with 409 Conflict.
func (s *Server) getUpdates(c *call) result {
	offset, _ := strconv.Atoi(c.params.Get("offset"))
	limit, err := strconv.Atoi(c.params.Get("limit"))
	if err != nil || limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(c.params.Get("timeout"))
	timeout = min(max(timeout, 0), maxPollTimeout)
	var allowed []string
	rawAllowed := c.params.Get("allowed_updates")
	if rawAllowed != "" {
		if err := json.Unmarshal([]byte(rawAllowed), &allowed); err != nil {
			return badRequest("can't parse allowed updates JSON object")
		}
	}

	s.mu.Lock()
	if s.webhook != "" {
		s.mu.Unlock()
		return fail(http.StatusConflict, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
	}
	if p := s.poller; p != nil {
		if p.call.ctx.Err() == nil {
			s.violateLocked(c, ViolationConflict, "a getUpdates was still pending: two bot instances?")
		}
		close(p.abort)
		s.poller = nil
	}
	switch {
	case offset > 0:
		i := 0
		for i < len(s.updates) && s.updates[i].id < offset {
			i++
		}
		s.updates = s.updates[i:]
	case offset < 0 && -offset < len(s.updates):
		s.updates = s.updates[len(s.updates)+offset:]
	}
	if rawAllowed != "" {
		s.allowed = allowed
	}
	me := &poller{call: c, abort: make(chan struct{})}
	s.poller = me
	s.changed()
	timer := time.NewTimer(time.Duration(timeout) * time.Second)
	defer timer.Stop()
	for {
		ups := s.deliverableLocked(limit)
		if len(ups) > 0 || timeout == 0 {
			s.endPollLocked(me)
			s.mu.Unlock()
			return ok(ups)
		}
		wake := s.notify
		s.mu.Unlock()
		select {
		case <-wake:
		case <-me.abort:
			return fail(http.StatusConflict, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
		case <-timer.C:
			timeout = 0
		case <-s.done:
			timeout = 0
		case <-c.ctx.Done():
			timeout = 0
		}
		s.mu.Lock()
	}
}

func (s *Server) endPollLocked(me *poller) {
	if s.poller == me {
		s.poller = nil
	}
}

// Polling reports whether a getUpdates long poll is pending, e.g. to wait
// until the bot is listening before saying something.
func (s *Server) Polling() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.poller != nil
}

// deliverableLocked lists up to limit queued updates of the allowed kinds;
// an empty allowed_updates list means all but chat_member and reactions.
func (s *Server) deliverableLocked(limit int) []json.RawMessage {
	ups := []json.RawMessage{}
	for _, u := range s.updates {
		if len(ups) == limit {
			break
		}
		if len(s.allowed) > 0 && !slices.Contains(s.allowed, u.kind) {
			continue
		}
		ups = append(ups, u.raw)
	}
	return ups
}
