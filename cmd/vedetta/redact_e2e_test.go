package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot/bottest"
)

// TestSourceSecretsNeverReachChatsOrLogs runs the real binary with a failing feed whose URL
// carries an API key (…/rss?apikey=SECRET) and one with a password in its userinfo: /sources
// in a group, /addsource's answers, the OPML export in a group and the whole log show them
// redacted; the export keeps the full URL only in an administrator's private chat.
func TestSourceSecretsNeverReachChatsOrLogs(t *testing.T) {
	const secret = "SECRETk3y0123"
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "upstream down", http.StatusBadGateway)
	}))
	defer failing.Close()
	tg := bottest.New(t, bottest.Options{})
	dir := t.TempDir()
	keyURL := failing.URL + "/rss?apikey=" + secret + "&lang=it"
	userURL := strings.Replace(failing.URL, "http://", "http://reader:"+secret+"@", 1) + "/private.xml"
	config := writeConfig(t, dir, tg.Endpoint(), keyURL)
	data, _ := os.ReadFile(config)
	cfg := strings.Replace(string(data), "  api_endpoint:", "  admins: [4242]\n  api_endpoint:", 1)
	cfg += "  - name: Members feed\n    url: " + userURL + "\n"
	os.WriteFile(config, []byte(cfg), 0o600)

	proc := start(t, config, tg.Token())
	proc.stderr.waitFor(t, "poll failed", 30*time.Second)
	proc.stderr.waitFor(t, "Members feed", 30*time.Second)

	group := bottest.Chat{ID: -1001, Type: "supergroup", Title: "Desk"}
	member := bottest.User{ID: 777, FirstName: "Member"}
	admin := bottest.User{ID: 4242, FirstName: "Admin"}
	tg.Say(group, member, "/start")
	tg.WaitMessages(t, group.ID, 1, 30*time.Second)
	// Wait until both sources have failed at least once, as /sources then shows.
	var sources string
	for attempt := 0; attempt < 20 && strings.Count(sources, "failing") < 2; attempt++ {
		n := len(tg.Messages(group.ID))
		tg.Say(group, member, "/sources")
		msgs := tg.WaitMessages(t, group.ID, n+1, 30*time.Second)
		sources = msgs[len(msgs)-1].Text
		if strings.Count(sources, "failing") < 2 {
			proc.stderr.waitFor(t, "next_attempt", 5*time.Second)
		}
	}
	if !strings.Contains(sources, "failing") || !strings.Contains(sources, "502") {
		t.Fatalf("/sources does not show the failure:\n%s", sources)
	}

	n := len(tg.Messages(group.ID))
	tg.Say(group, admin, "/addsource "+failing.URL+"/other.xml?token="+secret+" Test wire")
	msgs := tg.WaitMessages(t, group.ID, n+1, 30*time.Second)
	if !strings.Contains(msgs[len(msgs)-1].Text, "already a source called") {
		t.Errorf("/addsource answer = %q", msgs[len(msgs)-1].Text)
	}

	for _, m := range tg.Messages(group.ID) {
		if strings.Contains(m.Text, secret) || strings.Contains(m.HTML, secret) {
			t.Errorf("a group message shows the secret:\n%s", m.Text)
		}
	}
	if strings.Contains(sources, "REDACTED") || strings.Contains(sources, "http") {
		t.Errorf("the group's /sources shows a failure's own text, which is for administrators:\n%s", sources)
	}
	// The administrator's private chat reads the failure's own text too, redacted.
	private := bottest.Chat{ID: admin.ID, Type: "private"}
	tg.Say(private, admin, "/start")
	tg.WaitMessages(t, private.ID, 1, 30*time.Second)
	tg.Say(private, admin, "/sources")
	own := tg.WaitMessages(t, private.ID, 2, 30*time.Second)[1].Text
	if strings.Contains(own, secret) || !strings.Contains(own, "apikey=REDACTED") && !strings.Contains(own, "REDACTED@") {
		t.Errorf("the administrator's /sources shows no redacted URL (want the error to name the source):\n%s", own)
	}
	// The OPML export: redacted in the group, whole in the administrator's private chat.
	tg.Say(group, admin, "/exportsources")
	tg.Say(private, admin, "/exportsources")
	tg.WaitFor(t, 30*time.Second, func(s *bottest.Server) bool {
		return len(s.Documents(group.ID)) > 0 && len(s.Documents(private.ID)) > 0
	})
	if doc := string(tg.Documents(group.ID)[0].Data); strings.Contains(doc, secret) || !strings.Contains(doc, "apikey=REDACTED") {
		t.Errorf("the group's OPML export:\n%s", doc)
	}
	if doc := string(tg.Documents(private.ID)[0].Data); !strings.Contains(doc, "apikey="+secret) {
		t.Errorf("the administrator's private OPML export lacks the full URL:\n%s", doc)
	}

	if err, _ := proc.stop(t); err != nil {
		t.Fatalf("exit: %v", err)
	}
	if log := proc.stderr.String(); strings.Contains(log, secret) {
		t.Errorf("the log shows the secret:\n%s", log)
	}
}
