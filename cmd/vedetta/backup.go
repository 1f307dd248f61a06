package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/vedetta/vedetta/admin"
	"github.com/vedetta/vedetta/store"
)

// cmdBackup is `vedetta backup -config FILE OUT`: a consistent copy of the database,
// written to OUT.tmp, synced, checked and only then renamed to OUT, so that OUT is always
// either the previous backup or a whole new one.
func cmdBackup(args []string, stdout, stderr io.Writer) error {
	cfg, _, rest, err := loadConfig("backup", args, stderr)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return errors.New("usage: vedetta backup -config FILE OUT")
	}
	out := rest[0]
	// A running bot holds bbolt's exclusive lock: then the copy comes from the bot itself,
	// over http.listen; otherwise from the file, opened read-only.
	backup := func(w io.Writer) (int64, error) {
		return backupOverHTTP(cfg.HTTP.Listen, os.Getenv(admin.EnvToken), w)
	}
	db, err := store.Open(cfg.Store.Path, store.Options{ReadOnly: true, LockTimeout: 200 * time.Millisecond})
	switch {
	case err == nil:
		defer db.Close()
		backup = db.Backup
	case !errors.Is(err, store.ErrLocked):
		return err
	case cfg.HTTP.Listen == "":
		return fmt.Errorf("%w; set http.listen so that backup can ask the running bot", err)
	}
	n, err := writeBackup(out, backup)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backed up %s to %s (%d bytes)\n", cfg.Store.Path, out, n)
	return nil
}

// writeBackup fills OUT.tmp with fill, syncs it to disk, checks that it is a whole
// database file (store.CheckFile: meta pages and length) and renames it to out, then syncs
// the directory so that the rename survives a crash (fsync(2), rename(2)). On any error
// OUT.tmp is removed and out is left as it was.
func writeBackup(out string, fill func(io.Writer) (int64, error)) (n int64, err error) {
	tmp := out + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	n, err = fill(f)
	if err == nil && n == 0 {
		err = errors.New("received an empty copy")
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, err
	}
	if err := store.CheckFile(tmp); err != nil {
		return n, fmt.Errorf("the copy is not a whole database: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return n, err
	}
	if d, err := os.Open(filepath.Dir(out)); err == nil {
		d.Sync()
		d.Close()
	}
	return n, nil
}
