package bot_test

import (
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
)

// With telegram.allow_paid_broadcast the sends carry allow_paid_broadcast and go past the
// free 30 a second, within the paid 1,000 (https://core.telegram.org/bots/api#sendmessage);
// without it they carry nothing of the kind. The fake keeps Telegram's limits and counts
// paid sends against the paid rate only.
func TestPaidBroadcastSetsTheParameterAndRaisesTheGlobalRate(t *testing.T) {
	for _, paid := range []bool{false, true} {
		t.Run(map[bool]string{false: "off by default", true: "on"}[paid], func(t *testing.T) {
			r := newRig(t, bottest.Options{}, func(o *bot.Options) {
				o.Limits = bot.Limits{} // the limits New picks
				o.PaidBroadcast = paid
			})
			const chats = 40 // more than the free burst of 30
			ids := chatIDs(1, chats)
			r.addChats(ids, "NATO", true, nil)
			r.publish(item("story", "NATO summit opens"))
			for _, id := range ids {
				r.tg.WaitMessages(t, id, 1, time.Minute)
			}
			r.stop()
			sends := r.tg.Requests("sendMessage")
			if len(sends) != chats {
				t.Fatalf("%d sendMessage, want %d", len(sends), chats)
			}
			for _, s := range sends {
				if got := s.Params.Get("allow_paid_broadcast") == "true"; got != paid {
					t.Fatalf("allow_paid_broadcast=%q on a send with the setting %v", s.Params.Get("allow_paid_broadcast"), paid)
				}
			}
			if v := r.tg.Violations(); len(v) > 0 {
				t.Fatalf("violations: %v", v)
			}
			// Free, the sends after the burst of 30 keep to 30 a second; paid, the fake
			// counts them against 1,000 a second, and no violation above says the bot kept it.
			first, last := sends[0].At, sends[len(sends)-1].At
			if !paid && last.Sub(first) < time.Second/30*(chats-31) {
				t.Fatalf("%d free sends in %v: faster than 30/s after the burst", chats, last.Sub(first))
			}
		})
	}
}
