package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot/bottest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the real vedetta binary once per test run.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test builds the binary; skipped with -short")
	}
	if bin := os.Getenv("VEDETTA_BINARY"); bin != "" {
		return bin // a binary built elsewhere, e.g. an earlier commit's (docs/PERFORMANCE.md)
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vedetta-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "vedetta")
		// As contrib/Dockerfile builds it: static, so the figures of docs/PERFORMANCE.md are
		// those of the binary a user deploys, without the C library's pages.
		args := []string{"build", "-trimpath", "-ldflags=-s -w", "-o", binPath}
		if tags := os.Getenv("VEDETTA_BUILD_TAGS"); tags != "" {
			args = append(args, "-tags", tags) // pprof: docs/PERFORMANCE.md
		}
		cmd := exec.Command("go", append(args, ".")...)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// feedServer serves one RSS feed whose items a test can change, and counts requests.
type feedServer struct {
	*httptest.Server
	mu       sync.Mutex
	items    []string // <item> elements
	requests int
	changed  chan struct{} // closed and replaced on every request
}

func newFeedServer(t *testing.T) *feedServer {
	f := &feedServer{changed: make(chan struct{})}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		body := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test wire</title><link>http://example.org/</link>` +
			strings.Join(f.items, "") + `</channel></rss>`
		f.requests++
		close(f.changed)
		f.changed = make(chan struct{})
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *feedServer) publish(id, title, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items = append(f.items, fmt.Sprintf(`<item><guid>%s</guid><title>%s</title><link>http://example.org/%s</link><description>%s</description><pubDate>%s</pubDate></item>`,
		id, title, id, text, time.Now().UTC().Format(time.RFC1123Z)))
}

// waitRequests waits until the feed has been fetched n times in all.
func (f *feedServer) waitRequests(t *testing.T, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.After(timeout)
	for {
		f.mu.Lock()
		got, ch := f.requests, f.changed
		f.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("feed fetched %d times, want %d", got, n)
		}
	}
}

func (f *feedServer) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// process is a running vedetta binary.
type process struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan error
}

type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	changed chan struct{} // closed and replaced on every write
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.changed != nil {
		close(s.changed)
	}
	s.changed = make(chan struct{})
	return s.b.Write(p)
}

// waitFor waits until the output contains substr.
func (s *syncBuffer) waitFor(t *testing.T, substr string, timeout time.Duration) {
	t.Helper()
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		if s.changed == nil {
			s.changed = make(chan struct{})
		}
		found, ch := strings.Contains(s.b.String(), substr), s.changed
		s.mu.Unlock()
		if found {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("%q not in the output after %v:\n%s", substr, timeout, s.String())
		}
	}
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func writeConfig(t *testing.T, dir, endpoint, feedURL string) string {
	cfg := fmt.Sprintf(`telegram:
  token: ${TELEGRAM_BOT_TOKEN}
  api_endpoint: %s
store:
  path: %s
fetch:
  timeout: 5s
  default_schedule: "@every 1s"
  allow_private_networks: true
digest:
  schedule: "0 8 * * *"
  timezone: Europe/Rome
http:
  listen: ""
log:
  level: debug
sources:
  - name: Test wire
    url: %s
`, endpoint, filepath.Join(dir, "vedetta.db"), feedURL)
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func start(t *testing.T, config, token string) *process {
	t.Helper()
	cmd := exec.Command(binary(t), "run", "-config", config)
	cmd.Env = append(os.Environ(), "TELEGRAM_BOT_TOKEN="+token, "VEDETTA_CONFIG=")
	p := &process{cmd: cmd, stderr: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	cmd.Stdout = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.done
	})
	return p
}

// stop sends SIGTERM and returns the exit error and how long the exit took.
func (p *process) stop(t *testing.T) (error, time.Duration) {
	t.Helper()
	return p.signal(t, syscall.SIGTERM)
}

// signal sends sig and returns the exit error and how long the exit took.
func (p *process) signal(t *testing.T, sig os.Signal) (error, time.Duration) {
	t.Helper()
	start := time.Now()
	p.cmd.Process.Signal(sig)
	select {
	case err := <-p.done:
		p.done <- err
		return err, time.Since(start)
	case <-time.After(20 * time.Second):
		t.Fatalf("vedetta did not exit 20s after SIGTERM; log:\n%s", p.stderr)
		return nil, 0
	}
}

