package source_test

import (
	"strings"
	"testing"

	"github.com/vedetta/vedetta/source"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/article"
)

func TestFullTextByKind(t *testing.T) {
	for _, tc := range []struct {
		name   string
		kind   watch.Kind
		raw    string
		want   article.Mode
		errHas string
	}{
		{"a feed defaults to auto", watch.KindFeed, "", article.Auto, ""},
		{"a feed takes always, in any case", watch.KindFeed, "Always", article.Always, ""},
		{"a feed takes never", watch.KindFeed, "never", article.Never, ""},
		{"a misspelt value is refused", watch.KindFeed, "sometimes", "", "auto, always or never"},
		{"an X account is read whole", watch.KindXUser, "", article.Never, ""},
		{"a Telegram channel may say never", watch.KindTelegram, "never", article.Never, ""},
		{"a Telegram channel refuses always", watch.KindTelegram, "always", "", "feeds only"},
		{"an X search refuses auto", watch.KindXSearch, "auto", "", "feeds only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := source.FullText(tc.kind, tc.raw)
			if tc.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errHas) {
					t.Fatalf("FullText(%s, %q) = %q, %v; want an error about %q", tc.kind, tc.raw, got, err, tc.errHas)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("FullText(%s, %q) = %q, %v; want %q", tc.kind, tc.raw, got, err, tc.want)
			}
		})
	}
}

func TestModeNeverFetchesForPostsWhateverIsStored(t *testing.T) {
	for _, tc := range []struct {
		src  watch.Source
		want article.Mode
	}{
		{watch.Source{Kind: watch.KindFeed}, article.Auto},
		{watch.Source{Kind: watch.KindFeed, FullText: "always"}, article.Always},
		{watch.Source{Kind: watch.KindFeed, FullText: "bogus"}, article.Auto},
		{watch.Source{Kind: watch.KindXUser}, article.Never},
		{watch.Source{Kind: watch.KindTelegram, FullText: "always"}, article.Never},
	} {
		if got := source.Mode(tc.src); got != tc.want {
			t.Errorf("Mode(%+v) = %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestSplitAddOptions(t *testing.T) {
	for _, tc := range []struct {
		rest, name, fullText string
		set                  bool
	}{
		{"ANSA", "ANSA", "", false},
		{"Il Post full_text=always", "Il Post", "always", true},
		{"full_text=never Il Post", "Il Post", "never", true},
		{"FULL_TEXT=auto", "", "auto", true},
		{"", "", "", false},
		{"Rate=5 news", "Rate=5 news", "", false},
	} {
		name, ft, set := source.SplitAddOptions(tc.rest)
		if name != tc.name || ft != tc.fullText || set != tc.set {
			t.Errorf("SplitAddOptions(%q) = %q, %q, %v; want %q, %q, %v", tc.rest, name, ft, set, tc.name, tc.fullText, tc.set)
		}
	}
}
