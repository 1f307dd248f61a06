package mapped

import "golang.org/x/sys/unix"

// Fragment makes [base+from, base+to) of a file mapping that starts at base separate
// memory areas of chunk bytes each (chunk a multiple of the page size), so that a page fault
// in one maps that area's pages only.
//
// Linux answers a read fault on a file mapping by mapping up to 64 KB of the file's cached
// pages around the one asked for (fault-around, mm/memory.c do_fault_around, the
// fault_around_bytes knob in debugfs), within the memory area (VMA) of the fault. For code
// run here and there and for B+tree pages read at random, most of those 64 KB are never used
// but count in the resident set: a bot's cycle of 50 feeds kept 11 MB of its executable
// resident, for the few hundred pages it used (docs/PERFORMANCE.md, "Memory, fifth pass").
// Neighbouring areas whose flags differ stay apart, so marking every other chunk with
// madvise(MADV_DONTDUMP) — a flag that only leaves the chunk out of core dumps, where a
// file's unwritten pages are left out anyway (core(5), coredump_filter) — bounds each
// fault to chunk bytes. Each area costs the kernel ~200 bytes and the process nothing.
//
// The chunks are numbered from base, so a mapping can be fragmented piece by piece as it
// grows. It reports the first error of madvise, after trying every chunk.
func Fragment(base, from, to, chunk uintptr) error {
	var first error
	start := from - from%chunk
	if (start/chunk)%2 == 0 {
		start += chunk
	}
	for a := start; a < to; a += 2 * chunk {
		n := min(chunk, to-a)
		if _, _, e := unix.Syscall(unix.SYS_MADVISE, base+a, n, unix.MADV_DONTDUMP); e != 0 && first == nil {
			first = e
		}
	}
	return first
}

// Join undoes Fragment over [addr, addr+size): the areas there become one again.
func Join(addr, size uintptr) error {
	if _, _, e := unix.Syscall(unix.SYS_MADVISE, addr, size, unix.MADV_DODUMP); e != 0 {
		return e
	}
	return nil
}
