package bottest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Chat is a chat the fake users talk to the bot in.
type Chat struct {
	ID      int64
	Type    string // private, group, supergroup or channel
	Title   string
	IsForum bool
}

// User is a person talking to the bot.
type User struct {
	ID        int64
	FirstName string
	Username  string
	// LanguageCode is the IETF language tag of the user's Telegram client ("it", "uk"),
	// sent in every update from them (https://core.telegram.org/bots/api#user).
	LanguageCode string
}

type chatState struct {
	Chat
	user       User // the other side of a private chat
	known      bool // introduced by the test, not guessed from a request
	blocked    bool
	kicked     bool
	migratedTo int64
	told       bool // the bot has already been answered 403 or "upgraded"
	admins     []int64
	messages   []Message
	nextMsg    int
	fails      []int
	floods     []int
	floodUntil time.Time
	bucket     bucket
	minute     []time.Time // sends in the last minute, for chats with id < 0
}

// chatLocked returns the chat's state, creating it with a type guessed from
// the id: positive ids are private chats, -100… supergroups, other negative
// ids groups.
func (s *Server) chatLocked(id int64) *chatState {
	if st, ok := s.chats[id]; ok {
		return st
	}
	typ := "private"
	switch {
	case id < -1000000000000:
		typ = "supergroup"
	case id < 0:
		typ = "group"
	}
	st := &chatState{Chat: Chat{ID: id, Type: typ}, nextMsg: 1}
	if typ == "private" {
		st.user = User{ID: id, FirstName: "User" + strconv.FormatInt(id, 10)}
	}
	s.chats[id] = st
	return st
}

func (s *Server) introduceLocked(c Chat) *chatState {
	st := s.chatLocked(c.ID)
	if c.Type != "" {
		st.Type = c.Type
	}
	if c.Title != "" {
		st.Title = c.Title
	}
	st.IsForum = st.IsForum || c.IsForum
	st.known = true
	return st
}

// AddChat makes a chat known (needed with Options.StrictChats).
func (s *Server) AddChat(c Chat) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.introduceLocked(c)
	s.changed()
}

// Block makes every request to the private chat fail with 403 "Forbidden:
// bot was blocked by the user" (docs/TELEGRAM.md, "Errors").
func (s *Server) Block(chatID int64) { s.setChat(chatID, func(st *chatState) { st.blocked = true }) }

// Kick makes every request to the chat fail with 403 "Forbidden: bot was
// kicked from the group chat" (or supergroup/channel chat).
func (s *Server) Kick(chatID int64) { s.setChat(chatID, func(st *chatState) { st.kicked = true }) }

// Unblock undoes Block and Kick: the user restarted the bot or re-added it.
func (s *Server) Unblock(chatID int64) {
	s.setChat(chatID, func(st *chatState) { st.blocked, st.kicked, st.told = false, false, false })
}

// Migrate upgrades the group chatID to the supergroup newID silently:
// requests to chatID then fail with 400 "group chat was upgraded to a
// supergroup chat" and parameters.migrate_to_chat_id, requests to newID
// succeed. MigrateUpdate also queues the service messages.
func (s *Server) Migrate(chatID, newID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.migrateLocked(chatID, newID)
	s.changed()
}

func (s *Server) migrateLocked(chatID, newID int64) (*chatState, *chatState) {
	old := s.chatLocked(chatID)
	old.migratedTo = newID
	st := s.chatLocked(newID)
	st.Type, st.Title, st.known = "supergroup", old.Title, true
	st.admins = append([]int64(nil), old.admins...)
	return old, st
}

// Delete removes one of the bot's messages from the chat, as a person deleting it
// does: Messages no longer lists it, and editing it gets 400 "message to edit not
// found".
func (s *Server) Delete(chatID int64, messageID int) {
	s.setChat(chatID, func(st *chatState) {
		if i := st.findLocked(messageID); i >= 0 {
			st.messages = append(st.messages[:i], st.messages[i+1:]...)
		}
	})
}

// FailNext makes the next n requests to the chat fail with the HTTP status
// code: 500 as the Bot API's JSON "Internal Server Error", 502, 503 and 504
// as a proxy's HTML page (not JSON), others as JSON with the status text.
func (s *Server) FailNext(chatID int64, code, n int) {
	s.setChat(chatID, func(st *chatState) {
		for range n {
			st.fails = append(st.fails, code)
		}
	})
}

