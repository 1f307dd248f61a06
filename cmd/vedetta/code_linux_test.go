package main

import (
	bin "encoding/binary"
	"fmt"
	"os"
	"strings"
	"testing"
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
