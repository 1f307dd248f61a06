package store

import (
	"math/bits"
	"os"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/vedetta/vedetta/internal/mapped"
)

const (
	// dropEvery is how long after a release the pages read since are let go at the latest:
	// the end of a burst of writes.
	dropEvery = time.Second
	// mappedBudget is how much the process's mapped file pages may grow, in a burst of
	// writes, before the database's are let go without waiting for dropEvery.
	mappedBudget = 16 << 20
	// checkEvery is how often, at most, a write reads the process's mapped file pages.
	checkEvery = 2 * time.Millisecond
)

// processStart is the origin of DB.lastDrop's monotonic times.
var processStart = time.Now()

// releaseMapped lets go of the pages of the database file that this process has read
// through bbolt's memory map: madvise(MADV_DONTNEED) on a shared file mapping drops the
// process's page-table entries and keeps the pages in the kernel's page cache, so the next
// read of a page is a minor fault, with no disk read (madvise(2)). bbolt writes
// copy-on-write, to new pages each commit, so the pages a process has read through the map
// grow towards the file's size, and each read of a page maps the 64 KB around it (the
// kernel's fault-around): a poll cycle of 10,000 sources, each rewriting its state in a
// leaf somewhere in a 128 MB file, mapped 45 MB of it. This keeps the resident set to what
// is in use, as a database that reads with pread into a small cache of its own would count
// it (docs/PERFORMANCE.md, "Memory").
//
// It lets go once the process's mapped file pages have grown by mappedBudget since the last
// release, or dropEvery after it, whichever comes first; called sooner, it runs once
// dropEvery has passed, so that the pages the last writes of a burst read are let go too,
// not kept until the next write (a poll cycle's last commits, until the next cycle). A
// budget rather than a shorter period: each release costs the re-reading of the pages in
// use, and a page fault is dear on a virtual machine, so a quiet process releases seldom
// and a busy one as often as its reads need.
func (db *DB) releaseMapped() {
	now := int64(time.Since(processStart)) // monotonic: a clock set back does not stop releases
	last := db.lastDrop.Load()
	if wait := int64(dropEvery) - (now - last); wait > 0 && !db.overBudget(now) {
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
			db.areas.cut(data, uintptr(size))
			syscall.Syscall(syscall.SYS_MADVISE, data, uintptr(size), syscall.MADV_DONTNEED)
		}
		return nil
	})
	db.mappedAfter.Store(mapped.Resident())
}

// overBudget reports whether the process's mapped file pages have grown by mappedBudget
// since the last release; it reads them at most once per checkEvery.
func (db *DB) overBudget(now int64) bool {
	last := db.lastCheck.Load()
	if now-last < int64(checkEvery) || !db.lastCheck.CompareAndSwap(last, now) {
		return false
	}
	budget := db.budget
	if budget == 0 {
		budget = mappedBudget
	}
	return mapped.Resident()-db.mappedAfter.Load() > budget
}

// maxAreas bounds the memory areas the database's map is cut into: each costs the kernel
// ~200 bytes, and a process may have 65,530 (vm.max_map_count). Up to 32 MB of pages
// in use, each page is an area of its own; past that, areas of 2, 4… pages.
const maxAreas = 8192

// mapAreas cuts the database's memory map into areas of a page or a few, so that a read of
// a B+tree page maps that page and not the 64 KB of the file around it (mapped.Fragment):
// the pages of the seen set are read at random, one leaf per item, and a 1,000-feed
// start-up cycle kept 6–7 MB of the file mapped for the leaves it read
// (docs/PERFORMANCE.md, "Memory, fifth pass"). Called under a read transaction, when bbolt
// cannot map the file anew.
type mapAreas struct {
	mu    sync.Mutex
	data  uintptr // the map's address when it was last cut
	span  uint    // bits.Len of the bytes in use then: bbolt maps a new, larger map when they outgrow a power of two
	chunk uintptr // the areas' size
	to    uintptr // the bytes cut so far
}

// cutMap cuts the database's memory map into areas (mapAreas), as Open leaves it.
func (db *DB) cutMap() {
	db.bolt.View(func(tx *bolt.Tx) error {
		if data, size := db.bolt.Info().Data, tx.Size(); data != 0 && size > 0 {
			db.areas.cut(data, uintptr(size))
		}
		return nil
	})
}

func (a *mapAreas) cut(data, size uintptr) {
	a.mu.Lock()
	defer a.mu.Unlock()
	page := uintptr(os.Getpagesize())
	chunk := page
	for size/chunk > maxAreas {
		chunk *= 2
	}
	// bbolt maps the file anew, at sizes that double up to 1 GB (bbolt's DB.mmapSize), when
	// the pages in use outgrow the map; the new map is one area again, usually at another
	// address.
	if span := uint(bits.Len64(uint64(size - 1))); data != a.data || span != a.span || chunk != a.chunk {
		if chunk != a.chunk && data == a.data {
			mapped.Join(data, a.to)
		}
		a.data, a.span, a.chunk, a.to = data, span, chunk, 0
	}
	if size > a.to {
		mapped.Fragment(data, a.to, size, chunk)
		a.to = size
	}
}
