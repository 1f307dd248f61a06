package source_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/vedetta/vedetta/source"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/fetch"
	"github.com/vedetta/vedetta/watch/opml"
	"github.com/vedetta/vedetta/watch/xapi"
)

func TestEveryKindHasAFullRow(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range source.Kinds {
		if k.Kind == "" || k.Label == "" || k.ConfigKey == "" || k.Example == "" || k.Hint == "" || k.Target == nil || k.Name == nil || k.Reader == nil {
			t.Errorf("kind %q has an empty field: %+v", k.Kind, k)
		}
		if seen[k.ConfigKey] {
			t.Errorf("config key %q twice", k.ConfigKey)
		}
		seen[k.ConfigKey] = true
		if _, err := k.Target(k.Example); err != nil {
			t.Errorf("kind %q refuses its own example %q: %v", k.Kind, k.Example, err)
		}
	}
}

func TestParseRecognisesEachKind(t *testing.T) {
	tests := []struct {
		spec   string
		kind   watch.Kind
		target string
		errHas string
	}{
		{spec: "x:@NATO", kind: watch.KindXUser, target: "NATO"},
		{spec: "https://x.com/NATO", kind: watch.KindXUser, target: "NATO"},
		{spec: `x:"Zelensky lang:it"`, kind: watch.KindXSearch, target: "Zelensky lang:it"},
		{spec: "t.me/V_Zelenskiy_official", kind: watch.KindTelegram, target: "V_Zelenskiy_official"},
		{spec: "@bbcrussian", kind: watch.KindTelegram, target: "bbcrussian"},
		{spec: "https://www.ansa.it/sito/ansait_rss.xml", kind: watch.KindFeed, target: "https://www.ansa.it/sito/ansait_rss.xml"},
		{spec: "x:@search", errHas: "x.com page"},
		{spec: "x:" + strings.Repeat("nato ", 100), errHas: "with the filters"},
		{spec: "https://a.example:70000/rss", errHas: "bad port"},
		{spec: "ftp://a.example/rss", errHas: "not an http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			kind, target, err := source.Parse(tt.spec)
			if tt.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("Parse = %q %q %v; want an error about %q", kind, target, err, tt.errHas)
				}
				return
			}
			if err != nil || kind != tt.kind || target != tt.target {
				t.Fatalf("Parse = %q %q %v; want %q %q", kind, target, err, tt.kind, tt.target)
			}
		})
	}
}

func TestAConfigTargetIsAcceptedOnlyIfItsReaderCanReadIt(t *testing.T) {
	// The X reader appends " -is:retweet -is:reply" (22 characters) to a search, and X
	// takes at most 512: 490 is the longest search config may hold.
	xs := source.ByConfigKey("x_search")
	if _, err := xs.Target(strings.Repeat("a", 490)); err != nil {
		t.Errorf("a 490-character search is refused: %v", err)
	}
	if _, err := xs.Target(strings.Repeat("a", 491)); err == nil {
		t.Error("a 491-character search is accepted, and would fail on every poll")
	}
	if _, err := source.ByConfigKey("x_user").Target("search"); err == nil {
		t.Error("x_user: search is accepted, though the reader cannot read x.com's search page as an account")
	}
	if _, err := source.ByConfigKey("url").Target("https://a.example:0/rss"); err == nil {
		t.Error("a feed on port 0 is accepted, though the fetcher refuses it")
	}
}

func TestNewChecksWhatEveryAddingPathNeeds(t *testing.T) {
	d := source.Deps{Fetch: fetch.New(fetch.Options{}), X: xapi.Options{BearerToken: "t", MonthlyPostBudget: 10}}
	ctx := context.Background()
	if _, err := source.New(ctx, d, "http://127.0.0.1/rss", "", "@hourly"); err == nil {
		t.Error("a loopback feed is accepted")
	}
	src, err := source.New(ctx, d, "https://1.1.1.1/rss", "", "@hourly")
	if err != nil || src.Name != "1.1.1.1" || src.Schedule != "@hourly" {
		t.Errorf("a public feed: %+v, %v", src, err)
	}
	if _, err := source.New(ctx, d, "x:@NATO", strings.Repeat("n", source.MaxNameRunes+1), ""); err == nil {
		t.Error("a name over the limit is accepted")
	}
	d.X.MonthlyPostBudget = 0
	if _, err := source.New(ctx, d, "x:@NATO", "", ""); err == nil || !strings.Contains(err.Error(), "X sources are off") {
		t.Errorf("an X source with a zero budget: %v", err)
	}
	readers, off := source.Readers(d)
	if _, ok := readers[watch.KindXUser]; ok || off[watch.KindXUser] == "" {
		t.Error("X is read with a zero budget")
	}
	if _, ok := readers[watch.KindFeed]; !ok {
		t.Error("no feed reader")
	}
}

func TestFromOPMLTakesFeedsOnlyAndSkipsTakenOnes(t *testing.T) {
	newSource := func(_ context.Context, spec, name string) (watch.Source, error) {
		k, target, err := source.Parse(spec)
		if name == "" {
			name = target
		}
		return watch.Source{Name: name, Kind: k, Target: target}, err
	}
	taken := map[string]bool{"https://a.example/rss": true, "bbc": true}
	add, skipped := source.FromOPML(context.Background(), []opml.Outline{
		{Title: "A", URL: "https://a.example/rss"},
		{Title: "BBC", URL: "https://bbc.example/rss"},
		{Title: "X", URL: "https://x.com/NATO"},
		{Title: "C", URL: "https://c.example/rss"},
		{Title: "C again", URL: "https://c.example/rss"},
	}, taken, newSource)
	if len(add) != 1 || add[0].Name != "C" {
		t.Fatalf("added %+v, want only C", add)
	}
	var reasons []source.SkipReason
	for _, s := range skipped {
		reasons = append(reasons, s.Reason)
	}
	if want := []source.SkipReason{source.SkipExisting, source.SkipNameTaken, source.SkipNotFeed, source.SkipExisting}; !slices.Equal(reasons, want) {
		t.Fatalf("skipped %v, want the reasons %v", skipped, want)
	}
}
