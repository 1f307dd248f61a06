package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runConsole runs `vedetta run` without a token, types input on stdin and returns stdout
// once the binary exits at the end of stdin.
func runConsole(t *testing.T, allowPrivate bool, input string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := fmt.Sprintf(`telegram:
  token: ${TELEGRAM_BOT_TOKEN}
store:
  path: %s
fetch:
  timeout: 5s
  allow_private_networks: %v
digest:
  schedule: "0 8 * * *"
  timezone: Europe/Rome
http:
  listen: ""
`, filepath.Join(dir, "vedetta.db"), allowPrivate)
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary(t), "run", "-config", path)
	cmd.Env = append(os.Environ(), "TELEGRAM_BOT_TOKEN=", "VEDETTA_CONFIG=")
	cmd.Stdin = strings.NewReader(input)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("vedetta run (console) exited with %v at the end of stdin\nstdout:\n%s\nstderr:\n%s", err, &stdout, &stderr)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("vedetta run (console) did not exit at the end of stdin\nstdout:\n%s\nstderr:\n%s", &stdout, &stderr)
	}
	return stdout.String()
}

func TestConsoleModeThroughTheRealBinary(t *testing.T) {
	out := runConsole(t, false, "/watch NATO\n/list\n/help\n")
	for _, want := range []string{"Vedetta console", "✅ Watch 1: NATO", "1. NATO — digest", "Time zone: Europe/Rome", "Vedetta commands", "/watch QUERY"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<b>") {
		t.Errorf("HTML on the console:\n%s", out)
	}
}

func TestAddSourceRefusesLoopbackUnlessPrivateNetworksAreAllowed(t *testing.T) {
	feed := newFeedServer(t)
	feed.publish("1", "NATO allies meet", "Defence ministers.")
	input := "/addsource " + feed.URL + "/rss.xml Local wire\n/sources\n"
	out := runConsole(t, false, input)
	if !strings.Contains(out, "I can't add that source") || !strings.Contains(out, "not public") || strings.Contains(out, "Added Local wire") {
		t.Fatalf("a loopback feed was not refused without fetch.allow_private_networks:\n%s", out)
	}
	if n := feed.count(); n != 0 {
		t.Fatalf("the refused loopback feed was fetched %d times", n)
	}
	out = runConsole(t, true, input)
	if !strings.Contains(out, "Added Local wire (feed)") || !strings.Contains(out, "1. Local wire") {
		t.Fatalf("a loopback feed was refused with fetch.allow_private_networks:\n%s", out)
	}
}
