package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/store"
)

// freeAddr returns a loopback address that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// writeOpsConfig is writeConfig with http.listen set and JSON logs.
func writeOpsConfig(t *testing.T, dir, endpoint, feedURL, listen string) string {
	t.Helper()
	path := writeConfig(t, dir, endpoint, feedURL)
	data, _ := os.ReadFile(path)
	cfg := strings.Replace(string(data), `listen: ""`, "listen: "+listen, 1)
	cfg = strings.Replace(cfg, "level: debug", "level: debug\n  format: json", 1)
	if cfg == string(data) {
		t.Fatal("writeConfig changed its layout; update writeOpsConfig")
	}
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func backup(t *testing.T, config, out string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := runMain(context.Background(), []string{"backup", "-config", config, out}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("vedetta backup: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// TestOperationsOfARunningBinary runs the real binary with http.listen and JSON logs and
// checks /healthz, /metrics (sources, 429s), `vedetta backup` while it runs and after it
// stopped, and that every log line is JSON.
func TestOperationsOfARunningBinary(t *testing.T) {
	tg := bottest.New(t, bottest.Options{})
	feed := newFeedServer(t)
	feed.publish("old-1", "NATO backlog item", "Already there.")
	dir := t.TempDir()
	listen := freeAddr(t)
	config := writeOpsConfig(t, dir, tg.Endpoint(), feed.URL, listen)
	proc := start(t, config, tg.Token())
	base := "http://" + listen

	proc.stderr.waitFor(t, `"msg":"connected to telegram"`, 30*time.Second)
	// The second fetch starts only after the first poll ended (polls of a source never
	// overlap), so its observation is in the metrics.
	feed.waitRequests(t, 2, 30*time.Second)

	if code, body := get(t, base+"/healthz"); code != http.StatusOK || strings.TrimSpace(body) != "ok" {
		t.Fatalf("/healthz = %d %q", code, body)
	}

	chat := bottest.Chat{ID: 4242, Type: "private"}
	user := bottest.User{ID: 4242, FirstName: "Operator"}
	tg.Say(chat, user, "/start")
	tg.WaitMessages(t, chat.ID, 1, 30*time.Second)
	tg.FloodNext(chat.ID, 1) // the next send gets 429 retry_after 1
	tg.Say(chat, user, "/watch NATO")
	tg.WaitMessages(t, chat.ID, 2, 30*time.Second)
	if v := tg.Violations(); len(v) > 0 {
		t.Fatalf("violations: %v", v)
	}

	code, body := get(t, base+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics = %d", code)
	}
	for _, want := range []string{
		`vedetta_source_last_success_timestamp_seconds{source="Test wire"}`,
		`vedetta_source_polls_total{result="ok",source="Test wire"}`,
		`vedetta_poll_duration_seconds_count{kind="feed"}`,
		`vedetta_telegram_sends_total{kind="reply",result="retry_after"} 1`,
		`vedetta_telegram_rate_limited_total 1`,
		`vedetta_scheduler_running 1`,
		`vedetta_healthy 1`,
		`vedetta_outbox_messages `,
		`vedetta_pending_matches `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	// Backup while the bot holds the file: over http.listen.
	hot := filepath.Join(dir, "hot.db")
	if out := backup(t, config, hot); !strings.Contains(out, "backed up") {
		t.Fatalf("backup said %q", out)
	}
	checkBackup(t, hot)

	if err, _ := proc.stop(t); err != nil {
		t.Fatalf("exit: %v\n%s", err, proc.stderr)
	}
	// Backup of the stopped bot's file, read directly.
	cold := filepath.Join(dir, "cold.db")
	backup(t, config, cold)
	checkBackup(t, cold)

	// log.format json: every line is a JSON object with the standard keys.
	for line := range strings.SplitSeq(strings.TrimSpace(proc.stderr.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["time"] == nil || rec["level"] == nil || rec["msg"] == nil {
			t.Fatalf("log line lacks time/level/msg: %q", line)
		}
	}
}

// checkBackup opens a backup as a database and finds the chat and the source's state.
func checkBackup(t *testing.T, path string) {
	t.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("backup %s does not open: %v", path, err)
	}
	defer db.Close()
	c, err := db.Chat(4242)
	if err != nil || len(c.Watches) != 1 || c.Watches[0].Query != "NATO" {
		t.Fatalf("chat in backup = %+v, %v", c, err)
	}
	if st, err := db.SourceState("Test wire"); err != nil || !st.Primed {
		t.Fatalf("source state in backup = %+v, %v", st, err)
	}
}
