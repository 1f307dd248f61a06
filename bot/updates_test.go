package bot_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch/match"
)

// gate stands between the bot and the fake Bot API: it forwards every call, except the
// getUpdates calls a test scripts (an error, a dropped connection, a replayed answer), and
// records when each getUpdates arrived and with which offset.
type gate struct {
	tg *bottest.Server
	ts *httptest.Server

	mu      sync.Mutex
	script  []func(w http.ResponseWriter, r *http.Request)
	arrived []time.Time
	offsets []string
	last    []byte // the last non-empty getUpdates answer of the fake
	changed chan struct{}
}

func newGate(t *testing.T, tg *bottest.Server) *gate {
	g := &gate{tg: tg, changed: make(chan struct{})}
	g.ts = httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(g.ts.Close)
	return g
}

func (g *gate) endpoint() string { return g.ts.URL + "/bot%s/%s" }

func (g *gate) serve(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/getUpdates") {
		g.forward(w, r, false)
		return
	}
	r.ParseForm()
	g.mu.Lock()
	g.arrived = append(g.arrived, time.Now())
	g.offsets = append(g.offsets, r.Form.Get("offset"))
	var step func(http.ResponseWriter, *http.Request)
	if len(g.script) > 0 {
		step, g.script = g.script[0], g.script[1:]
	}
	close(g.changed)
	g.changed = make(chan struct{})
	g.mu.Unlock()
	if step != nil {
		step(w, r)
		return
	}
	g.forward(w, r, true)
}

// forward passes the call to the fake, with the form already parsed.
func (g *gate) forward(w http.ResponseWriter, r *http.Request, record bool) {
	r.ParseForm()
	req, err := http.NewRequestWithContext(r.Context(), r.Method, g.tg.URL()+r.URL.Path, strings.NewReader(r.Form.Encode()))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if record && resp.StatusCode == http.StatusOK && !strings.Contains(string(body), `"result":[]`) {
		g.mu.Lock()
		g.last = body
		g.mu.Unlock()
	}
	w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
	w.WriteHeader(resp.StatusCode)
	w.Write(body)
}

// then scripts the next getUpdates answers.
func (g *gate) then(steps ...func(http.ResponseWriter, *http.Request)) {
	g.mu.Lock()
	g.script = append(g.script, steps...)
	g.mu.Unlock()
}

// waitCalls waits until n getUpdates calls arrived and returns their arrival times.
func (g *gate) waitCalls(t *testing.T, n int) []time.Time {
	t.Helper()
	deadline := time.After(wait)
	for {
		g.mu.Lock()
		got, ch := append([]time.Time(nil), g.arrived...), g.changed
		g.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("%d getUpdates calls, want %d", len(got), n)
		}
	}
}

func apiError(code int, desc, params string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		if params != "" {
			params = `,"parameters":` + params
		}
		fmt.Fprintf(w, `{"ok":false,"error_code":%d,"description":%q%s}`, code, desc, params)
	}
}

// hangUp drops the connection: a network error for the bot.
func hangUp(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

// proxyError is what a reverse proxy in front of the Bot API answers: HTML, not JSON.
func proxyError(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusBadGateway)
	io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
}

// running is a bot started by runBot.
type running struct {
	bot    *bot.Bot
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
	err    error
}

// result waits for Run to return (at most wait) and returns its error.
func (r *running) result(t *testing.T) error {
	t.Helper()
	r.once.Do(func() {
		select {
		case r.err = <-r.done:
		case <-time.After(wait):
			r.err = errors.New("Run did not return")
			t.Error(r.err)
		}
	})
	return r.err
}

// runBot starts a bot on endpoint; it is stopped when the test ends.
func runBot(t *testing.T, tg *bottest.Server, endpoint string, edit func(*bot.Options)) *running {
	t.Helper()
	opts := bot.Options{
		Token: tg.Token(), Endpoint: endpoint, DB: storetest.Open(t, nil), Catalogue: match.Builtin(),
		DigestSchedule: "off", Timezone: "Europe/Rome", Limits: fastBot,
	}
	if edit != nil {
		edit(&opts)
	}
	b, err := bot.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{bot: b, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		r.result(t)
	})
	return r
}

