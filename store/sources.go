package store

import (
	"errors"

	bolt "go.etcd.io/bbolt"

	"github.com/vedetta/vedetta/watch"
)

// ErrSourceExists means a source of that name is already configured or added.
var ErrSourceExists = errors.New("a source with that name exists")

// sourceRecord is what the sources bucket keeps per source name: its state and, for sources
// added from a chat (/addsource), its definition.
type sourceRecord struct {
	Added *watch.Source `json:"added,omitempty"`
	State watch.State   `json:"state"`
}

// SourceState returns the saved state of the named source (zero for a new one).
func (db *DB) SourceState(name string) (watch.State, error) {
	var r sourceRecord
	err := db.bolt.View(func(tx *bolt.Tx) error {
		_, err := getJSON(tx.Bucket(bucketSources), []byte(name), &r)
		return err
	})
	return r.State, err
}

// SaveSourceState saves the state of the named source.
func (db *DB) SaveSourceState(name string, st watch.State) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		return saveState(tx, name, st)
	})
}

func saveState(tx *bolt.Tx, name string, st watch.State) error {
	b := tx.Bucket(bucketSources)
	var r sourceRecord
	if _, err := getJSON(b, []byte(name), &r); err != nil {
		return err
	}
	r.State = st
	return putJSON(b, []byte(name), &r)
}

// AddedSources returns the sources added from chats, in name order.
func (db *DB) AddedSources() ([]watch.Source, error) {
	var out []watch.Source
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSources)
		return b.ForEach(func(k, _ []byte) error {
			var r sourceRecord
			if _, err := getJSON(b, k, &r); err != nil {
				return err
			}
			if r.Added != nil {
				out = append(out, *r.Added)
			}
			return nil
		})
	})
	return out, err
}

// AddSource records a source added from a chat. It fails with ErrSourceExists when the
// name is taken by another added source; the caller checks configured names.
func (db *DB) AddSource(src watch.Source) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSources)
		var r sourceRecord
		if _, err := getJSON(b, []byte(src.Name), &r); err != nil {
			return err
		}
		if r.Added != nil {
			return ErrSourceExists
		}
		r.Added = &src
		r.State = watch.State{}
		return putJSON(b, []byte(src.Name), &r)
	})
}

// DeleteSource forgets an added source and the state of any source by that name.
func (db *DB) DeleteSource(name string) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSources).Delete([]byte(name))
	})
}
