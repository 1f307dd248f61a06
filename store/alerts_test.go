package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
)

// queueAlert records one alert match of story for chat 7 and reads it back as a batch.
func queueAlert(t *testing.T, db *store.DB, id string, story uint64) []store.Batch {
	t.Helper()
	it := watch.Item{ID: id, Source: "ANSA", Title: "Merz da Macron " + id}
	if _, err := db.RecordPoll("ANSA", watch.State{}, []watch.Item{it}, []store.Hit{{ChatID: 7, Item: it, WatchIDs: []int{1}, Alert: true}},
		store.Assignment{Story: story, Item: it}); err != nil {
		t.Fatal(err)
	}
	bs, err := db.Queued([]int64{7}, func(int64, *store.Pending) bool { return true })
	if err != nil || len(bs) != 1 {
		t.Fatalf("Queued = %v, %v", bs, err)
	}
	return bs
}

// TestAlertRecords: an alert's parts are recorded with it in the outbox and found by its
// stories; its message_id is recorded when confirmed; an edit rewrites the record only if
// no one changed it since it was read; a refused edit's fallback takes the stories over;
// after AlertEditWindow the record is no longer live, and PruneAlerts removes it.
func TestAlertRecords(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	db := storetest.Open(t, func() time.Time { return now })
	parts := []store.AlertPart{{HTML: "<b>🔔 Merz</b>", Visible: 6}, {HTML: "• Merz da Macron", Visible: 16, Stories: []uint64{5}, Named: []string{"ANSA"}}}
	out, err := db.Deliver(queueAlert(t, db, "a", 5), [][]store.Message{{{ChatID: 7, Kind: "alert", HTML: "x", Alert: &store.Alert{Parts: parts}}}})
	if err != nil {
		t.Fatal(err)
	}
	alert := out[0]
	live, err := db.LiveAlerts(7, []uint64{5, 6})
	if err != nil || len(live) != 1 || live[5] == nil || live[5].Key != alert.ID || len(live[5].Parts) != 2 {
		t.Fatalf("LiveAlerts = %+v, %v; want story 5's alert", live, err)
	}
	if live, _ := db.LiveAlerts(8, []uint64{5}); len(live) != 0 {
		t.Fatalf("another chat's alert is live: %+v", live)
	}
	if id, _ := db.AlertMessageID(7, alert.ID); id != 0 {
		t.Fatalf("message_id %d before Telegram confirmed the alert", id)
	}
	alert.Posted = 42
	if err := db.Confirm(now, []store.Message{alert}); err != nil {
		t.Fatal(err)
	}
	if id, _ := db.AlertMessageID(7, alert.ID); id != 42 {
		t.Fatalf("message_id = %d after the confirmation, want 42", id)
	}

	// An edit, read before another change to the record: refused, nothing written.
	edit := func(a *store.Alert) store.Message {
		c := a.Clone()
		c.Edits++
		c.Parts[1].Also = append(c.Parts[1].Also, store.AlertReport{Source: "BBC"})
		return store.Message{ChatID: 7, Kind: "alert_edit", EditOf: a.Key, HTML: "y", Fallback: "z", Alert: c,
			FallbackAlert: &store.Alert{Parts: parts}}
	}
	stale := live[5]
	bs := queueAlert(t, db, "b", 5)
	if _, err := db.Deliver(bs, [][]store.Message{{edit(stale)}}); err != nil {
		t.Fatal(err)
	}
	bs = queueAlert(t, db, "c", 5)
	if _, err := db.Deliver(bs, [][]store.Message{{edit(stale)}}); !errors.Is(err, store.ErrChanged) {
		t.Fatalf("an edit of a record changed since it was read: %v, want ErrChanged", err)
	}
	live, _ = db.LiveAlerts(7, []uint64{5})
	if a := live[5]; a == nil || a.Edits != 1 || len(a.Parts[1].Also) != 1 {
		t.Fatalf("after one edit: %+v", a)
	}
	out, err = db.Deliver(bs, [][]store.Message{{edit(live[5])}})
	if err != nil {
		t.Fatal(err)
	}

	// Telegram refuses that edit: its fallback is the story's alert from now on.
	if err := db.ReplaceAlert(7, alert.ID, out[0].ID); err != nil {
		t.Fatal(err)
	}
	live, _ = db.LiveAlerts(7, []uint64{5})
	if a := live[5]; a == nil || a.Key != out[0].ID || a.Edits != 0 {
		t.Fatalf("after the refused edit: %+v, want the fallback's record", a)
	}
	if id, _ := db.AlertMessageID(7, alert.ID); id != 0 {
		t.Fatalf("the refused alert's message_id is still %d", id)
	}

	now = now.Add(store.AlertEditWindow + time.Minute)
	if live, _ := db.LiveAlerts(7, []uint64{5}); len(live) != 0 {
		t.Fatalf("an alert older than %v is live: %+v", store.AlertEditWindow, live)
	}
	n, err := db.PruneAlerts(now.Add(-store.AlertEditWindow))
	if err != nil || n != 2 {
		t.Fatalf("PruneAlerts = %d, %v; want the fallback's and the second edit's records", n, err)
	}
	if n, _ := db.PruneAlerts(now); n != 0 {
		t.Fatalf("a second prune removed %d", n)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}
