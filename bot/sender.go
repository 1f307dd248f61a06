package bot

import (
	"cmp"
	"container/heap"
	"context"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/store"
)

// Limits are Telegram's sending limits (docs/TELEGRAM.md, "Sending limits"): about one message a second per
// chat, 20 a minute per group or channel, about 30 a second overall. A zero gap means no
// gap; Off switches pacing off altogether (benchmarks against a loopback fake).
type Limits struct {
	PerChat  time.Duration // gap between two messages to one private chat
	PerGroup time.Duration // gap between two messages to one group or channel
	Global   time.Duration // gap between any two messages, on average
	Off      bool          // no pacing at all
}

// TelegramLimits are the published limits. The global gap keeps to 30 a second on average:
// see catchUp.
var TelegramLimits = Limits{PerChat: time.Second, PerGroup: 3 * time.Second, Global: time.Second / 30}

// PaidBroadcastLimits are the limits with paid broadcasts (config telegram.allow_paid_broadcast):
// sendMessage with allow_paid_broadcast goes "up to 1000 messages per second, ignoring
// broadcasting limits for a fee of 0.1 Telegram Stars per message"
// (https://core.telegram.org/bots/api#sendmessage; the bot must have paid broadcasts
// enabled and the Stars, https://core.telegram.org/bots/faq#how-can-i-message-all-of-my-bot-39s-subscribers-at-once).
// The limits of each chat and group stay.
var PaidBroadcastLimits = Limits{PerChat: time.Second, PerGroup: 3 * time.Second, Global: time.Second / 1000}

// catchUp is how much lateness of the global pacing later sends make up: without it every
// late wake-up would lower the rate below the limit for good.
const catchUp = 100 * time.Millisecond

// transport delivers one outbox message: the Bot API, or the console.
type transport interface {
	send(ctx context.Context, m *store.Message) error
}

// telegramTransport sends with sendMessage through tgbotapi's MakeRequest, which lets us
// pass the parameters v5 does not know (message_thread_id, link_preview_options).
type telegramTransport struct {
	api  *tgbotapi.BotAPI
	paid bool // sendMessage with allow_paid_broadcast (PaidBroadcastLimits)
}

func (t telegramTransport) send(ctx context.Context, m *store.Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p := tgbotapi.Params{}
	p.AddFirstValid("chat_id", m.ChatID)
	method := "sendMessage"
	if m.EditID != 0 {
		// A button press edits the message in place; edits count toward the same limits
		// as sends, so they take the same paced path.
		p["message_id"] = strconv.Itoa(m.EditID)
		p["reply_markup"] = m.Markup
		if p["reply_markup"] == "" {
			p["reply_markup"] = `{"inline_keyboard":[]}`
		}
		if m.HTML == "" {
			_, err := t.api.MakeRequest("editMessageReplyMarkup", p)
			return err
		}
		method = "editMessageText"
	}
	p["text"] = m.HTML
	if !m.Plain {
		p["parse_mode"] = tgbotapi.ModeHTML
	}
	p["link_preview_options"] = `{"is_disabled":true}`
	p["disable_web_page_preview"] = "true"
	if m.ThreadID != 0 && m.EditID == 0 {
		p["message_thread_id"] = strconv.Itoa(m.ThreadID)
	}
	if m.Markup != "" {
		p["reply_markup"] = m.Markup
	}
	if t.paid && method == "sendMessage" {
		p["allow_paid_broadcast"] = "true"
	}
	_, err := t.api.MakeRequest(method, p)
	return err
}

// Sender drains the outbox: each message was written to bbolt before it reaches the Sender
// and is deleted only when Telegram confirms it, so a crash repeats at most the messages in
// flight. Messages to one chat go out in order, one at a time, paced by Limits; a 429 holds
// that chat for exactly retry_after while the others go on.
//
// Pacing runs on the real clock (monotonic time), not on the Bot's Options.Now: it is
// about Telegram's counters, and a test that moves the calendar clock must not stall it.
type Sender struct {
	db      *store.DB
	tp      transport
	limits  Limits
	log     *slog.Logger
	now     func() time.Time
	workers int // sends in flight at most, each to a different chat

	// room is told the chat whose full queue (maxOutboxPerChat) has room again.
	room chan int64

	mu     sync.Mutex
	queues map[int64][]store.Message // unsent, per chat, in outbox order
	queued map[uint64]bool           // ids in queues, so that no message is queued twice
	idle   chan struct{}             // closed when queued becomes empty; nil when no one waits
	wake   chan struct{}

	// onGone is told when Telegram says a chat is gone (blocked, kicked, deleted).
	onGone func(chatID int64, reason string)
	// onMigrate is told when a group moved to a supergroup id.
	onMigrate func(from, to int64) error
	observer  Observer
}

