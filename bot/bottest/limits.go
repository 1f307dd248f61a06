package bottest

import (
	"fmt"
	"math"
	"time"
)

// Limits are the sending limits the fake enforces on sendMessage,
// sendDocument, sendPhoto, editMessageText and editMessageReplyMarkup. Zero fields take
// Telegram's values (docs/TELEGRAM.md, "Sending limits"; https://core.telegram.org/bots/faq):
// about one message per second per chat with a short burst, 20 messages per
// minute per group, supergroup or channel (chat id < 0), about 30 messages
// per second overall.
type Limits struct {
	PerChat           float64 // messages per second per chat (default 1)
	PerChatBurst      int     // messages a chat may receive at once (default 3)
	PerGroupPerMinute int     // messages per minute per chat with id < 0 (default 20)
	Global            float64 // messages per second overall, also the global burst (default 30)
	// PaidGlobal is the overall rate of sends with allow_paid_broadcast=true, also their
	// burst (default 1000: "up to 1000 messages per second",
	// https://core.telegram.org/bots/api#sendmessage); they do not count toward Global.
	PaidGlobal float64
	Off        bool // no rate limits at all, e.g. for throughput benchmarks
}

// DefaultLimits are Telegram's documented limits.
var DefaultLimits = Limits{PerChat: 1, PerChatBurst: 3, PerGroupPerMinute: 20, Global: 30, PaidGlobal: 1000}

func (l Limits) withDefaults() Limits {
	if l.PerChat <= 0 {
		l.PerChat = DefaultLimits.PerChat
	}
	if l.PerChatBurst <= 0 {
		l.PerChatBurst = DefaultLimits.PerChatBurst
	}
	if l.PerGroupPerMinute <= 0 {
		l.PerGroupPerMinute = DefaultLimits.PerGroupPerMinute
	}
	if l.Global <= 0 {
		l.Global = DefaultLimits.Global
	}
	if l.PaidGlobal <= 0 {
		l.PaidGlobal = DefaultLimits.PaidGlobal
	}
	return l
}

// bucket is a token bucket that starts full.
type bucket struct {
	tokens  float64
	last    time.Time
	started bool
}

// wait refills the bucket and returns how long until one token is available.
func (b *bucket) wait(now time.Time, rate float64, burst int) time.Duration {
	if !b.started {
		b.tokens, b.last, b.started = float64(burst), now, true
	}
	if now.After(b.last) {
		b.tokens = math.Min(float64(burst), b.tokens+now.Sub(b.last).Seconds()*rate)
		b.last = now
	}
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) / rate * float64(time.Second))
}

// Violation kinds, the first word of every string Violations returns.
const (
	ViolationHTML          = "html"                // parse_mode=HTML text the server can't parse
	ViolationTooLong       = "too_long"            // text, caption or raw text over its limit
	ViolationEmpty         = "empty"               // empty text
	ViolationButton        = "button"              // bad inline keyboard (callback_data > 64 bytes, ...)
	ViolationRateLimit     = "rate_limit"          // a send over the per-chat, group or global limit
	ViolationRetryAfter    = "ignored_retry_after" // a request to a chat inside its retry_after window
	ViolationForbidden     = "after_forbidden"     // another request to a chat that answered 403
	ViolationMigrated      = "after_migration"     // another request to a chat id that was upgraded
	ViolationChatNotFound  = "chat_not_found"      // a chat the fake does not know (StrictChats)
	ViolationConflict      = "conflict"            // two getUpdates at once
	ViolationCallback      = "callback"            // answer to an unknown or already answered query
	ViolationBadRequest    = "bad_request"         // any other malformed request
	ViolationUnauthorized  = "unauthorized"        // wrong token
	ViolationUnknownMethod = "unknown_method"      // a method the Bot API does not have
)

// Violation is one breach of Telegram's rules the fake recorded.
type Violation struct {
	Kind   string
	Method string
	ChatID int64
	At     time.Time
	Detail string
}

// String is "kind method chat N: detail".
func (v Violation) String() string {
	return fmt.Sprintf("%s %s chat %d: %s", v.Kind, v.Method, v.ChatID, v.Detail)
}

func (s *Server) violateLocked(c *call, kind, detail string) {
	s.violations = append(s.violations, Violation{Kind: kind, Method: c.method, ChatID: c.chatID, At: c.at, Detail: detail})
}

// retryWindowLocked answers 429 and records a violation when the chat's
// retry_after window is still open: Telegram asks the bot to wait exactly
// that long (https://core.telegram.org/bots/api#responseparameters).
func (s *Server) retryWindowLocked(c *call, st *chatState) (result, bool) {
	if !c.at.Before(st.floodUntil) {
		return result{}, false
	}
	left := st.floodUntil.Sub(c.at)
	s.violateLocked(c, ViolationRetryAfter, fmt.Sprintf("request %v before the retry_after window closed", left))
	return tooMany(ceilSeconds(left)), true
}

// rateLimitLocked applies Limits to one send and consumes its tokens when it
// is allowed; otherwise it opens the chat's retry_after window and answers 429.
func (s *Server) rateLimitLocked(c *call, st *chatState) (result, bool) {
	if s.limits.Off {
		return result{}, false
	}
	l := s.limits
	var wait time.Duration
	var why string
	if w := st.bucket.wait(c.at, l.PerChat, l.PerChatBurst); w > wait {
		wait, why = w, fmt.Sprintf("over %g msg/s per chat (burst %d)", l.PerChat, l.PerChatBurst)
	}
	if st.ID < 0 {
		cut := c.at.Add(-time.Minute)
		for len(st.minute) > 0 && !st.minute[0].After(cut) {
			st.minute = st.minute[1:]
		}
		if len(st.minute) >= l.PerGroupPerMinute {
			if w := st.minute[0].Add(time.Minute).Sub(c.at); w > wait {
				wait, why = w, fmt.Sprintf("over %d msg/min in a group or channel", l.PerGroupPerMinute)
			}
		}
	}
	global, rate := &s.global, l.Global
	if c.params.Get("allow_paid_broadcast") == "true" {
		global, rate = &s.paid, l.PaidGlobal
	}
	if w := global.wait(c.at, rate, int(math.Ceil(rate))); w > wait {
		wait, why = w, fmt.Sprintf("over %g msg/s overall", rate)
	}
	if wait > 0 {
		n := ceilSeconds(wait)
		st.floodUntil = c.at.Add(time.Duration(n) * time.Second)
		s.violateLocked(c, ViolationRateLimit, why)
		return tooMany(n), true
	}
	st.bucket.tokens--
	global.tokens--
	if st.ID < 0 {
		st.minute = append(st.minute, c.at)
	}
	return result{}, false
}

func tooMany(retryAfter int) result {
	return result{status: 429, desc: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter), retryAfter: retryAfter}
}

func ceilSeconds(d time.Duration) int {
	n := int(math.Ceil(d.Seconds()))
	if n < 1 {
		n = 1
	}
	return n
}
