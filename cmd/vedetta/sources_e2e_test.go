package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot/bottest"
)

// fakeX answers the two X API v2 calls an x_user source makes: the username lookup and the
// user's posts (https://docs.x.com/x-api/posts/timelines). It checks the bearer token.
type fakeX struct {
	*httptest.Server
	mu     sync.Mutex
	posts  []map[string]string // newest first
	polled chan struct{}
}

func newFakeX(t *testing.T, token string) *fakeX {
	f := &fakeX{polled: make(chan struct{}, 100)}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`)
			return
		}
		switch {
		case r.URL.Path == "/2/users/by/username/NATO":
			fmt.Fprint(w, `{"data":{"id":"83795099","name":"NATO","username":"NATO"}}`)
		case r.URL.Path == "/2/users/83795099/tweets":
			f.mu.Lock()
			data, _ := json.Marshal(f.posts)
			newest := ""
			if len(f.posts) > 0 {
				newest = f.posts[0]["id"]
			}
			f.mu.Unlock()
			fmt.Fprintf(w, `{"data":%s,"meta":{"result_count":%d,"newest_id":%q}}`, data, strings.Count(string(data), `"id"`), newest)
			select {
			case f.polled <- struct{}{}:
			default:
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeX) publish(id, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.posts = append([]map[string]string{{"id": id, "text": text, "edit_history_tweet_ids": id}}, f.posts...)
}

// fakeChannel serves a public channel preview page like t.me/s/NAME.
type fakeChannel struct {
	*httptest.Server
	mu     sync.Mutex
	posts  []string // message HTML, oldest first
	polled chan struct{}
}

func newFakeChannel(t *testing.T, name string) *fakeChannel {
	f := &fakeChannel{polled: make(chan struct{}, 100)}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/s/"+name {
			http.NotFound(w, r)
			return
		}
		f.mu.Lock()
		body := `<!DOCTYPE html><html><body><main><section class="tgme_channel_history js-message_history">` + strings.Join(f.posts, "") + `</section></main></body></html>`
		f.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
		select {
		case f.polled <- struct{}{}:
		default:
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeChannel) publish(channel string, id int, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.posts = append(f.posts, fmt.Sprintf(`<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="%s/%d">`+
		`<div class="tgme_widget_message_bubble"><div class="tgme_widget_message_text js-message_text" dir="auto">%s</div>`+
		`<div class="tgme_widget_message_footer"><a class="tgme_widget_message_date" href="https://t.me/%s/%d"><time datetime="%s" class="time">10:00</time></a></div>`+
		`</div></div></div>`, channel, id, text, channel, id, time.Now().UTC().Format(time.RFC3339)))
}

func waitPolls(t *testing.T, ch chan struct{}, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		select {
		case <-ch:
		case <-time.After(30 * time.Second):
			t.Fatalf("source polled %d times, want %d", i, n)
		}
	}
}

func drainPolls(ch chan struct{}) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

func TestEndToEndXAndTelegramChannelSources(t *testing.T) {
	const xToken = "x-bearer-secret-for-tests"
	tg := bottest.New(t, bottest.Options{})
	x := newFakeX(t, xToken)
	ch := newFakeChannel(t, "V_Zelenskiy_official")
	x.publish("1000", "Old post from before the bot started: NATO and Zelensky")
	ch.publish("V_Zelenskiy_official", 500, "Old post: Зеленський")

	dir := t.TempDir()
	cfg := fmt.Sprintf(`telegram:
  token: ${TELEGRAM_BOT_TOKEN}
  api_endpoint: %s
store:
  path: %s
fetch:
  default_schedule: "@every 1s"
  allow_private_networks: true
x:
  bearer_token: ${X_BEARER_TOKEN}
  api_base: %s/2
telegram_web:
  base_url: %s
http:
  listen: ""
sources:
  - name: NATO on X
    x_user: NATO
  - name: Zelensky on Telegram
    telegram_channel: V_Zelenskiy_official
`, tg.Endpoint(), filepath.Join(dir, "v.db"), x.URL, ch.URL)
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("X_BEARER_TOKEN", xToken)
	proc := start(t, path, tg.Token())
	// The first polls record what is already there.
	waitPolls(t, x.polled, 1)
	waitPolls(t, ch.polled, 1)

	chat := bottest.Chat{ID: 777, Type: "private"}
	user := bottest.User{ID: 777, FirstName: "Desk"}
	tg.Say(chat, user, "/alert Zelensky")
	tg.WaitMessages(t, chat.ID, 1, 30*time.Second)

	x.publish("1001", "Secretary General meets President Zelenskyy in Brussels")
	x.publish("1002", "Renato sings at the NATO gala") // no Zelensky: not for this chat
	ch.publish("V_Zelenskiy_official", 501, "Зеленський: провів зустріч з<br/>генсеком НАТО")
	// Two more polls of each: the second surely ran with the rebuilt index.
	drainPolls(x.polled)
	drainPolls(ch.polled)
	waitPolls(t, x.polled, 2)
	waitPolls(t, ch.polled, 2)

	var fromX, fromChannel bool
	tg.WaitFor(t, 30*time.Second, func(s *bottest.Server) bool {
		fromX, fromChannel = false, false
		for _, m := range s.Messages(chat.ID) {
			fromX = fromX || strings.Contains(m.Text, "meets President Zelenskyy")
			fromChannel = fromChannel || strings.Contains(m.Text, "Зеленський: провів зустріч")
		}
		return fromX && fromChannel
	})
	for _, m := range tg.Messages(chat.ID) {
		if strings.Contains(m.Text, "Old post") || strings.Contains(m.Text, "Renato") {
			t.Errorf("sent an item it must not: %q", m.Text)
		}
		if strings.Contains(m.Text, "meets President") && !strings.Contains(m.HTML, "https://x.com/NATO/status/1001") {
			t.Errorf("X alert does not link to the post: %s", m.HTML)
		}
		if strings.Contains(m.Text, "провів зустріч") && !strings.Contains(m.HTML, "https://t.me/V_Zelenskiy_official/501") {
			t.Errorf("channel alert does not link to the post: %s", m.HTML)
		}
	}
	if err, _ := proc.stop(t); err != nil {
		t.Fatalf("exit: %v", err)
	}
	if log := proc.stderr.String(); strings.Contains(log, xToken) || strings.Contains(log, tg.Token()) {
		t.Fatal("a token appears in the log")
	}
}