// FloodNext makes the next request to the chat fail with 429 "Too Many
// Requests: retry after N" and opens its retry_after window: requests
// before it closes are violations. It is scripted, so not a violation itself.
func (s *Server) FloodNext(chatID int64, retryAfter int) {
	s.setChat(chatID, func(st *chatState) { st.floods = append(st.floods, retryAfter) })
}

// SetAdmins makes the users the chat's administrators for getChatMember and
// getChatAdministrators; everyone else is a member.
func (s *Server) SetAdmins(chatID int64, userIDs ...int64) {
	s.setChat(chatID, func(st *chatState) { st.admins = append([]int64(nil), userIDs...) })
}

func (s *Server) setChat(chatID int64, f func(*chatState)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.chatLocked(chatID)
	st.known = true
	f(st)
	s.changed()
}

// accessLocked resolves chat_id and applies the chat's state, the retry_after
// window and scripted failures, in the order the Bot API server checks them
// (check_chat_access in docs/TELEGRAM.md, "Errors").
//
// Reads (getChatMember, getChatAdministrators) are not held to the
// retry_after window, which Telegram applies to sending.
func (s *Server) accessLocked(c *call, read bool) (*chatState, result, bool) {
	raw := c.params.Get("chat_id")
	if raw == "" {
		s.violateLocked(c, ViolationBadRequest, "no chat_id")
		return nil, badRequest("chat_id is empty"), true
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	st, exists := s.chats[id]
	if err != nil || (s.strict && (!exists || !st.known)) {
		s.violateLocked(c, ViolationChatNotFound, fmt.Sprintf("chat_id %q is not a known chat", raw))
		return nil, badRequest("chat not found"), true
	}
	if !exists {
		st = s.chatLocked(id)
	}
	switch {
	case st.migratedTo != 0:
		if st.told {
			s.violateLocked(c, ViolationMigrated, fmt.Sprintf("the chat moved to %d", st.migratedTo))
		}
		st.told = true
		r := badRequest("group chat was upgraded to a supergroup chat")
		r.migrateTo = st.migratedTo
		return st, r, true
	case st.blocked || st.kicked:
		if st.told {
			s.violateLocked(c, ViolationForbidden, "the chat already answered 403")
		}
		st.told = true
		if st.blocked {
			return st, fail(http.StatusForbidden, "Forbidden: bot was blocked by the user"), true
		}
		kind := st.Type
		if kind == "private" {
			return st, fail(http.StatusForbidden, "Forbidden: bot can't initiate conversation with a user"), true
		}
		return st, fail(http.StatusForbidden, "Forbidden: bot was kicked from the "+kind+" chat"), true
	}
	if !read {
		if r, stop := s.retryWindowLocked(c, st); stop {
			return st, r, true
		}
	}
	if len(st.floods) > 0 {
		n := st.floods[0]
		st.floods = st.floods[1:]
		st.floodUntil = c.at.Add(time.Duration(n) * time.Second)
		return st, tooMany(n), true
	}
	if len(st.fails) > 0 {
		code := st.fails[0]
		st.fails = st.fails[1:]
		return st, scriptedFailure(code), true
	}
	return st, result{}, false
}

func scriptedFailure(code int) result {
	switch code {
	case http.StatusInternalServerError:
		return fail(code, "Internal Server Error")
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		text := fmt.Sprintf("%d %s", code, http.StatusText(code))
		return result{status: code, rawBody: "<html>\r\n<head><title>" + text + "</title></head>\r\n<body>\r\n<center><h1>" +
			text + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"}
	}
	return fail(code, http.StatusText(code))
}

type apiUser struct {
	ID        int64  `json:"id"`
	IsBot     bool   `json:"is_bot"`
	FirstName string `json:"first_name"`
	Username  string `json:"username,omitempty"`
	// LanguageCode: "IETF language tag of the user's language" (https://core.telegram.org/bots/api#user).
	LanguageCode string `json:"language_code,omitempty"`
}

type apiChat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Title     string `json:"title,omitempty"`
	Username  string `json:"username,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	IsForum   bool   `json:"is_forum,omitempty"`
}

func (st *chatState) api() apiChat {
	c := apiChat{ID: st.ID, Type: st.Type, IsForum: st.IsForum}
	if st.Type == "private" {
		c.FirstName, c.Username = st.user.FirstName, st.user.Username
	} else {
		c.Title = st.Title
	}
	return c
}

func (u User) api() apiUser {
	return apiUser{ID: u.ID, FirstName: u.FirstName, Username: u.Username, LanguageCode: u.LanguageCode}
}
