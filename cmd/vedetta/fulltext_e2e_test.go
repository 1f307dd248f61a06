package main

import (
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

// newsSite serves article pages of its own making and a robots.txt, and records the paths
// asked for.
type newsSite struct {
	*httptest.Server
	mu    sync.Mutex
	asked []string
}

func newNewsSite(t *testing.T) *newsSite {
	t.Helper()
	page := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "..", "watch", "article", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	body, sidebar := page("it_body_mention.html"), page("en_sidebar_only.html")
	s := &newsSite{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.asked = append(s.asked, r.URL.Path)
		s.mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /riservato/\n")
		case "/esteri/difesa-garanzie-kiev":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(body)
		case "/world/nordic-fund":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(sidebar)
		case "/esteri/lento":
			<-r.Context().Done() // never answers: the fetcher's timeout gives up
		default: // /riservato/… must never be asked for
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *newsSite) wasAsked(path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.asked {
		if p == path {
			return true
		}
	}
	return false
}

// publishLinked adds an item whose link is given, to a page of the news site.
func (f *feedServer) publishLinked(id, title, text, link string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items = append(f.items, fmt.Sprintf(`<item><guid>%s</guid><title>%s</title><link>%s</link><description>%s</description><pubDate>%s</pubDate></item>`,
		id, title, link, text, time.Now().UTC().Format(time.RFC1123Z)))
}

// TestEndToEndFullTextAlertsOnTheArticleBody runs the binary with a thin feed (a title and
// a line per item) whose articles are pages of a local site: an item whose article names
// Zelensky only in its fifth paragraph is alerted, one whose page names him only in the
// navigation, a "read also" list, the cookie banner, the comments and the footer is not, and
// an item whose page robots.txt disallows or never answers is still matched on its feed text.
func TestEndToEndFullTextAlertsOnTheArticleBody(t *testing.T) {
	tg := bottest.New(t, bottest.Options{})
	feed := newFeedServer(t)
	site := newNewsSite(t)
	feed.publish("old-1", "Backlog", "Already in the feed before the bot starts.")
	dir := t.TempDir()
	cfg := fmt.Sprintf(`telegram:
  token: ${TELEGRAM_BOT_TOKEN}
  api_endpoint: %s
store:
  path: %s
fetch:
  timeout: 2s
  default_schedule: "@every 1s"
  allow_private_networks: true
http:
  listen: ""
log:
  level: debug
sources:
  - name: Notizie Vedetta
    url: %s
    full_text: auto
`, tg.Endpoint(), filepath.Join(dir, "vedetta.db"), feed.URL)
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	proc := start(t, path, tg.Token())
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log:\n%s", proc.stderr)
		}
	})
	feed.waitRequests(t, 1, 30*time.Second) // the priming poll: the backlog is seen, no pages read

	chat := bottest.Chat{ID: 5151, Type: "private"}
	user := bottest.User{ID: 5151, FirstName: "Analyst"}
	tg.Say(chat, user, "/start")
	tg.WaitMessages(t, chat.ID, 1, 30*time.Second)
	tg.Say(chat, user, "/alert Zelensky")
	if msgs := tg.WaitMessages(t, chat.ID, 2, 30*time.Second); !strings.Contains(msgs[1].Text, "Watch 1") {
		t.Fatalf("/alert answered %q", msgs[1].Text)
	}
	feed.waitRequests(t, feed.count()+2, 30*time.Second) // polled with the new watch in the index

	feed.publishLinked("body", "Difesa, i capi di stato maggiore discutono le garanzie per Kiev",
		"Riunione a Bruxelles sulle garanzie di sicurezza.", site.URL+"/esteri/difesa-garanzie-kiev")
	feed.publishLinked("sidebar", "Nordic countries agree on a new defence fund",
		"Ministers met in Oslo.", site.URL+"/world/nordic-fund")
	feed.publishLinked("robots", "Zelensky a Bruxelles", "Il presidente ucraino incontra gli alleati.", site.URL+"/riservato/zelensky")
	feed.publishLinked("slow", "Zelensky parla al Parlamento europeo", "Un discorso di venti minuti.", site.URL+"/esteri/lento")

	// All four items come in one poll, so the alerts of that poll say everything.
	want := []string{"Difesa, i capi di stato maggiore", "Zelensky a Bruxelles", "Zelensky parla al Parlamento europeo"}
	var all, allHTML string
	tg.WaitFor(t, 60*time.Second, func(s *bottest.Server) bool {
		all, allHTML = "", ""
		for _, m := range s.Messages(chat.ID) {
			all += m.Text + "\n"
			allHTML += m.HTML + "\n"
		}
		for _, w := range want {
			if !strings.Contains(all, w) {
				return false
			}
		}
		return true
	})
	if !strings.Contains(allHTML, "Volodymyr <b>Zelensky</b> ha ringraziato gli alleati") {
		t.Errorf("the body-only mention's alert does not show the article sentence with the name in bold:\n%s", allHTML)
	}
	if strings.Contains(all, "Nordic") {
		t.Errorf("a name only in the page's sidebar, lists, banner, comments and footer fired an alert:\n%s", all)
	}
	if site.wasAsked("/riservato/zelensky") {
		t.Error("a page robots.txt disallows was fetched")
	}

	tg.Say(chat, user, "/sources")
	var sources string
	tg.WaitFor(t, 30*time.Second, func(s *bottest.Server) bool {
		for _, m := range s.Messages(chat.ID) {
			if strings.Contains(m.Text, "Sources (1)") {
				sources = m.Text
				return true
			}
		}
		return false
	})
	if !strings.Contains(sources, "full text: auto · 2 read, 1 failed, 1 disallowed by robots.txt") {
		t.Errorf("/sources does not count the articles:\n%s", sources)
	}
	if v := tg.Violations(); len(v) > 0 {
		t.Errorf("the bot broke Telegram's rules: %v", v)
	}
	if err, _ := proc.stop(t); err != nil {
		t.Fatalf("exit after SIGTERM: %v; log:\n%s", err, proc.stderr)
	}
}
