package bot

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/store"
)

// Alerts follow stories (docs/STORIES.md, "Alerts follow stories"): the first item of a
// story that reaches a chat is an alert; the chat's later items of the story, within
// store.AlertEditWindow, edit that alert message to add "also reported by …", at most
// maxAlertEdits times per message. Each alert message is kept in parts (store.Alert), so
// that an edit changes one story's entry and renders the whole message again. An edit is
// an outbox message like any other (Kind "alert_edit"): written in the transaction that
// takes the items from the queue, paced like an alert, and deleted once Telegram answered.

// maxAlertEdits bounds the edits of one alert message: past it, a story's next item is a
// new alert, which its later items then edit.
const maxAlertEdits = 5

// alertMessages makes a chat's outbox messages from its queued alert matches: edits of the
// live alert messages of their stories (followUps), and new alerts for the rest, each kept
// in parts for the edits to come. A batch that must tell of dropped matches is all new
// alerts, so that the note goes out.
func (b *Bot) alertMessages(c *store.Chat, tr *lang.Localizer, ps []store.Pending, loc *time.Location, held bool, dropped int) []store.Message {
	fresh, edits := ps, []store.Message(nil)
	if dropped == 0 {
		fresh, edits = b.followUps(c, tr, ps, loc)
	}
	var out []store.Message
	if len(fresh) > 0 {
		for _, m := range renderAlertParts(tr, c, fresh, loc, held, dropped) {
			out = append(out, store.Message{ChatID: c.ID, ThreadID: c.ThreadID, HTML: m.html, Kind: "alert",
				Alert: &store.Alert{Parts: m.parts}})
		}
	}
	return append(out, edits...)
}

// followUps sorts a chat's alert matches into those of stories with a live alert message
// in the chat (written less than store.AlertEditWindow ago, edited fewer than
// maxAlertEdits times), which become one edit per message, and the rest (fresh). A match
// from an outlet the message names already changes nothing and is dropped: the story's
// /story_N lists it. A match whose edit would not fit in one message is fresh.
func (b *Bot) followUps(c *store.Chat, tr *lang.Localizer, ps []store.Pending, loc *time.Location) (fresh []store.Pending, edits []store.Message) {
	var ids []uint64
	for _, p := range ps {
		if p.Story != 0 {
			ids = append(ids, p.Story)
		}
	}
	if len(ids) == 0 {
		return ps, nil
	}
	live, err := b.db.LiveAlerts(c.ID, ids)
	if err != nil {
		b.log.Warn("read alert messages", "chat_id", c.ID, "error", err) // new alerts, then
		return ps, nil
	}
	groups := map[uint64][]store.Pending{} // by the alert message's key
	recs := map[uint64]*store.Alert{}
	for _, p := range alertOrder(ps) {
		a := live[p.Story]
		if a == nil || a.Edits >= maxAlertEdits {
			fresh = append(fresh, p)
			continue
		}
		groups[a.Key] = append(groups[a.Key], p)
		recs[a.Key] = a
	}
	for _, key := range slices.Sorted(maps.Keys(groups)) {
		group := groups[key]
		a := recs[key].Clone()
		if !addReports(a, group) {
			continue
		}
		h := renderAlertRecord(tr, a)
		fallback := renderAlertParts(tr, c, group, loc, false, 0)
		if h.visible > maxVisible || h.b.Len() > maxRaw || len(fallback) != 1 {
			fresh = append(fresh, group...)
			continue
		}
		a.Edits++
		edits = append(edits, store.Message{ChatID: c.ID, ThreadID: c.ThreadID, Kind: "alert_edit",
			EditOf: key, HTML: h.String(), Alert: a,
			Fallback: fallback[0].html, FallbackAlert: &store.Alert{Parts: fallback[0].parts}})
	}
	return fresh, edits
}

