package store

import (
	"encoding/binary"
	"slices"
	"sync"
)

// recentSeen remembers, for each source, the items of its last poll that are in the seen
// set: those Unseen found there, and those RecordPoll then wrote. A feed returns mostly what
// it returned last time, so the next Unseen answers for those from memory and reads the
// seen bucket only for the others. Each read of the bucket is a random B+tree page, and
// through bbolt's memory map each one maps 64 KB of the file (the kernel's fault-around):
// 10,000 sources of 20 items made each poll cycle map ~46 MB of the file for 200,000
// lookups of items seen long before (docs/PERFORMANCE.md, "Memory, second pass"). It holds 8
// bytes an item, at most one poll's worth per source, and is emptied when the seen set is
// pruned, so that, but for a poll that races the prune, it says seen only where the seen
// bucket does.
type recentSeen struct {
	mu       sync.Mutex
	bySource map[string][]uint64 // sorted
}

// short is the first 8 bytes of an item hash; compared within one source's last poll only.
func short(h []byte) uint64 { return binary.BigEndian.Uint64(h) }

// has reports whether h is among source's remembered items.
func (r *recentSeen) has(source string, h []byte) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := slices.BinarySearch(r.bySource[source], short(h))
	return ok
}

// set replaces source's remembered items with hs.
func (r *recentSeen) set(source string, hs []uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.store(source, hs)
}

// add adds hs to source's remembered items.
func (r *recentSeen) add(source string, hs []uint64) {
	if len(hs) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.store(source, append(slices.Clone(r.bySource[source]), hs...))
}

// store keeps hs, sorted and without repeats, as source's items. Called with mu held.
func (r *recentSeen) store(source string, hs []uint64) {
	if r.bySource == nil {
		r.bySource = map[string][]uint64{}
	}
	slices.Sort(hs)
	r.bySource[source] = slices.Clip(slices.Compact(hs))
}

// reset forgets everything.
func (r *recentSeen) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.bySource = nil
}
