package mapped

import (
	"os"
	"syscall"
	"testing"
)

// TestResidentCountsTheFilePagesThisProcessMaps maps a file, reads every page of it, and
// expects Resident to have grown by about the file's size.
func TestResidentCountsTheFilePagesThisProcessMaps(t *testing.T) {
	const size = 8 << 20
	data := mapFile(t, size)
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
