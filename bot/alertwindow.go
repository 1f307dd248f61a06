package bot

import (
	"slices"
	"time"
)

// DefaultAlertWindow is Options.AlertWindow when it is zero.
const DefaultAlertWindow = 300 * time.Millisecond

// alertWindowSpan bounds a chat's window to this many AlertWindows after its first wake-up,
// so that a steady stream of matches (sources committing one after another for long) still
// goes out every few seconds.
const alertWindowSpan = 10

// alertWindow gathers the chats woken by alert matches for a moment before their alerts
// are sent. A poll cycle commits each source on its own, so one chat's alerts of one cycle
// arrive in several wake-ups; taken together they make one message (docs/DELIVERY.md,
// "Alerts"). A chat's window closes gap after its last wake-up, and at the latest
// alertWindowSpan gaps after its first. It is used by the runAlerts goroutine only.
type alertWindow struct {
	gap  time.Duration
	open map[int64]windowTimes
}

type windowTimes struct{ first, close time.Time }

func newAlertWindow(gap time.Duration) *alertWindow {
	return &alertWindow{gap: gap, open: map[int64]windowTimes{}}
}

// add opens or extends the windows of the chats woken at now.
func (w *alertWindow) add(ids []int64, now time.Time) {
	for _, id := range ids {
		t, ok := w.open[id]
		if !ok {
			t.first = now
		}
		t.close = now.Add(w.gap)
		if last := t.first.Add(alertWindowSpan * w.gap); t.close.After(last) {
			t.close = last
		}
		w.open[id] = t
	}
}

// next is when the earliest window closes; ok is false when none is open.
func (w *alertWindow) next() (at time.Time, ok bool) {
	for _, t := range w.open {
		if !ok || t.close.Before(at) {
			at, ok = t.close, true
		}
	}
	return at, ok
}

// due closes the windows that close by now and returns their chats, in id order.
func (w *alertWindow) due(now time.Time) []int64 {
	var ids []int64
	for id, t := range w.open {
		if !t.close.After(now) {
			ids = append(ids, id)
			delete(w.open, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// closeAll closes every window and returns the chats, in id order.
func (w *alertWindow) closeAll() []int64 {
	ids := make([]int64, 0, len(w.open))
	for id := range w.open {
		ids = append(ids, id)
	}
	clear(w.open)
	slices.Sort(ids)
	return ids
}

// outside returns the chats whose window is not open: the others are sent when it closes.
func (w *alertWindow) outside(ids []int64) []int64 {
	return slices.DeleteFunc(ids, func(id int64) bool { _, ok := w.open[id]; return ok })
}
