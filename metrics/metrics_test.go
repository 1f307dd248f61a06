package metrics

import (
	"fmt"
	"maps"
	"strings"
	"testing"

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
