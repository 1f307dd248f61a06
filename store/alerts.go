package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Alerts follow stories (docs/STORIES.md, "Alerts follow stories"): an alert message is
// kept, in parts, for AlertEditWindow after it was written to the outbox, so that later
// items of its stories edit it instead of sending a new alert. The record is written with
// the alert in the outbox (Deliver), Telegram's message_id beside it once Telegram has
// accepted it (Confirm), and each edit rewrites the record in the transaction that
// enqueues the edit, so that successive edits build on one another and a crash loses or
// repeats none. The buckets are created on first write, so that files written before
// them open unchanged, and pruned after AlertEditWindow (PruneAlerts).
var (
	bucketAlerts     = []byte("alerts")      // chat (8) + alert's outbox id (8) → Alert
	bucketAlertIDs   = []byte("alert_ids")   // chat (8) + alert's outbox id (8) → Telegram message_id (8)
	bucketAlertStory = []byte("alert_story") // chat (8) + story id (8) → alert's outbox id (8)
)

// AlertEditWindow is how long an alert message takes later items of its stories as edits;
// after it, a story's next item is a new alert.
const AlertEditWindow = 48 * time.Hour

// Alert is an alert message as sent, in parts, so that one story's entry can be changed and
// the whole message rendered again.
type Alert struct {
	Key     uint64      `json:"key"` // the alert message's outbox id
	ChatID  int64       `json:"chat"`
	Created time.Time   `json:"created"`
	Edits   int         `json:"edits,omitempty"` // edits enqueued so far
	Parts   []AlertPart `json:"parts"`

	raw []byte // the record as read, to see in Deliver whether it changed
}

// AlertPart is a piece of an alert message: its header, one story's entry, or its footer.
// The message is its parts joined by newlines.
type AlertPart struct {
	HTML    string   `json:"h"`
	Visible int      `json:"v"`           // visible characters of HTML, as Telegram counts them
	Stories []uint64 `json:"s,omitempty"` // an entry's stories; none for a header or footer
	Named   []string `json:"n,omitempty"` // the outlets the entry names already
	Link    bool     `json:"l,omitempty"` // the entry shows /story_N already
	// Also are the outlets that reported the entry's story after the alert, in order.
	Also []AlertReport `json:"a,omitempty"`
}

// AlertReport is a later item of an entry's story: who reported it, and where.
type AlertReport struct {
	Source string `json:"s"`
	URL    string `json:"u,omitempty"`
}

// Clone returns a copy that may be changed and written back with Deliver in place of a.
func (a *Alert) Clone() *Alert {
	c := *a
	c.Parts = make([]AlertPart, len(a.Parts))
	for i, p := range a.Parts {
		p.Also = append([]AlertReport(nil), p.Also...)
		c.Parts[i] = p
	}
	return &c
}

func alertKey(chatID int64, id uint64) []byte { return append(i64(chatID), u64(id)...) }

// LiveAlerts returns, for each story given, the chat's alert message that tells it and may
// still be edited: written to the outbox less than AlertEditWindow ago. Stories with none
// are left out; stories told by one message share its *Alert.
func (db *DB) LiveAlerts(chatID int64, stories []uint64) (map[uint64]*Alert, error) {
	out := map[uint64]*Alert{}
	since := db.now().Add(-AlertEditWindow)
	err := db.bolt.View(func(tx *bolt.Tx) error {
		idx, recs := tx.Bucket(bucketAlertStory), tx.Bucket(bucketAlerts)
		if idx == nil || recs == nil {
			return nil
		}
		byKey := map[uint64]*Alert{}
		for _, st := range stories {
			if st == 0 || out[st] != nil {
				continue
			}
			v := idx.Get(alertKey(chatID, st))
			if len(v) != 8 {
				continue
			}
			key := binary.BigEndian.Uint64(v)
			a, seen := byKey[key]
			if !seen {
				raw := recs.Get(alertKey(chatID, key))
				if raw != nil {
					a = &Alert{}
					if err := json.Unmarshal(raw, a); err != nil {
						return err
					}
					a.raw = append([]byte(nil), raw...)
					if a.Created.Before(since) {
						a = nil
					}
				}
				byKey[key] = a
			}
			if a != nil {
				out[st] = a
			}
		}
		return nil
	})
	return out, err
}

// putAlert writes the records of an alert message enqueued in tx: a new alert's (the
// message's Alert, keyed by its outbox id, its stories indexed), or an edit's (keyed by
// EditOf; ErrChanged if the record is no longer what LiveAlerts read) with the parts of
// its Fallback (keyed by the edit's outbox id, indexed only if the fallback is sent:
// ReplaceAlert).
func putAlert(tx *bolt.Tx, now time.Time, m *Message) error {
	a := m.Alert
	recs, err := tx.CreateBucketIfNotExists(bucketAlerts)
	if err != nil {
		return err
	}
	if m.EditOf != 0 {
		if !bytes.Equal(recs.Get(alertKey(m.ChatID, m.EditOf)), a.raw) || a.raw == nil {
			return ErrChanged
		}
		a.Key, a.ChatID = m.EditOf, m.ChatID
		if err := putJSON(recs, alertKey(m.ChatID, a.Key), a); err != nil {
			return err
		}
		if fa := m.FallbackAlert; fa != nil {
			fa.Key, fa.ChatID, fa.Created = m.ID, m.ChatID, now.UTC()
			return putJSON(recs, alertKey(m.ChatID, fa.Key), fa)
		}
		return nil
	}
	a.Key, a.ChatID, a.Created = m.ID, m.ChatID, now.UTC()
	if err := putJSON(recs, alertKey(m.ChatID, a.Key), a); err != nil {
		return err
	}
	return indexAlert(tx, a)
}