// addReports adds the matches' outlets to the entries of their stories, each outlet once,
// and reports whether any was new.
func addReports(a *store.Alert, ps []store.Pending) bool {
	changed := false
	for _, p := range ps {
		i := slices.IndexFunc(a.Parts, func(part store.AlertPart) bool { return slices.Contains(part.Stories, p.Story) })
		if i < 0 {
			continue
		}
		part := &a.Parts[i]
		src := p.Item.Source
		if slices.Contains(part.Named, src) || slices.ContainsFunc(part.Also, func(r store.AlertReport) bool { return r.Source == src }) {
			continue
		}
		part.Also = append(part.Also, store.AlertReport{Source: src, URL: p.Item.URL})
		changed = true
	}
	return changed
}

// entryPart is what an alert keeps of a story's entry besides its HTML: its stories (the
// headline's first, for /story_N), the outlets it names, and whether it shows /story_N.
func entryPart(s *story) store.AlertPart {
	var p store.AlertPart
	for _, m := range append([]store.Pending{s.p}, s.members...) {
		if m.Story != 0 && !slices.Contains(p.Stories, m.Story) {
			p.Stories = append(p.Stories, m.Story)
		}
	}
	p.Named = appendNew([]string{s.p.Item.Source}, s.also...)
	if s.told != nil {
		p.Named = appendNew(p.Named, s.told.Sources()...)
		p.Link = len(s.told.Sources()) >= 2
	}
	return p
}

// renderAlertRecord renders an alert message again from its parts, each entry followed by
// the outlets that reported its story since.
func renderAlertRecord(tr *lang.Localizer, a *store.Alert) *htmlText {
	msg := &htmlText{}
	for _, p := range a.Parts {
		piece := &htmlText{}
		piece.join(p.HTML, p.Visible)
		if len(p.Also) > 0 {
			renderReported(tr, piece, &p)
		}
		msg.join(piece.String(), piece.visible)
	}
	return msg
}

// renderReported writes "↳ also reported by BBC · Reuters +2" on a new line, each outlet
// linked to its item, and the story's /story_N unless the entry shows it already.
func renderReported(tr *lang.Localizer, h *htmlText, p *store.AlertPart) {
	n := len(p.Also)
	// The plural form agrees the verb with one outlet or several ("ne parla" / "ne
	// parlano"): the count itself is not shown.
	before, after, _ := strings.Cut(tr.N("alerts.also_reported", min(n, 2), "Sources", "\x00"), "\x00")
	h.text("\n↳ " + before)
	outlets := make([]outlet, n)
	for i, r := range p.Also {
		outlets[i] = outlet{r.Source, r.URL}
	}
	writeOutlets(h, outlets)
	h.text(after)
	if !p.Link && len(p.Stories) > 0 {
		h.text(fmt.Sprintf(" · /story_%d", p.Stories[0]))
	}
}

// resolveEdit gives an alert edit the message_id Telegram gave its alert. An alert that
// has none was refused or dropped (the chat's messages go in order, so it was answered
// before its edits): the edit's items go out as a new alert instead.
func (s *Sender) resolveEdit(m *store.Message) error {
	id, err := s.db.AlertMessageID(m.ChatID, m.EditOf)
	if err != nil {
		return fmt.Errorf("read alert message id: %w", err)
	}
	if id != 0 {
		m.EditID = id
		return nil
	}
	s.asNewAlert(m)
	return nil
}

// asNewAlert turns an alert edit into the new alert of its items (Fallback), which their
// stories' next items then edit: Telegram refused the edit (message to edit not found,
// message can't be edited) or never accepted the alert.
func (s *Sender) asNewAlert(m *store.Message) {
	if err := s.db.ReplaceAlert(m.ChatID, m.EditOf, m.ID); err != nil {
		s.log.Error("replace alert message", "chat_id", m.ChatID, "error", err)
	}
	m.HTML, m.Kind = m.Fallback, "alert"
	m.EditOf, m.EditID, m.Fallback = 0, 0, ""
}
