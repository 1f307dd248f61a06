package bot_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
)

// isAlert tells an alert from a reply among a chat's messages.
func isAlert(m bottest.Message) bool { return strings.HasPrefix(m.Text, "🔔") }

// busyChats is a rig whose chats each have alerts queued behind one being sent: alerts
// published one commit at a time (no alert window), each its own message.
func busyChats(tb testing.TB, tgLimits bottest.Limits, limits bot.Limits, ids []int64, alerts int) *rig {
	tb.Helper()
	r := newRig(tb, bottest.Options{Limits: tgLimits}, func(o *bot.Options) {
		o.Limits = limits
		o.AlertWindow = -1
	})
	r.addChats(ids, "NATO", true, nil)
	for k := range alerts {
		r.publish(item(fmt.Sprint("busy", k), fmt.Sprintf("NATO busy story %d", k)))
		r.bot.CloseAlertWindowForTest() // in the outbox: the next commit is a message of its own
	}
	// The first alert of each chat is out: the others wait behind the chat's pace.
	for _, id := range ids {
		r.tg.WaitMessages(tb, id, 1, time.Minute)
	}
	return r
}

// TestRepliesGoBeforeQueuedAlerts: 20 chats each have alerts queued when they send /start
// then /alert; each chat's replies come right after the alert in flight (if any), before
// every alert that was waiting, and Telegram's limits (scaled five times) are never
// broken. Telegram is held while the bot handles the commands, so that "waiting" is exact:
// every send worker holds one chat's alert, and no alert goes out meanwhile. The time a
// reply takes under load is BenchmarkReplyUnderLoad's.
func TestRepliesGoBeforeQueuedAlerts(t *testing.T) {
	const scale = 5
	tgLimits := bottest.Limits{PerChat: 1 * scale, PerChatBurst: 3, PerGroupPerMinute: 20 * scale, Global: 30 * scale}
	botLimits := bot.Limits{PerChat: time.Second / scale, PerGroup: 3 * time.Second / scale, Global: time.Second / 30 / scale, ReplyBurst: 2}
	const alerts = 10
	ids := chatIDs(300, 20)
	r := busyChats(t, tgLimits, botLimits, ids, alerts)

	release := r.tg.Hold("sendMessage")
	defer release()
	workers := r.bot.SenderWorkersForTest()
	r.tg.WaitFor(t, time.Minute, func(s *bottest.Server) bool { return s.Held("sendMessage") == workers })
	before := map[int64]int{} // each chat's messages before the commands
	for _, id := range ids {
		before[id] = len(r.tg.Messages(id))
		user := bottest.User{ID: id, FirstName: fmt.Sprint("user ", id)}
		chat := bottest.Chat{ID: id, Type: "private"}
		r.tg.Say(chat, user, "/start")
		r.tg.Say(chat, user, "/alert Zelensky")
	}
	// Every command is handled (its update confirmed), its reply queued; nothing was sent.
	r.tg.WaitFor(t, time.Minute, func(s *bottest.Server) bool { return s.Pending() == 0 })
	r.bot.WaitLanesForTest()
	release()

	r.tg.WaitFor(t, time.Minute, func(s *bottest.Server) bool {
		for _, id := range ids {
			if len(s.Messages(id)) < alerts+2 {
				return false
			}
		}
		return true
	})
	r.stop()
	inFlight := 0
	for _, id := range ids {
		msgs := r.tg.Messages(id)
		if len(msgs) != alerts+2 {
			t.Fatalf("chat %d got %d messages, want %d alerts and 2 replies", id, len(msgs), alerts)
		}
		var replies []int
		for i, m := range msgs {
			if !isAlert(m) {
				replies = append(replies, i)
			}
		}
		if len(replies) != 2 || !strings.Contains(msgs[replies[0]].Text, "Vedetta") || !strings.Contains(msgs[replies[1]].Text, "Zelensky") {
			t.Fatalf("chat %d: replies at %v, want /start's then /alert's: %q", id, replies, messageTexts(msgs))
		}
		switch replies[0] - before[id] {
		case 0:
		case 1:
			inFlight++
		default:
			t.Errorf("chat %d: %d alerts went out between the commands and the replies, want at most the one in flight",
				id, replies[0]-before[id])
		}
		if replies[1] != replies[0]+1 {
			t.Errorf("chat %d: an alert went out between the two replies (messages %d and %d)", id, replies[0], replies[1])
		}
		if replies[1] == len(msgs)-1 {
			t.Errorf("chat %d: no alert was waiting after the replies: the test did not load the chat", id)
		}
	}
	if inFlight != workers {
		t.Errorf("%d chats had an alert in flight before their replies, want %d (one per send worker)", inFlight, workers)
	}
	if v := r.tg.Violations(); len(v) > 0 {
		t.Fatalf("%d violations: %v", len(v), v[:min(len(v), 5)])
	}
}

