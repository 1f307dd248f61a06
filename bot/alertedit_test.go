package bot_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
)

// One meeting, told by one outlet after another: every title names Merz, Macron and
// Paris, so that each joins the story of the first (docs/STORIES.md).
var meeting = []struct{ source, title, text string }{
	{"ANSA", "Merz meets Macron in Paris on Friday to discuss defence", "German Chancellor Friedrich Merz travelled to Paris to meet French President Emmanuel Macron at the Elysee."},
	{"BBC", "Merz and Macron meet in Paris to discuss European defence", "Friedrich Merz and Emmanuel Macron met at the Elysee in Paris on Friday."},
	{"Reuters", "Macron hosts Merz in Paris for talks on European defence", "Emmanuel Macron received Friedrich Merz at the Elysee in Paris on Friday."},
	{"DW", "Merz in Paris: Macron and the chancellor discuss defence", "Friedrich Merz met Emmanuel Macron at the Elysee in Paris on Friday."},
	{"AP", "Merz visits Macron in Paris for talks on defence", "Friedrich Merz and Emmanuel Macron spoke at the Elysee in Paris on Friday."},
	{"AFP", "Macron receives Merz in Paris to discuss defence", "Emmanuel Macron and Friedrich Merz met at the Elysee in Paris on Friday."},
	{"Le Monde", "Merz and Macron talk defence in Paris", "Friedrich Merz and Emmanuel Macron agreed on joint air defence purchases at the Elysee in Paris on Friday."},
	{"El País", "Merz and Macron discuss defence in Paris", "Friedrich Merz and Emmanuel Macron met at the Elysee in Paris on Friday."},
}

// tell publishes the meeting's k-th item, from its outlet, and waits until every alert
// and edit it made is confirmed.
func (r *rig) tell(k int, at time.Time) {
	r.tb.Helper()
	m := meeting[k]
	id := strings.ToLower(strings.ReplaceAll(m.source, " ", ""))
	r.publishFrom(m.source, watch.Item{ID: id, Title: m.title, Text: m.text,
		URL: "https://example.org/" + id + "/merz", Published: at.Add(time.Duration(k) * 10 * time.Minute)})
	r.waitDrained(wait)
}

// publishFrom hands items from one source to the bot as the poller would.
func (r *rig) publishFrom(source string, items ...watch.Item) {
	r.tb.Helper()
	for i := range items {
		items[i].Source = source
	}
	if _, err := r.router.Record(watch.Source{Name: source}, watch.State{Primed: true}, items, true); err != nil {
		r.tb.Fatal(err)
	}
}

// edits is how many editMessageText requests the fake answered ok.
func edits(tg *bottest.Server) int {
	n := 0
	for _, a := range tg.Requests("editMessageText") {
		if a.Status == http.StatusOK {
			n++
		}
	}
	return n
}

