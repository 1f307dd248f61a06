//go:build !linux

package mapped

// Fragment does nothing where the kernel's fault-around is not known to map a file's pages
// the way fragment_linux.go describes.
func Fragment(base, from, to, chunk uintptr) error { return nil }

// Join does nothing, as Fragment.
func Join(addr, size uintptr) error { return nil }
