package main

import (
	"errors"
	"fmt"
	"io"
	"os"
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
		return admin.FetchBackup(cfg.HTTP.Listen, os.Getenv(admin.EnvToken), w)
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
	n, err := admin.WriteBackup(out, backup)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backed up %s to %s (%d bytes)\n", cfg.Store.Path, out, n)
	return nil
}
