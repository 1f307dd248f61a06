package admin

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"

	"github.com/vedetta/vedetta/metrics"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/poll"
)

// scrape serves mux and returns the status and body of path.
func scrape(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestMetricsExposeSourcesMatchesSendsAndQueues(t *testing.T) {
	db := storetest.Open(t, nil)
	db.UpdateChat(7, true, func(c *store.Chat) error {
		c.Watches = []store.Watch{{ID: 1, Query: "NATO"}, {ID: 2, Query: "Zelensky", Alert: true}}
		return nil
	})
	it := watch.Item{ID: "a", Source: "ANSA", Title: "NATO"}
	db.RecordPoll("ANSA", watch.State{}, []watch.Item{it}, []store.Hit{{ChatID: 7, Item: it, WatchIDs: []int{1}}})
	db.Enqueue(store.Message{ChatID: 7, HTML: "x", Kind: "digest", Created: time.Now().Add(-90 * time.Second)})

	m := metrics.New(db, "test")
	ansa := watch.Source{Name: "ANSA", Kind: watch.KindFeed}
	success := time.Unix(1_800_000_000, 0)
	m.Observe(poll.Observation{Source: ansa, State: watch.State{LastSuccess: success}, Took: 300 * time.Millisecond, Items: 12, New: 3, Matched: 1})
	m.Observe(poll.Observation{Source: ansa, State: watch.State{LastSuccess: success, Failures: 1}, Err: errors.New("503"), Took: 2 * time.Second})
	m.Matched(7, 1, false)
	m.Matched(7, 2, true)
	m.Matched(7, 99, false) // a watch deleted meanwhile
	m.Sent("digest", "ok", 40*time.Millisecond)
	m.Sent("digest", "retry_after", 20*time.Millisecond)
	m.Sent("alert", "gone", 10*time.Millisecond)
	h := &Health{DB: db, Scheduler: func() bool { return true }, Now: time.Now}
	m.AddLiveness(h.Liveness())

	code, body := scrape(t, newMux(db, h, m, quiet()), "/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d\n%s", code, body)
	}
	for _, want := range []string{
		`vedetta_source_last_success_timestamp_seconds{source="ANSA"} 1.8e+09`,
		`vedetta_source_polls_total{result="ok",source="ANSA"} 1`,
		`vedetta_source_polls_total{result="error",source="ANSA"} 1`,
		`vedetta_source_consecutive_failures{source="ANSA"} 1`,
		`vedetta_source_items_total{source="ANSA"} 12`,
		`vedetta_source_new_items_total{source="ANSA"} 3`,
		`vedetta_source_matched_items_total{source="ANSA"} 1`,
		`vedetta_poll_duration_seconds_count{kind="feed"} 2`,
		`vedetta_poll_duration_seconds_bucket{kind="feed",le="0.5"} 1`,
		`vedetta_watch_matches_total{delivery="digest",watch="NATO"} 1`,
		`vedetta_watch_matches_total{delivery="alert",watch="Zelensky"} 1`,
		`vedetta_watch_matches_total{delivery="digest",watch="other"} 1`,
		`vedetta_telegram_sends_total{kind="digest",result="ok"} 1`,
		`vedetta_telegram_sends_total{kind="digest",result="retry_after"} 1`,
		`vedetta_telegram_sends_total{kind="alert",result="gone"} 1`,
		`vedetta_telegram_send_duration_seconds_count{kind="digest"} 2`,
		`vedetta_telegram_rate_limited_total 1`,
		`vedetta_pending_matches 1`,
		`vedetta_outbox_messages 1`,
		`vedetta_scheduler_running 1`,
		`vedetta_healthy 1`,
		`vedetta_build_info{version="test"} 1`,
		`go_goroutines `,
	} {
		if !strings.Contains(body, want+"\n") && !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if age := metricValue(t, body, "vedetta_outbox_oldest_age_seconds"); age < 90 || age > 3600 {
		t.Errorf("outbox age = %v s, want about 90", age)
	}
	if size := metricValue(t, body, "vedetta_database_size_bytes"); size < 16<<10 {
		t.Errorf("database size = %v bytes", size)
	}
	if t.Failed() {
		t.Log(body)
	}
}

// metricValue is the value of an unlabelled sample in a text exposition.
func metricValue(t *testing.T, body, name string) float64 {
	t.Helper()
	for line := range strings.SplitSeq(body, "\n") {
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			var v float64
			fmt.Sscan(rest, &v)
			return v
		}
	}
	t.Fatalf("%s not exposed", name)
	return 0
}

