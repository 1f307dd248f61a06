package main

import (
	"context"
	bin "encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// residentKB counts the pages of the ranges that are mapped in this process, from the
// present bit of /proc/self/pagemap (proc(5)).
func residentKB(t *testing.T, c codeRanges) int {
	t.Helper()
	f, err := os.Open("/proc/self/pagemap")
	if err != nil {
		t.Skipf("no pagemap: %v", err)
	}
	defer f.Close()
	page := uintptr(os.Getpagesize())
	n := 0
	for _, r := range c {
		buf := make([]byte, 8*((r[1]-r[0])/page))
		if _, err := f.ReadAt(buf, int64(r[0]/page*8)); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(buf); i += 8 {
			if bin.LittleEndian.Uint64(buf[i:])&(1<<63) != 0 {
				n++
			}
		}
	}
	return n * int(page) / 1024
}

func TestReleaseCodeLetsGoOfTheExecutablesPages(t *testing.T) {
	code, err := executableCode()
	if err != nil {
		t.Fatal(err)
	}
	if len(code) == 0 {
		t.Skip("a position-independent test binary: nothing is released")
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range code {
		line := ""
		for l := range strings.SplitSeq(string(maps), "\n") {
			if strings.HasPrefix(l, fmt.Sprintf("%08x-%08x ", r[0], r[1])) {
				line = l
			}
		}
		// Never the data the program writes: letting go of it would reset it.
		if f := strings.Fields(line); len(f) < 2 || f[1][1] != '-' || f[1][3] != 'p' {
			t.Errorf("range %x-%x is %q; want a read-only private mapping", r[0], r[1], line)
		}
	}
	// Map every page first: an earlier run of this test (-count) let go of them already.
	for _, r := range code {
		if _, _, e := unix.Syscall(unix.SYS_MADVISE, r[0], r[1]-r[0], unix.MADV_POPULATE_READ); e != 0 {
			t.Skipf("madvise(MADV_POPULATE_READ): %v (Linux 5.14 or later)", e)
		}
	}
	before := residentKB(t, code)
	code.release()
	after := residentKB(t, code)
	t.Logf("the test binary's code and read-only data: %d kB mapped, %d kB after release", before, after)
	if after > before/4 {
		t.Errorf("%d kB of the executable still mapped after release, of %d", after, before)
	}
	// The program runs on, from code faulted in again.
	if s := fmt.Sprintf("%x", 255); s != "ff" {
		t.Fatalf("Sprintf after release = %q", s)
	}
}

// TestCodeIsLetGoOfOnlyWhenTheMappedFilesGrew: an idle bot that maps back a few pages after
// a release is not made to fault them in again every releaseCodeEvery; one that has run
// more of its code (here: read a mapped file) has it let go of.
func TestCodeIsLetGoOfOnlyWhenTheMappedFilesGrew(t *testing.T) {
	code, err := executableCode()
	if err != nil {
		t.Fatal(err)
	}
	if len(code) == 0 {
		t.Skip("a position-independent test binary: nothing is released")
	}
	r := codeReleaser{code: code}
	r.release()
	if r.releaseIfGrown() {
		t.Fatal("released again with nothing mapped since")
	}
	const size = 4 * releaseCodeOver
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, make([]byte, size), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(data)
	sum := 0
	for i := 0; i < size; i += os.Getpagesize() {
		sum += int(data[i])
	}
	if !r.releaseIfGrown() {
		t.Fatalf("not released after %d bytes of a file were mapped (sum %d)", size, sum)
	}
	if r.releaseIfGrown() {
		t.Fatal("released again at once: the file read is counted from the release on")
	}
}

// TestReleaseCodeCutsTheExecutableIntoPages: after releaseCode each page of the code and
// read-only data is a memory area of its own, so that running a function maps its pages and
// not the 64 KB around them (docs/PERFORMANCE.md, "Memory, fifth pass").
func TestReleaseCodeCutsTheExecutableIntoPages(t *testing.T) {
	code, err := executableCode()
	if err != nil {
		t.Fatal(err)
	}
	if len(code) == 0 {
		t.Skip("a position-independent test binary: nothing is released")
	}
	pages := 0
	for _, r := range code {
		pages += int(r[1]-r[0]) / os.Getpagesize()
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	releaseCode(ctx)
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	areas := 0
	for line := range strings.SplitSeq(string(maps), "\n") {
		var lo, hi uintptr
		if _, err := fmt.Sscanf(line, "%x-%x", &lo, &hi); err != nil {
			continue
		}
		for _, r := range code {
			if lo >= r[0] && hi <= r[1] {
				areas++
			}
		}
	}
	if areas != pages {
		t.Fatalf("%d memory areas map the executable's %d pages of code and read-only data; want one a page", areas, pages)
	}
}