// TestAlertsFollowStories: the first item of a story alerts; a second outlet's item of it
// edits that alert to say "also reported by BBC" (in English, Italian and Ukrainian) instead
// of alerting; a different story alerts; after five edits the story's next item is a new
// alert, which the item after it edits.
func TestAlertsFollowStories(t *testing.T) {
	clk := &setClock{t: time.Now()}
	r := newRigAt(t, bottest.Options{Limits: fastTelegram}, clk.Now, nil)
	const en, it, uk = 21, 22, 23
	r.addChats([]int64{en}, "Merz", true, nil)
	r.addChats([]int64{it}, "Merz", true, func(c *store.Chat) { c.Language = "it" })
	r.addChats([]int64{uk}, "Merz", true, func(c *store.Chat) { c.Language = "uk" })
	at := time.Now().Add(-2 * time.Hour)

	r.tell(0, at)
	for _, id := range []int64{en, it, uk} {
		if msgs := r.tg.Messages(id); len(msgs) != 1 || !strings.Contains(msgs[0].Text, "Merz meets Macron") {
			t.Fatalf("chat %d: the first item did not alert once: %+v", id, msgs)
		}
	}

	r.tell(1, at)
	for id, want := range map[int64]string{en: "↳ also reported by BBC", it: "↳ ne parla anche BBC", uk: "↳ також повідомляє BBC"} {
		msgs := r.tg.Messages(id)
		if len(msgs) != 1 {
			t.Fatalf("chat %d: the second outlet's item sent a new message: %d messages", id, len(msgs))
		}
		if !msgs[0].Edited || !strings.Contains(msgs[0].Text, want) || !strings.Contains(msgs[0].Text, "Merz meets Macron") {
			t.Fatalf("chat %d: the alert was not edited to say %q:\n%s", id, want, msgs[0].Text)
		}
		if !strings.Contains(msgs[0].HTML, `<a href="https://example.org/bbc/merz">BBC</a>`) || !strings.Contains(msgs[0].Text, "/story_") {
			t.Errorf("chat %d: the edit does not link BBC's item and the story:\n%s", id, msgs[0].HTML)
		}
	}
	if n := edits(r.tg); n != 3 {
		t.Fatalf("%d edits for three chats, want 3", n)
	}

	// A different story about the same man is an alert of its own, and leaves the first be.
	before := r.tg.Messages(en)[0].Text
	r.publishFrom("BBC", watch.Item{ID: "pension", Title: "Merz defends pension reform against critics in his party",
		Text: "The German chancellor faces a revolt by young conservatives in the Bundestag.", URL: "https://example.org/bbc/pension", Published: at.Add(time.Hour)})
	r.waitDrained(wait)
	msgs := r.tg.Messages(en)
	if len(msgs) != 2 || !strings.Contains(msgs[1].Text, "pension reform") || msgs[0].Text != before {
		t.Fatalf("a different story did not alert on its own: %d messages\n%s", len(msgs), msgs[len(msgs)-1].Text)
	}

	// Four more outlets: four more edits, the fifth of the message.
	for k := 2; k <= 5; k++ {
		r.tell(k, at)
	}
	msgs = r.tg.Messages(en)
	if len(msgs) != 2 || !strings.Contains(msgs[0].Text, "also reported by BBC · Reuters · DW +2") {
		t.Fatalf("after five edits, want the first alert to name the outlets, %d messages:\n%s", len(msgs), msgs[0].Text)
	}
	// The sixth outlet: the message was edited five times, so this is a new alert, of the
	// story (its headline is the earliest item's) with the chat's new match as the snippet.
	r.tell(6, at)
	msgs = r.tg.Messages(en)
	if len(msgs) != 3 || !strings.Contains(msgs[2].Text, "joint air defence purchases") || strings.Contains(msgs[0].Text, "Le Monde") {
		t.Fatalf("the item after five edits did not make a new alert: %d messages\n%s", len(msgs), msgs[len(msgs)-1].Text)
	}
	// And the seventh edits that new alert, not the first.
	first := msgs[0].Text
	r.tell(7, at)
	msgs = r.tg.Messages(en)
	if len(msgs) != 3 || !msgs[2].Edited || !strings.Contains(msgs[2].Text, "also reported by El País") || msgs[0].Text != first {
		t.Fatalf("the seventh outlet did not edit the new alert: %d messages\n%s", len(msgs), msgs[len(msgs)-1].Text)
	}
	if v := r.tg.Violations(); len(v) > 0 {
		t.Fatalf("violations: %v", v)
	}
}

// TestAlertEditsEndAfter48Hours: a story's item that comes 48 hours after its alert is a
// new alert, not an edit.
func TestAlertEditsEndAfter48Hours(t *testing.T) {
	clk := &setClock{t: time.Now()}
	r := newRigAt(t, bottest.Options{Limits: fastTelegram}, clk.Now, nil)
	const chat = 31
	r.addChats([]int64{chat}, "Merz", true, nil)
	at := time.Now().Add(-2 * time.Hour)
	r.tell(0, at)
	clk.Set(clk.Now().Add(store.AlertEditWindow + time.Minute))
	r.tell(1, at) // published 10 minutes after the first: the same story
	msgs := r.tg.Messages(chat)
	if len(msgs) != 2 || msgs[0].Edited || !strings.Contains(msgs[1].Text, "BBC") {
		t.Fatalf("an item 48 hours after the alert did not make a new alert: %d messages, first edited %v", len(msgs), msgs[0].Edited)
	}
	if n := edits(r.tg); n != 0 {
		t.Fatalf("%d edits of a 48-hour-old alert", n)
	}
}

