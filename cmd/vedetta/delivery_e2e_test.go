package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/store"
)

// TestKillDuringDeliveryLosesNothing is the kill -9 crash test of docs/DELIVERY.md, through the real binary
// and the fake Bot API with Telegram's real limits: 40 chats with an /alert watch, two
// stories published in two polls (80 alerts), kill -9 while the alerts are being sent,
// restart. Every story must reach every chat; the repeats must be no more than the
// messages that were in flight at the kill — those Telegram had accepted but the bot had
// not yet marked sent, read from the killed bot's outbox. A clean restart then repeats
// nothing.
func TestKillDuringDeliveryLosesNothing(t *testing.T) {
	tg := bottest.New(t, bottest.Options{})
	feed := newFeedServer(t)
	// The first poll primes the source: what the feed holds then is backlog, not news.
	feed.publish("old-1", "Backlog item from yesterday", "Already in the feed.")
	dir := t.TempDir()
	cfg := writeConfig(t, dir, tg.Endpoint(), feed.URL)
	proc := start(t, cfg, tg.Token())
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log of the last run:\n%s", proc.stderr)
		}
	})
	feed.waitRequests(t, 1, 30*time.Second)

	const chats = 40
	chat := func(i int) bottest.Chat { return bottest.Chat{ID: int64(7000 + i), Type: "private"} }
	for i := range chats {
		tg.Say(chat(i), bottest.User{ID: int64(7000 + i), FirstName: "Analyst"}, "/alert NATO")
	}
	for i := range chats {
		if m := tg.WaitMessages(t, chat(i).ID, 1, 30*time.Second)[0]; !strings.Contains(m.Text, "Watch 1") {
			t.Fatalf("/alert answered %q", m.Text)
		}
	}

	stories := []string{"NATO defence ministers meet in Brussels", "Baltic air policing: NATO jets scrambled twice"}
	alerts := func(s *bottest.Server) int {
		n := 0
		for i := range chats {
			for _, m := range s.Messages(chat(i).ID) {
				for _, st := range stories {
					if strings.Contains(m.Text, st) {
						n++
						break
					}
				}
			}
		}
		return n
	}
	// Two polls, so that each chat gets two alerts. Wait for the second poll after a
	// publication, which surely used the index with the new watches.
	feed.publish("crash-1", stories[0], "Allies meet.")
	feed.waitRequests(t, feed.count()+2, 30*time.Second)
	feed.publish("crash-2", stories[1], "Allies meet again.")
	// Kill once the second story is going out: some alerts sent, others not.
	tg.WaitFor(t, 60*time.Second, func(s *bottest.Server) bool { return alerts(s) >= chats+10 })
	if err := proc.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-proc.done
	proc.done <- nil
	before := alerts(tg)
	if before >= 2*chats {
		t.Fatalf("all %d alerts were sent before the kill: the test did not kill mid-delivery", before)
	}

	// In flight at the kill: in the outbox (not marked sent) though Telegram accepted them.
	db, err := store.Open(filepath.Join(dir, "vedetta.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := db.Outbox()
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	inflight := 0
	for _, m := range out {
		for _, got := range tg.Messages(m.ChatID) {
			if got.HTML == m.HTML {
				inflight++
			}
		}
	}
	t.Logf("killed after %d of %d alerts; %d unsent in the outbox, %d of them already delivered (in flight)", before, 2*chats, len(out), inflight)

	proc = start(t, cfg, tg.Token())
	tg.WaitFor(t, 60*time.Second, func(s *bottest.Server) bool {
		for i := range chats {
			for _, st := range stories {
				if countText(s.Messages(chat(i).ID), st) == 0 {
					return false
				}
			}
		}
		return true
	})
	// Stop cleanly, then nothing may be left to send.
	if err, _ := proc.stop(t); err != nil {
		t.Fatalf("exit after SIGTERM: %v; log:\n%s", err, proc.stderr)
	}
	db, err = store.Open(filepath.Join(dir, "vedetta.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, _ = db.Outbox()
	pending, _, _ := db.PendingCount()
	db.Close()
	if len(out) != 0 || pending != 0 {
		t.Fatalf("after the restart %d messages unsent and %d matches queued", len(out), pending)
	}
	repeats := 0
	for i := range chats {
		for _, st := range stories {
			if n := countText(tg.Messages(chat(i).ID), st); n > 1 {
				repeats += n - 1
			}
		}
	}
	if repeats > inflight {
		t.Fatalf("%d repeated alerts, but only %d were in flight at the kill", repeats, inflight)
	}

	// A clean restart repeats nothing.
	sent := len(tg.Requests("sendMessage"))
	proc = start(t, cfg, tg.Token())
	feed.waitRequests(t, feed.count()+2, 30*time.Second)
	if err, _ := proc.stop(t); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	if now := len(tg.Requests("sendMessage")); now != sent {
		t.Fatalf("a clean restart sent %d messages again", now-sent)
	}
	if v := tg.Violations(); len(v) > 0 {
		t.Fatalf("the bot broke Telegram's rules: %v", v)
	}
	t.Logf("%d repeats (≤ %d in flight), every story in all %d chats", repeats, inflight, chats)
}

func countText(msgs []bottest.Message, s string) int {
	n := 0
	for _, m := range msgs {
		if strings.Contains(m.Text, s) {
			n++
		}
	}
	return n
}
