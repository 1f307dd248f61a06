// Package storetest opens a real bbolt database in a test's temporary directory.
package storetest

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/vedetta/vedetta/store"
)

// Open returns a fresh database closed when the test ends, after bbolt's consistency check
// (as bbolt's own test helper does): a test that leaves the file inconsistent fails. now
// may be nil.
func Open(t testing.TB, now func() time.Time) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "vedetta.db"), store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Check(); err != nil {
			t.Errorf("database inconsistent at the end of the test: %v", err)
		}
		db.Close()
	})
	return db
}