func TestUpdateLoopStopsOnAnUnauthorizedToken(t *testing.T) {
	t.Run("at start-up", func(t *testing.T) {
		tg := bottest.New(t, bottest.Options{Limits: fastTelegram})
		err := runBot(t, tg, tg.Endpoint(), func(o *bot.Options) { o.Token = "1:WrongTokenThatMustNotShowUp" }).result(t)
		if !errors.Is(err, bot.ErrUnauthorized) || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
			t.Fatalf("Run = %v, want ErrUnauthorized naming TELEGRAM_BOT_TOKEN", err)
		}
		if strings.Contains(err.Error(), "WrongTokenThatMustNotShowUp") {
			t.Fatalf("the token is in the error: %v", err)
		}
	})
	t.Run("revoked while polling", func(t *testing.T) {
		tg := bottest.New(t, bottest.Options{Limits: fastTelegram})
		g := newGate(t, tg)
		g.then(apiError(http.StatusUnauthorized, "Unauthorized", ""))
		err := runBot(t, tg, g.endpoint(), nil).result(t)
		if !errors.Is(err, bot.ErrUnauthorized) || !strings.Contains(err.Error(), "401") {
			t.Fatalf("Run = %v, want ErrUnauthorized with the 401", err)
		}
		if n := len(g.waitCalls(t, 1)); n != 1 {
			t.Fatalf("%d getUpdates after a 401, want 1: a bad token must not be retried", n)
		}
	})
}

