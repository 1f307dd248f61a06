package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// A migration upgrades the file by one schema version inside the Open transaction: either
// every step up to SchemaVersion commits together with the new version number, or none does
// and the file stays as it was.
//
// To change the layout: bump SchemaVersion, add migrations[old] that rewrites the old layout
// into the new one, and commit a file written by the old build under testdata/ (see
// TestOpensEveryEarlierSchemaFixture) so that the upgrade stays tested.
type migration func(tx *bolt.Tx) error

// migrations[v] upgrades a database at schema v to v+1.
var migrations = map[int]migration{
	// Schema 0 is a file from before schema versions: it may lack the meta bucket and any
	// bucket added since. Schema 1 has all of allBuckets and a version number.
	0: func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	},
}

// fileVersion reads the schema version in meta: 0 for a file from before versions (it has
// a chats bucket but no version), SchemaVersion for a new, empty file.
func fileVersion(tx *bolt.Tx) (v int, known bool) {
	if meta := tx.Bucket(bucketMeta); meta != nil {
		if raw := meta.Get(keyVersion); len(raw) == 8 {
			return int(binary.BigEndian.Uint64(raw)), true
		}
	}
	if tx.Bucket(bucketChats) != nil {
		return 0, true
	}
	return SchemaVersion, false
}

func (db *DB) migrate() error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		return migrateTx(tx, migrations, SchemaVersion)
	})
}

// migrateTx brings the file in tx from its version to target with table, and refuses a
// newer file.
func migrateTx(tx *bolt.Tx, table map[int]migration, target int) error {
	v, _ := fileVersion(tx)
	if v > target {
		return fmt.Errorf("%w: schema %d, this build knows %d; upgrade vedetta or restore a backup taken before the upgrade", ErrNewerSchema, v, target)
	}
	for ; v < target; v++ {
		m := table[v]
		if m == nil {
			return fmt.Errorf("no migration from schema %d to %d", v, v+1)
		}
		if err := m(tx); err != nil {
			return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
		}
	}
	// A new file, or one whose last migration did not create them: every bucket exists.
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketMeta).Put(keyVersion, u64(uint64(target)))
}

func (db *DB) checkVersion() error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		v, known := fileVersion(tx)
		switch {
		case !known:
			return errors.New("not a vedetta database")
		case v > SchemaVersion:
			return fmt.Errorf("%w: schema %d, this build knows %d", ErrNewerSchema, v, SchemaVersion)
		case v < SchemaVersion:
			return fmt.Errorf("schema %d is older than this build's %d: open it once read-write (vedetta run) to migrate it", v, SchemaVersion)
		}
		return nil
	})
}
