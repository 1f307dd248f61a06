package main

import (
	"os"

	"github.com/vedetta/vedetta/config"
	"github.com/vedetta/vedetta/source"
	"github.com/vedetta/vedetta/watch/feed"

	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vedetta/vedetta/watch"
)

func TestAddSourceSpecsFromChat(t *testing.T) {
	cfg := config.Defaults()
	cfg.X.BearerToken = "x-token"
	newSource := newSourceFunc(cfg, sourceDeps(cfg, newFetcher(cfg)))
	tests := []struct {
		name, spec, srcName string
		wantKind            watch.Kind
		wantTarget, wantErr string
		wantName            string
	}{
		{name: "an X account", spec: "x:@NATO", wantKind: watch.KindXUser, wantTarget: "NATO", wantName: "@NATO on X"},
		{name: "an X search in quotes", spec: `x:"Zelensky lang:it"`, wantKind: watch.KindXSearch, wantTarget: "Zelensky lang:it", wantName: "X: Zelensky lang:it"},
		{name: "a Telegram channel link", spec: "t.me/V_Zelenskiy_official", srcName: "Zelensky", wantKind: watch.KindTelegram, wantTarget: "V_Zelenskiy_official", wantName: "Zelensky"},
		{name: "a private Telegram invite is refused", spec: "https://t.me/+AbCdEf123", wantErr: "private"},
		{name: "a non-http URL is refused", spec: "ftp://example.org/rss", wantErr: "http"},
		{name: "a loopback feed is refused", spec: "http://127.0.0.1/rss", wantErr: "not public"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := newSource(context.Background(), tt.spec, tt.srcName)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("newSource(%q) = %+v, %v; want an error about %q", tt.spec, src, err, tt.wantErr)
				}
				return
			}
			if err != nil || src.Kind != tt.wantKind || src.Target != tt.wantTarget || src.Name != tt.wantName {
				t.Fatalf("newSource(%q) = %+v, %v", tt.spec, src, err)
			}
		})
	}

	cfg.X.MonthlyPostBudget = 0
	if _, err := newSourceFunc(cfg, sourceDeps(cfg, newFetcher(cfg)))(context.Background(), "x:@NATO", ""); err == nil || !strings.Contains(err.Error(), "monthly_post_budget is 0") {
		t.Fatalf("an X source with a zero budget: %v", err)
	}
	if _, ok := onceReaders(cfg)[watch.KindXUser]; ok {
		t.Fatal("X is polled with a zero budget")
	}
	cfg.X.BearerToken, cfg.X.MonthlyPostBudget = "", 10
	if _, err := newSourceFunc(cfg, sourceDeps(cfg, newFetcher(cfg)))(context.Background(), "x:@NATO", ""); err == nil || !strings.Contains(err.Error(), "X_BEARER_TOKEN") {
		t.Fatalf("an X source without a token: %v", err)
	}
}

func TestSourcesImportAndExportOPML(t *testing.T) {
	dir := t.TempDir()
	// allow_private_networks: the import checks each feed's host as /addsource does, and
	// tests do not resolve real names.
	config := writeTempConfig(t, fmt.Sprintf("store:\n  path: %s\nfetch:\n  allow_private_networks: true\nsources:\n  - name: UNIAN\n    url: https://rss.unian.net/site/news_eng.rss\n", filepath.Join(dir, "v.db")))
	run := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := runMain(context.Background(), args, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("vedetta %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
		}
		return stdout.String()
	}
	out := run("sources", "import", "-config", config, "testdata/plenary_ukraine.opml")
	if !strings.Contains(out, "imported 11 feeds (1 skipped") {
		t.Fatalf("import said %q", out)
	}
	if again := run("sources", "import", "-config", config, "testdata/plenary_ukraine.opml"); !strings.Contains(again, "imported 0 feeds (12 skipped") {
		t.Fatalf("a second import said %q", again)
	}
	var exported struct {
		Outlines []struct {
			Title string `xml:"title,attr"`
			URL   string `xml:"xmlUrl,attr"`
		} `xml:"body>outline"`
	}
	if err := xml.Unmarshal([]byte(run("sources", "export", "-config", config)), &exported); err != nil {
		t.Fatal(err)
	}
	if len(exported.Outlines) != 12 || exported.Outlines[0].Title != "UNIAN" {
		t.Fatalf("exported %d outlines, first %+v", len(exported.Outlines), exported.Outlines[0])
	}
}

func TestSourcesImportChecksEachFeedAsAChatImportDoes(t *testing.T) {
	dir := t.TempDir()
	config := writeTempConfig(t, fmt.Sprintf("store:\n  path: %s\n", filepath.Join(dir, "v.db")))
	opmlFile := filepath.Join(dir, "feeds.opml")
	long := strings.Repeat("n", 70)
	doc := `<opml version="2.0"><body>
<outline text="Loopback" xmlUrl="http://127.0.0.1/rss"/>
<outline text="Bad port" xmlUrl="https://1.0.0.1:99999/rss"/>
<outline text="` + long + `" xmlUrl="https://1.1.1.1/rss"/>
<outline text="Public" xmlUrl="https://8.8.8.8/rss"/>
</body></opml>`
	if err := os.WriteFile(opmlFile, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := runMain(context.Background(), []string{"sources", "import", "-config", config, opmlFile}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"imported 1 feeds (3 skipped)", "127.0.0.1/rss (", "99999/rss (", "1.1.1.1/rss (the name is too long"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestFeedReaderFollowsMaxItemsPerPoll: fetch.max_items_per_poll reaches the feed reader,
// and the default is the reader's own.
func TestFeedReaderFollowsMaxItemsPerPoll(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte("fetch:\n  max_items_per_poll: 7\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		cfg  func() *config.Config
		want int
	}{
		{"the key", func() *config.Config {
			cfg, problems, err := config.Load(path, checkWatchQuery)
			if err != nil || len(problems) > 0 {
				t.Fatal(err, problems)
			}
			return cfg
		}, 7},
		{"the default", config.Defaults, feed.DefaultMaxItems},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg()
			readers, _ := source.Readers(sourceDeps(cfg, newFetcher(cfg)))
			r, ok := readers[watch.KindFeed].(*feed.Reader)
			if !ok {
				t.Fatalf("feed reader is %T", readers[watch.KindFeed])
			}
			if r.MaxItems != tc.want {
				t.Errorf("MaxItems = %d, want %d", r.MaxItems, tc.want)
			}
		})
	}
}
