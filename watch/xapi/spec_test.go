package xapi

import (
	"errors"
	"strings"
	"testing"

	"github.com/vedetta/vedetta/watch"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		name, in string
		kind     watch.Kind // "" when an error is expected
		target   string
		notSpec  bool
	}{
		{name: "an account with x:@", in: "x:@NATO", kind: watch.KindXUser, target: "NATO"},
		{name: "an account without @", in: "x:NATO", kind: watch.KindXUser, target: "NATO"},
		{name: "an x.com profile link", in: "https://x.com/NATO", kind: watch.KindXUser, target: "NATO"},
		{name: "a twitter.com post link names its account", in: "twitter.com/jensstoltenberg/status/123", kind: watch.KindXUser, target: "jensstoltenberg"},
		{name: "a quoted search", in: `x:"Zelensky lang:it"`, kind: watch.KindXSearch, target: "Zelensky lang:it"},
		{name: "quotes inside a search are the query's phrases", in: `x:"NATO summit" lang:en`, kind: watch.KindXSearch, target: `"NATO summit" lang:en`},
		{name: "an unquoted search with operators", in: "x:Zelensky lang:it", kind: watch.KindXSearch, target: "Zelensky lang:it"},
		{name: "an x.com search link", in: "https://x.com/search?q=Zelensky%20lang%3Ait&f=live", kind: watch.KindXSearch, target: "Zelensky lang:it"},
		{name: "the config key forms", in: "x_search: NATO OR OTAN", kind: watch.KindXSearch, target: "NATO OR OTAN"},
		{name: "an empty search is refused", in: `x:""`},
		{name: "a too long search is refused", in: "x:" + strings.Repeat("NATO ", 110)},
		{name: "an x.com page is not an account", in: "https://x.com/home"},
		{name: "a handle of 16 characters is refused", in: "x_user:abcdefghijklmnop"},
		{name: "a Telegram link is not an X spec", in: "t.me/V_Zelenskiy_official", notSpec: true},
		{name: "a feed URL is not an X spec", in: "https://it.euronews.com/rss", notSpec: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, target, err := ParseSpec(tt.in)
			if tt.kind != "" {
				if err != nil || kind != tt.kind || target != tt.target {
					t.Fatalf("ParseSpec(%q) = %q, %q, %v; want %q, %q", tt.in, kind, target, err, tt.kind, tt.target)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseSpec(%q) = %q, %q; want an error", tt.in, kind, target)
			}
			if errors.Is(err, ErrNotSpec) != tt.notSpec {
				t.Errorf("ParseSpec(%q) error %v; ErrNotSpec wanted: %v", tt.in, err, tt.notSpec)
			}
		})
	}
}
