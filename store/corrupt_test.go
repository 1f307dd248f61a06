package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/vedetta/vedetta/watch"
)

// writeTestDB writes a closed database with 2,000 items and returns its path and bytes.
func writeTestDB(t *testing.T) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "good.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var items []watch.Item
	for i := range 2000 {
		items = append(items, watch.Item{ID: fmt.Sprintf("item-%d", i), Source: "ANSA", Title: fmt.Sprintf("NATO summit %d", i), Text: "Leaders met in Rome to discuss the alliance and Ukraine."})
	}
	if _, err := db.RecordPoll("ANSA", watch.State{}, items, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}

func TestDamagedFileIsRefusedWithAClearError(t *testing.T) {
	_, good := writeTestDB(t)
	m0, ok0 := parseMeta(good)
	m1, ok1 := parseMeta(good[m0.pageSize:])
	if !ok0 || !ok1 {
		t.Fatal("the test database's meta pages do not parse")
	}
	pageSize, pages := int(m0.pageSize), int(max(m0.pgid, m1.pgid))
	garble := func(data []byte, from, n int) []byte {
		out := append([]byte(nil), data...)
		for i := from; i < from+n && i < len(out); i++ {
			out[i] ^= 0xA5
		}
		return out
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"truncated to half", good[:len(good)/2]},
		{"truncated inside the first page", good[:100]},
		{"one page short of the pages it records", good[:(pages-1)*pageSize]},
		{"both meta pages garbled", garble(garble(good, 16, 64), pageSize+16, 64)},
		{"every page header garbled", func() []byte {
			out := append([]byte(nil), good...)
			for off := 2 * pageSize; off < len(out); off += pageSize {
				copy(out[off:off+16], []byte("garbage!garbage!"))
			}
			return out
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, ro := range []bool{false, true} {
				path := filepath.Join(t.TempDir(), "damaged.db")
				if err := os.WriteFile(path, tc.data, 0o600); err != nil {
					t.Fatal(err)
				}
				db, err := Open(path, Options{ReadOnly: ro})
				if err == nil {
					db.Close()
					t.Fatalf("read-only=%v: Open accepted the damaged file", ro)
				}
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("read-only=%v: Open = %v, want ErrCorrupt", ro, err)
				}
			}
		})
	}
	t.Run("one garbled meta page is recovered from the other", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "one-meta.db")
		if err := os.WriteFile(path, garble(good, 16, 64), 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("Open = %v, want the file opened from its second meta page", err)
		}
		db.Close()
	})
	t.Run("an empty file is a new database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "empty.db")
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	})
}
