package bottest

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Messages returns the bot's text messages in the chat that the fake
// accepted and that were not deleted, oldest first, edits applied (At is then
// the time of the last edit). Documents are listed by Documents.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.chats[chatID]
	if !ok {
		return nil
	}
	return slices.Clone(st.messages)
}

// WaitMessages waits until the chat has at least n messages and returns them;
// the test fails if that takes longer than timeout. Call it from the test's
// goroutine.
func (s *Server) WaitMessages(t testing.TB, chatID int64, n int, timeout time.Duration) []Message {
	t.Helper()
	var msgs []Message
	if !s.wait(timeout, func(s *Server) bool {
		msgs = s.Messages(chatID)
		return len(msgs) >= n
	}) {
		t.Fatalf("bottest: chat %d has %d messages after %v, want %d; %s", chatID, len(msgs), timeout, n, s.summary())
	}
	return msgs
}

// WaitFor waits until cond holds, re-checking after every request and every
// change made through the Server; the test fails after timeout. cond may call
// the Server's methods. Call it from the test's goroutine.
func (s *Server) WaitFor(t testing.TB, timeout time.Duration, cond func(*Server) bool) {
	t.Helper()
	if !s.wait(timeout, cond) {
		t.Fatalf("bottest: condition not met after %v; %s", timeout, s.summary())
	}
}

// wait is WaitFor without a test: it reports whether cond held in time.
func (s *Server) wait(timeout time.Duration, cond func(*Server) bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		wake := s.notify
		s.mu.Unlock()
		if cond(s) {
			return true
		}
		select {
		case <-wake:
		case <-deadline.C:
			return cond(s)
		}
	}
}

func (s *Server) summary() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	b.WriteString("requests:")
	from := max(0, len(s.requests)-10)
	for _, r := range s.requests[from:] {
		b.WriteString(" " + r.Method)
		if r.Status != 200 {
			b.WriteString("→" + itoa(r.Status))
		}
	}
	if len(s.violations) > 0 {
		b.WriteString("; violations:")
		for _, v := range s.violations {
			b.WriteString(" [" + v.String() + "]")
		}
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

// Requests returns the calls of one method (case-insensitive), or all calls
// when method is empty, in arrival order.
func (s *Server) Requests(method string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if method == "" || strings.EqualFold(r.Method, method) {
			out = append(out, r)
		}
	}
	return out
}

// Violations returns every breach of Telegram's rules recorded so far, as
// "kind method chat N: detail" (kinds are the Violation* constants). A bot
// that Telegram would neither refuse nor ban leaves it empty.
func (s *Server) Violations() []string {
	return s.ViolationsOf("")
}

// ViolationsOf returns the recorded breaches of one kind (all when kind is
// empty), e.g. ViolationsOf(ViolationRetryAfter).
func (s *Server) ViolationsOf(kind string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, v := range s.violations {
		if kind == "" || v.Kind == kind {
			out = append(out, v.String())
		}
	}
	return out
}

// ViolationList returns the recorded breaches as values.
func (s *Server) ViolationList() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.violations)
}

// Answers returns the accepted answerCallbackQuery calls.
func (s *Server) Answers() []Answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.answers)
}

// Unanswered returns the ids of callback queries (from Press) the bot has not
// answered; Telegram shows a spinner until it does (docs/TELEGRAM.md, "Buttons").
func (s *Server) Unanswered() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for id, cb := range s.callbacks {
		if !cb.answered {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// Commands returns the command list set with setMyCommands for the default
// scope and no language.
func (s *Server) Commands() []BotCommand {
	return s.CommandsFor(`{"type":"default"}`, "")
}

// CommandsFor returns the command list of a BotCommandScope (as JSON, e.g.
// `{"type":"all_group_chats"}`) and language code.
func (s *Server) CommandsFor(scopeJSON, languageCode string) []BotCommand {
	c := &call{params: map[string][]string{"scope": {scopeJSON}, "language_code": {languageCode}}}
	key, err := commandsKey(c)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.commands[key])
}

// Documents returns the files sent to the chat with sendDocument.
func (s *Server) Documents(chatID int64) []Document {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Document
	for _, d := range s.documents {
		if d.ChatID == chatID {
			out = append(out, d)
		}
	}
	return out
}