// indexAlert points the alert's stories at it.
func indexAlert(tx *bolt.Tx, a *Alert) error {
	idx, err := tx.CreateBucketIfNotExists(bucketAlertStory)
	if err != nil {
		return err
	}
	for _, p := range a.Parts {
		for _, st := range p.Stories {
			if err := idx.Put(alertKey(a.ChatID, st), u64(a.Key)); err != nil {
				return err
			}
		}
	}
	return nil
}

// AlertMessageID returns the Telegram message_id of the chat's alert message with this
// outbox id, or 0 when Telegram has not accepted it (refused, dropped) or it is forgotten.
func (db *DB) AlertMessageID(chatID int64, key uint64) (int, error) {
	id := 0
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAlertIDs)
		if b == nil {
			return nil
		}
		if v := b.Get(alertKey(chatID, key)); len(v) == 8 {
			id = int(binary.BigEndian.Uint64(v))
		}
		return nil
	})
	return id, err
}

// ReplaceAlert is told that an edit of the alert message old will not be made (Telegram
// refused it, or has no such message) and that the edit's Fallback, outbox id fallback,
// goes out as a new alert instead: the old message is forgotten, and the stories' next
// items edit the new one.
func (db *DB) ReplaceAlert(chatID int64, old, fallback uint64) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		if err := forgetAlert(tx, chatID, old, nil); err != nil {
			return err
		}
		recs := tx.Bucket(bucketAlerts)
		if recs == nil {
			return nil
		}
		var a Alert
		if ok, err := getJSON(recs, alertKey(chatID, fallback), &a); err != nil || !ok {
			return err
		}
		return indexAlert(tx, &a)
	})
}

// forgetAlert deletes an alert's record, its message_id and the index entries that still
// point to it. raw is the record when the caller read it already.
func forgetAlert(tx *bolt.Tx, chatID int64, key uint64, raw []byte) error {
	recs := tx.Bucket(bucketAlerts)
	if recs == nil {
		return nil
	}
	k := alertKey(chatID, key)
	if raw == nil {
		raw = recs.Get(k)
	}
	if raw != nil {
		var a Alert
		if err := json.Unmarshal(raw, &a); err == nil {
			if idx := tx.Bucket(bucketAlertStory); idx != nil {
				for _, p := range a.Parts {
					for _, st := range p.Stories {
						ik := alertKey(chatID, st)
						if v := idx.Get(ik); len(v) == 8 && binary.BigEndian.Uint64(v) == key {
							if err := idx.Delete(ik); err != nil {
								return err
							}
						}
					}
				}
			}
		}
		if err := recs.Delete(k); err != nil {
			return err
		}
	}
	if ids := tx.Bucket(bucketAlertIDs); ids != nil {
		return ids.Delete(k)
	}
	return nil
}

// confirmAlerts records the message_id Telegram gave each confirmed alert message that
// has a record, in the transaction that removes it from the outbox.
func confirmAlerts(tx *bolt.Tx, sent []Message) error {
	var ids *bolt.Bucket
	for i := range sent {
		m := &sent[i]
		if m.Posted == 0 || m.EditOf != 0 || m.Kind != "alert" {
			continue
		}
		recs := tx.Bucket(bucketAlerts)
		if recs == nil || recs.Get(alertKey(m.ChatID, m.ID)) == nil {
			continue
		}
		if ids == nil {
			var err error
			if ids, err = tx.CreateBucketIfNotExists(bucketAlertIDs); err != nil {
				return err
			}
		}
		if err := ids.Put(alertKey(m.ChatID, m.ID), u64(uint64(m.Posted))); err != nil {
			return err
		}
	}
	return nil
}

// PruneAlerts forgets the alert messages written before the given time, in transactions
// of at most pruneBatch records. It returns how many it removed.
func (db *DB) PruneAlerts(before time.Time) (int, error) {
	removed := 0
	var from []byte
	for {
		done := false
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			recs := tx.Bucket(bucketAlerts)
			if recs == nil {
				done = true
				return nil
			}
			type old struct {
				chat int64
				key  uint64
				raw  []byte
			}
			var del []old
			c := recs.Cursor()
			k, v := c.First()
			if from != nil {
				k, v = c.Seek(from)
			}
			for seen := 0; k != nil && seen < pruneBatch; k, v = c.Next() {
				seen++
				var a struct {
					Created time.Time `json:"created"`
				}
				if json.Unmarshal(v, &a) != nil || a.Created.Before(before) {
					del = append(del, old{int64(binary.BigEndian.Uint64(k[:8])), binary.BigEndian.Uint64(k[8:]), append([]byte(nil), v...)})
				}
			}
			if k == nil {
				done = true
			} else {
				from = append(from[:0], k...)
			}
			for _, o := range del {
				if err := forgetAlert(tx, o.chat, o.key, o.raw); err != nil {
					return err
				}
			}
			removed += len(del)
			return nil
		})
		if err != nil || done {
			return removed, err
		}
	}
}
