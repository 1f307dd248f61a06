package mapped

import (
	bin "encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// mapFile maps a new file of size bytes, read-only and shared, as bbolt maps its database;
// the file's pages are in the page cache, having just been written.
func mapFile(t *testing.T, size int) []byte {
	t.Helper()
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
	t.Cleanup(func() { syscall.Munmap(data) })
	return data
}

// present counts the pages of data mapped in this process (the present bit of
// /proc/self/pagemap, proc(5)).
func present(t *testing.T, data []byte) int {
	t.Helper()
	f, err := os.Open("/proc/self/pagemap")
	if err != nil {
		t.Skipf("no pagemap: %v", err)
	}
	defer f.Close()
	page := os.Getpagesize()
	buf := make([]byte, 8*(len(data)/page))
	if _, err := f.ReadAt(buf, int64(uintptr(unsafe.Pointer(&data[0]))/uintptr(page)*8)); err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := 0; i < len(buf); i += 8 {
		if bin.LittleEndian.Uint64(buf[i:])&(1<<63) != 0 {
			n++
		}
	}
	return n
}

// areas counts the memory areas of /proc/self/maps inside data.
func areas(t *testing.T, data []byte) int {
	t.Helper()
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Skipf("no maps: %v", err)
	}
	lo, hi := uintptr(unsafe.Pointer(&data[0])), uintptr(unsafe.Pointer(&data[0]))+uintptr(len(data))
	n := 0
	for line := range strings.SplitSeq(string(maps), "\n") {
		var a, b uintptr
		if _, err := fmt.Sscanf(line, "%x-%x", &a, &b); err == nil && a >= lo && b <= hi {
			n++
		}
	}
	return n
}

var sink byte

// touch reads one byte every stride bytes of data and returns how many it read.
func touch(data []byte, stride int) (reads int) {
	for i := 0; i < len(data); i += stride {
		sink += data[i]
		reads++
	}
	return reads
}

// TestFragmentMapsOnlyThePagesRead reads a byte every 64 KB of a mapped file: without
// Fragment the kernel maps the pages around each (fault-around); with it, the page read.
func TestFragmentMapsOnlyThePagesRead(t *testing.T) {
	const size = 4 << 20
	page := os.Getpagesize()
	whole := mapFile(t, size)
	reads := touch(whole, 64<<10)
	if got := present(t, whole); got <= reads {
		t.Skipf("the kernel maps no pages around a fault here (%d pages for %d reads): nothing to fragment", got, reads)
	} else {
		t.Logf("unfragmented: %d pages mapped for %d reads", got, reads)
	}

	cut := mapFile(t, size)
	base := uintptr(unsafe.Pointer(&cut[0]))
	if err := Fragment(base, 0, size, uintptr(page)); err != nil {
		t.Fatal(err)
	}
	if got, want := areas(t, cut), size/page; got != want {
		t.Fatalf("%d memory areas after Fragment; want one a page, %d", got, want)
	}
	reads = touch(cut, 64<<10)
	if got := present(t, cut); got != reads {
		t.Fatalf("fragmented: %d pages mapped for %d reads; want one each", got, reads)
	}
	if err := Join(base, size); err != nil {
		t.Fatal(err)
	}
	if got := areas(t, cut); got != 1 {
		t.Fatalf("%d memory areas after Join; want 1", got)
	}
}

// TestFragmentPieceByPiece cuts a mapping in two calls, as a database's map is cut as it
// grows, and in chunks of several pages: the areas are the same as one call's.
func TestFragmentPieceByPiece(t *testing.T) {
	page := os.Getpagesize()
	size := 64 * page
	data := mapFile(t, size)
	base := uintptr(unsafe.Pointer(&data[0]))
	chunk := uintptr(4 * page)
	if err := Fragment(base, 0, uintptr(13*page), chunk); err != nil {
		t.Fatal(err)
	}
	if err := Fragment(base, uintptr(13*page), uintptr(size), chunk); err != nil {
		t.Fatal(err)
	}
	if got, want := areas(t, data), size/int(chunk); got != want {
		t.Fatalf("%d memory areas; want %d of %d bytes", got, want, chunk)
	}
	reads := touch(data, int(chunk))
	if got := present(t, data); got > reads*int(chunk)/page {
		t.Fatalf("%d pages mapped for %d reads in %d-byte areas", got, reads, chunk)
	}
}