func TestEndToEndDigestThroughTheRealBinary(t *testing.T) {
	tg := bottest.New(t, bottest.Options{})
	feed := newFeedServer(t)
	feed.publish("old-1", "NATO backlog item from yesterday", "Already in the feed before the bot starts.")
	dir := t.TempDir()
	proc := start(t, writeConfig(t, dir, tg.Endpoint(), feed.URL), tg.Token())

	// The first poll records the backlog as seen.
	feed.waitRequests(t, 1, 30*time.Second)

	chat := bottest.Chat{ID: 4242, Type: "private"}
	user := bottest.User{ID: 4242, FirstName: "Analyst"}
	tg.Say(chat, user, "/start")
	tg.WaitMessages(t, chat.ID, 1, 30*time.Second)
	tg.Say(chat, user, "/watch NATO")
	msgs := tg.WaitMessages(t, chat.ID, 2, 30*time.Second)
	if !strings.Contains(msgs[1].Text, "Watch 1") {
		t.Fatalf("/watch answer = %q", msgs[1].Text)
	}

	feed.publish("new-1", "NATO allies meet in Brussels", "Defence ministers of the Alliance discuss Ukraine.")
	feed.publish("new-2", "Renato Zero announces a new tour", "The singer is back on stage; nato in Roma.")
	// Poll twice more: the second poll after publishing surely used the rebuilt index.
	seen := feed.count()
	feed.waitRequests(t, seen+2, 30*time.Second)

	var digest []bottest.Message
	for attempt := 0; attempt < 10 && digest == nil; attempt++ {
		before := len(tg.Messages(chat.ID))
		tg.Say(chat, user, "/digest")
		got := tg.WaitMessages(t, chat.ID, before+1, 30*time.Second)
		for _, m := range got[before:] {
			if strings.Contains(m.Text, "Vedetta digest") {
				digest = got[before:]
			}
		}
		if digest == nil {
			feed.waitRequests(t, feed.count()+1, 30*time.Second)
		}
	}
	if digest == nil {
		t.Fatalf("no digest arrived; messages: %+v\nlog:\n%s", tg.Messages(chat.ID), proc.stderr)
	}
	text := digest[0].Text
	if !strings.Contains(text, "NATO allies meet in Brussels") {
		t.Errorf("digest lacks the matching item:\n%s", text)
	}
	if strings.Contains(text, "Renato") || strings.Contains(text, "backlog") {
		t.Errorf("digest lists an item it must not:\n%s", text)
	}
	if digest[0].ParseMode != "HTML" {
		t.Errorf("digest parse mode = %q, want HTML", digest[0].ParseMode)
	}
	if v := tg.Violations(); len(v) > 0 {
		t.Errorf("the bot broke Telegram's rules: %v", v)
	}

	err, took := proc.stop(t)
	if err != nil {
		t.Fatalf("exit after SIGTERM: %v; log:\n%s", err, proc.stderr)
	}
	if took > 5*time.Second {
		t.Errorf("took %v to stop", took)
	}
	if strings.Contains(proc.stderr.String(), tg.Token()) {
		t.Fatal("the bot token appears in the log")
	}

	// A restart sends nothing again: the item was delivered once.
	before := len(tg.Messages(chat.ID))
	proc = start(t, writeConfig(t, dir, tg.Endpoint(), feed.URL), tg.Token())
	feed.waitRequests(t, feed.count()+2, 30*time.Second)
	tg.Say(chat, user, "/digest")
	got := tg.WaitMessages(t, chat.ID, before+1, 30*time.Second)
	if !strings.Contains(got[len(got)-1].Text, "Nothing new") {
		t.Fatalf("after restart /digest = %q, want nothing new", got[len(got)-1].Text)
	}
	// Ctrl-C stops it as cleanly as SIGTERM.
	if err, took := proc.signal(t, os.Interrupt); err != nil || took > 5*time.Second {
		t.Fatalf("after SIGINT: exit %v in %v; log:\n%s", err, took, proc.stderr)
	}
	if !strings.Contains(proc.stderr.String(), "stopped cleanly") {
		t.Fatalf("no clean stop logged:\n%s", proc.stderr)
	}
}

func TestTokenNeverLoggedWhenTelegramIsUnreachable(t *testing.T) {
	const token = "987654321:SecretTokenThatMustNotLeak_abcdefghij"
	feed := newFeedServer(t)
	dir := t.TempDir()
	// Port 1 on loopback refuses connections: the transport error carries the URL.
	proc := start(t, writeConfig(t, dir, "http://127.0.0.1:1/bot%s/%s", feed.URL), token)
	proc.stderr.waitFor(t, "telegram not reachable", 30*time.Second)
	err, _ := proc.stop(t)
	log := proc.stderr.String()
	if strings.Contains(log, token) || strings.Contains(log, "SecretTokenThatMustNotLeak") {
		t.Fatalf("token leaked:\n%s", log)
	}
	if !strings.Contains(log, "<token>") {
		t.Errorf("expected the redacted URL in the log:\n%s", log)
	}
	if err != nil {
		t.Errorf("stopping while connecting should exit 0, got %v", err)
	}
}
