package store

import (
	"encoding/binary"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// version reads the schema version a file records, 0 when it has none.
func version(t *testing.T, b *bolt.DB) int {
	t.Helper()
	v := 0
	b.View(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil && len(m.Get(keyVersion)) == 8 {
			v = int(binary.BigEndian.Uint64(m.Get(keyVersion)))
		}
		return nil
	})
	return v
}

func TestMigrationsRunInOrderUpToTheTarget(t *testing.T) {
	b, err := bolt.Open(filepath.Join(t.TempDir(), "v.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.Update(func(tx *bolt.Tx) error { return migrateTx(tx, migrations, 1) })

	var ran []int
	step := func(v int) migration {
		return func(tx *bolt.Tx) error {
			ran = append(ran, v)
			_, err := tx.CreateBucketIfNotExists([]byte("added_by_" + string(rune('0'+v))))
			return err
		}
	}
	table := map[int]migration{1: step(1), 2: step(2)}
	if err := b.Update(func(tx *bolt.Tx) error { return migrateTx(tx, table, 3) }); err != nil {
		t.Fatal(err)
	}
	if len(ran) != 2 || ran[0] != 1 || ran[1] != 2 || version(t, b) != 3 {
		t.Fatalf("ran %v, version %d; want [1 2] and 3", ran, version(t, b))
	}
	// Already at the target: nothing runs again.
	ran = nil
	b.Update(func(tx *bolt.Tx) error { return migrateTx(tx, table, 3) })
	if len(ran) != 0 {
		t.Fatalf("migrations ran again: %v", ran)
	}
}

func TestFailedMigrationLeavesTheFileAsItWas(t *testing.T) {
	b, err := bolt.Open(filepath.Join(t.TempDir(), "v.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.Update(func(tx *bolt.Tx) error { return migrateTx(tx, migrations, 1) })
	table := map[int]migration{
		1: func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("half_done")); return err },
		2: func(tx *bolt.Tx) error { return errors.New("disk on fire") },
	}
	err = b.Update(func(tx *bolt.Tx) error { return migrateTx(tx, table, 3) })
	if err == nil || !strings.Contains(err.Error(), "migrate schema 2 to 3") {
		t.Fatalf("err = %v, want the failing step named", err)
	}
	if version(t, b) != 1 {
		t.Fatalf("version after failed migration = %d, want 1", version(t, b))
	}
	b.View(func(tx *bolt.Tx) error {
		if tx.Bucket([]byte("half_done")) != nil {
			t.Error("the first step's change survived the failed migration")
		}
		return nil
	})
}

func TestMissingMigrationStepIsAnError(t *testing.T) {
	b, err := bolt.Open(filepath.Join(t.TempDir(), "v.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.Update(func(tx *bolt.Tx) error { return migrateTx(tx, migrations, 1) })
	err = b.Update(func(tx *bolt.Tx) error { return migrateTx(tx, map[int]migration{}, 2) })
	if err == nil || !strings.Contains(err.Error(), "no migration from schema 1 to 2") {
		t.Fatalf("err = %v", err)
	}
}
