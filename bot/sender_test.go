package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
)

// SweepAlertsForTest runs the alert sweep that runAlerts does every minute, now: tests that
// move Options.Now past the end of quiet hours call it instead of waiting for the ticker.
func (b *Bot) SweepAlertsForTest() { b.flushAlerts(b.waitingAlerts()) }

// CloseAlertWindowForTest has the running bot take every alert commit made so far and
// send the alerts in its window now, as if every window had closed; it returns once they
// are in the outbox. Tests set Options.AlertWindow long and call it instead of waiting.
func (b *Bot) CloseAlertWindowForTest() {
	done := make(chan struct{})
	b.closeWindow <- done
	<-done
}

// gateTransport records sends and holds each one until the test releases it.
type gateTransport struct {
	mu       sync.Mutex
	sent     []store.Message
	inflight map[int64]int // sends in flight per chat
	busy     int           // sends in flight in all
	maxBusy  int
	overlap  []string      // a chat with two sends in flight at once
	started  chan struct{} // one value per send started
	release  chan struct{} // one value lets one send finish; closed: all go
}

func newGate() *gateTransport {
	return &gateTransport{inflight: map[int64]int{}, started: make(chan struct{}, 1000), release: make(chan struct{})}
}

func (g *gateTransport) send(ctx context.Context, m *store.Message) error {
	g.mu.Lock()
	g.inflight[m.ChatID]++
	if g.inflight[m.ChatID] > 1 {
		g.overlap = append(g.overlap, fmt.Sprint(m.ChatID))
	}
	g.busy++
	g.maxBusy = max(g.maxBusy, g.busy)
	g.mu.Unlock()
	g.started <- struct{}{}
	<-g.release
	g.mu.Lock()
	g.inflight[m.ChatID]--
	g.busy--
	g.sent = append(g.sent, *m)
	g.mu.Unlock()
	return nil
}

func (g *gateTransport) sentTo(chatID int64) []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []string
	for _, m := range g.sent {
		if m.ChatID == chatID {
			out = append(out, m.HTML)
		}
	}
	return out
}

func runSender(t *testing.T, s *Sender) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("sender: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Errorf("the sender's Run did not return: stalled")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// okObserver counts confirmed sends.
type okObserver struct{ ok chan struct{} }

func (o okObserver) Sent(kind, result string, took time.Duration) {
	if result == "ok" {
		o.ok <- struct{}{}
	}
}
func (o okObserver) Matched(int64, int, bool) {}

func observe(s *Sender) okObserver {
	o := okObserver{ok: make(chan struct{}, 1000)}
	s.observer = o
	return o
}

// waitSent waits until n sends have been confirmed (and marked sent in the outbox).
func (o okObserver) waitSent(t *testing.T, n int) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for i := range n {
		select {
		case <-o.ok:
		case <-timeout:
			t.Fatalf("%d sends confirmed, want %d", i, n)
		}
	}
}

