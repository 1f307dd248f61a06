package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/admin"
	"github.com/vedetta/vedetta/bot/bottest"
)

// TestBackupOfABotListeningOnEveryInterface is the container setup: http.listen on
// 0.0.0.0 (docs/OPERATIONS.md, Docker) with VEDETTA_ADMIN_TOKEN set. The binary warns what
// is exposed, /backup refuses a request without the token, and `vedetta backup` with the
// token in its environment gets a whole copy.
func TestBackupOfABotListeningOnEveryInterface(t *testing.T) {
	const token = "e2e-admin-token-0123456789"
	t.Setenv(admin.EnvToken, token)
	tg := bottest.New(t, bottest.Options{})
	feed := newFeedServer(t)
	feed.publish("old-1", "NATO backlog item", "Already there.")
	dir := t.TempDir()
	_, port, _ := net.SplitHostPort(freeAddr(t))
	config := writeOpsConfig(t, dir, tg.Endpoint(), feed.URL, "0.0.0.0:"+port)
	proc := start(t, config, tg.Token())
	proc.stderr.waitFor(t, `"msg":"serving health and metrics"`, 30*time.Second)
	if log := proc.stderr.String(); !strings.Contains(log, "reachable from other hosts") || !strings.Contains(log, "any host presenting VEDETTA_ADMIN_TOKEN") {
		t.Errorf("no warning about the exposed listen in the log:\n%s", log)
	}
	chat := bottest.Chat{ID: 4242, Type: "private"}
	user := bottest.User{ID: 4242, FirstName: "Operator"}
	tg.Say(chat, user, "/start")
	tg.Say(chat, user, "/watch NATO")
	tg.WaitMessages(t, chat.ID, 2, 30*time.Second)
	feed.waitRequests(t, 2, 30*time.Second) // the first poll is recorded

	base := "http://127.0.0.1:" + port
	if code, body := get(t, base+"/backup"); code != http.StatusUnauthorized || len(body) > 1024 {
		t.Fatalf("/backup without the token = %d (%d bytes), want 401", code, len(body))
	}
	if code, _ := get(t, base+"/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz = %d", code)
	}

	t.Setenv(admin.EnvToken, "")
	var stdout, stderr bytes.Buffer
	if code := runMain(context.Background(), []string{"backup", "-config", config, filepath.Join(dir, "refused.db")}, nil, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "401") {
		t.Fatalf("backup without the token: exit %d, %s", code, stderr.String())
	}
	t.Setenv(admin.EnvToken, token)
	hot := filepath.Join(dir, "hot.db")
	backup(t, config, hot)
	checkBackup(t, hot)
	if strings.Contains(proc.stderr.String(), token) {
		t.Fatal("the admin token appears in the log")
	}
}
