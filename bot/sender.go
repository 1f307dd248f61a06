package bot

import (
	"container/heap"
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/store"
)

// Limits are Telegram's sending limits (PLATFORM.md §1.1): about one message a second per
// chat, 20 a minute per group or channel, about 30 a second overall.
type Limits struct {
	PerChat  time.Duration // gap between two messages to one private chat
	PerGroup time.Duration // gap between two messages to one group or channel
	Global   time.Duration // gap between any two messages
}

// TelegramLimits are the published limits, with a little headroom on the global one.
var TelegramLimits = Limits{PerChat: time.Second, PerGroup: 3 * time.Second, Global: time.Second / 30}

// transport delivers one outbox message: the Bot API, or the console.
type transport interface {
	send(ctx context.Context, m *store.Message) error
}

// telegramTransport sends with sendMessage through tgbotapi's MakeRequest, which lets us
// pass the parameters v5 does not know (message_thread_id, link_preview_options).
type telegramTransport struct{ api *tgbotapi.BotAPI }

func (t telegramTransport) send(ctx context.Context, m *store.Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p := tgbotapi.Params{}
	p.AddFirstValid("chat_id", m.ChatID)
	p["text"] = m.HTML
	if m.Kind != kindPlain {
		p["parse_mode"] = tgbotapi.ModeHTML
	}
	p["link_preview_options"] = `{"is_disabled":true}`
	p["disable_web_page_preview"] = "true"
	if m.ThreadID != 0 {
		p["message_thread_id"] = strconv.Itoa(m.ThreadID)
	}
	if m.Markup != "" {
		p["reply_markup"] = m.Markup
	}
	_, err := t.api.MakeRequest("sendMessage", p)
	return err
}

// kindPlain marks a message re-sent without parse mode after Telegram refused its HTML.
const kindPlain = "plain"

// Sender drains the outbox: each message was written to bbolt before it reaches the Sender
// and is deleted only when Telegram confirms it, so a crash repeats at most the messages in
// flight. Messages to one chat go out in order, one at a time, paced by Limits; a 429 holds
// that chat for exactly retry_after while the others go on.
type Sender struct {
	db      *store.DB
	tp      transport
	limits  Limits
	log     *slog.Logger
	now     func() time.Time
	workers int

	mu     sync.Mutex
	queues map[int64][]store.Message // unsent, per chat, in outbox order
	wake   chan struct{}

	// onGone is told when Telegram says a chat is gone (blocked, kicked, deleted).
	onGone func(chatID int64, reason string)
	// onMigrate is told when a group moved to a supergroup id.
	onMigrate func(from, to int64) error
	observer  Observer
}

func newSender(db *store.DB, tp transport, limits Limits, log *slog.Logger, now func() time.Time) *Sender {
	return &Sender{db: db, tp: tp, limits: limits, log: log, now: now, workers: 8,
		queues: map[int64][]store.Message{}, wake: make(chan struct{}, 1)}
}

// Add hands messages already written to the outbox to the sender.
func (s *Sender) Add(msgs ...store.Message) {
	s.mu.Lock()
	for _, m := range msgs {
		s.queues[m.ChatID] = append(s.queues[m.ChatID], m)
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Enqueue writes messages to the outbox and hands them to the sender.
func (s *Sender) Enqueue(msgs ...store.Message) error {
	msgs, err := s.db.Enqueue(msgs...)
	if err != nil {
		return err
	}
	s.Add(msgs...)
	return nil
}

// Pending returns how many messages wait to be sent.
func (s *Sender) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, q := range s.queues {
		n += len(q)
	}
	return n
}

type sendResult struct {
	msg  store.Message
	err  error
	at   time.Time
	took time.Duration
}

func (s *Sender) observe(r sendResult, result string) {
	if s.observer != nil {
		s.observer.Sent(r.msg.Kind, result, r.took)
	}
}

// readyChat is a chat whose head message may go out at when.
type readyChat struct {
	id   int64
	when time.Time
}

type readyHeap []readyChat

func (h readyHeap) Len() int           { return len(h) }
func (h readyHeap) Less(i, j int) bool { return h[i].when.Before(h[j].when) }
func (h readyHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *readyHeap) Push(x any)        { *h = append(*h, x.(readyChat)) }
func (h *readyHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Run sends until ctx ends, then waits for the sends in flight to be confirmed or to fail,
// so that their outcome is persisted.
func (s *Sender) Run(ctx context.Context) error {
	unsent, err := s.db.Outbox()
	if err != nil {
		return err
	}
	s.Add(unsent...)
	if len(unsent) > 0 {
		s.log.Info("resuming unsent messages", "count", len(unsent))
	}

	nextAt := map[int64]time.Time{} // earliest next send per chat
	inflight := map[int64]bool{}
	results := make(chan sendResult)
	sem := make(chan struct{}, s.workers)
	var lastGlobal time.Time
	var wg sync.WaitGroup
	sendCtx := context.WithoutCancel(ctx) // a send in flight at shutdown is finished, not cut

	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		// Dispatch every chat whose head message is due.
		now := s.now()
		var h readyHeap
		s.mu.Lock()
		for id, q := range s.queues {
			if len(q) == 0 {
				delete(s.queues, id)
				continue
			}
			if inflight[id] {
				continue
			}
			when := nextAt[id]
			if q[0].NotBefore.After(when) {
				when = q[0].NotBefore
			}
			h = append(h, readyChat{id, when})
		}
		s.mu.Unlock()
		heap.Init(&h)
		wait := time.Hour
		for h.Len() > 0 && ctx.Err() == nil {
			c := h[0]
			due := c.when
			if g := lastGlobal.Add(s.limits.Global); g.After(due) {
				due = g
			}
			if due.After(now) {
				wait = due.Sub(now)
				break
			}
			heap.Pop(&h)
			s.mu.Lock()
			m := s.queues[c.id][0]
			s.mu.Unlock()
			inflight[c.id] = true
			lastGlobal = now
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				start := time.Now()
				err := s.tp.send(sendCtx, &m)
				results <- sendResult{msg: m, err: err, at: s.now(), took: time.Since(start)}
			}()
		}
		if ctx.Err() != nil {
			go func() { wg.Wait(); close(results) }()
			for r := range results {
				s.handle(r, nextAt)
			}
			return nil
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
		case <-s.wake:
		case <-timer.C:
		case r := <-results:
			delete(inflight, r.msg.ChatID)
			s.handle(r, nextAt)
		}
	}
}

