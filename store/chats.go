package store

import (
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrNoChat means the chat is not registered (it never sent /start, or sent /stop).
var ErrNoChat = errors.New("chat not registered")

// Chat is a Telegram chat that uses Vedetta, with its settings.
type Chat struct {
	ID       int64     `json:"id"`
	Type     string    `json:"type,omitempty"` // private, group, supergroup, channel, console
	Title    string    `json:"title,omitempty"`
	ThreadID int       `json:"thread_id,omitempty"` // forum topic that receives deliveries
	Watches  []Watch   `json:"watches,omitempty"`
	NextID   int       `json:"next_id,omitempty"`  // next Watch.ID
	Schedule string    `json:"schedule,omitempty"` // digest schedule; "" = config default, "off" = none
	Timezone string    `json:"timezone,omitempty"` // IANA zone; "" = config default
	Quiet    string    `json:"quiet,omitempty"`    // "23:00-07:00"; "" = none
	Follow   []string  `json:"follow,omitempty"`   // source names; empty = every source
	Paused   bool      `json:"paused,omitempty"`
	Inactive bool      `json:"inactive,omitempty"` // Telegram refused delivery (blocked, kicked); watches kept
	Reason   string    `json:"reason,omitempty"`   // why inactive
	Created  time.Time `json:"created"`
	LastSent time.Time `json:"last_digest,omitzero"`
	// Dropped counts the oldest queued matches dropped over MaxPendingPerChat since the
	// chat was last told.
	Dropped int `json:"dropped,omitempty"`
	// Language is the interface language set with /language ("it"); "" = a private chat
	// follows UserLanguage, a group the config default (docs/LANGUAGES.md). A new field of
	// the chat's JSON record: older files read it as "", so no schema migration.
	Language string `json:"language,omitempty"`
	// UserLanguage is the language_code Telegram last gave for the user of a private chat.
	UserLanguage string `json:"user_language,omitempty"`
}

// Watch is one query a chat watches.
type Watch struct {
	ID      int       `json:"id"`
	Query   string    `json:"query"`
	Alert   bool      `json:"alert,omitempty"` // instant, not in the digest
	Created time.Time `json:"created"`
	// Surge: the chat hears when the watch's hourly volume surges (/surge); LastSurge is
	// when it last did.
	Surge     bool      `json:"surge,omitempty"`
	LastSurge time.Time `json:"last_surge,omitzero"`
}

// Follows reports whether the chat wants items from the named source.
func (c *Chat) Follows(source string) bool {
	if len(c.Follow) == 0 {
		return true
	}
	for _, f := range c.Follow {
		if f == source {
			return true
		}
	}
	return false
}

// Receives reports whether deliveries to the chat go out now.
func (c *Chat) Receives() bool { return !c.Paused && !c.Inactive }

// Chat returns the chat with the given id, or ErrNoChat.
func (db *DB) Chat(id int64) (*Chat, error) {
	var c Chat
	var ok bool
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		ok, err = getJSON(tx.Bucket(bucketChats), i64(id), &c)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNoChat
	}
	return &c, nil
}

// Chats returns every registered chat, in id order.
func (db *DB) Chats() ([]*Chat, error) {
	var out []*Chat
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketChats).ForEach(func(k, v []byte) error {
			var c Chat
			if _, err := getJSON(tx.Bucket(bucketChats), k, &c); err != nil {
				return err
			}
			out = append(out, &c)
			return nil
		})
	})
	return out, err
}

// UpdateChat applies fn to the chat with the given id in one transaction, creating it
// (with Created set) when create is true and it does not exist. fn may return an error
// to abort without writing.
func (db *DB) UpdateChat(id int64, create bool, fn func(c *Chat) error) (*Chat, error) {
	var c Chat
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketChats)
		ok, err := getJSON(b, i64(id), &c)
		if err != nil {
			return err
		}
		if !ok {
			if !create {
				return ErrNoChat
			}
			c = Chat{ID: id, Created: db.now().UTC(), NextID: 1}
		}
		if err := fn(&c); err != nil {
			return err
		}
		return putJSON(b, i64(id), &c)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// DeleteChat forgets a chat, its pending matches and its unsent messages.
func (db *DB) DeleteChat(id int64) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		if err := deletePrefix(tx.Bucket(bucketPending), i64(id)); err != nil {
			return err
		}
		if err := deleteOutbox(tx, func(m *Message) bool { return m.ChatID == id }); err != nil {
			return err
		}
		return tx.Bucket(bucketChats).Delete(i64(id))
	})
}

// MigrateChat moves a chat, its watches (with their counters), its pending matches and its unsent messages to a
// new id: Telegram gives a group that became a supergroup a new id (migrate_to_chat_id).
func (db *DB) MigrateChat(from, to int64) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		chats := tx.Bucket(bucketChats)
		var c Chat
		ok, err := getJSON(chats, i64(from), &c)
		if err != nil || !ok {
			return err
		}
		var existing Chat
		if ok, _ := getJSON(chats, i64(to), &existing); ok {
			return fmt.Errorf("migrate chat %d to %d: target already registered", from, to)
		}
		c.ID = to
		c.Type = "supergroup"
		if err := putJSON(chats, i64(to), &c); err != nil {
			return err
		}
		if err := chats.Delete(i64(from)); err != nil {
			return err
		}
		pend := tx.Bucket(bucketPending)
		type kv struct{ k, v []byte }
		var moved []kv
		cur := pend.Cursor()
		prefix := i64(from)
		for k, v := cur.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = cur.Next() {
			nk := append(i64(to), k[8:]...)
			moved = append(moved, kv{nk, append([]byte(nil), v...)})
		}
		if err := deletePrefix(pend, prefix); err != nil {
			return err
		}
		for _, m := range moved {
			if err := pend.Put(m.k, m.v); err != nil {
				return err
			}
		}
		if err := moveWatchCounts(tx, from, to); err != nil {
			return err
		}
		return updateOutbox(tx, func(m *Message) bool {
			if m.ChatID != from {
				return false
			}
			m.ChatID = to
			return true
		})
	})
}

func hasPrefix(k, prefix []byte) bool {
	return len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix)
}

// deletePrefix deletes every key starting with prefix. Keys are collected first: deleting
// through a cursor while iterating may skip keys (docs/DEPENDENCIES.md, "bbolt").
func deletePrefix(b *bolt.Bucket, prefix []byte) error {
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// PutChats writes chats in one transaction, replacing any chat of the same id: a bulk
// import (load tests build 100,000 chats with it in one disk sync instead of 100,000).
func (db *DB) PutChats(chats []*Chat) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketChats)
		for _, c := range chats {
			if c.Created.IsZero() {
				c.Created = db.now().UTC()
			}
			if err := putJSON(b, i64(c.ID), c); err != nil {
				return err
			}
		}
		return nil
	})
}

// ChatsByID returns the registered chats among ids, read in one transaction; ids that are
// not registered are left out. The router reads every chat a story matched with it: one
// transaction for 100,000 chats instead of 100,000.
func (db *DB) ChatsByID(ids []int64) (map[int64]*Chat, error) {
	ids = slices.Clone(ids)
	slices.Sort(ids) // in key order: the cursor moves forward only
	out := make(map[int64]*Chat, len(ids))
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketChats)
		for _, id := range ids {
			var c Chat
			ok, err := getJSON(b, i64(id), &c)
			if err != nil {
				return err
			}
			if ok {
				out[id] = &c
			}
		}
		return nil
	})
	return out, err
}