// aheadClock is the real clock, moved on by Skip.
type aheadClock struct {
	mu    sync.Mutex
	ahead time.Duration
}

func (c *aheadClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.ahead)
}
func (c *aheadClock) Skip(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.ahead += d }

// TestAnAlertEditSurvivesARestart: an edit in the outbox when the bot stops is made once
// after the restart; made again (a kill -9 after Telegram applied it, before the outbox
// knew), Telegram's "message is not modified" is taken as done: no new alert, no repeat.
func TestAnAlertEditSurvivesARestart(t *testing.T) {
	fake := &aheadClock{}
	r := newRig(t, bottest.Options{Limits: fastTelegram, Now: fake.Now}, nil)
	const chat = 41
	r.addChats([]int64{chat}, "Merz", true, nil)
	at := time.Now().Add(-2 * time.Hour)
	r.tell(0, at)

	// Telegram holds the chat for a minute: the edit waits in the outbox.
	r.tg.FloodNext(chat, 60)
	m := meeting[1]
	r.publishFrom(m.source, watch.Item{ID: "bbc", Title: m.title, Text: m.text, URL: "https://example.org/bbc/merz", Published: at.Add(10 * time.Minute)})
	r.bot.CloseAlertWindowForTest()
	r.tg.WaitFor(t, wait, func(s *bottest.Server) bool { return len(s.Requests("editMessageText")) == 1 })
	r.stop()
	out, err := r.db.Outbox()
	if err != nil || len(out) != 1 || out[0].Kind != "alert_edit" {
		t.Fatalf("outbox after the stop: %+v, %v", out, err)
	}
	if edits(r.tg) != 0 {
		t.Fatal("the edit was made before the restart")
	}

	fake.Skip(61 * time.Second) // Telegram's minute is over
	r.start(nil)
	r.tg.WaitFor(t, wait, func(s *bottest.Server) bool { return edits(s) == 1 })
	r.waitDrained(wait)
	msgs := r.tg.Messages(chat)
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "also reported by BBC") {
		t.Fatalf("after the restart: %d messages\n%s", len(msgs), msgs[0].Text)
	}
	r.stop()

	// The same edit once more, as a kill -9 between Telegram's answer and the outbox's
	// delete would leave it.
	if _, err := r.db.Enqueue(out[0]); err != nil {
		t.Fatal(err)
	}
	r.start(nil)
	// The flooded try, the edit, and now this one.
	r.tg.WaitFor(t, wait, func(s *bottest.Server) bool { return len(s.Requests("editMessageText")) == 3 })
	r.waitDrained(wait)
	if msgs := r.tg.Messages(chat); len(msgs) != 1 || edits(r.tg) != 1 {
		t.Fatalf("the repeated edit: %d messages, %d edits made, want 1 and 1", len(msgs), edits(r.tg))
	}
	if v := r.tg.Violations(); len(v) > 0 {
		t.Fatalf("violations: %v", v)
	}
}

// TestADeletedAlertGetsANewAlert: when the alert was deleted, Telegram refuses the edit,
// and the item goes out as a new alert, which the story's next item edits.
func TestADeletedAlertGetsANewAlert(t *testing.T) {
	r := newRig(t, bottest.Options{Limits: fastTelegram}, nil)
	const chat = 51
	r.addChats([]int64{chat}, "Merz", true, nil)
	at := time.Now().Add(-2 * time.Hour)
	r.tell(0, at)
	r.tg.Delete(chat, r.tg.Messages(chat)[0].ID)
	r.tell(1, at)
	msgs := r.tg.Messages(chat)
	if len(msgs) != 1 || msgs[0].Edited || !strings.Contains(msgs[0].Text, "BBC") {
		t.Fatalf("the item whose alert was deleted: %d messages\n%+v", len(msgs), msgs)
	}
	r.tell(2, at)
	msgs = r.tg.Messages(chat)
	if len(msgs) != 1 || !msgs[0].Edited || !strings.Contains(msgs[0].Text, "also reported by Reuters") {
		t.Fatalf("the next item did not edit the new alert: %d messages\n%s", len(msgs), msgs[len(msgs)-1].Text)
	}
}