func TestMetricNamesFollowPrometheusConventions(t *testing.T) {
	db := storetest.Open(t, nil)
	m := metrics.New(db, "test")
	// Touch every vector so that each family is exposed.
	m.Observe(poll.Observation{Source: watch.Source{Name: "ANSA", Kind: watch.KindFeed}, State: watch.State{LastSuccess: time.Now()}})
	m.Sent("digest", "ok", time.Millisecond)
	m.Matched(1, 1, false)
	m.AddLiveness((&Health{DB: db, Scheduler: func() bool { return true }, Telegram: true, LastContact: time.Now, Now: time.Now}).Liveness())
	code, body := scrape(t, newMux(db, nil, m, quiet()), "/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics = %d", code)
	}
	// The page as served, per-source series included, through the linter's own parser.
	problems, err := promlint.New(strings.NewReader(body)).Lint()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", p.Metric, p.Text)
	}
	n := 0
	for line := range strings.SplitSeq(body, "\n") {
		if strings.HasPrefix(line, "# TYPE vedetta_") {
			n++
		}
	}
	if n < 18 {
		t.Errorf("%d vedetta_ families, want every one exposed", n)
	}
}

func TestHealthzSaysWhyItIsUnhealthy(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	open := storetest.Open(t, nil)
	closed, err := store.Open(t.TempDir()+"/closed.db", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	running := func() bool { return true }
	stopped := func() bool { return false }
	at := func(d time.Duration) func() time.Time { return func() time.Time { return now.Add(-d) } }
	never := func() time.Time { return time.Time{} }
	for _, tc := range []struct {
		name string
		h    Health
		code int
		want string
	}{
		{"bot connected and polling is healthy", Health{DB: open, Scheduler: running, Telegram: true, LastContact: at(time.Minute)}, 200, "ok"},
		{"console mode has no telegram condition", Health{DB: open, Scheduler: running, LastContact: never}, 200, "ok"},
		{"closed database is unhealthy", Health{DB: closed, Scheduler: running, LastContact: never}, 503, "database: "},
		{"stopped scheduler is unhealthy", Health{DB: open, Scheduler: stopped, LastContact: never}, 503, "scheduler: poll scheduler is not running"},
		{"telegram never answered is unhealthy", Health{DB: open, Scheduler: running, Telegram: true, LastContact: never}, 503, "telegram: not connected yet"},
		{"telegram silent for ten minutes is unhealthy", Health{DB: open, Scheduler: running, Telegram: true, LastContact: at(10 * time.Minute)}, 503, "telegram: no answer for 10m0s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.h
			h.Now = func() time.Time { return now }
			code, body := scrape(t, newMux(open, &h, metrics.New(open, "test"), quiet()), "/healthz")
			if code != tc.code || !strings.Contains(body, tc.want) {
				t.Fatalf("/healthz = %d %q, want %d %q", code, body, tc.code, tc.want)
			}
		})
	}
}

func TestARemovedSourceLeavesTheMetrics(t *testing.T) {
	db := storetest.Open(t, nil)
	m := metrics.New(db, "test")
	for _, name := range []string{"ANSA", "BBC"} {
		m.Observe(poll.Observation{Source: watch.Source{Name: name, Kind: watch.KindFeed}, State: watch.State{LastSuccess: time.Now()}, Items: 1})
	}
	m.ForgetSource("ANSA")
	h := &Health{DB: db, Scheduler: func() bool { return true }, Now: time.Now}
	_, body := scrape(t, newMux(db, h, m, quiet()), "/metrics")
	if strings.Contains(body, `source="ANSA"`) {
		t.Fatalf("a removed source is still exported:\n%s", body)
	}
	if !strings.Contains(body, `vedetta_source_items_total{source="BBC"} 1`) {
		t.Fatalf("the other source's series went too:\n%s", body)
	}
}
