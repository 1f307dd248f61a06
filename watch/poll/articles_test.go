package poll_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/article"
	"github.com/vedetta/vedetta/watch/poll"
)

// fakeArticles stands in for *article.Enricher: it records each call and gives the items
// listed in texts their article, counting the others as failed.
type fakeArticles struct {
	mu    sync.Mutex
	texts map[string]string // item ID -> article text
	calls [][]string        // item IDs per call
	modes []article.Mode
}

func (f *fakeArticles) Enrich(ctx context.Context, mode article.Mode, items []watch.Item) article.Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []string
	var st article.Stats
	for i := range items {
		ids = append(ids, items[i].ID)
		if text, ok := f.texts[items[i].ID]; ok {
			items[i].Article = text
			st.Fetched++
		} else {
			st.Failed++
		}
	}
	f.calls, f.modes = append(f.calls, ids), append(f.modes, mode)
	return st
}

func TestArticlesAreReadForNewItemsOnlyAndMatched(t *testing.T) {
	sink, r := newSink(), &scripted{}
	arts := &fakeArticles{texts: map[string]string{"2": "Il quinto paragrafo cita la NATO."}}
	var obs []poll.Observation
	p := poll.New(poll.Options{
		Readers: map[watch.Kind]poll.Reader{watch.KindFeed: r}, Sink: sink, DefaultSchedule: "@hourly",
		Articles: arts,
		FullText: func(src watch.Source) article.Mode { return article.Always },
		Observe:  func(o poll.Observation) { obs = append(obs, o) },
	})
	p.Add(watch.Source{Name: "wire", Kind: watch.KindFeed, Target: "http://x"})

	// The first poll records the backlog unread: a new source must not fetch every page.
	r.set([]watch.Item{item("1", "Vertice a Bruxelles")}, nil)
	if _, err := p.Poll(context.Background(), "wire"); err != nil {
		t.Fatal(err)
	}
	if len(arts.calls) != 0 {
		t.Fatalf("the priming poll read articles: %v", arts.calls)
	}

	// Then only the new items' pages are read, with the source's policy.
	r.set([]watch.Item{item("1", "Vertice a Bruxelles"), item("2", "I capi della difesa"), item("3", "Un'altra notizia")}, nil)
	if _, err := p.Poll(context.Background(), "wire"); err != nil {
		t.Fatal(err)
	}
	if len(arts.calls) != 1 || !slices.Equal(arts.calls[0], []string{"2", "3"}) || arts.modes[0] != article.Always {
		t.Fatalf("Enrich calls %v with modes %v; want one call with the new items 2, 3 under always", arts.calls, arts.modes)
	}
	if len(sink.found) != 1 || sink.found[0].ID != "2" {
		t.Fatalf("matched %+v; want item 2, whose article names NATO", sink.found)
	}
	st := sink.state("wire")
	if st.ArticlesRead != 1 || st.ArticlesFailed != 1 {
		t.Errorf("state counts %d read, %d failed; want 1 and 1", st.ArticlesRead, st.ArticlesFailed)
	}
	if last := obs[len(obs)-1].Articles; last.Fetched != 1 || last.Failed != 1 {
		t.Errorf("observation %+v; want 1 fetched, 1 failed", last)
	}

	// A poll with nothing new reads nothing; the counts add up over polls.
	if _, err := p.Poll(context.Background(), "wire"); err != nil {
		t.Fatal(err)
	}
	r.set([]watch.Item{item("4", "Ancora")}, nil)
	if _, err := p.Poll(context.Background(), "wire"); err != nil {
		t.Fatal(err)
	}
	if len(arts.calls) != 2 || !slices.Equal(arts.calls[1], []string{"4"}) {
		t.Fatalf("Enrich calls %v; want a second call with item 4 only", arts.calls)
	}
	if st := sink.state("wire"); st.ArticlesRead != 1 || st.ArticlesFailed != 2 {
		t.Errorf("state counts %d read, %d failed; want 1 and 2", st.ArticlesRead, st.ArticlesFailed)
	}
}

func TestWithoutFullTextFuncTheSourcesOwnValueIsTheMode(t *testing.T) {
	sink, r := newSink(), &scripted{}
	arts := &fakeArticles{}
	p := poll.New(poll.Options{Readers: map[watch.Kind]poll.Reader{watch.KindFeed: r}, Sink: sink, DefaultSchedule: "@hourly", Articles: arts})
	p.Add(watch.Source{Name: "wire", Kind: watch.KindFeed, Target: "http://x", FullText: "never"})
	r.set([]watch.Item{item("1", "a")}, nil)
	p.Poll(context.Background(), "wire")
	r.set([]watch.Item{item("1", "a"), item("2", "b")}, nil)
	p.Poll(context.Background(), "wire")
	if len(arts.modes) != 1 || arts.modes[0] != article.Never {
		t.Fatalf("modes %v; want never, the source's full_text", arts.modes)
	}
}
