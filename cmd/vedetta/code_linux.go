//go:build linux

package main

import (
	"bufio"
	"bytes"
	"context"
	bin "encoding/binary"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/vedetta/vedetta/internal/mapped"
)

const (
	// releaseCodeEvery is how often the bot considers letting go of the executable's pages
	// it has mapped.
	releaseCodeEvery = 2 * time.Second
	// releaseCodeOver is how much the mapped files must have grown since the last release
	// for the next to happen: an idle bot maps a few pages again after a release, and letting
	// go of them every releaseCodeEvery only costs it the faults to map them again.
	releaseCodeOver = 1 << 20
)

// codeRanges are the executable's read-only mappings: its code, read-only data and the
// tables the runtime reads for stacks and the garbage collector (.text, .rodata,
// .gopclntab).
type codeRanges [][2]uintptr

// executableCode finds the executable's read-only mappings in /proc/self/maps (proc(5)).
// It finds none in a position-independent executable: there the dynamic loader writes
// relocations into read-only pages (RELRO), and letting go of them would undo its writes.
func executableCode() (codeRanges, error) {
	exe, err := os.Open("/proc/self/exe")
	if err != nil {
		return nil, err
	}
	var head [18]byte
	_, err = exe.ReadAt(head[:], 0)
	exe.Close()
	if err != nil {
		return nil, err
	}
	// ELF header: e_type at offset 16; 2 is ET_EXEC, a fixed-address executable, what
	// `go build` writes on Linux unless asked for -buildmode=pie (elf(5)).
	if !bytes.Equal(head[:4], []byte("\x7fELF")) || bin.LittleEndian.Uint16(head[16:]) != 2 {
		return nil, nil
	}
	st, err := os.Stat("/proc/self/exe")
	if err != nil {
		return nil, err
	}
	maps, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil, err
	}
	defer maps.Close()
	var out codeRanges
	sc := bufio.NewScanner(maps)
	for sc.Scan() {
		// 00400000-00c3c000 r-xp 00000000 fe:00 10019041 /usr/bin/vedetta
		var lo, hi uintptr
		var perms, offset, dev string
		var inode uint64
		if n, _ := fmt.Sscanf(sc.Text(), "%x-%x %s %s %s %d", &lo, &hi, &perms, &offset, &dev, &inode); n != 6 {
			continue
		}
		sys, ok := st.Sys().(*syscall.Stat_t)
		if !ok || inode != sys.Ino || len(perms) < 4 || perms[1] != '-' || perms[3] != 'p' {
			continue // another file, or the executable's writable data
		}
		out = append(out, [2]uintptr{lo, hi})
	}
	return out, sc.Err()
}

// release lets go of the pages of the ranges: madvise(MADV_DONTNEED) on a private file
// mapping that was never written drops the process's page-table entries; the pages stay in
// the kernel's page cache, and the next use of one is a minor fault, with no disk read
// (madvise(2)). Each such fault maps the 64 KB around the page (the kernel's fault-around),
// so a process keeps mapped every 64 KB of its code it has ever run: at start-up alone,
// the package initialisers of a bot linking ~200 packages map 12 MB of an 18 MB
// executable. Released every releaseCodeEvery, the resident code is what ran since
// (docs/PERFORMANCE.md, "Memory, third pass").
func (c codeRanges) release() {
	for _, r := range c {
		syscall.Syscall(syscall.SYS_MADVISE, r[0], r[1]-r[0], syscall.MADV_DONTNEED)
	}
}

// releaseCode makes each page of the executable's read-only mappings a memory area of its
// own, so that running a function maps its pages and not the 64 KB around them
// (mapped.Fragment), and lets go of the pages mapped so far. Then, until ctx ends, it lets
// go of them again every releaseCodeEvery when the mapped files have grown by
// releaseCodeOver since.
func releaseCode(ctx context.Context) {
	code, err := executableCode()
	if err != nil || len(code) == 0 {
		return
	}
	page := uintptr(os.Getpagesize())
	for _, c := range code {
		mapped.Fragment(c[0], 0, c[1]-c[0], page)
	}
	r := codeReleaser{code: code}
	r.release()
	go func() {
		t := time.NewTicker(releaseCodeEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				r.releaseIfGrown()
			case <-ctx.Done():
				return
			}
		}
	}()
}

// codeReleaser lets go of the executable's pages when the mapped files have grown.
type codeReleaser struct {
	code  codeRanges
	after int64 // mapped.Resident() after the last release
}

func (r *codeReleaser) release() {
	r.code.release()
	r.after = mapped.Resident()
}

// releaseIfGrown releases when the mapped files have grown by releaseCodeOver since the last
// release, and reports whether it did.
func (r *codeReleaser) releaseIfGrown() bool {
	if mapped.Resident()-r.after <= releaseCodeOver {
		return false
	}
	r.release()
	return true
}
