package bot

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
)

// A chat's replies go before its queued alerts: behind the message in flight, if any, and
// ahead of everything else, in the order they were written.
func TestRepliesJumpTheChatsQueue(t *testing.T) {
	db := storetest.Open(t, nil)
	g := newGate()
	s := newSender(db, g, Limits{Off: true}, slog.New(slog.DiscardHandler))
	const chats, alerts = 20, 5
	for c := range chats {
		for k := range alerts {
			if err := s.Enqueue(store.Message{ChatID: int64(c + 1), HTML: fmt.Sprint("alert", k), Kind: "alert"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	o := observe(s)
	runSender(t, s)
	for range s.workers { // each worker holds one chat's first alert
		<-g.started
	}
	for c := range chats {
		if err := s.Enqueue(
			store.Message{ChatID: int64(c + 1), HTML: "reply1", Kind: "reply"},
			store.Message{ChatID: int64(c + 1), HTML: "reply2", Kind: "edit"},
		); err != nil {
			t.Fatal(err)
		}
	}
	close(g.release)
	o.waitSent(t, chats*(alerts+2))
	inFlight := 0
	for c := range chats {
		got := strings.Join(g.sentTo(int64(c+1)), " ")
		switch got {
		case "alert0 reply1 reply2 alert1 alert2 alert3 alert4":
			inFlight++
		case "reply1 reply2 alert0 alert1 alert2 alert3 alert4":
		default:
			t.Errorf("chat %d got %s, want the replies first, after the alert in flight if any", c+1, got)
		}
	}
	if inFlight != s.workers {
		t.Errorf("%d chats had an alert in flight before their replies, want %d", inFlight, s.workers)
	}
}

// Replies use the chat's burst; alerts keep their pace and never use it.
func TestRepliesUseTheChatsBurst(t *testing.T) {
	db := storetest.Open(t, nil)
	g := newGate()
	close(g.release)
	s := newSender(db, g, Limits{PerChat: time.Hour, ReplyBurst: 2}, slog.New(slog.DiscardHandler))
	o := observe(s)
	runSender(t, s)
	if err := s.Enqueue(store.Message{ChatID: 7, HTML: "a1", Kind: "alert"}, store.Message{ChatID: 7, HTML: "a2", Kind: "alert"}); err != nil {
		t.Fatal(err)
	}
	o.waitSent(t, 1) // a1; a2 waits an hour for the chat's pace
	if err := s.Enqueue(
		store.Message{ChatID: 7, HTML: "r1", Kind: "reply"},
		store.Message{ChatID: 7, HTML: "r2", Kind: "reply"},
		store.Message{ChatID: 7, HTML: "r3", Kind: "reply"},
	); err != nil {
		t.Fatal(err)
	}
	o.waitSent(t, 2) // r1 and r2 use the burst of 2; r3 would be a fourth message at once
	if got := strings.Join(g.sentTo(7), " "); got != "a1 r1 r2" {
		t.Fatalf("sent %s, want a1 r1 r2", got)
	}
	s.mu.Lock()
	var left []string
	for _, m := range s.queues[7] {
		left = append(left, m.HTML)
	}
	s.mu.Unlock()
	if !slices.Equal(left, []string{"r3", "a2"}) {
		t.Fatalf("still queued %v, want [r3 a2]", left)
	}
}

// The pacing rules, one chat at a time, with Telegram's limits.
func TestReadyAt(t *testing.T) {
	s := &Sender{limits: TelegramLimits}
	t0 := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	sec := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Second))) }
	// sends makes a chat's pace after sends answered at the given seconds.
	sends := func(chatID int64, at ...float64) *pace {
		p := &pace{}
		for _, a := range at {
			s.sent(chatID, p, sec(a))
		}
		return p
	}
	minute := make([]float64, 20) // a group sent to every 3 s for a minute
	for i := range minute {
		minute[i] = float64(i * 3)
	}
	tests := []struct {
		name   string
		chatID int64
		p      *pace
		reply  bool
		want   time.Time
	}{
		{"a new chat: at once", 7, nil, false, sec(0)},
		{"an alert waits a second after an alert", 7, sends(7, 0), false, sec(1)},
		{"a reply goes at once after an alert", 7, sends(7, 0), true, sec(0)},
		{"a reply goes at once after two messages at once", 7, sends(7, 0, 0), true, sec(0)},
		{"a fourth message at once waits a second", 7, sends(7, 0, 0, 0), true, sec(1)},
		{"an alert after a burst waits until the burst is back", 7, sends(7, 0, 0, 0), false, sec(3)},
		{"a group's alert waits 3 s after a message", -7, sends(-7, 0), false, sec(3)},
		{"a group's reply waits only the per-chat pace", -7, sends(-7, 0), true, sec(0)},
		{"alerts leave the last 2 of a group's 20 a minute", -7, sends(-7, minute[:18]...), false, sec(60)},
		{"a reply may take them", -7, sends(-7, minute[:18]...), true, sec(0)},
		{"not the 21st", -7, sends(-7, minute...), true, sec(60)},
		{"retry_after holds everything", 7, &pace{hold: sec(30)}, true, sec(30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Any time up to t0 means at once.
			if got := latest(s.readyAt(tt.chatID, tt.p, tt.reply), t0); !got.Equal(tt.want) {
				t.Fatalf("readyAt = %v, want %v", got.Sub(t0), tt.want.Sub(t0))
			}
		})
	}
}

// A chat's pace is forgotten only once it holds nothing back.
func TestRestedPaces(t *testing.T) {
	s := &Sender{limits: TelegramLimits}
	t0 := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	p := &pace{}
	s.sent(7, p, t0)
	if s.rested(7, p, t0.Add(2*time.Second)) || !s.rested(7, p, t0.Add(3*time.Second+time.Millisecond)) {
		t.Error("a private chat rests once its burst is back (3 s)")
	}
	g := &pace{}
	s.sent(-7, g, t0)
	if s.rested(-7, g, t0.Add(59*time.Second)) || !s.rested(-7, g, t0.Add(61*time.Second)) {
		t.Error("a group rests once its last message left the minute")
	}
	h := &pace{hold: t0.Add(time.Hour)}
	if s.rested(7, h, t0.Add(time.Minute)) {
		t.Error("a chat in retry_after is not rested")
	}
}
