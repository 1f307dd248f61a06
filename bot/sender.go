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
// chat, with short bursts allowed, 20 a minute per group or channel, about 30 a second
// overall. A zero gap means no gap; Off switches pacing off altogether (benchmarks against
// a loopback fake).
type Limits struct {
	PerChat  time.Duration // gap between two messages to one chat, on average
	PerGroup time.Duration // gap between two messages to one group or channel
	Global   time.Duration // gap between any two messages, on average
	// ReplyBurst is how many messages beyond the steady pace a chat may receive at once,
	// kept for replies to its commands: alerts, digests and notices never use it.
	ReplyBurst int
	Off        bool // no pacing at all
}

// TelegramLimits are the published limits. The global gap keeps to 30 a second on average:
// see catchUp. "We may allow short bursts that go over this limit"
// (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this): a
// burst of 3 (the steady message and ReplyBurst 2) is what bot/bottest allows by default.
var TelegramLimits = Limits{PerChat: time.Second, PerGroup: 3 * time.Second, Global: time.Second / 30, ReplyBurst: 2}

// groupWindow is Telegram's group limit as a count: 20 messages a minute, i.e. 20
// PerGroup gaps. Alerts, digests and notices leave ReplyBurst of them to replies.
const groupWindow = 20

// PaidBroadcastLimits are the limits with paid broadcasts (config telegram.allow_paid_broadcast):
// sendMessage with allow_paid_broadcast goes "up to 1000 messages per second, ignoring
// broadcasting limits for a fee of 0.1 Telegram Stars per message"
// (https://core.telegram.org/bots/api#sendmessage; the bot must have paid broadcasts
// enabled and the Stars, https://core.telegram.org/bots/faq#how-can-i-message-all-of-my-bot-39s-subscribers-at-once).
// The limits of each chat and group stay.
var PaidBroadcastLimits = Limits{PerChat: time.Second, PerGroup: 3 * time.Second, Global: time.Second / 1000, ReplyBurst: 2}

// catchUp is how much lateness of the global pacing later sends make up: without it every
// late wake-up would lower the rate below the limit for good.
const catchUp = 100 * time.Millisecond

// transport delivers one outbox message: the Bot API, or the console.
type transport interface {
	send(ctx context.Context, m *store.Message) error
}

// telegramTransport sends with sendMessage through tgbotapi's MakeRequest, which lets us
// pass the parameters v5 does not know (message_thread_id, link_preview_options), and
// charts with sendPhoto (photo.go).
type telegramTransport struct {
	api      *tgbotapi.BotAPI
	endpoint string // the Bot API endpoint format, for sendPhoto's upload
	paid     bool   // sendMessage with allow_paid_broadcast (PaidBroadcastLimits)
}

func (t telegramTransport) send(ctx context.Context, m *store.Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if m.Chart != nil && m.EditID == 0 {
		return t.sendChart(ctx, m)
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

	mu      sync.Mutex
	queues  map[int64][]store.Message    // unsent, per chat: replies first, each kind in outbox order
	queued  map[uint64]bool              // ids in queues, so that no message is queued twice
	sending map[int64]bool               // chats whose head message is in flight
	turns   map[int64][]chan func(error) // Turn callers waiting, per chat
	idle    chan struct{}                // closed when queued becomes empty; nil when no one waits
	wake    chan struct{}

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
		queues: map[int64][]store.Message{}, queued: map[uint64]bool{}, sending: map[int64]bool{}, turns: map[int64][]chan func(error){}, wake: make(chan struct{}, 1),
		room: make(chan int64, 64)}
}