// BenchmarkReplyUnderLoad reports how long a reply to a command takes under Telegram's
// real limits (1 message a second per chat with a burst of 3, 30 a second overall) while
// 20 chats each have alerts queued: each iteration queues 5 alerts per chat, has each chat
// send /start then /alert, and measures from each command to its reply's arrival at the
// fake Bot API: first-* for /start's replies, all-* for all 40. The 40 replies alone need
// 40/30 s ≈ 1.33 s of the global limit. The figures are in docs/DELIVERY.md.
func BenchmarkReplyUnderLoad(b *testing.B) {
	ids := chatIDs(500, 20)
	r := newRig(b, bottest.Options{}, func(o *bot.Options) {
		o.Limits = bot.TelegramLimits
		o.AlertWindow = -1
	})
	r.addChats(ids, "NATO", true, nil)
	var first, all []time.Duration
	n := 0
	for b.Loop() {
		start := map[int64]int{}
		for _, id := range ids {
			start[id] = len(r.tg.Messages(id))
		}
		for range 5 {
			n++
			r.publish(item(fmt.Sprint("load", n), fmt.Sprintf("NATO load story %d", n)))
			r.bot.CloseAlertWindowForTest()
		}
		for _, id := range ids {
			r.tg.WaitMessages(b, id, start[id]+1, time.Minute) // the chat is busy
		}
		asked := map[int64]time.Time{}
		had := map[int64]int{}
		for _, id := range ids {
			had[id] = len(r.tg.Messages(id))
			user := bottest.User{ID: id, FirstName: "u"}
			chat := bottest.Chat{ID: id, Type: "private"}
			asked[id] = time.Now()
			r.tg.Say(chat, user, "/start")
			r.tg.Say(chat, user, fmt.Sprintf("/alert Zelensky %d", n))
		}
		for _, id := range ids {
			var got []bottest.Message
			r.tg.WaitFor(b, time.Minute, func(s *bottest.Server) bool {
				got = slices.DeleteFunc(s.Messages(id)[had[id]:], isAlert)
				return len(got) >= 2
			})
			first = append(first, got[0].At.Sub(asked[id]))
			all = append(all, got[0].At.Sub(asked[id]), got[1].At.Sub(asked[id]))
		}
		r.waitDrained(time.Minute)
	}
	ms := func(d time.Duration) float64 { return float64(d.Milliseconds()) }
	slices.Sort(first)
	slices.Sort(all)
	b.ReportMetric(ms(first[len(first)/2]), "first-p50-ms")
	b.ReportMetric(ms(first[len(first)-1]), "first-max-ms")
	b.ReportMetric(ms(all[len(all)/2]), "all-p50-ms")
	b.ReportMetric(ms(all[len(all)-1]), "all-max-ms")
	b.ReportMetric(0, "ns/op")
	if v := r.tg.Violations(); len(v) > 0 {
		b.Fatalf("violations: %v", v[:min(len(v), 5)])
	}
}
