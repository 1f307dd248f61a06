package store

import (
	"encoding/json"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Message is a message in the outbox: written before it is sent, deleted once Telegram has
// confirmed it, so that a crash loses nothing and repeats at most what was in flight.
type Message struct {
	ID        uint64    `json:"id"` // outbox sequence: the send order
	ChatID    int64     `json:"chat_id"`
	ThreadID  int       `json:"thread_id,omitempty"`
	HTML      string    `json:"html"`
	Markup    string    `json:"markup,omitempty"`  // reply_markup JSON
	EditID    int       `json:"edit_id,omitempty"` // edit this message of the chat instead of sending; HTML "" keeps its text
	Kind      string    `json:"kind,omitempty"`    // digest, alert, alert_edit, reply, notice or edit
	Plain     bool      `json:"plain,omitempty"`   // send without parse_mode (Telegram refused the HTML)
	Created   time.Time `json:"created"`
	Attempts  int       `json:"attempts,omitempty"`
	NotBefore time.Time `json:"not_before,omitzero"` // back off after a failure

	// Chart makes the message a photo, with HTML as its caption: the chart's data
	// (bot/trend.Spec), drawn when it is sent, so that the outbox keeps a few hundred bytes
	// rather than the PNG and a restart loses no pending chart.
	Chart json.RawMessage `json:"chart,omitempty"`

	// EditOf makes the message an edit of the chat's alert message with this outbox id
	// (alerts.go): the sender edits the message Telegram made of it, or, when there is none
	// or Telegram refuses the edit, sends Fallback as a new alert instead.
	EditOf   uint64 `json:"edit_of,omitempty"`
	Fallback string `json:"fallback,omitempty"`

	// Alert, when set, is written by Deliver with the message: a new alert's parts, or an
	// edit's changed record; FallbackAlert is the parts of an edit's Fallback, kept in case
	// it is sent (alerts.go). They are not part of the outbox record.
	Alert         *Alert `json:"-"`
	FallbackAlert *Alert `json:"-"`
	// Posted is the message_id Telegram gave the message, set by the sender once sent.
	Posted int `json:"-"`
}

// Enqueue writes messages to the outbox and returns them with their IDs set.
func (db *DB) Enqueue(msgs ...Message) ([]Message, error) {
	var out []Message
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		var err error
		out, err = enqueue(tx, db.now(), msgs)
		return err
	})
	return out, err
}

func enqueue(tx *bolt.Tx, now time.Time, msgs []Message) ([]Message, error) {
	b := tx.Bucket(bucketOutbox)
	for i := range msgs {
		seq, err := b.NextSequence()
		if err != nil {
			return nil, err
		}
		msgs[i].ID = seq
		if msgs[i].Created.IsZero() {
			msgs[i].Created = now.UTC()
		}
		if err := putJSON(b, u64(seq), &msgs[i]); err != nil {
			return nil, err
		}
	}
	return msgs, nil
}

// Outbox returns the unsent messages in send order.
func (db *DB) Outbox() ([]Message, error) {
	var out []Message
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(_, v []byte) error {
			var m Message
			if err := unmarshal(v, &m); err != nil {
				return err
			}
			out = append(out, m)
			return nil
		})
	})
	return out, err
}

// MarkSent removes messages Telegram has confirmed, in one transaction.
func (db *DB) MarkSent(ids ...uint64) error {
	if len(ids) == 0 {
		return nil
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		for _, id := range ids {
			if err := b.Delete(u64(id)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Confirm removes messages Telegram has confirmed, counts them under KeySends in the hour
// of at, and records the message_id of the alert messages that later items of their
// stories may edit (alerts.go), all in one transaction.
func (db *DB) Confirm(at time.Time, sent []Message) error {
	if len(sent) == 0 {
		return nil
	}
	ids := make([]uint64, len(sent))
	for i := range sent {
		ids[i] = sent[i].ID
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		if err := markSentCounted(tx, at, ids); err != nil {
			return err
		}
		return confirmAlerts(tx, sent)
	})
}

// SaveMessage rewrites an outbox message (attempts, back-off, a new chat id).
func (db *DB) SaveMessage(m Message) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		if b.Get(u64(m.ID)) == nil {
			return nil // sent or dropped meanwhile
		}
		return putJSON(b, u64(m.ID), &m)
	})
}

func deleteOutbox(tx *bolt.Tx, match func(*Message) bool) error {
	b := tx.Bucket(bucketOutbox)
	var keys [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var m Message
		if err := unmarshal(v, &m); err != nil {
			return err
		}
		if match(&m) {
			keys = append(keys, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func updateOutbox(tx *bolt.Tx, change func(*Message) bool) error {
	b := tx.Bucket(bucketOutbox)
	var changed []Message
	err := b.ForEach(func(_, v []byte) error {
		var m Message
		if err := unmarshal(v, &m); err != nil {
			return err
		}
		if change(&m) {
			changed = append(changed, m)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range changed {
		if err := putJSON(b, u64(changed[i].ID), &changed[i]); err != nil {
			return err
		}
	}
	return nil
}

func unmarshal(raw []byte, v any) error { return json.Unmarshal(raw, v) }

// sortPending orders a chat's queue by the time the matches were queued, then by the
// items' own times, keeping keys beside their entries.
func sortPending(ps []Pending, keys [][]byte) {
	idx := make([]int, len(ps))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		pa, pb := &ps[idx[a]], &ps[idx[b]]
		if !pa.Queued.Equal(pb.Queued) {
			return pa.Queued.Before(pb.Queued)
		}
		return pa.Item.Published.Before(pb.Item.Published)
	})
	ps2 := make([]Pending, len(ps))
	keys2 := make([][]byte, len(keys))
	for i, j := range idx {
		ps2[i], keys2[i] = ps[j], keys[j]
	}
	copy(ps, ps2)
	copy(keys, keys2)
}