// Add hands messages already written to the outbox to the sender. A message it already
// has is ignored. Each chat's queue holds its replies first, then everything else, each in
// outbox order (sendOrder); the message in flight stays where it is.
func (s *Sender) Add(msgs ...store.Message) {
	s.mu.Lock()
	s.addLocked(msgs)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// addLocked queues the messages it does not have yet, each in its place by sendOrder
// behind the chat's message in flight, if any.
func (s *Sender) addLocked(msgs []store.Message) {
	for _, m := range msgs {
		if s.queued[m.ID] {
			continue
		}
		s.queued[m.ID] = true
		from := 0
		if s.sending[m.ChatID] {
			from = 1
		}
		q := append(s.queues[m.ChatID], m)
		for i := len(q) - 1; i > from && sendOrder(q[i], q[i-1]) < 0; i-- {
			q[i], q[i-1] = q[i-1], q[i]
		}
		s.queues[m.ChatID] = q
	}
}

// isReply reports whether a message answers a person: a reply to a command or a button
// press's edit. Those go before a chat's alerts, digests and notices, and may use the
// chat's burst (Limits.ReplyBurst).
func isReply(m *store.Message) bool { return m.Kind == "reply" || m.Kind == "edit" }

// sendOrder orders one chat's messages: replies first, then by outbox id.
func sendOrder(a, b store.Message) int {
	if ra, rb := isReply(&a), isReply(&b); ra != rb {
		if ra {
			return -1
		}
		return 1
	}
	return cmp.Compare(a.ID, b.ID)
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
	turn bool // a send made by a Turn caller: msg holds only the chat
}

// Turn waits until the chat may be sent a reply, as the Sender would send one of its own,
// and returns done, which the caller calls with the outcome of the one send it makes then.
// Sends the outbox cannot carry (a document) so keep the chat's pace: until done, nothing
// else goes to the chat, and a 429 in the outcome holds the chat as the Sender's own would.
// Run must be running.
func (s *Sender) Turn(ctx context.Context, chatID int64) (done func(error), err error) {
	ch := make(chan func(error), 1)
	s.mu.Lock()
	s.turns[chatID] = append(s.turns[chatID], ch)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	select {
	case done := <-ch:
		return done, nil
	case <-ctx.Done():
		s.mu.Lock()
		waiting := slices.Index(s.turns[chatID], ch) >= 0
		if waiting {
			s.turns[chatID] = slices.DeleteFunc(s.turns[chatID], func(c chan func(error)) bool { return c == ch })
		}
		s.mu.Unlock()
		if !waiting { // granted meanwhile: give the turn back unused
			(<-ch)(ctx.Err())
		}
		return nil, ctx.Err()
	}
}

func (s *Sender) observe(r sendResult, result string) {
	if s.observer != nil {
		s.observer.Sent(r.msg.Kind, result, r.took)
	}
}

// readyChat is a chat whose head message (or Turn caller) may go out at when. Among chats
// due at the same time, the one with the earlier rank goes first.
type readyChat struct {
	id         int64
	when, rank time.Time
	turn       bool
}

type readyHeap []readyChat

func (h readyHeap) Len() int { return len(h) }
func (h readyHeap) Less(i, j int) bool {
	if c := h[i].when.Compare(h[j].when); c != 0 {
		return c < 0
	}
	if c := h[i].rank.Compare(h[j].rank); c != 0 {
		return c < 0
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

// pace is what the sender knows of one chat's allowance at Telegram: a token bucket of
// 1 + ReplyBurst messages that refills one message per PerChat gap, and for a group or
// channel the sends of its last groupWindow PerGroup gaps (a minute). Sends count from
// Telegram's answer, which comes after Telegram counted them, so the sender's count is
// never ahead of Telegram's. It is used by the Run goroutine only.
type pace struct {
	tokens float64   // the bucket at 'at'
	at     time.Time // zero: a chat not sent to yet, its bucket full
	last   time.Time // the last send's answer
	hold   time.Time // nothing goes before: 429 retry_after
	recent []time.Time
}

// bucket is the chat's bucket refilled up to now.
func (s *Sender) bucket(p *pace, now time.Time) float64 {
	full := float64(1 + s.limits.ReplyBurst)
	if p.at.IsZero() || s.limits.PerChat <= 0 {
		return full
	}
	return min(full, p.tokens+float64(now.Sub(p.at))/float64(s.limits.PerChat))
}

// readyAt is when the chat may be sent its next message: a reply when the bucket holds
// one message (and the group has sent fewer than groupWindow in a minute), anything else
// only when the bucket is full, the group gap has passed since the last send and the
// group has sent fewer than groupWindow - ReplyBurst in a minute. So alerts and digests
// keep their steady pace and leave the burst to replies.
func (s *Sender) readyAt(chatID int64, p *pace, reply bool) time.Time {
	if p == nil {
		return time.Time{}
	}
	when := p.hold
	need := float64(1 + s.limits.ReplyBurst)
	if reply {
		need = 1
	}
	if s.limits.PerChat > 0 && !p.at.IsZero() && p.tokens < need {
		when = latest(when, p.at.Add(time.Duration((need-p.tokens)*float64(s.limits.PerChat))))
	}
	if chatID < 0 && s.limits.PerGroup > 0 {
		most := groupWindow
		if !reply {
			most -= s.limits.ReplyBurst
			when = latest(when, p.last.Add(s.limits.PerGroup))
		}
		if n := len(p.recent); n >= most {
			when = latest(when, p.recent[n-most].Add(groupWindow*s.limits.PerGroup))
		}
	}
	return when
}

// sent counts a send to the chat answered at.
func (s *Sender) sent(chatID int64, p *pace, at time.Time) {
	p.tokens = s.bucket(p, at) - 1
	p.at, p.last = at, at
	if chatID < 0 && s.limits.PerGroup > 0 {
		cut := at.Add(-groupWindow * s.limits.PerGroup)
		i := 0
		for i < len(p.recent) && !p.recent[i].After(cut) {
			i++
		}
		p.recent = append(p.recent[i:], at)
	}
}

// rested reports whether the chat's pace no longer holds anything back: a chat with no
// pace is the same.
func (s *Sender) rested(chatID int64, p *pace, now time.Time) bool {
	full := p.at.Add(time.Duration(1+s.limits.ReplyBurst) * s.limits.PerChat)
	if chatID < 0 && now.Before(p.last.Add(groupWindow*s.limits.PerGroup)) {
		return false
	}
	return now.After(p.hold) && now.After(full)
}

// prunePaces forgets the paces of the chats that rested, at most once a minute, so that
// the map holds the chats sent to lately, not every chat ever sent to.
const prunePacesEvery = time.Minute

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// Run sends until ctx ends, then waits for the sends in flight to be confirmed or to fail,
// so that their outcome is persisted. A chat whose next message is a reply is served
// before the chats with only alerts, digests and notices due.
func (s *Sender) Run(ctx context.Context) error {
	unsent, err := s.db.Outbox()
	if err != nil {
		return err
	}
	// Nothing is in flight yet: the unsent messages go before anything added meanwhile
	// (alerts flushed at start-up), which the outbox read may include too.
	s.mu.Lock()
	s.addLocked(unsent)
	for _, q := range s.queues {
		slices.SortFunc(q, sendOrder)
	}
	s.mu.Unlock()
	if len(unsent) > 0 {
		s.log.Info("resuming unsent messages", "count", len(unsent))
	}

	paces := map[int64]*pace{}
	pruned := time.Now()
	inflight := map[int64]bool{}
	// Buffered for every worker, so that a finished send never waits for the loop.
	results := make(chan sendResult, s.workers)
	var nextGlobal time.Time // earliest next send overall
	var wg sync.WaitGroup
	sendCtx := context.WithoutCancel(ctx) // a send in flight at shutdown is finished, not cut

	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var replies, others readyHeap // chats whose next message is a reply; the rest
	dirty := true                 // the heaps must be rebuilt: queues or paces changed
	for {
		// Dispatch every chat whose head message is due, replies first, as far as the
		// global gap and the number of workers allow.
		now := s.now()
		wait := time.Hour
		if dirty && len(inflight) < s.workers {
			dirty = false
			replies, others = replies[:0], others[:0]
			s.mu.Lock()
			for id, q := range s.queues {
				if len(q) == 0 {
					delete(s.queues, id)
					continue
				}
				if inflight[id] {
					continue
				}
				reply := isReply(&q[0])
				when := latest(s.readyAt(id, paces[id], reply), q[0].NotBefore)
				if !reply {
					others = append(others, readyChat{id: id, when: when})
					continue
				}
				// Replies due now go in turn: first the chats that had the fewest
				// messages lately (whose burst is back the soonest), so that twenty chats
				// asking at once each get their first answer before any gets its second.
				replies = append(replies, readyChat{id: id, when: latest(when, now), rank: s.readyAt(id, paces[id], false)})
			}
			for id, ts := range s.turns {
				if len(ts) == 0 {
					delete(s.turns, id)
					continue
				}
				if !inflight[id] {
					when := s.readyAt(id, paces[id], true)
					replies = append(replies, readyChat{id: id, when: latest(when, now), rank: s.readyAt(id, paces[id], false), turn: true})
				}
			}
			s.mu.Unlock()
			heap.Init(&replies)
			heap.Init(&others)
		}
		for len(inflight) < s.workers && ctx.Err() == nil {
			h := &replies
			if replies.Len() == 0 || (others.Len() > 0 && replies[0].when.After(now) && others[0].when.Before(replies[0].when)) {
				h = &others
			}
			if h.Len() == 0 {
				break
			}
			c := (*h)[0]
			due := latest(c.when, nextGlobal)
			if due.After(now) {
				wait = due.Sub(now)
				break
			}
			heap.Pop(h)
			if inflight[c.id] {
				continue // a Turn caller's and the queue's entry for the same chat
			}
			var m store.Message
			var turn chan func(error)
			s.mu.Lock()
			if c.turn {
				turn, s.turns[c.id] = s.turns[c.id][0], s.turns[c.id][1:]
			} else {
				m = s.queues[c.id][0]
				s.sending[c.id] = true
			}
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
			if turn != nil {
				start, id := time.Now(), c.id
				var once sync.Once
				turn <- func(err error) {
					once.Do(func() {
						defer wg.Done()
						results <- sendResult{msg: store.Message{ChatID: id, Kind: "reply"}, err: err, at: s.now(), took: time.Since(start), turn: true}
					})
				}
				continue
			}
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
			s.handleAll(batch, paces)
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
			s.handleAll(batch, paces)
			if now := time.Now(); now.Sub(pruned) > prunePacesEvery {
				pruned = now
				for id, p := range paces {
					if s.rested(id, p, now) {
						delete(paces, id)
					}
				}
			}
		}
	}
}

// handleAll records the outcomes of sends: the confirmed ones are removed from the outbox
// in one transaction (one fsync for them all), then each outcome is handled. It runs on the
// Run goroutine only.
func (s *Sender) handleAll(batch []sendResult, paces map[int64]*pace) {
	var sent []uint64
	batch = slices.DeleteFunc(batch, func(r sendResult) bool {
		if r.turn {
			s.handleTurn(r, paceOf(paces, r.msg.ChatID))
		}
		return r.turn
	})
	for i, r := range batch {
		if ae := classify(r.err); ae != nil && ae.isNotModified() {
			batch[i].err = nil // an edit to what the message already shows: done
		}
		if batch[i].err == nil {
			sent = append(sent, r.msg.ID)
		}
	}
	if err := s.db.MarkSentCounted(s.now(), sent...); err != nil {
		// They stay in the outbox and go out again after a restart: a repeat, not a loss.
		s.log.Error("mark messages sent", "error", err, "count", len(sent))
	}
	for _, r := range batch {
		if r.err != nil {
			s.handle(r, paces)
		} else {
			s.pop(r.msg.ChatID, r.msg.ID)
			s.sent(r.msg.ChatID, paceOf(paces, r.msg.ChatID), r.at)
			s.observe(r, "ok") // after pop: an observer that sees it sees the queue without it
		}
		s.mu.Lock()
		delete(s.sending, r.msg.ChatID)
		s.mu.Unlock()
	}
}

// handleTurn records a Turn caller's send: it counts like the Sender's own, and a 429
// holds the chat. Any other failure is the caller's to report.
func (s *Sender) handleTurn(r sendResult, p *pace) {
	if r.err == nil {
		s.observe(r, "ok")
		s.sent(r.msg.ChatID, p, r.at)
		return
	}
	if ae := classify(r.err); ae != nil && ae.retryAfter > 0 {
		s.observe(r, "retry_after")
		p.hold = r.at.Add(ae.retryAfter)
		p.tokens, p.at = 0, r.at
	}
}

func paceOf(paces map[int64]*pace, chatID int64) *pace {
	p := paces[chatID]
	if p == nil {
		p = &pace{}
		paces[chatID] = p
	}
	return p
}

// handle records a failed send's outcome. It runs on the Run goroutine only.
func (s *Sender) handle(r sendResult, paces map[int64]*pace) {
	m := r.msg
	log := s.log.With("chat_id", m.ChatID, "message_id", m.ID)
	ae := classify(r.err)
	switch {
	case ae != nil && ae.retryAfter > 0:
		// 429: wait exactly retry_after before anything else goes to this chat, and then
		// with no burst: Telegram's count for the chat was full.
		p := paceOf(paces, m.ChatID)
		p.hold = r.at.Add(ae.retryAfter)
		p.tokens, p.at = 0, r.at
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
		s.sent(m.ChatID, paceOf(paces, m.ChatID), r.at)
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

// pop removes a sent (or dropped) message from its chat's queue. It is the head unless a
// reply was queued before it while it was backing off.
func (s *Sender) pop(chatID int64, id uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queues[chatID]
	if i := slices.IndexFunc(q, func(m store.Message) bool { return m.ID == id }); i >= 0 {
		if i == 0 {
			s.queues[chatID] = q[1:]
		} else {
			s.queues[chatID] = slices.Delete(q, i, i+1)
		}
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
	q := s.queues[m.ChatID]
	if i := slices.IndexFunc(q, func(o store.Message) bool { return o.ID == m.ID }); i >= 0 {
		q[i] = m
	}
}