// Before the fix, Run waited for a worker slot while the workers waited to hand back their
// results: once as many sends as workers were slower than that many global gaps (a slow
// Telegram), delivery stopped for good.
func TestSenderDoesNotStallWhenEverySendIsSlow(t *testing.T) {
	db := storetest.Open(t, nil)
	g := newGate()
	s := newSender(db, g, Limits{PerChat: time.Millisecond, PerGroup: time.Millisecond, Global: time.Microsecond}, slog.New(slog.DiscardHandler))
	const chats = 40
	for i := range chats {
		if err := s.Enqueue(store.Message{ChatID: int64(i + 1), HTML: fmt.Sprint("m", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	o := observe(s)
	stop := runSender(t, s)
	// Let every worker start a send and hold them all: the sender must not dispatch more.
	for range s.workers {
		<-g.started
	}
	select {
	case <-g.started:
		t.Fatalf("more than %d sends in flight", s.workers)
	default:
	}
	close(g.release)
	o.waitSent(t, chats)
	stop()
	for i := range chats {
		if got := g.sentTo(int64(i + 1)); len(got) != 1 {
			t.Fatalf("chat %d got %v", i+1, got)
		}
	}
	if g.maxBusy > s.workers || len(g.overlap) > 0 {
		t.Fatalf("at most %d in flight (got %d), one per chat (overlaps: %v)", s.workers, g.maxBusy, g.overlap)
	}
	if out, _ := db.Outbox(); len(out) != 0 {
		t.Fatalf("outbox after delivery: %d messages", len(out))
	}
}

// The outbox read at start-up and the messages added meanwhile (alerts flushed at start)
// overlap: each message goes out once, in outbox order per chat.
func TestSenderSendsEachOutboxMessageOnceInOrder(t *testing.T) {
	db := storetest.Open(t, nil)
	g := newGate()
	close(g.release)
	s := newSender(db, g, Limits{Off: true}, slog.New(slog.DiscardHandler))
	old, err := db.Enqueue(store.Message{ChatID: 7, HTML: "1"}, store.Message{ChatID: 7, HTML: "2"}, store.Message{ChatID: 8, HTML: "x"})
	if err != nil {
		t.Fatal(err)
	}
	// An alert written after them, handed to the sender before Run reads the outbox.
	if err := s.Enqueue(store.Message{ChatID: 7, HTML: "3"}); err != nil {
		t.Fatal(err)
	}
	s.Add(old[1]) // and one of the old ones, handed over twice
	o := observe(s)
	stop := runSender(t, s)
	o.waitSent(t, 4)
	stop()
	if n := s.Pending(); n != 0 {
		t.Fatalf("%d messages still queued after all four were sent", n)
	}
	if got := fmt.Sprint(g.sentTo(7)); got != "[1 2 3]" {
		t.Fatalf("chat 7 got %s, want [1 2 3]", got)
	}
	if got := fmt.Sprint(g.sentTo(8)); got != "[x]" {
		t.Fatalf("chat 8 got %s", got)
	}
}

// flakyTransport fails the first sends of a chat with a network error.
type flakyTransport struct {
	mu    sync.Mutex
	fails map[int64]int
	sent  []string
}

func (f *flakyTransport) send(ctx context.Context, m *store.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fails[m.ChatID] > 0 {
		f.fails[m.ChatID]--
		return fmt.Errorf("dial tcp: connection refused")
	}
	f.sent = append(f.sent, m.HTML)
	return nil
}

// A network error keeps the message at the head of its chat: what follows waits for it.
func TestSenderRetriesANetworkErrorWithoutReordering(t *testing.T) {
	db := storetest.Open(t, nil)
	f := &flakyTransport{fails: map[int64]int{5: 1}}
	s := newSender(db, f, Limits{Off: true}, slog.New(slog.DiscardHandler))
	if err := s.Enqueue(store.Message{ChatID: 5, HTML: "a"}, store.Message{ChatID: 5, HTML: "b"}); err != nil {
		t.Fatal(err)
	}
	o := observe(s)
	runSender(t, s)
	o.waitSent(t, 2)
	f.mu.Lock()
	defer f.mu.Unlock()
	if fmt.Sprint(f.sent) != "[a b]" {
		t.Fatalf("sent %v, want [a b]", f.sent)
	}
}

// refusingHTML refuses HTML the way Telegram does when its entities do not parse.
type refusingHTML struct {
	mu   sync.Mutex
	sent []store.Message
}

func (r *refusingHTML) send(ctx context.Context, m *store.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !m.Plain {
		return &tgbotapi.Error{Code: 400, Message: "Bad Request: can't parse entities: unsupported start tag"}
	}
	r.sent = append(r.sent, *m)
	return nil
}

// kindObserver records the kind label of every send attempt.
type kindObserver struct {
	mu    sync.Mutex
	kinds []string
	ok    chan struct{}
}

func (o *kindObserver) Sent(kind, result string, took time.Duration) {
	o.mu.Lock()
	o.kinds = append(o.kinds, kind+"/"+result)
	o.mu.Unlock()
	if result == "ok" {
		o.ok <- struct{}{}
	}
}

// The plain-text fallback keeps the message's kind: the metrics' kind label stays within
// digest, alert, reply, notice and edit.
func TestPlainTextFallbackKeepsTheMessageKind(t *testing.T) {
	db := storetest.Open(t, nil)
	tp := &refusingHTML{}
	s := newSender(db, tp, Limits{Off: true}, slog.New(slog.DiscardHandler))
	o := &kindObserver{ok: make(chan struct{}, 1)}
	s.observer = o
	if err := s.Enqueue(store.Message{ChatID: 5, HTML: "<b>NATO</b> &amp; co", Kind: "digest"}); err != nil {
		t.Fatal(err)
	}
	runSender(t, s)
	select {
	case <-o.ok:
	case <-time.After(10 * time.Second):
		t.Fatal("the plain-text resend never went out")
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if fmt.Sprint(o.kinds) != "[digest/parse_fallback digest/ok]" {
		t.Errorf("observed %v, want the digest kind for both attempts", o.kinds)
	}
	tp.mu.Lock()
	defer tp.mu.Unlock()
	if len(tp.sent) != 1 || tp.sent[0].HTML != "NATO & co" || tp.sent[0].Kind != "digest" {
		t.Errorf("sent %+v, want the digest as plain text", tp.sent)
	}
}

// AlertChatsForTest lists the chats the minute's sweep reads.
func (b *Bot) AlertChatsForTest() []int64 {
	ids := b.waitingAlerts()
	slices.Sort(ids)
	return ids
}

// SenderWorkersForTest is how many sends may be in flight at once.
func (b *Bot) SenderWorkersForTest() int { return b.sender.workers }

// WaitLanesForTest waits until every update handed to a chat's lane is handled.
func (b *Bot) WaitLanesForTest() { b.lanes.wait() }
