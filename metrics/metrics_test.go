package metrics

import (
	"compress/gzip"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/article"
	"github.com/vedetta/vedetta/watch/poll"
)

func TestWatchLabelsAreCapped(t *testing.T) {
	m := NewFor(storetest.Open(t, nil), func(chatID int64, watchID int) (string, bool) {
		return fmt.Sprintf("query %d %s", watchID, strings.Repeat("x", 200)), true
	}, "test")
	for id := range 3 * MaxWatchLabels {
		m.Matched(int64(id%5), id, false)
	}
	mfs, _ := m.Registry().Gather()
	for _, mf := range mfs {
		if mf.GetName() != "vedetta_watch_matches_total" {
			continue
		}
		if n := len(mf.GetMetric()); n != MaxWatchLabels+1 {
			t.Fatalf("%d series, want %d and \"other\"", n, MaxWatchLabels)
		}
		for _, s := range mf.GetMetric() {
			for _, l := range s.GetLabel() {
				if l.GetName() == "watch" && len([]rune(l.GetValue())) > maxWatchLabelLen {
					t.Fatalf("label of %d runes", len([]rune(l.GetValue())))
				}
				if l.GetName() == "watch" && l.GetValue() == OtherWatchLabel && s.GetCounter().GetValue() != 2*MaxWatchLabels {
					t.Fatalf("other = %v, want %d", s.GetCounter().GetValue(), 2*MaxWatchLabels)
				}
			}
		}
		return
	}
	t.Fatal("no vedetta_watch_matches_total")
}

func TestArticlesAreCountedByResult(t *testing.T) {
	m := NewFor(storetest.Open(t, nil), nil, "test")
	src := watch.Source{Name: "ANSA", Kind: watch.KindFeed}
	m.Observe(poll.Observation{Source: src, Articles: article.Stats{Fetched: 3, Failed: 1, Disallowed: 2}})
	m.Observe(poll.Observation{Source: src, Articles: article.Stats{Fetched: 2, Capped: 4}})
	got := map[string]float64{}
	mfs, _ := m.Registry().Gather()
	for _, mf := range mfs {
		if mf.GetName() != "vedetta_articles_total" {
			continue
		}
		for _, s := range mf.GetMetric() {
			got[s.GetLabel()[0].GetValue()] = s.GetCounter().GetValue()
		}
	}
	want := map[string]float64{"read": 5, "failed": 1, "capped": 4, "disallowed": 2}
	if !maps.Equal(got, want) {
		t.Fatalf("vedetta_articles_total = %v, want %v", got, want)
	}
}

// TestSourceSeries: a source that only failed has its error count and failures but no item
// counters nor last success; one that succeeded has them all; a forgotten source has none.
func TestSourceSeries(t *testing.T) {
	m := NewFor(storetest.Open(t, nil), nil, "test")
	down := watch.Source{Name: "Down", Kind: watch.KindFeed}
	up := watch.Source{Name: "Up", Kind: watch.KindFeed}
	m.Observe(poll.Observation{Source: down, Err: fmt.Errorf("refused"), State: watch.State{Failures: 1}})
	m.Observe(poll.Observation{Source: down, Err: fmt.Errorf("refused"), State: watch.State{Failures: 2}})
	last := time.Unix(1_800_000_000, 0)
	m.Observe(poll.Observation{Source: up, Items: 20, New: 5, Matched: 2, State: watch.State{LastSuccess: last}})
	m.Observe(poll.Observation{Source: up, Items: 20, New: 1, State: watch.State{LastSuccess: last}})
	series := func() map[string]float64 {
		got := map[string]float64{}
		for _, mf := range scrape(t, m) {
			if !strings.HasPrefix(mf.GetName(), "vedetta_source_") {
				continue
			}
			for _, s := range mf.GetMetric() {
				k := mf.GetName()
				for _, l := range s.GetLabel() {
					k += " " + l.GetValue()
				}
				got[k] = s.GetCounter().GetValue() + s.GetGauge().GetValue()
			}
		}
		return got
	}
	want := map[string]float64{
		"vedetta_source_polls_total error Down":            2,
		"vedetta_source_consecutive_failures Down":         2,
		"vedetta_source_polls_total ok Up":                 2,
		"vedetta_source_consecutive_failures Up":           0,
		"vedetta_source_items_total Up":                    40,
		"vedetta_source_new_items_total Up":                6,
		"vedetta_source_matched_items_total Up":            2,
		"vedetta_source_last_success_timestamp_seconds Up": 1_800_000_000,
	}
	if got := series(); !maps.Equal(got, want) {
		t.Fatalf("series = %v\nwant %v", got, want)
	}
	m.ForgetSource("Down")
	m.ForgetSource("Up")
	if got := series(); len(got) != 0 {
		t.Fatalf("series after ForgetSource = %v, want none", got)
	}
}

