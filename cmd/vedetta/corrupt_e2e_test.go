package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
)

// TestDamagedDatabaseExitsWithAClearError runs the real binary on a truncated and on a
// byte-garbled copy of a database: each `run` and `backup` exits 1 with the restore hint,
// never with a SIGBUS or a panic trace (bbolt maps the file into memory).
func TestDamagedDatabaseExitsWithAClearError(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	db, err := store.Open(good, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var items []watch.Item
	for i := range 3000 {
		items = append(items, watch.Item{ID: fmt.Sprintf("it-%d", i), Source: "Test wire", Title: fmt.Sprintf("NATO item %d", i), Text: strings.Repeat("Leaders met in Rome. ", 20)})
	}
	if _, err := db.RecordPoll("Test wire", watch.State{}, items, nil); err != nil {
		t.Fatal(err)
	}
	db.Close()
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	garbled := append([]byte(nil), data...)
	for off := 2 * page; off+16 <= len(garbled); off += page {
		copy(garbled[off:], "\xde\xad\xbe\xef garbage bytes")
	}

	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"truncated", data[:len(data)/3]},
		{"byte-garbled", garbled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cdir := t.TempDir()
			config := writeConfig(t, cdir, "http://127.0.0.1:1/bot%s/%s", "http://127.0.0.1:1/rss")
			if err := os.WriteFile(filepath.Join(cdir, "vedetta.db"), tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"run", "-config", config}, {"backup", "-config", config, filepath.Join(cdir, "out.db")}} {
				ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
				cmd := exec.CommandContext(ctx, bin, args...)
				cmd.Env = append(os.Environ(), "TELEGRAM_BOT_TOKEN=", "VEDETTA_CONFIG=")
				out, err := cmd.CombinedOutput()
				cancel()
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.ExitCode() != 1 {
					t.Fatalf("vedetta %s: %v, want exit 1\n%s", args[0], err, out)
				}
				for _, bad := range []string{"panic", "SIGBUS", "SIGSEGV", "goroutine ", "fatal error"} {
					if strings.Contains(string(out), bad) {
						t.Fatalf("vedetta %s crashed (%q):\n%s", args[0], bad, out)
					}
				}
				if !strings.Contains(string(out), "database file is corrupt or truncated: restore from backup") {
					t.Fatalf("vedetta %s did not say the file is damaged:\n%s", args[0], out)
				}
			}
		})
	}
}