// newSender returns a Sender; the calendar clock argument is ignored (see Sender).
func newSender(db *store.DB, tp transport, limits Limits, log *slog.Logger) *Sender {
	if limits.Off {
		limits = Limits{Off: true}
	}
	return &Sender{db: db, tp: tp, limits: limits, log: log, now: time.Now, workers: 16,
		queues: map[int64][]store.Message{}, queued: map[uint64]bool{}, wake: make(chan struct{}, 1),
		room: make(chan int64, 64)}
}

// Add hands messages already written to the outbox to the sender. A message it already
// has is ignored, and each chat's queue stays in outbox order.
func (s *Sender) Add(msgs ...store.Message) {
	s.mu.Lock()
	s.addLocked(msgs, 1)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// addLocked queues the messages it does not have yet, in outbox order from index from of
// each chat's queue on: Add keeps the head, which may be in flight, in place.
func (s *Sender) addLocked(msgs []store.Message, from int) {
	for _, m := range msgs {
		if s.queued[m.ID] {
			continue
		}
		s.queued[m.ID] = true
		q := append(s.queues[m.ChatID], m)
		for i := len(q) - 1; i > from && q[i].ID < q[i-1].ID; i-- {
			q[i], q[i-1] = q[i-1], q[i]
		}
		s.queues[m.ChatID] = q
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

// maxOutboxPerChat bounds the messages waiting for one chat (the one in flight included).
// At Telegram's pace — one a second, 20 a minute in a group — that is minutes of sending;
// past it, alerts stay queued in the store (where the queue is capped) and go out together
// once there is room, and replies are dropped, so no chat grows the outbox without bound.
var maxOutboxPerChat = 100

// QueuedFor returns how many messages wait to be sent to chatID.
func (s *Sender) QueuedFor(chatID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queues[chatID])
}

// Room is told the chat whose queue was full and has room again.
func (s *Sender) Room() <-chan int64 { return s.room }

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

func (h readyHeap) Len() int { return len(h) }
func (h readyHeap) Less(i, j int) bool {
	if !h[i].when.Equal(h[j].when) {
		return h[i].when.Before(h[j].when)
	}
	return h[i].id < h[j].id
}
func (h readyHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *readyHeap) Push(x any)   { *h = append(*h, x.(readyChat)) }
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
	// Nothing is in flight yet: the unsent messages go before anything added meanwhile
	// (alerts flushed at start-up), which the outbox read may include too.
	s.mu.Lock()
	s.addLocked(unsent, 0)
	for _, q := range s.queues {
		slices.SortFunc(q, func(a, b store.Message) int { return cmp.Compare(a.ID, b.ID) })
	}
	s.mu.Unlock()
	if len(unsent) > 0 {
		s.log.Info("resuming unsent messages", "count", len(unsent))
	}

	nextAt := map[int64]time.Time{} // earliest next send per chat
	inflight := map[int64]bool{}
	// Buffered for every worker, so that a finished send never waits for the loop.
	results := make(chan sendResult, s.workers)
	var nextGlobal time.Time // earliest next send overall
	var wg sync.WaitGroup
	sendCtx := context.WithoutCancel(ctx) // a send in flight at shutdown is finished, not cut

	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var h readyHeap
	dirty := true // the heap must be rebuilt: queues or per-chat times changed
	for {
		// Dispatch every chat whose head message is due, as far as the global gap and the
		// number of workers allow.
		now := s.now()
		wait := time.Hour
		if dirty && len(inflight) < s.workers {
			dirty = false
			h = h[:0]
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
		}
		for h.Len() > 0 && len(inflight) < s.workers && ctx.Err() == nil {
			c := h[0]
			due := c.when
			if nextGlobal.After(due) {
				due = nextGlobal
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
			if s.limits.Global > 0 {
				// Slots a gap apart: sends that were late (a timer, the scheduler, a GC
				// pause) are made up by the next ones, for up to catchUp of lateness, so
				// the rate holds at the limit; after an idle spell that allows a burst of
				// catchUp's worth at most (3 messages at 30/s).
				if late := now.Add(-catchUp); nextGlobal.Before(late) {
					nextGlobal = late
				}
				nextGlobal = nextGlobal.Add(s.limits.Global)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := time.Now()
				err := s.tp.send(sendCtx, &m)
				results <- sendResult{msg: m, err: err, at: s.now(), took: time.Since(start)}
			}()
		}
		if ctx.Err() != nil {
			go func() { wg.Wait(); close(results) }()
			var batch []sendResult
			for r := range results {
				batch = append(batch, r)
			}
			s.handleAll(batch, nextAt)
			return nil
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
		case <-s.wake:
			dirty = true
		case <-timer.C:
		case r := <-results:
			dirty = true
			// Take every outcome that is in, and confirm the sent ones in one commit.
			batch := []sendResult{r}
			for more := true; more; {
				select {
				case r := <-results:
					batch = append(batch, r)
				default:
					more = false
				}
			}
			for _, r := range batch {
				delete(inflight, r.msg.ChatID)
			}
			s.handleAll(batch, nextAt)
		}
	}
}

func (s *Sender) gap(chatID int64) time.Duration {
	if chatID < 0 {
		return s.limits.PerGroup
	}
	return s.limits.PerChat
}

// handleAll records the outcomes of sends: the confirmed ones are removed from the outbox
// in one transaction (one fsync for them all), then each outcome is handled. It runs on the
// Run goroutine only.
func (s *Sender) handleAll(batch []sendResult, nextAt map[int64]time.Time) {
	var sent []uint64
	for i, r := range batch {
		if ae := classify(r.err); ae != nil && ae.isNotModified() {
			batch[i].err = nil // an edit to what the message already shows: done
		}
		if batch[i].err == nil {
			sent = append(sent, r.msg.ID)
		}
	}
	if err := s.db.MarkSent(sent...); err != nil {
		// They stay in the outbox and go out again after a restart: a repeat, not a loss.
		s.log.Error("mark messages sent", "error", err, "count", len(sent))
	}
	for _, r := range batch {
		if r.err != nil {
			s.handle(r, nextAt)
			continue
		}
		s.observe(r, "ok")
		s.pop(r.msg.ChatID, r.msg.ID)
		nextAt[r.msg.ChatID] = r.at.Add(s.gap(r.msg.ChatID))
	}
}

// handle records a failed send's outcome. It runs on the Run goroutine only.
func (s *Sender) handle(r sendResult, nextAt map[int64]time.Time) {
	m := r.msg
	log := s.log.With("chat_id", m.ChatID, "message_id", m.ID)
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
		for _, dm := range q {
			delete(s.queued, dm.ID)
		}
		s.leftLocked()
		s.mu.Unlock()
		for _, dm := range q {
			if err := s.db.MarkSent(dm.ID); err != nil {
				log.Error("drop message to a gone chat", "error", err)
			}
		}
		if s.onGone != nil {
			s.onGone(m.ChatID, ae.desc)
		}
	case ae != nil && ae.isParseError() && !m.Plain:
		s.observe(r, "parse_fallback")
		log.Error("telegram refused the HTML, resending as plain text", "error", ae.desc)
		m.HTML = plainText(m.HTML)
		m.Plain = true
		s.replaceHead(m)
	case ae != nil && ae.code >= 400 && ae.code < 500:
		// Any other refusal will not get better by retrying: drop it, loudly, so that one
		// bad message does not block the chat.
		s.observe(r, "refused")
		log.Error("telegram refused a message, dropping it", "error", ae.desc, "code", ae.code)
		if err := s.db.MarkSent(m.ID); err != nil {
			log.Error("drop refused message", "error", err)
		}
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
		delete(s.queued, id)
		s.leftLocked()
		if len(q) == maxOutboxPerChat {
			select {
			case s.room <- chatID:
			default: // the minute's alert sweep will see it
			}
		}
	}
}

// leftLocked wakes WaitIdle when the last queued message has left.
func (s *Sender) leftLocked() {
	if len(s.queued) == 0 && s.idle != nil {
		close(s.idle)
		s.idle = nil
	}
}

// WaitIdle returns once no message waits to be sent, or when ctx ends.
func (s *Sender) WaitIdle(ctx context.Context) error {
	s.mu.Lock()
	if len(s.queued) == 0 {
		s.mu.Unlock()
		return nil
	}
	if s.idle == nil {
		s.idle = make(chan struct{})
	}
	idle := s.idle
	s.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
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