// scrape reads the /metrics page as a scraper does and parses it with expfmt's own parser,
// which refuses what Prometheus would refuse (a malformed line, a family split in two).
func scrape(t *testing.T, m *Metrics) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler(time.Second, slog.New(slog.DiscardHandler)).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics = %d: %s", rec.Code, rec.Body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := parser.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("/metrics does not parse: %v", err)
	}
	return mfs
}

// TestSourceSeriesScrapeAsText: names that need escaping, thousands of sources, and a
// gzipped scrape all parse back to the numbers observed, one family each.
func TestSourceSeriesScrapeAsText(t *testing.T) {
	m := NewFor(storetest.Open(t, nil), nil, "test")
	names := []string{`Quote "q"`, `Back\slash`, "New\nline", "Кириллица", "a,b=c}"}
	for i := range 3000 {
		names = append(names, fmt.Sprintf("Wire %04d", i))
	}
	for i, name := range names {
		m.Observe(poll.Observation{Source: watch.Source{Name: name, Kind: watch.KindFeed}, Items: i, New: 1, State: watch.State{LastSuccess: time.Unix(1_800_000_000, 0)}})
	}
	mfs := scrape(t, m)
	items := mfs["vedetta_source_items_total"]
	if items == nil || len(items.GetMetric()) != len(names) {
		t.Fatalf("vedetta_source_items_total has %d series, want %d", len(items.GetMetric()), len(names))
	}
	got := map[string]float64{}
	for _, s := range items.GetMetric() {
		got[s.GetLabel()[0].GetValue()] = s.GetCounter().GetValue()
	}
	for i, name := range names {
		if v, ok := got[name]; !ok || v != float64(i) {
			t.Errorf("items of %q = %v (%v), want %d", name, v, ok, i)
		}
	}
	if polls := mfs["vedetta_source_polls_total"]; polls == nil || polls.GetType() != dto.MetricType_COUNTER ||
		len(polls.GetMetric()) != len(names) || polls.GetMetric()[0].GetLabel()[0].GetName() != "result" {
		t.Fatalf("vedetta_source_polls_total = %v", polls)
	}
	if mfs["go_goroutines"] == nil || mfs["vedetta_build_info"] == nil {
		t.Fatal("the registry's series are missing")
	}

	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/metrics", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	m.Handler(time.Second, slog.New(slog.DiscardHandler)).ServeHTTP(rec, req)
	zr, err := gzip.NewReader(rec.Body)
	if err != nil || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip scrape: %v, Content-Encoding %q", err, rec.Header().Get("Content-Encoding"))
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	if zmfs, err := parser.TextToMetricFamilies(zr); err != nil || len(zmfs["vedetta_source_items_total"].GetMetric()) != len(names) {
		t.Fatalf("gzipped scrape: %v", err)
	}
}

// BenchmarkScrape10000Sources is one /metrics scrape with 10,000 sources: the heap it
// allocates is what a scrape adds to the process's peak (docs/PERFORMANCE.md).
func BenchmarkScrape10000Sources(b *testing.B) {
	db, err := store.Open(filepath.Join(b.TempDir(), "v.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	m := NewFor(db, nil, "test")
	for i := range 10_000 {
		m.Observe(poll.Observation{Source: watch.Source{Name: fmt.Sprintf("Wire %05d", i), Kind: watch.KindFeed}, Items: 20, New: 1, State: watch.State{LastSuccess: time.Now()}})
	}
	h := m.Handler(time.Minute, slog.New(slog.DiscardHandler))
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(discardRecorder{httptest.NewRecorder()}, httptest.NewRequest("GET", "/metrics", nil))
	}
}

// discardRecorder is a ResponseWriter that keeps the headers and drops the body.
type discardRecorder struct{ *httptest.ResponseRecorder }

func (d discardRecorder) Write(p []byte) (int, error) { return len(p), nil }

// failingState is a database whose reads fail.
type failingState struct{}

func (failingState) PendingCount() (int, time.Time, error) {
	return 0, time.Time{}, fmt.Errorf("database not open")
}
func (failingState) Outbox() ([]store.Message, error) { return nil, fmt.Errorf("database not open") }
func (failingState) Size() int64                      { return 0 }

// TestAScrapeThatCannotReadTheDatabaseSaysSo: 500 with the error, as promhttp answered, and
// no half page a scraper would take for the truth.
func TestAScrapeThatCannotReadTheDatabaseSaysSo(t *testing.T) {
	m := NewFor(failingState{}, nil, "test")
	m.Observe(poll.Observation{Source: watch.Source{Name: "Up", Kind: watch.KindFeed}, Items: 1})
	rec := httptest.NewRecorder()
	m.Handler(time.Second, slog.New(slog.DiscardHandler)).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "database not open") {
		t.Fatalf("/metrics = %d %q, want 500 with the error", rec.Code, rec.Body)
	}
	if strings.Contains(rec.Body.String(), "vedetta_source_") {
		t.Fatal("the per-source series were written after the error")
	}
}
