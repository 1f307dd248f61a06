package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"
)

// ErrCorrupt means the database file is damaged: its meta pages do not check out, or it is
// shorter than the pages it records. bbolt maps the file into memory, so reading a missing
// page would kill the process with SIGBUS rather than return an error; Open checks first.
var ErrCorrupt = errors.New("database file is corrupt or truncated: restore from backup")

// bbolt's on-disk meta page (go.etcd.io/bbolt internal/common/meta.go and page.go): a
// 16-byte page header, then magic, version, page size, flags, the root bucket (root page,
// sequence), the freelist page, the high-water page id, the transaction id and an FNV-64a
// checksum of everything before it. bbolt exports no reader for it.
const (
	boltMagic       = 0xED0CDAED
	boltVersion     = 2
	pageHeaderSize  = 16
	metaSize        = 64
	metaChecksumOff = 56
)

type boltMeta struct {
	pageSize uint32
	pgid     uint64 // high-water mark: pages 0..pgid-1 are in the file
	txid     uint64
}

// parseMeta decodes the meta page at the start of buf, or says why it is not one.
func parseMeta(buf []byte) (boltMeta, bool) {
	if len(buf) < pageHeaderSize+metaSize {
		return boltMeta{}, false
	}
	m := buf[pageHeaderSize : pageHeaderSize+metaSize]
	le := binary.NativeEndian // bbolt writes its structs in memory order
	if le.Uint32(m[0:]) != boltMagic || le.Uint32(m[4:]) != boltVersion {
		return boltMeta{}, false
	}
	h := fnv.New64a()
	h.Write(m[:metaChecksumOff])
	if h.Sum64() != le.Uint64(m[metaChecksumOff:]) {
		return boltMeta{}, false
	}
	return boltMeta{pageSize: le.Uint32(m[8:]), pgid: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}, true
}

// CheckFile returns ErrCorrupt when the file at path exists, is not empty (bbolt creates
// an empty or missing file) and is not a whole bbolt file: both meta pages bad, or the
// newest valid meta names pages beyond the end of the file. Open calls it first; `vedetta
// backup` calls it on the copy it received before putting it in place.
func CheckFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	if size == 0 {
		return nil
	}
	readMeta := func(off int64) (boltMeta, bool) {
		buf := make([]byte, pageHeaderSize+metaSize)
		if _, err := f.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
			return boltMeta{}, false
		}
		return parseMeta(buf)
	}
	var metas []boltMeta
	m0, ok0 := readMeta(0)
	if ok0 {
		metas = append(metas, m0)
		if m1, ok := readMeta(int64(m0.pageSize)); ok {
			metas = append(metas, m1)
		}
	} else {
		// Page 0 is damaged: find page 1 as bbolt does, trying page sizes from 1 KiB.
		for i := 0; i <= 14; i++ {
			if m1, ok := readMeta(1024 << i); ok && m1.pageSize == 1024<<i {
				metas = append(metas, m1)
				break
			}
		}
	}
	if len(metas) == 0 {
		return fmt.Errorf("%w (no valid meta page in %d bytes)", ErrCorrupt, size)
	}
	newest := metas[0]
	for _, m := range metas[1:] {
		if m.txid > newest.txid {
			newest = m
		}
	}
	if need := int64(newest.pgid) * int64(newest.pageSize); newest.pageSize == 0 || size < need {
		return fmt.Errorf("%w (%d bytes, the file records %d pages of %d bytes)", ErrCorrupt, size, newest.pgid, newest.pageSize)
	}
	return nil
}

// guard runs fn and turns a panic or a memory fault inside it (bbolt panics on a page of
// the wrong type, and a garbled page id can point outside the mapped file) into ErrCorrupt.
func guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w (%v)", ErrCorrupt, r)
		}
	}()
	return fn()
}
