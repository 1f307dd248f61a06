// Package storetest opens a real bbolt database in a test's temporary directory.
package storetest

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/vedetta/vedetta/store"
)

// Open returns a fresh database closed when the test ends. now may be nil.
func Open(t testing.TB, now func() time.Time) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "vedetta.db"), store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
