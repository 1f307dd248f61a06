package store

import (
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
)

// dropEvery is how often, at most, the process lets go of the database pages it has mapped.
const dropEvery = time.Second

// processStart is the origin of DB.lastDrop's monotonic times.
var processStart = time.Now()

// releaseMapped lets go of the pages of the database file that this process has read
// through bbolt's memory map: madvise(MADV_DONTNEED) on a shared file mapping drops the
// process's page-table entries and keeps the pages in the kernel's page cache, so the next
// read of a page is a minor fault, with no disk read (madvise(2)). bbolt writes
// copy-on-write, to new pages each commit, so the pages a process has read through the map
// grow towards the file's size; this keeps the resident set to what is in use, as a
// database that reads with pread into a small cache of its own would count it
// (docs/PERFORMANCE.md, "Memory"). It runs at most once per dropEvery, inside a read
// transaction: bbolt re-maps only once every read transaction has ended, so the range is
// the database's mapping throughout. Called too soon, it runs once dropEvery has passed,
// so that the pages the last writes of a burst read are let go too, not kept until the
// next write (a poll cycle's last commits, until the next cycle).
func (db *DB) releaseMapped() {
	now := int64(time.Since(processStart)) // monotonic: a clock set back does not stop releases
	last := db.lastDrop.Load()
	if wait := int64(dropEvery) - (now - last); wait > 0 {
		if db.dropLater.CompareAndSwap(false, true) {
			time.AfterFunc(time.Duration(wait), func() {
				db.dropLater.Store(false)
				db.releaseMapped() // after Close, View fails and nothing is touched
			})
		}
		return
	}
	if !db.lastDrop.CompareAndSwap(last, now) {
		return
	}
	db.bolt.View(func(tx *bolt.Tx) error {
		data, size := db.bolt.Info().Data, tx.Size()
		if data != 0 && size > 0 {
			syscall.Syscall(syscall.SYS_MADVISE, data, uintptr(size), syscall.MADV_DONTNEED)
		}
		return nil
	})
}