func TestUpdateLoopStopsWhenAnotherInstancePolls(t *testing.T) {
	tg := bottest.New(t, bottest.Options{Limits: fastTelegram})
	r := runBot(t, tg, tg.Endpoint(), nil)
	tg.WaitFor(t, wait, func(s *bottest.Server) bool { return s.Polling() })
	// A second instance with the same token: its getUpdates ends ours with 409.
	resp, err := http.PostForm(fmt.Sprintf("%s/bot%s/getUpdates", tg.URL(), tg.Token()), url.Values{"timeout": {"0"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	err = r.result(t)
	if !errors.Is(err, bot.ErrConflict) || !strings.Contains(err.Error(), "another vedetta") {
		t.Fatalf("Run = %v, want ErrConflict", err)
	}
	if n := len(tg.Requests("getUpdates")); n != 2 {
		t.Fatalf("%d getUpdates in all, want 2 (the bot's and the other instance's): the bot must not fight over the token", n)
	}
}

func TestUpdateLoopHonoursRetryAfter(t *testing.T) {
	defer bot.SetPollBackoff(10*time.Millisecond, 50*time.Millisecond)()
	tg := bottest.New(t, bottest.Options{Limits: fastTelegram})
	g := newGate(t, tg)
	g.then(apiError(http.StatusTooManyRequests, "Too Many Requests: retry after 1", `{"retry_after":1}`))
	runBot(t, tg, g.endpoint(), nil)
	at := g.waitCalls(t, 2)
	if gap := at[1].Sub(at[0]); gap < time.Second {
		t.Fatalf("getUpdates again %v after a 429 with retry_after 1 (the back-off is 10ms)", gap)
	}
	tg.Say(private, alice, "/start")
	tg.WaitMessages(t, private.ID, 1, wait)
}

func TestUpdateLoopBacksOffOnNetworkErrors(t *testing.T) {
	const first = 30 * time.Millisecond
	defer bot.SetPollBackoff(first, time.Second)()
	tg := bottest.New(t, bottest.Options{Limits: fastTelegram})
	g := newGate(t, tg)
	g.then(hangUp, proxyError, hangUp, apiError(http.StatusInternalServerError, "Internal Server Error", ""))
	r := runBot(t, tg, g.endpoint(), nil)
	at := g.waitCalls(t, 5)
	for i, want := 0, first; i < 4; i, want = i+1, want*2 {
		if gap := at[i+1].Sub(at[i]); gap < want {
			t.Errorf("retry %d came after %v, want at least %v (exponential back-off)", i+1, gap, want)
		}
	}
	// It recovered: commands are answered.
	tg.Say(private, alice, "/start")
	tg.WaitMessages(t, private.ID, 1, wait)
	select {
	case err := <-r.done:
		t.Fatalf("Run stopped on transient errors: %v", err)
	default:
	}
}

func TestUpdateLoopSkipsRedeliveredUpdates(t *testing.T) {
	tg := bottest.New(t, bottest.Options{Limits: fastTelegram})
	g := newGate(t, tg)
	tg.Say(private, alice, "/watch NATO")
	// The second getUpdates gets the first answer again, as after a lost confirmation.
	g.then(nil, func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		body := g.last
		g.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
	runBot(t, tg, g.endpoint(), nil)
	tg.WaitMessages(t, private.ID, 1, wait)
	g.waitCalls(t, 3)
	tg.Say(private, alice, "/list")
	msgs := tg.WaitMessages(t, private.ID, 2, wait)
	if !strings.Contains(msgs[0].Text, "Watch 1") || !strings.Contains(msgs[1].Text, "1. NATO") {
		t.Fatalf("answers = %q, %q", msgs[0].Text, msgs[1].Text)
	}
	if len(msgs) != 2 || strings.Contains(msgs[1].Text, "2. NATO") {
		t.Fatalf("the replayed update was handled again: %d messages, last %q", len(msgs), msgs[len(msgs)-1].Text)
	}
}

func TestUpdateLoopCancelsTheLongPoll(t *testing.T) {
	tg := bottest.New(t, bottest.Options{Limits: fastTelegram})
	r := runBot(t, tg, tg.Endpoint(), nil)
	tg.Say(private, alice, "/start")
	tg.WaitMessages(t, private.ID, 1, wait)
	tg.WaitFor(t, wait, func(s *bottest.Server) bool { return s.Polling() })
	r.cancel() // the long poll (50 s) is in flight
	// result waits 10 s, far below the 50 s long poll: Run returned because the poll was
	// cancelled, not because it timed out.
	if err := r.result(t); err != nil {
		t.Fatalf("Run after cancel = %v, want nil", err)
	}
	if n := tg.Pending(); n != 0 {
		t.Fatalf("%d handled updates left unconfirmed", n)
	}
	if v := tg.Violations(); len(v) > 0 {
		t.Fatalf("violations: %v", v)
	}
}

func TestUpdateLoopConfirmsWhatItHandledWhenStopping(t *testing.T) {
	defer bot.SetPollBackoff(time.Minute, time.Minute)()
	tg := bottest.New(t, bottest.Options{Limits: fastTelegram})
	g := newGate(t, tg)
	// The getUpdates that would confirm /start fails before reaching Telegram; the bot then
	// waits a minute, and is stopped meanwhile.
	g.then(nil, proxyError)
	tg.Say(private, alice, "/start")
	failed := make(chan struct{})
	var once sync.Once
	r := runBot(t, tg, g.endpoint(), func(o *bot.Options) {
		o.Log = slog.New(notify{"get updates failed, retrying", func() { once.Do(func() { close(failed) }) }})
	})
	tg.WaitMessages(t, private.ID, 1, wait)
	select {
	case <-failed: // the bot waits out its back-off
	case <-time.After(wait):
		t.Fatal("the failed getUpdates was not reported")
	}
	r.cancel()
	if err := r.result(t); err != nil {
		t.Fatalf("Run after cancel = %v, want nil", err)
	}
	if n := tg.Pending(); n != 0 {
		t.Fatalf("%d handled updates left unconfirmed: a restart would run them again", n)
	}
	if v := tg.Violations(); len(v) > 0 {
		t.Fatalf("violations: %v", v)
	}
}

// notify is a slog handler that calls fn when a record with message msg is logged.
type notify struct {
	msg string
	fn  func()
}

func (n notify) Enabled(context.Context, slog.Level) bool { return true }
func (n notify) Handle(_ context.Context, r slog.Record) error {
	if r.Message == n.msg {
		n.fn()
	}
	return nil
}
func (n notify) WithAttrs([]slog.Attr) slog.Handler { return n }
func (n notify) WithGroup(string) slog.Handler      { return n }
