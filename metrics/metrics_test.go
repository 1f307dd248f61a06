package metrics

import (
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

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
		mfs, _ := m.Registry().Gather()
		for _, mf := range mfs {
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
