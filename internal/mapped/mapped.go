// Package mapped reads how much of the files this process has memory-mapped is resident:
// its executable and its database, whose pages the bot lets go of after bursts of work
// (store/mmap_linux.go, cmd/vedetta/code_linux.go; docs/PERFORMANCE.md, "Memory").
package mapped

import (
	"os"
	"strconv"
	"strings"
	"sync"
)

var statm struct {
	once sync.Once
	f    *os.File
}

// Resident returns the bytes of files this process has mapped and resident: the third
// field of /proc/self/statm, which Linux keeps as a counter (proc(5)), so reading it is one
// pread and no walk of the page tables, as /proc/self/smaps would be. It returns 0 where
// there is no such file.
func Resident() int64 {
	statm.once.Do(func() { statm.f, _ = os.Open("/proc/self/statm") })
	if statm.f == nil {
		return 0
	}
	var buf [128]byte
	n, _ := statm.f.ReadAt(buf[:], 0)
	f := strings.Fields(string(buf[:n]))
	if len(f) < 3 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[2], 10, 64)
	return pages * int64(os.Getpagesize())
}
