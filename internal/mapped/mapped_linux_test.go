package mapped

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestResidentCountsTheFilePagesThisProcessMaps maps a file, reads every page of it, and
// expects Resident to have grown by about the file's size.
func TestResidentCountsTheFilePagesThisProcessMaps(t *testing.T) {
	const size = 8 << 20
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
	before := Resident()
	if before <= 0 {
		t.Fatalf("Resident() = %d before mapping the file; the executable alone is resident", before)
	}
	sum := 0
	for i := 0; i < size; i += os.Getpagesize() {
		sum += int(data[i])
	}
	grown := Resident() - before
	if grown < size*9/10 || grown > size+4<<20 {
		t.Fatalf("Resident grew by %d bytes after reading a %d-byte mapped file (sum %d)", grown, size, sum)
	}
	syscall.Madvise(data, syscall.MADV_DONTNEED)
	if after := Resident(); after-before > 1<<20 {
		t.Fatalf("Resident still %d bytes above its start after madvise(MADV_DONTNEED)", after-before)
	}
}
