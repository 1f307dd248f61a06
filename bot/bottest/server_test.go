package bottest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// clock is a controllable Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newBot(t *testing.T, s *Server) *tgbotapi.BotAPI {
	t.Helper()
	bot, err := tgbotapi.NewBotAPIWithAPIEndpoint(s.Token(), s.Endpoint())
	if err != nil {
		t.Fatalf("NewBotAPIWithAPIEndpoint: %v", err)
	}
	return bot
}

// apiError returns the *tgbotapi.Error in err, failing the test otherwise.
func apiError(t *testing.T, err error) *tgbotapi.Error {
	t.Helper()
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		t.Fatalf("error = %v (%T), want *tgbotapi.Error", err, err)
	}
	return te
}

type rawAnswer struct {
	status int
	body   string
	env    struct {
		OK          bool            `json:"ok"`
		Result      json.RawMessage `json:"result"`
		ErrorCode   int             `json:"error_code"`
		Description string          `json:"description"`
		Parameters  *struct {
			RetryAfter      int   `json:"retry_after"`
			MigrateToChatID int64 `json:"migrate_to_chat_id"`
		} `json:"parameters"`
	}
}

// post calls a method with a form body, the way tgbotapi does.
func post(t *testing.T, s *Server, token, method string, form url.Values) rawAnswer {
	t.Helper()
	resp, err := http.PostForm(s.URL()+"/bot"+token+"/"+method, form)
	if err != nil {
		t.Fatalf("POST %s: %v", method, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := rawAnswer{status: resp.StatusCode, body: string(body)}
	json.Unmarshal(body, &a.env)
	return a
}

func send(chatID int64, text string) url.Values {
	return url.Values{"chat_id": {strconv.FormatInt(chatID, 10)}, "text": {text}}
}

func TestErrorShapes(t *testing.T) {
	s := New(t, Options{})
	s.Block(42)
	tests := []struct {
		name   string
		token  string
		method string
		form   url.Values
		body   string
	}{
		{name: "wrong token is 401 Unauthorized", token: "1:wrong", method: "getMe",
			body: `{"ok":false,"error_code":401,"description":"Unauthorized"}`},
		{name: "unknown method is 404 Not Found", token: s.Token(), method: "sendTelepathy",
			body: `{"ok":false,"error_code":404,"description":"Not Found"}`},
		{name: "bad HTML is 400 can't parse entities", token: s.Token(), method: "sendMessage",
			form: url.Values{"chat_id": {"7"}, "text": {"a <div>b</div>"}, "parse_mode": {"HTML"}},
			body: `{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities: Unsupported start tag \"div\" at byte offset 2"}`},
		{name: "blocked user is 403", token: s.Token(), method: "sendMessage", form: send(42, "hi"),
			body: `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`},
		{name: "no chat_id is 400", token: s.Token(), method: "sendMessage", form: url.Values{"text": {"x"}},
			body: `{"ok":false,"error_code":400,"description":"Bad Request: chat_id is empty"}`},
		{name: "method names are case-insensitive", token: s.Token(), method: "GETME",
			body: `{"ok":true,"result":{"can_join_groups":true,"can_read_all_group_messages":false,"first_name":"Vedetta","id":7000000001,"is_bot":true,"supports_inline_queries":false,"username":"VedettaBot"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := post(t, s, tt.token, tt.method, tt.form)
			if a.body != tt.body {
				t.Errorf("body = %s\nwant   %s", a.body, tt.body)
			}
			want := 200
			if !a.env.OK {
				want = a.env.ErrorCode
			}
			if a.status != want {
				t.Errorf("HTTP status = %d, want %d (= error_code)", a.status, want)
			}
		})
	}
	for _, kind := range []string{ViolationUnauthorized, ViolationUnknownMethod, ViolationHTML, ViolationBadRequest} {
		if len(s.ViolationsOf(kind)) != 1 {
			t.Errorf("violations of %s = %q, want one", kind, s.ViolationsOf(kind))
		}
	}
	if v := s.ViolationsOf(ViolationForbidden); len(v) != 0 {
		t.Errorf("a first 403 is not a violation, got %q", v)
	}
}

func TestSendMessageThroughTgbotapi(t *testing.T) {
	s := New(t, Options{})
	bot := newBot(t, s)
	if bot.Self.UserName != "VedettaBot" {
		t.Errorf("getMe username = %q", bot.Self.UserName)
	}
	msg := tgbotapi.NewMessage(100, "<b>NATO</b> &amp; EU")
	msg.ParseMode = tgbotapi.ModeHTML
	msg.DisableWebPagePreview = true
	msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("remove", "rm:1")))
	got, err := bot.Send(msg)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got.MessageID != 1 || got.Chat.ID != 100 || got.Text != "NATO & EU" || len(got.Entities) != 1 || got.Entities[0].Type != "bold" {
		t.Errorf("result = %+v, want message 1 in chat 100 with visible text and a bold entity", got)
	}
	msgs := s.Messages(100)
	if len(msgs) != 1 {
		t.Fatalf("Messages = %d, want 1", len(msgs))
	}
	m := msgs[0]
	if m.Text != "NATO & EU" || m.HTML != "<b>NATO</b> &amp; EU" || m.ParseMode != "HTML" || !m.DisablePreview ||
		!strings.Contains(string(m.ReplyMarkup), `"callback_data":"rm:1"`) {
		t.Errorf("recorded message = %+v", m)
	}
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("violations = %q", v)
	}
}

func TestContentIsRefused(t *testing.T) {
	long := strings.Repeat("ж", 4096)
	tests := []struct {
		name      string
		text      string
		parseMode string
		markup    any
		wantErr   string // empty: accepted
		violation string
	}{
		{name: "4096 multi-byte characters with tags are accepted", text: "<b>" + long[:len(long)-2] + "</b>&amp;", parseMode: "HTML"},
		{name: "4097 characters are refused", text: long + "!", wantErr: "Bad Request: message is too long", violation: ViolationTooLong},
		{name: "bad HTML is refused", text: "x <br> y", parseMode: "HTML",
			wantErr: `Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 2`, violation: ViolationHTML},
		{name: "unescaped ampersand from a feed is refused", text: "<b>AT&T</b>", parseMode: "HTML",
			wantErr: "Bad Request: can't parse entities: Character \"&\" must be escaped", violation: ViolationHTML},
		{name: "long callback_data is refused", text: "x",
			markup:  tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("x", strings.Repeat("d", 65)))),
			wantErr: "Bad Request: BUTTON_DATA_INVALID", violation: ViolationButton},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(t, Options{})
			bot := newBot(t, s)
			msg := tgbotapi.NewMessage(5, tt.text)
			msg.ParseMode = tt.parseMode
			msg.ReplyMarkup = tt.markup
			_, err := bot.Send(msg)
			if tt.wantErr == "" {
				if err != nil || len(s.Messages(5)) != 1 {
					t.Fatalf("Send: %v, messages %d; want accepted", err, len(s.Messages(5)))
				}
				if n := len([]rune(s.Messages(5)[0].Text)); n != 4096 {
					t.Errorf("visible length = %d, want 4096", n)
				}
				return
			}
			te := apiError(t, err)
			if te.Code != 400 || !strings.HasPrefix(te.Message, tt.wantErr) {
				t.Errorf("error = %d %q, want 400 %q", te.Code, te.Message, tt.wantErr)
			}
			if v := s.ViolationsOf(tt.violation); len(v) != 1 {
				t.Errorf("violations of %s = %q, want one", tt.violation, v)
			}
			if len(s.Messages(5)) != 0 {
				t.Errorf("a refused message was recorded")
			}
		})
	}
}

func TestRateLimits(t *testing.T) {
	t.Run("a burst to one chat gets 429 with retry_after", func(t *testing.T) {
		clk := newClock()
		s := New(t, Options{Now: clk.Now})
		bot := newBot(t, s)
		for i := range 3 {
			if _, err := bot.Send(tgbotapi.NewMessage(9, "m"+strconv.Itoa(i))); err != nil {
				t.Fatalf("send %d within the burst: %v", i, err)
			}
		}
		_, err := bot.Send(tgbotapi.NewMessage(9, "one too many"))
		te := apiError(t, err)
		if te.Code != 429 || te.RetryAfter != 1 || te.Message != "Too Many Requests: retry after 1" {
			t.Fatalf("error = %d %q retry_after %d, want 429 retry after 1", te.Code, te.Message, te.RetryAfter)
		}
		if v := s.ViolationsOf(ViolationRateLimit); len(v) != 1 {
			t.Errorf("rate-limit violations = %q, want one", v)
		}
		clk.Advance(time.Second)
		if _, err := bot.Send(tgbotapi.NewMessage(9, "after waiting")); err != nil {
			t.Errorf("send after retry_after: %v", err)
		}
		if v := s.ViolationsOf(ViolationRetryAfter); len(v) != 0 {
			t.Errorf("waiting retry_after recorded %q", v)
		}
	})
	t.Run("ignoring retry_after is a violation every time", func(t *testing.T) {
		clk := newClock()
		s := New(t, Options{Now: clk.Now})
		s.FloodNext(9, 5)
		bot := newBot(t, s)
		_, err := bot.Send(tgbotapi.NewMessage(9, "x"))
		if te := apiError(t, err); te.RetryAfter != 5 {
			t.Fatalf("retry_after = %d, want 5", te.RetryAfter)
		}
		if v := s.Violations(); len(v) != 0 {
			t.Fatalf("a scripted flood is not a violation, got %q", v)
		}
		clk.Advance(4 * time.Second)
		_, err = bot.Send(tgbotapi.NewMessage(9, "x"))
		if te := apiError(t, err); te.Code != 429 || te.RetryAfter != 1 {
			t.Errorf("inside the window: %d retry_after %d, want 429 retry_after 1", te.Code, te.RetryAfter)
		}
		bot.Request(tgbotapi.NewChatAction(9, tgbotapi.ChatTyping))
		if v := s.ViolationsOf(ViolationRetryAfter); len(v) != 2 {
			t.Errorf("retry_after violations = %q, want two (send and chat action)", v)
		}
		clk.Advance(time.Second)
		if _, err := bot.Send(tgbotapi.NewMessage(9, "x")); err != nil {
			t.Errorf("after the window: %v", err)
		}
	})
	t.Run("a group gets 20 messages a minute", func(t *testing.T) {
		clk := newClock()
		s := New(t, Options{Now: clk.Now})
		for i := range 20 {
			if a := post(t, s, s.Token(), "sendMessage", send(-55, "g")); !a.env.OK {
				t.Fatalf("send %d: %s", i, a.body)
			}
			clk.Advance(1500 * time.Millisecond)
		}
		a := post(t, s, s.Token(), "sendMessage", send(-55, "21st"))
		if a.status != 429 || a.env.Parameters == nil || a.env.Parameters.RetryAfter != 30 {
			t.Fatalf("21st in a minute: %s, want 429 retry after 30", a.body)
		}
	})
	t.Run("30 messages a second overall", func(t *testing.T) {
		clk := newClock()
		s := New(t, Options{Now: clk.Now})
		for i := range 30 {
			if a := post(t, s, s.Token(), "sendMessage", send(int64(1000+i), "b")); !a.env.OK {
				t.Fatalf("send %d: %s", i, a.body)
			}
		}
		if a := post(t, s, s.Token(), "sendMessage", send(2000, "31st")); a.status != 429 {
			t.Fatalf("31st in a second: %s, want 429", a.body)
		}
	})
	t.Run("scaled limits", func(t *testing.T) {
		clk := newClock()
		s := New(t, Options{Now: clk.Now, Limits: Limits{PerChat: 10, PerChatBurst: 1}})
		post(t, s, s.Token(), "sendMessage", send(3, "a"))
		if a := post(t, s, s.Token(), "sendMessage", send(3, "b")); a.status != 429 {
			t.Fatalf("second with burst 1: %s", a.body)
		}
		clk.Advance(time.Second) // retry_after is at least 1 s
		if a := post(t, s, s.Token(), "sendMessage", send(3, "c")); !a.env.OK {
			t.Fatalf("after 100 ms at 10/s: %s", a.body)
		}
	})
	t.Run("limits off", func(t *testing.T) {
		s := New(t, Options{Limits: Limits{Off: true}})
		for i := range 200 {
			if a := post(t, s, s.Token(), "sendMessage", send(-100, "x")); !a.env.OK {
				t.Fatalf("send %d: %s", i, a.body)
			}
		}
	})
}

func TestChatState(t *testing.T) {
	t.Run("blocked user gets 403 and a second send is a violation", func(t *testing.T) {
		s := New(t, Options{})
		bot := newBot(t, s)
		s.Block(77)
		_, err := bot.Send(tgbotapi.NewMessage(77, "x"))
		if te := apiError(t, err); te.Code != 403 || te.Message != "Forbidden: bot was blocked by the user" {
			t.Fatalf("error = %d %q", te.Code, te.Message)
		}
		bot.Send(tgbotapi.NewMessage(77, "again"))
		if v := s.ViolationsOf(ViolationForbidden); len(v) != 1 {
			t.Errorf("after_forbidden violations = %q, want one", v)
		}
	})
	t.Run("kicked from a group", func(t *testing.T) {
		s := New(t, Options{})
		s.AddChat(Chat{ID: -300, Type: "group", Title: "News"})
		s.Kick(-300)
		a := post(t, s, s.Token(), "sendMessage", send(-300, "x"))
		if a.status != 403 || a.env.Description != "Forbidden: bot was kicked from the group chat" {
			t.Errorf("got %s", a.body)
		}
	})
	t.Run("migration answers migrate_to_chat_id and the new id works", func(t *testing.T) {
		s := New(t, Options{})
		bot := newBot(t, s)
		s.Migrate(-400, -1001234567890)
		_, err := bot.Send(tgbotapi.NewMessage(-400, "x"))
		te := apiError(t, err)
		if te.Code != 400 || te.Message != "Bad Request: group chat was upgraded to a supergroup chat" || te.MigrateToChatID != -1001234567890 {
			t.Fatalf("error = %d %q migrate_to %d", te.Code, te.Message, te.MigrateToChatID)
		}
		got, err := bot.Send(tgbotapi.NewMessage(-1001234567890, "x"))
		if err != nil || got.Chat.Type != "supergroup" {
			t.Fatalf("send to the supergroup: %v, chat %+v", err, got.Chat)
		}
		if v := s.Violations(); len(v) != 0 {
			t.Errorf("violations = %q", v)
		}
	})
	t.Run("strict mode: unknown chat not found", func(t *testing.T) {
		s := New(t, Options{StrictChats: true})
		a := post(t, s, s.Token(), "sendMessage", send(12345, "x"))
		if a.status != 400 || a.env.Description != "Bad Request: chat not found" {
			t.Errorf("got %s", a.body)
		}
		s.AddChat(Chat{ID: 12345, Type: "private"})
		if a := post(t, s, s.Token(), "sendMessage", send(12345, "x")); !a.env.OK {
			t.Errorf("known chat: %s", a.body)
		}
	})
	t.Run("scripted 500 is JSON and 502 is a proxy page", func(t *testing.T) {
		s := New(t, Options{})
		bot := newBot(t, s)
		s.FailNext(8, 500, 1)
		s.FailNext(8, 502, 1)
		_, err := bot.Send(tgbotapi.NewMessage(8, "x"))
		if te := apiError(t, err); te.Code != 500 || te.Message != "Internal Server Error" {
			t.Errorf("500: %d %q", te.Code, te.Message)
		}
		_, err = bot.Send(tgbotapi.NewMessage(8, "x"))
		var syntax *json.SyntaxError
		if !errors.As(err, &syntax) {
			t.Errorf("502: error %v (%T), want *json.SyntaxError as tgbotapi reports a non-JSON body", err, err)
		}
		if _, err := bot.Send(tgbotapi.NewMessage(8, "x")); err != nil {
			t.Errorf("third send: %v", err)
		}
		if got := len(s.Messages(8)); got != 1 {
			t.Errorf("messages = %d, want 1", got)
		}
	})
}

func TestLongPoll(t *testing.T) {
	t.Run("returns as soon as an update is queued", func(t *testing.T) {
		s := New(t, Options{})
		bot := newBot(t, s)
		type polled struct {
			ups []tgbotapi.Update
			err error
		}
		done := make(chan polled, 1)
		go func() {
			ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 30})
			done <- polled{ups, err}
		}()
		s.WaitFor(t, 5*time.Second, (*Server).Polling)
		chat, user := Chat{ID: -500, Type: "supergroup", Title: "Desk"}, User{ID: 11, FirstName: "Ana", Username: "ana"}
		id := s.Say(chat, user, "/watch@VedettaBot NATO")
		var p polled
		select {
		case p = <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("long poll did not return after Say")
		}
		if p.err != nil || len(p.ups) != 1 || p.ups[0].UpdateID != id {
			t.Fatalf("getUpdates = %+v, %v; want update %d", p.ups, p.err, id)
		}
		m := p.ups[0].Message
		if !m.IsCommand() || m.Command() != "watch" || m.CommandWithAt() != "watch@VedettaBot" || m.CommandArguments() != "NATO" ||
			m.Chat.ID != -500 || m.From.UserName != "ana" {
			t.Errorf("message = %+v", m)
		}
	})
	t.Run("offset confirms updates", func(t *testing.T) {
		s := New(t, Options{FirstUpdateID: 500})
		bot := newBot(t, s)
		chat, user := Chat{ID: 3, Type: "private"}, User{ID: 3, FirstName: "Bo"}
		first := s.Say(chat, user, "/start")
		second := s.Say(chat, user, "/list")
		ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{})
		if len(ups) != 2 || ups[0].UpdateID != first {
			t.Fatalf("first poll = %d updates", len(ups))
		}
		ups, _ = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: second})
		if len(ups) != 1 || ups[0].UpdateID != second {
			t.Fatalf("offset %d: %d updates", second, len(ups))
		}
		ups, _ = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: second + 1})
		if len(ups) != 0 || s.Pending() != 0 {
			t.Fatalf("after confirming: %d updates, %d pending", len(ups), s.Pending())
		}
	})
	t.Run("limit and negative offset", func(t *testing.T) {
		s := New(t, Options{})
		bot := newBot(t, s)
		for i := range 5 {
			s.Say(Chat{ID: 3, Type: "private"}, User{ID: 3}, "m"+strconv.Itoa(i))
		}
		if ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{Limit: 2}); len(ups) != 2 {
			t.Errorf("limit 2: %d updates", len(ups))
		}
		ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: -1})
		if len(ups) != 1 || ups[0].Message.Text != "m4" {
			t.Errorf("offset -1: %+v", ups)
		}
	})
	t.Run("a second poller ends the first with 409", func(t *testing.T) {
		s := New(t, Options{})
		bot := newBot(t, s)
		done := make(chan error, 1)
		go func() {
			_, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 30})
			done <- err
		}()
		s.WaitFor(t, 5*time.Second, (*Server).Polling)
		if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{}); err != nil {
			t.Fatalf("second poller: %v", err)
		}
		te := apiError(t, <-done)
		if te.Code != 409 || te.Message != "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" {
			t.Errorf("first poller: %d %q", te.Code, te.Message)
		}
		if v := s.ViolationsOf(ViolationConflict); len(v) != 1 {
			t.Errorf("conflict violations = %q", v)
		}
	})
	t.Run("timeout is clamped and an empty poll returns an empty array", func(t *testing.T) {
		s := New(t, Options{})
		a := post(t, s, s.Token(), "getUpdates", url.Values{"timeout": {"-3"}})
		if a.body != `{"ok":true,"result":[]}` {
			t.Errorf("got %s", a.body)
		}
	})
	t.Run("Close ends a pending poll", func(t *testing.T) {
		s := NewServer(Options{})
		bot := newBot(t, s)
		done := make(chan error, 1)
		go func() {
			_, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 50})
			done <- err
		}()
		s.wait(5*time.Second, (*Server).Polling)
		s.Close()
		if err := <-done; err != nil {
			t.Errorf("poll pending at Close: %v", err)
		}
	})
}

func TestCallbacksCommandsMembersDocuments(t *testing.T) {
	s := New(t, Options{Limits: Limits{Off: true}})
	bot := newBot(t, s)
	chat := Chat{ID: -1009, Type: "supergroup", Title: "Desk", IsForum: true}
	ana := User{ID: 21, FirstName: "Ana"}

	t.Run("press and answer once", func(t *testing.T) {
		m, err := bot.Send(tgbotapi.NewMessage(chat.ID, "list"))
		if err != nil {
			t.Fatal(err)
		}
		qid := s.Press(chat, ana, m.MessageID, "rm:2")
		ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{})
		cq := ups[len(ups)-1].CallbackQuery
		if cq == nil || cq.ID != qid || cq.Data != "rm:2" || cq.Message.MessageID != m.MessageID || cq.Message.Text != "list" {
			t.Fatalf("callback = %+v", cq)
		}
		if len(s.Unanswered()) != 1 {
			t.Errorf("unanswered = %q", s.Unanswered())
		}
		if _, err := bot.Request(tgbotapi.NewCallback(qid, "removed")); err != nil {
			t.Fatalf("answer: %v", err)
		}
		if a := s.Answers(); len(a) != 1 || a[0].Text != "removed" || a[0].Data != "rm:2" || len(s.Unanswered()) != 0 {
			t.Errorf("answers = %+v", a)
		}
		_, err = bot.Request(tgbotapi.NewCallback(qid, "again"))
		if te := apiError(t, err); te.Code != 400 || !strings.HasPrefix(te.Message, "Bad Request: query is too old") {
			t.Errorf("second answer: %d %q", te.Code, te.Message)
		}
	})
	t.Run("edit text, then the same edit is not modified", func(t *testing.T) {
		m, _ := bot.Send(tgbotapi.NewMessage(chat.ID, "v1"))
		edit := tgbotapi.NewEditMessageText(chat.ID, m.MessageID, "<i>v2</i>")
		edit.ParseMode = tgbotapi.ModeHTML
		if _, err := bot.Send(edit); err != nil {
			t.Fatalf("edit: %v", err)
		}
		_, err := bot.Send(edit)
		if te := apiError(t, err); !strings.HasPrefix(te.Message, "Bad Request: message is not modified") {
			t.Errorf("same edit: %q", te.Message)
		}
		msgs := s.Messages(chat.ID)
		if last := msgs[len(msgs)-1]; last.Text != "v2" || !last.Edited {
			t.Errorf("edited message = %+v", last)
		}
		if _, err := bot.Send(tgbotapi.NewEditMessageReplyMarkup(chat.ID, m.MessageID,
			tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("x", "y"))))); err != nil {
			t.Errorf("edit markup: %v", err)
		}
		if _, err := bot.Request(tgbotapi.NewDeleteMessage(chat.ID, m.MessageID)); err != nil {
			t.Errorf("delete: %v", err)
		}
		for _, m2 := range s.Messages(chat.ID) {
			if m2.ID == m.MessageID {
				t.Errorf("deleted message still listed")
			}
		}
	})
	t.Run("setMyCommands and getMyCommands", func(t *testing.T) {
		cmds := []tgbotapi.BotCommand{{Command: "watch", Description: "add a digest watch"}, {Command: "list", Description: "your watches"}}
		if _, err := bot.Request(tgbotapi.NewSetMyCommands(cmds...)); err != nil {
			t.Fatalf("setMyCommands: %v", err)
		}
		if got := s.Commands(); len(got) != 2 || got[0].Command != "watch" {
			t.Errorf("Commands = %+v", got)
		}
		back, err := bot.GetMyCommands()
		if err != nil || len(back) != 2 {
			t.Errorf("getMyCommands = %+v, %v", back, err)
		}
		_, err = bot.Request(tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "Watch", Description: "x"}))
		if te := apiError(t, err); te.Code != 400 {
			t.Errorf("upper-case command: %v", te)
		}
		_, err = bot.Request(tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeAllGroupChats(), cmds[0]))
		if err != nil || len(s.CommandsFor(`{"type":"all_group_chats"}`, "")) != 1 {
			t.Errorf("scoped commands: %v", err)
		}
		it := tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "watch", Description: "aggiunge un monitoraggio"})
		it.LanguageCode = "it"
		if _, err := bot.Request(it); err != nil {
			t.Fatalf("setMyCommands for it: %v", err)
		}
		if got := s.CommandsFor(`{"type":"default"}`, "it"); len(got) != 1 || got[0].Description != "aggiunge un monitoraggio" || len(s.Commands()) != 2 {
			t.Errorf("the Italian list is %+v and replaced the default one: %+v", got, s.Commands())
		}
		it.LanguageCode = "it-IT"
		if te := apiError(t, func() error { _, err := bot.Request(it); return err }()); te.Code != 400 {
			t.Errorf("language_code it-IT: %v", te)
		}
	})
	t.Run("admins and members", func(t *testing.T) {
		s.SetAdmins(chat.ID, 21, 22)
		member, err := bot.GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: chat.ID, UserID: 21}})
		if err != nil || !member.IsCreator() || member.User.FirstName != "Ana" {
			t.Errorf("member 21 = %+v, %v", member, err)
		}
		member, _ = bot.GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: chat.ID, UserID: 99}})
		if member.Status != "member" {
			t.Errorf("member 99 status = %q", member.Status)
		}
		admins, err := bot.GetChatAdministrators(tgbotapi.ChatAdministratorsConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: chat.ID}})
		if err != nil || len(admins) != 2 || !admins[1].IsAdministrator() {
			t.Errorf("admins = %+v, %v", admins, err)
		}
	})
	t.Run("sendDocument keeps the bytes", func(t *testing.T) {
		doc := tgbotapi.NewDocument(chat.ID, tgbotapi.FileBytes{Name: "digest.html", Bytes: []byte("<p>hi</p>")})
		doc.Caption = "<b>Digest</b>"
		doc.ParseMode = tgbotapi.ModeHTML
		got, err := bot.Send(doc)
		if err != nil || got.Document == nil || got.Document.FileName != "digest.html" {
			t.Fatalf("sendDocument = %+v, %v", got, err)
		}
		docs := s.Documents(chat.ID)
		if len(docs) != 1 || string(docs[0].Data) != "<p>hi</p>" || docs[0].Caption != "Digest" {
			t.Errorf("documents = %+v", docs)
		}
	})
	t.Run("message_thread_id in a forum", func(t *testing.T) {
		s.SayInThread(chat, ana, 77, "/list")
		ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: -1})
		var raw struct {
			Result []struct {
				Message struct {
					MessageThreadID int  `json:"message_thread_id"`
					IsTopicMessage  bool `json:"is_topic_message"`
				} `json:"message"`
			} `json:"result"`
		}
		a := post(t, s, s.Token(), "getUpdates", url.Values{"offset": {strconv.Itoa(ups[0].UpdateID)}})
		json.Unmarshal([]byte(a.body), &raw)
		if len(raw.Result) != 1 || raw.Result[0].Message.MessageThreadID != 77 || !raw.Result[0].Message.IsTopicMessage {
			t.Errorf("update = %s", a.body)
		}
		_, err := bot.MakeRequest("sendMessage", tgbotapi.Params{"chat_id": strconv.FormatInt(chat.ID, 10), "text": "in topic", "message_thread_id": "77"})
		msgs := s.Messages(chat.ID)
		if err != nil || msgs[len(msgs)-1].ThreadID != 77 {
			t.Errorf("reply in topic: %v", err)
		}
	})
	if v := s.ViolationsOf(ViolationCallback); len(v) != 1 {
		t.Errorf("callback violations = %q, want the double answer", v)
	}
}

func TestMigrateUpdate(t *testing.T) {
	s := New(t, Options{})
	bot := newBot(t, s)
	id := s.MigrateUpdate(Chat{ID: -600, Type: "group", Title: "Old"}, -1000000000600)
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 2 || ups[0].UpdateID != id {
		t.Fatalf("updates = %+v, %v", ups, err)
	}
	if ups[0].Message.MigrateToChatID != -1000000000600 || ups[1].Message.MigrateFromChatID != -600 {
		t.Errorf("service messages = %+v / %+v", ups[0].Message, ups[1].Message)
	}
	if a := post(t, s, s.Token(), "sendMessage", send(-600, "x")); a.env.Parameters == nil || a.env.Parameters.MigrateToChatID != -1000000000600 {
		t.Errorf("send to the old id: %s", a.body)
	}
}

func TestJSONBodyAndWaitMessages(t *testing.T) {
	s := New(t, Options{})
	go func() {
		body := `{"chat_id":31,"text":"<b>json</b>","parse_mode":"HTML","link_preview_options":{"is_disabled":true}}`
		resp, err := http.Post(s.URL()+"/bot"+s.Token()+"/sendMessage", "application/json", strings.NewReader(body))
		if err == nil {
			resp.Body.Close()
		}
	}()
	msgs := s.WaitMessages(t, 31, 1, 5*time.Second)
	if msgs[0].Text != "json" || !msgs[0].DisablePreview {
		t.Errorf("message = %+v", msgs[0])
	}
	if r := s.Requests("sendmessage"); len(r) != 1 || r[0].ChatID != 31 || r[0].Status != 200 {
		t.Errorf("requests = %+v", r)
	}
}

// TestEditsAreCheckedLikeSends: editMessageText is held to the rules of sendMessage (4,096
// characters, HTML) and to the same rate limits; an edit to the same content is "not
// modified", and an edit of a message a person deleted is "not found".
func TestEditsAreCheckedLikeSends(t *testing.T) {
	clk := newClock()
	s := New(t, Options{Now: clk.Now})
	bot := newBot(t, s)
	sent, err := bot.Send(tgbotapi.NewMessage(9, "first"))
	if err != nil {
		t.Fatal(err)
	}
	edit := func(text string) error {
		e := tgbotapi.NewEditMessageText(9, sent.MessageID, text)
		e.ParseMode = "HTML"
		_, err := bot.Send(e)
		return err
	}
	refused := []struct{ name, text, want, violation string }{
		{"4097 characters", strings.Repeat("ж", 4097), "Bad Request: message is too long", ViolationTooLong},
		{"bad HTML", "x <br> y", "Bad Request: can't parse entities", ViolationHTML},
	}
	for _, tt := range refused {
		if te := apiError(t, edit(tt.text)); te.Code != 400 || !strings.HasPrefix(te.Message, tt.want) {
			t.Errorf("%s: %d %q, want 400 %q", tt.name, te.Code, te.Message, tt.want)
		}
		if v := s.ViolationsOf(tt.violation); len(v) != 1 {
			t.Errorf("%s: violations %q, want one", tt.name, v)
		}
	}
	if te := apiError(t, edit("first")); te.Code != 400 || !strings.Contains(te.Message, "message is not modified") {
		t.Errorf("the same text: %d %q, want 400 message is not modified", te.Code, te.Message)
	}
	// The send and two edits used the burst of 3: a third edit is one too many.
	for i := range 2 {
		if err := edit("<b>edit</b> " + strconv.Itoa(i)); err != nil {
			t.Fatalf("edit %d within the burst: %v", i, err)
		}
	}
	if te := apiError(t, edit("one too many")); te.Code != 429 {
		t.Fatalf("an edit over the burst: %d %q, want 429", te.Code, te.Message)
	}
	if m := s.Messages(9); len(m) != 1 || !m[0].Edited || m[0].Text != "edit 1" {
		t.Fatalf("messages after the edits: %+v", m)
	}
	clk.Advance(time.Minute)
	s.Delete(9, sent.MessageID)
	if te := apiError(t, edit("gone")); te.Code != 400 || te.Message != "Bad Request: message to edit not found" {
		t.Errorf("an edit of a deleted message: %d %q", te.Code, te.Message)
	}
}
