//go:build !linux

package store

// releaseMapped is a no-op where madvise's effect on a shared mapping is not the one
// store/mmap_linux.go relies on.
func (db *DB) releaseMapped() {}

// cutMap is a no-op, as releaseMapped.
func (db *DB) cutMap() {}

// mapAreas is empty: nothing cuts the map.
type mapAreas struct{}