func (s *Sender) gap(chatID int64) time.Duration {
	if chatID < 0 {
		return s.limits.PerGroup
	}
	return s.limits.PerChat
}

// handle records a send's outcome. It runs on the Run goroutine only.
func (s *Sender) handle(r sendResult, nextAt map[int64]time.Time) {
	m := r.msg
	log := s.log.With("chat_id", m.ChatID, "message_id", m.ID)
	if r.err == nil {
		s.observe(r, "ok")
		if err := s.db.MarkSent(m.ID); err != nil {
			log.Error("mark message sent", "error", err)
		}
		s.pop(m.ChatID, m.ID)
		nextAt[m.ChatID] = r.at.Add(s.gap(m.ChatID))
		return
	}
	ae := classify(r.err)
	switch {
	case ae != nil && ae.retryAfter > 0:
		// 429: wait exactly retry_after before anything else goes to this chat.
		nextAt[m.ChatID] = r.at.Add(ae.retryAfter)
		s.observe(r, "retry_after")
		log.Warn("telegram flood control", "retry_after", ae.retryAfter)
	case ae != nil && ae.migrateTo != 0:
		s.observe(r, "migrated")
		log.Info("chat migrated to supergroup", "new_chat_id", ae.migrateTo)
		if s.onMigrate != nil {
			if err := s.onMigrate(m.ChatID, ae.migrateTo); err != nil {
				log.Error("migrate chat", "error", err)
			}
		}
		s.mu.Lock()
		q := s.queues[m.ChatID]
		delete(s.queues, m.ChatID)
		for i := range q {
			q[i].ChatID = ae.migrateTo
		}
		s.queues[ae.migrateTo] = append(q, s.queues[ae.migrateTo]...)
		s.mu.Unlock()
	case ae != nil && ae.isGone():
		s.observe(r, "gone")
		log.Warn("chat is gone, deactivating", "error", ae.desc)
		s.mu.Lock()
		q := s.queues[m.ChatID]
		delete(s.queues, m.ChatID)
		s.mu.Unlock()
		for _, dm := range q {
			s.db.MarkSent(dm.ID)
		}
		if s.onGone != nil {
			s.onGone(m.ChatID, ae.desc)
		}
	case ae != nil && ae.isParseError() && m.Kind != kindPlain:
		s.observe(r, "parse_fallback")
		log.Error("telegram refused the HTML, resending as plain text", "error", ae.desc)
		m.HTML = plainText(m.HTML)
		m.Kind = kindPlain
		s.replaceHead(m)
	case ae != nil && ae.code >= 400 && ae.code < 500:
		// Any other refusal will not get better by retrying: drop it, loudly, so that one
		// bad message does not block the chat.
		s.observe(r, "refused")
		log.Error("telegram refused a message, dropping it", "error", ae.desc, "code", ae.code)
		s.db.MarkSent(m.ID)
		s.pop(m.ChatID, m.ID)
		nextAt[m.ChatID] = r.at.Add(s.gap(m.ChatID))
	default:
		// 5xx, network: back off and retry, never give up.
		s.observe(r, "error")
		m.Attempts++
		delay := min(time.Second<<min(m.Attempts-1, 10), 5*time.Minute)
		m.NotBefore = r.at.Add(delay)
		log.Warn("send failed, will retry", "error", r.err, "attempts", m.Attempts, "retry_in", delay)
		s.replaceHead(m)
	}
}

func (s *Sender) pop(chatID int64, id uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queues[chatID]
	if len(q) > 0 && q[0].ID == id {
		s.queues[chatID] = q[1:]
	}
}

func (s *Sender) replaceHead(m store.Message) {
	if err := s.db.SaveMessage(m); err != nil {
		s.log.Error("save message", "error", err, "chat_id", m.ChatID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if q := s.queues[m.ChatID]; len(q) > 0 && q[0].ID == m.ID {
		q[0] = m
	}
}