// TestAnEditChangesOnlyItsStorysEntry: an alert that lists two stories is edited for a
// follow-up of the second: its entry says "also reported by", the first stays as it was.
func TestAnEditChangesOnlyItsStorysEntry(t *testing.T) {
	r := newRig(t, bottest.Options{Limits: fastTelegram}, func(o *bot.Options) {
		o.AlertWindow = time.Hour // closed by the test: both stories in one message
	})
	const chat = 61
	r.addChats([]int64{chat}, "Merz", true, nil)
	at := time.Now().Add(-2 * time.Hour)
	m := meeting[0]
	r.publishFrom("ANSA", watch.Item{ID: "ansa", Title: m.title, Text: m.text, URL: "https://example.org/ansa/merz", Published: at})
	r.publishFrom("Reuters", watch.Item{ID: "pension", Title: "Merz defends pension reform against critics in his party",
		Text: "The German chancellor faces a revolt by young conservatives in the Bundestag.", URL: "https://example.org/reuters/pension", Published: at.Add(time.Hour)})
	r.waitDrained(wait)
	msgs := r.tg.Messages(chat)
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "pension") || !strings.Contains(msgs[0].Text, "Merz meets Macron") {
		t.Fatalf("want one alert with both stories: %d messages", len(msgs))
	}
	sent := msgs[0].Text
	r.publishFrom("BBC", watch.Item{ID: "pension2", Title: "Merz defends his pension reform against party critics",
		Text: "Young conservatives in the Bundestag revolt against the German chancellor's pension plan.", URL: "https://example.org/bbc/pension", Published: at.Add(2 * time.Hour)})
	r.waitDrained(wait)
	msgs = r.tg.Messages(chat)
	if len(msgs) != 1 || !msgs[0].Edited {
		t.Fatalf("the follow-up did not edit the alert: %d messages", len(msgs))
	}
	meetingEntry, pensionEntry, _ := strings.Cut(msgs[0].Text, "• Merz defends")
	if !strings.Contains(pensionEntry, "also reported by BBC") || strings.Contains(meetingEntry, "also reported") {
		t.Fatalf("the edit did not change only the pension entry:\n%s", msgs[0].Text)
	}
	if !strings.HasPrefix(sent, strings.TrimSuffix(meetingEntry, "\n")) {
		t.Fatalf("the first story's entry changed:\nwas:\n%s\nnow:\n%s", sent, msgs[0].Text)
	}
}

// TestAnEditOfARefusedAlertGoesAsANewAlert: an alert Telegram refused has no message to
// edit, so the story's next item goes out as a new alert, which the item after it edits.
func TestAnEditOfARefusedAlertGoesAsANewAlert(t *testing.T) {
	r := newRig(t, bottest.Options{Limits: fastTelegram}, nil)
	const chat = 71
	r.addChats([]int64{chat}, "Merz", true, nil)
	at := time.Now().Add(-2 * time.Hour)
	r.tg.FailNext(chat, http.StatusBadRequest, 1)
	r.tell(0, at)
	if msgs := r.tg.Messages(chat); len(msgs) != 0 {
		t.Fatalf("the refused alert was recorded: %+v", msgs)
	}
	r.tell(1, at)
	msgs := r.tg.Messages(chat)
	if len(msgs) != 1 || msgs[0].Edited || !strings.Contains(msgs[0].Text, "Merz") || edits(r.tg) != 0 {
		t.Fatalf("the item after a refused alert: %d messages, %d edits", len(msgs), edits(r.tg))
	}
	r.tell(2, at)
	msgs = r.tg.Messages(chat)
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "also reported by Reuters") {
		t.Fatalf("the next item did not edit the new alert: %d messages\n%s", len(msgs), msgs[len(msgs)-1].Text)
	}
}
