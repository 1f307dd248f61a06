package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/article"
	"github.com/vedetta/vedetta/watch/fetch"
)

// envMap is a fake environment for Parse.
type envMap map[string]string

func (e envMap) lookup(name string) (string, bool) {
	v, ok := e[name]
	return v, ok
}

// fakeQueryCheck stands in for match.Check: it rejects unbalanced quotes and parentheses and
// queries containing "BROKEN".
func fakeQueryCheck(q string) error {
	if strings.Count(q, `"`)%2 != 0 {
		return errors.New("unterminated phrase")
	}
	if strings.Count(q, "(") != strings.Count(q, ")") {
		return errors.New("unbalanced parentheses")
	}
	if strings.Contains(q, "BROKEN") {
		return errors.New("BROKEN is not allowed")
	}
	return nil
}

func parse(t *testing.T, src string, env envMap) (*Config, []Problem) {
	t.Helper()
	cfg, problems, err := Parse("test.yaml", []byte(src), env.lookup, fakeQueryCheck)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if cfg == nil {
		t.Fatal("Parse returned a nil config without an error")
	}
	return cfg, problems
}

func TestParseConfigReportsEachKindOfProblem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		yaml     string
		env      envMap
		key      string
		line     int
		msg      string // substring of Msg
		hint     string // substring of Hint
		notInAll string // must not appear anywhere in the problem's text
	}{
		{name: "unknown top-level key suggests the close one", yaml: "sorces:\n  - name: A\n    url: https://a.example/rss\n",
			key: "sorces", line: 1, msg: "unknown key", hint: "did you mean sources?"},
		{name: "unknown key inside a section", yaml: "fetch:\n  timeout: 5s\n  timout: 5s\n",
			key: "fetch.timout", line: 3, msg: "unknown key", hint: "timeout"},
		{name: "unknown key far from any lists the known keys", yaml: "digest:\n  frequency: daily\n",
			key: "digest.frequency", line: 2, msg: "unknown key", hint: "max_items, schedule, timezone"},
		{name: "camel-case key points to the snake-case one", yaml: "digest:\n  max-items: 5\n",
			key: "digest.max-items", line: 2, hint: "did you mean max_items?"},
		{name: "key in the wrong section points to its section", yaml: "timezone: Europe/Rome\n",
			key: "timezone", line: 1, msg: "unknown key", hint: "timezone belongs under digest:"},
		{name: "YAML merge keys are refused with a reason", yaml: "fetch:\n  <<: {timeout: 5s}\n",
			key: "fetch.<<", line: 2, hint: "merge keys"},
		{name: "duplicate key names the first line", yaml: "store:\n  path: a.db\n  path: b.db\n",
			key: "store.path", line: 3, msg: "already set on line 2"},
		{name: "section that is not a mapping", yaml: "fetch: 10s\n",
			key: "fetch", line: 1, msg: "expected a mapping"},
		{name: "config that is not a mapping", yaml: "- telegram\n- store\n",
			key: "", line: 1, msg: "mapping of sections"},
		{name: "list where a single value belongs", yaml: "store:\n  path: [a, b]\n",
			key: "store.path", line: 2, msg: "expected a single value"},
		{name: "empty store path", yaml: "store:\n  path: \"\"\n",
			key: "store.path", line: 2, msg: "empty database path"},

		{name: "bad duration", yaml: "fetch:\n  timeout: 15 seconds\n",
			key: "fetch.timeout", line: 2, msg: `"15 seconds" is not a duration`, hint: "15s"},
		{name: "duration without unit", yaml: "fetch:\n  timeout: 15\n",
			key: "fetch.timeout", line: 2, msg: "not a duration"},
		{name: "days are not a Go duration", yaml: "store:\n  retention: 30d\n",
			key: "store.retention", line: 2, hint: "720h for 30 days"},
		{name: "negative duration", yaml: "store:\n  retention: -1h\n",
			key: "store.retention", line: 2, msg: "must be positive"},

		{name: "integer that is a word", yaml: "fetch:\n  max_body_bytes: ten\n",
			key: "fetch.max_body_bytes", line: 2, msg: `"ten" is not a whole number`},
		{name: "zero concurrency", yaml: "fetch:\n  concurrency: 0\n",
			key: "fetch.concurrency", line: 2, msg: "out of range"},
		{name: "negative X budget", yaml: "x:\n  monthly_post_budget: -5\n",
			key: "x.monthly_post_budget", line: 2, msg: "out of range"},
		{name: "zero digest items", yaml: "digest:\n  max_items: 0\n",
			key: "digest.max_items", line: 2, msg: "out of range"},
		{name: "bool that is not true or false", yaml: "fetch:\n  allow_private_networks: maybe\n",
			key: "fetch.allow_private_networks", line: 2, msg: "not true or false"},

		{name: "bad cron spec", yaml: "fetch:\n  default_schedule: every 10m\n",
			key: "fetch.default_schedule", line: 2, msg: "bad cron spec", hint: "5-field cron"},
		{name: "six-field cron asks to drop seconds", yaml: "fetch:\n  default_schedule: \"0 0 8 * * *\"\n",
			key: "fetch.default_schedule", line: 2, hint: `drop the first field, e.g. "0 8 * * *"`},
		{name: "CRON_TZ prefix alone is reported, not a panic", yaml: "fetch:\n  default_schedule: CRON_TZ=Europe/Rome\n",
			key: "fetch.default_schedule", line: 2, msg: "time zone prefix without a schedule"},
		{name: "TZ prefix alone is reported, not a panic", yaml: "fetch:\n  default_schedule: \"TZ=0\"\n",
			key: "fetch.default_schedule", line: 2, msg: "time zone prefix without a schedule"},
		{name: "CRON_TZ with an unknown zone", yaml: "fetch:\n  default_schedule: CRON_TZ=Mars/Base 0 8 * * *\n",
			key: "fetch.default_schedule", line: 2, msg: "bad cron spec"},
		{name: "cron spec that never runs", yaml: "fetch:\n  default_schedule: \"0 8 30 2 *\"\n",
			key: "fetch.default_schedule", line: 2, msg: "never runs"},
		{name: "clock times for a source get the equivalent cron", yaml: "fetch:\n  default_schedule: \"08:00,20:00\"\n",
			key: "fetch.default_schedule", line: 2, msg: "list of times", hint: `"0 8,20 * * *"`},
		{name: "a digest schedule with CRON_TZ is refused as the bot refuses it", yaml: "digest:\n  schedule: \"CRON_TZ=UTC 0 8 * * *\"\n",
			key: "digest.schedule", line: 2, msg: "zone from the chat", hint: "digest.timezone"},
		{name: "a digest schedule that never fires", yaml: "digest:\n  schedule: \"0 8 30 2 *\"\n",
			key: "digest.schedule", line: 2, msg: "never fires"},
		{name: "a digest schedule more often than every 5 minutes", yaml: "digest:\n  schedule: \"@every 1s\"\n",
			key: "digest.schedule", line: 2, msg: "more often than every 5m"},
		{name: "unknown time zone", yaml: "digest:\n  timezone: Europe/Kiyv\n",
			key: "digest.timezone", line: 2, msg: `unknown time zone "Europe/Kiyv"`, hint: "IANA"},
		{name: "empty time zone", yaml: "digest:\n  timezone: \"\"\n",
			key: "digest.timezone", line: 2, msg: "empty time zone"},
		{name: "an interface language without a complete catalogue", yaml: "ui:\n  language: de\n",
			key: "ui.language", line: 2, msg: `unknown interface language "de"`, hint: "en, it, uk"},

		{name: "api_endpoint without two %s", yaml: "telegram:\n  api_endpoint: https://api.telegram.org/bot%s\n",
			key: "telegram.api_endpoint", line: 2, msg: "exactly twice", hint: "bot%s/%s"},
		{name: "api_endpoint that is not http", yaml: "telegram:\n  api_endpoint: \"ftp://h/bot%s/%s\"\n",
			key: "telegram.api_endpoint", line: 2, msg: "not an http(s) URL"},
		{name: "x api_base without scheme", yaml: "x:\n  api_base: api.x.com/2\n",
			key: "x.api_base", line: 2, msg: "no http:// or https://"},
		{name: "telegram_web base_url without host", yaml: "telegram_web:\n  base_url: \"https://\"\n",
			key: "telegram_web.base_url", line: 2, msg: "no host"},
		{name: "listen without port", yaml: "http:\n  listen: localhost\n",
			key: "http.listen", line: 2, msg: "not host:port"},
		{name: "listen with a port out of range", yaml: "http:\n  listen: \":99999\"\n",
			key: "http.listen", line: 2, msg: "bad port"},
		{name: "unknown log level", yaml: "log:\n  level: verbose\n",
			key: "log.level", line: 2, msg: "not one of debug, info, warn, error"},
		{name: "unknown log format", yaml: "log:\n  format: yaml\n",
			key: "log.format", line: 2, msg: "not one of text, json"},

		{name: "admin that is a username", yaml: "telegram:\n  admins: [123, \"@mario\"]\n",
			key: "telegram.admins[1]", line: 2, msg: "not a numeric Telegram id"},
		{name: "negative admin id", yaml: "telegram:\n  admins:\n    - 123\n    - -100200\n",
			key: "telegram.admins[1]", line: 4, msg: "not a user id"},
		{name: "paid broadcast is a yes or no", yaml: "telegram:\n  allow_paid_broadcast: sometimes\n",
			key: "telegram.allow_paid_broadcast", line: 2, msg: "sometimes"},
		{name: "zero chat id", yaml: "telegram:\n  allowed_chats: [0]\n",
			key: "telegram.allowed_chats[0]", line: 2, msg: "0 is not a chat id"},
		{name: "admins that are not a list", yaml: "telegram:\n  admins: 123\n",
			key: "telegram.admins", line: 2, msg: "expected a list of ids"},
		{name: "bad token shape is reported without echoing it", yaml: "telegram:\n  token: s3cr3t-not-a-token\n",
			key: "telegram.token", line: 2, msg: "does not look like a bot token", notInAll: "s3cr3t"},
		{name: "bad token from the environment is reported without echoing it", yaml: "telegram:\n  token: ${TOK}\n",
			env: envMap{"TOK": "s3cr3t token"}, key: "telegram.token", line: 2, msg: "does not look like a bot token", notInAll: "s3cr3t"},
		{name: "malformed TELEGRAM_BOT_TOKEN fallback is reported without echoing it", yaml: "store:\n  path: v.db\n",
			env: envMap{"TELEGRAM_BOT_TOKEN": "s3cr3t"}, key: "telegram.token", line: 0, msg: "TELEGRAM_BOT_TOKEN does not look like a bot token", notInAll: "s3cr3t"},

		{name: "unset variable outside a secret", yaml: "store:\n  path: ${DATA_DIR}/vedetta.db\n",
			key: "store.path", line: 2, msg: "DATA_DIR is not set", hint: "${DATA_DIR:-value}"},
		{name: "unterminated variable", yaml: "store:\n  path: ${DATA_DIR/vedetta.db\n",
			key: "store.path", line: 2, msg: "unterminated ${"},
		{name: "bad variable name", yaml: "store:\n  path: ${1DIR}\n",
			key: "store.path", line: 2, msg: "bad variable name"},

		{name: "duplicate source names ignoring case", yaml: "sources:\n  - name: ANSA\n    url: https://a.example/rss\n  - url: https://b.example/rss\n    name: ansa\n",
			key: "sources[1].name", line: 5, msg: "already used on line 2"},
		{name: "source with neither url, x_user nor telegram_channel", yaml: "sources:\n  - name: ANSA\n    schedule: \"@hourly\"\n",
			key: "sources[0]", line: 2, msg: "neither url, x_user, x_search nor telegram_channel"},
		{name: "source with two kinds", yaml: "sources:\n  - name: NATO\n    url: https://a.example/rss\n    x_user: NATO\n",
			key: "sources[0].x_user", line: 4, msg: "has both url and x_user", hint: "split"},
		{name: "source without a name", yaml: "sources:\n  - url: https://a.example/rss\n",
			key: "sources[0].name", line: 2, msg: "no name"},
		{name: "source that is a bare URL", yaml: "sources:\n  - https://a.example/rss\n",
			key: "sources[0]", line: 2, msg: "expected a source"},
		{name: "sources that are not a list", yaml: "sources:\n  name: A\n",
			key: "sources", line: 2, msg: "expected a list of sources"},
		{name: "source key alias suggests url", yaml: "sources:\n  - name: A\n    url: https://a.example/rss\n    feed: x\n",
			key: "sources[0].feed", line: 4, msg: "unknown key", hint: "did you mean url?"},
		{name: "feed URL without scheme", yaml: "sources:\n  - name: A\n    url: www.ansa.it/rss\n",
			key: "sources[0].url", line: 3, msg: "no http:// or https://"},
		{name: "feed URL with another scheme", yaml: "sources:\n  - name: A\n    url: ftp://a.example/rss\n",
			key: "sources[0].url", line: 3, msg: "not an http(s) URL"},
		{name: "feed URL without host", yaml: "sources:\n  - name: A\n    url: https:///rss\n",
			key: "sources[0].url", line: 3, msg: "no host"},
		{name: "feed URL with a space", yaml: "sources:\n  - name: A\n    url: https://a.example/my feed\n",
			key: "sources[0].url", line: 3, msg: "contains spaces"},
		{name: "source schedule is a cron spec", yaml: "sources:\n  - name: A\n    url: https://a.example/rss\n    schedule: every 2 minutes\n",
			key: "sources[0].schedule", line: 4, msg: "bad cron spec"},
		{name: "full_text with a value it does not know", yaml: "sources:\n  - name: A\n    url: https://a.example/rss\n    full_text: sometimes\n",
			key: "sources[0].full_text", line: 4, msg: "full_text must be auto, always or never", hint: "always or never"},
		{name: "full_text on a Telegram channel, which is read whole", yaml: "sources:\n  - name: A\n    full_text: always\n    telegram_channel: V_Zelenskiy_official\n",
			key: "sources[0].full_text", line: 3, msg: "applies to feeds only", hint: "feeds (url:) only"},
		{name: "X username with a space", yaml: "sources:\n  - name: A\n    x_user: NATO news\n",
			key: "sources[0].x_user", line: 3, msg: "not an X username"},
		{name: "X search of 500 characters: too long with the filters the reader adds", yaml: "sources:\n  - name: A\n    x_search: " + strings.Repeat("nato ", 100) + "\n",
			key: "sources[0].x_search", line: 3, msg: "allows 490 with the filters"},
		{name: "X user that is an x.com page, which the reader refuses", yaml: "sources:\n  - name: A\n    x_user: search\n",
			key: "sources[0].x_user", line: 3, msg: "an x.com page, not an account", hint: "e.g. NATO"},
		{name: "Telegram channel name too short", yaml: "sources:\n  - name: A\n    telegram_channel: abc\n",
			key: "sources[0].telegram_channel", line: 3, msg: "not a Telegram channel username"},
		{name: "feed URL with a port out of range, which the fetcher refuses", yaml: "sources:\n  - name: A\n    url: https://a.example:99999/rss\n",
			key: "sources[0].url", line: 3, msg: "bad port"},

		{name: "watch without a query", yaml: "watches:\n  - name: NATO\n",
			key: "watches[0].query", line: 2, msg: "has no query"},
		{name: "watch with an empty query", yaml: "watches:\n  - name: NATO\n    query: \"\"\n",
			key: "watches[0].query", line: 3, msg: "empty query"},
		{name: "watch without a name", yaml: "watches:\n  - query: NATO\n",
			key: "watches[0].name", line: 2, msg: "no name"},
		{name: "duplicate watch names ignoring case", yaml: "watches:\n  - name: NATO\n    query: NATO\n  - name: nato\n    query: OTAN\n",
			key: "watches[1].name", line: 4, msg: "already used on line 2"},
		{name: "watch name with query syntax", yaml: "watches:\n  - name: NATO|OTAN\n    query: NATO\n",
			key: "watches[0].name", line: 2, msg: "character of the query language"},
		{name: "watch query rejected by the query checker", yaml: "watches:\n  - name: NATO\n    query: (NATO OR OTAN\n",
			key: "watches[0].query", line: 3, msg: "bad query: unbalanced parentheses"},
		{name: "watches that are not a list", yaml: "watches: NATO\n",
			key: "watches", line: 1, msg: "expected a list of watches"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, problems := parse(t, tt.yaml, tt.env)
			if len(problems) != 1 {
				t.Fatalf("got %d problems, want 1:\n%s", len(problems), joinProblems(problems))
			}
			p := problems[0]
			if p.Key != tt.key || p.Line != tt.line {
				t.Errorf("problem at %q line %d, want %q line %d: %s", p.Key, p.Line, tt.key, tt.line, p)
			}
			if !strings.Contains(p.Msg, tt.msg) {
				t.Errorf("Msg = %q, want it to contain %q", p.Msg, tt.msg)
			}
			if !strings.Contains(p.Hint, tt.hint) {
				t.Errorf("Hint = %q, want it to contain %q", p.Hint, tt.hint)
			}
			if p.Hint == "" {
				t.Errorf("problem has no hint: %s", p)
			}
			if p.File != "test.yaml" {
				t.Errorf("File = %q, want test.yaml", p.File)
			}
			if tt.notInAll != "" && strings.Contains(p.String(), tt.notInAll) {
				t.Errorf("problem echoes the secret: %s", p)
			}
		})
	}
}

func joinProblems(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}

func TestDigestScheduleAcceptsWhatTheBotAccepts(t *testing.T) {
	t.Parallel()
	for _, spec := range []string{"08:00", "08:00,20:00", "off", "0 8,20 * * *", "@daily", "@every 30m"} {
		cfg, problems := parse(t, "digest:\n  schedule: \""+spec+"\"\n", nil)
		if len(problems) > 0 || cfg.Digest.Schedule != spec {
			t.Errorf("digest.schedule %q: schedule %q, problems:\n%s", spec, cfg.Digest.Schedule, joinProblems(problems))
		}
	}
}

func TestParseConfigReportsAllProblemsAtOnceInFileOrder(t *testing.T) {
	t.Parallel()
	src := `telegram:
  admins: [1, two]
store:
  retention: 30d
fetch:
  timeout: 15s
  concurency: 8
digest:
  timezone: Europe/Kiyv
  schedule: "@every 1s"
sources:
  - name: ANSA
    url: ftp://ansa.it/rss
  - name: ANSA
    url: https://www.ansa.it/sito/ansait_rss.xml
  - name: Nothing
watches:
  - name: NATO
`
	_, problems := parse(t, src, nil)
	type at struct {
		line int
		key  string
	}
	want := []at{
		{2, "telegram.admins[1]"},
		{4, "store.retention"},
		{7, "fetch.concurency"},
		{9, "digest.timezone"},
		{10, "digest.schedule"},
		{13, "sources[0].url"},
		{14, "sources[1].name"},
		{16, "sources[2]"},
		{18, "watches[0].query"},
	}
	var got []at
	for _, p := range problems {
		got = append(got, at{p.Line, p.Key})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant (line, key): %v", joinProblems(problems), want)
	}
}

func TestParseConfigAnEmptyFileGivesTheDefaults(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"", "# only a comment\n", "telegram:\nstore:\n"} {
		cfg, problems := parse(t, src, nil)
		if len(problems) != 0 {
			t.Fatalf("%q: problems:\n%s", src, joinProblems(problems))
		}
		want := Defaults()
		want.warnings = cfg.warnings
		if !reflect.DeepEqual(cfg, want) {
			t.Errorf("%q: config = %+v\nwant %+v", src, *cfg, *want)
		}
		checks := []struct {
			name      string
			got, want any
		}{
			{"store.path", cfg.Store.Path, "vedetta.db"},
			{"store.retention", cfg.Store.Retention, 720 * time.Hour},
			{"fetch.timeout", cfg.Fetch.Timeout, 15 * time.Second},
			{"fetch.max_body_bytes", cfg.Fetch.MaxBodyBytes, int64(10485760)},
			{"fetch.concurrency", cfg.Fetch.Concurrency, 8},
			{"fetch.default_schedule", cfg.Fetch.DefaultSchedule, "@every 10m"},
			{"telegram.api_endpoint", cfg.Telegram.APIEndpoint, "https://api.telegram.org/bot%s/%s"},
			{"x.api_base", cfg.X.APIBase, "https://api.x.com/2"},
			{"x.monthly_post_budget", cfg.X.MonthlyPostBudget, 10000},
			{"telegram_web.base_url", cfg.TelegramWeb.BaseURL, "https://t.me"},
			{"digest.schedule", cfg.Digest.Schedule, "0 8,20 * * *"},
			{"digest.timezone", cfg.Digest.Timezone, "Europe/Rome"},
			{"digest.max_items", cfg.Digest.MaxItems, 30},
			{"http.listen", cfg.HTTP.Listen, "127.0.0.1:9090"},
			{"log.level", cfg.Log.Level, "info"},
			{"log.format", cfg.Log.Format, "text"},
			{"ui.language", cfg.UI.Language, "en"},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%q: %s = %v, want %v", src, c.name, c.got, c.want)
			}
		}
	}
}

func TestParseConfigReadsEveryKey(t *testing.T) {
	t.Parallel()
	src := `telegram:
  token: "123:ABC_def-9"
  api_endpoint: http://127.0.0.1:8081/bot%s/%s
  admins: [11, 22]
  allowed_chats: [-1001234, 33]
  allow_paid_broadcast: true
store:
  path: /var/lib/vedetta/v.db
  retention: 48h
fetch:
  timeout: 3s
  max_body_bytes: 1_000_000
  concurrency: 2
  default_schedule: "*/5 * * * *"
  allow_private_networks: true
  max_items_per_poll: 250
x:
  bearer_token: xtoken
  api_base: http://127.0.0.1:9999/2/
  monthly_post_budget: 0
telegram_web:
  base_url: http://127.0.0.1:9998
digest:
  schedule: "@daily"
  timezone: Europe/Kyiv
  max_items: 5
http:
  listen: ""
log:
  level: DEBUG
  format: json
sources:
  - name: Feed
    url: https://a.example/rss
    schedule: CRON_TZ=Europe/Kyiv 0 9 * * *
    full_text: always
  - name: X account
    x_user: "@NATO"
  - name: X search
    x_search: NATO lang:it -is:retweet
  - name: Channel
    telegram_channel: https://t.me/s/V_Zelenskiy_official
watches:
  - name: NATO
    query: NATO OR OTAN
ui:
  language: it-IT
`
	cfg, problems := parse(t, src, nil)
	if len(problems) != 0 {
		t.Fatalf("problems:\n%s", joinProblems(problems))
	}
	want := &Config{}
	want.Telegram.Token = "123:ABC_def-9"
	want.Telegram.APIEndpoint = "http://127.0.0.1:8081/bot%s/%s"
	want.Telegram.Admins = []int64{11, 22}
	want.Telegram.AllowedChats = []int64{-1001234, 33}
	want.Telegram.AllowPaidBroadcast = true
	want.Store.Path = "/var/lib/vedetta/v.db"
	want.Store.Retention = 48 * time.Hour
	want.Fetch.Timeout = 3 * time.Second
	want.Fetch.MaxBodyBytes = 1000000
	want.Fetch.Concurrency = 2
	want.Fetch.DefaultSchedule = "*/5 * * * *"
	want.Fetch.AllowPrivateNetworks = true
	want.Fetch.MaxItemsPerPoll = 250
	want.X.BearerToken = "xtoken"
	want.X.APIBase = "http://127.0.0.1:9999/2"
	want.X.MonthlyPostBudget = 0
	want.TelegramWeb.BaseURL = "http://127.0.0.1:9998"
	want.Digest.Schedule = "@daily"
	want.Digest.Timezone = "Europe/Kyiv"
	want.Digest.MaxItems = 5
	want.HTTP.Listen = ""
	want.Log.Level = "debug"
	want.Log.Format = "json"
	want.UI.Language = "it"
	want.Sources = []SourceConfig{
		{Name: "Feed", Kind: watch.KindFeed, Target: "https://a.example/rss", Schedule: "CRON_TZ=Europe/Kyiv 0 9 * * *", FullText: article.Always, Line: 33},
		{Name: "X account", Kind: watch.KindXUser, Target: "NATO", FullText: article.Never, Line: 37},
		{Name: "X search", Kind: watch.KindXSearch, Target: "NATO lang:it -is:retweet", FullText: article.Never, Line: 39},
		{Name: "Channel", Kind: watch.KindTelegram, Target: "V_Zelenskiy_official", FullText: article.Never, Line: 41},
	}
	want.Watches = []WatchConfig{{Name: "NATO", Query: "NATO OR OTAN", Line: 44}}
	want.warnings = cfg.warnings
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("config =\n%+v\nwant\n%+v", *cfg, *want)
	}
	// The one warning: paid broadcasts cost Stars.
	if w := cfg.Warnings(); len(w) != 1 || !strings.Contains(w[0].String(), "telegram.allow_paid_broadcast") {
		t.Errorf("warnings:\n%s\nwant only the paid broadcasts' cost", joinProblems(w))
	}
}

func TestParseConfigExpandsEnvironmentVariables(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		yaml string
		env  envMap
		get  func(*Config) any
		want any
	}{
		{"${VAR} is replaced by its value", "store:\n  path: ${DIR}/v.db\n", envMap{"DIR": "/data"},
			func(c *Config) any { return c.Store.Path }, "/data/v.db"},
		{"${VAR:-default} uses the value when set", "store:\n  path: ${DB:-v.db}\n", envMap{"DB": "x.db"},
			func(c *Config) any { return c.Store.Path }, "x.db"},
		{"${VAR:-default} uses the default when unset", "store:\n  path: ${DB:-v.db}\n", nil,
			func(c *Config) any { return c.Store.Path }, "v.db"},
		{"${VAR:-default} uses the default when empty", "store:\n  path: ${DB:-v.db}\n", envMap{"DB": ""},
			func(c *Config) any { return c.Store.Path }, "v.db"},
		{"variables expand inside numbers", "fetch:\n  concurrency: ${N}\n", envMap{"N": "3"},
			func(c *Config) any { return c.Fetch.Concurrency }, 3},
		{"variables expand inside durations", "fetch:\n  timeout: ${T:-20s}\n", nil,
			func(c *Config) any { return c.Fetch.Timeout }, 20 * time.Second},
		{"variables expand inside lists", "telegram:\n  admins: [\"${ADMIN}\"]\n", envMap{"ADMIN": "42"},
			func(c *Config) any { return c.Telegram.Admins }, []int64{42}},
		{"$${ is a literal ${", "sources:\n  - name: Cost $${x}\n    url: https://a.example/rss\n", nil,
			func(c *Config) any { return c.Sources[0].Name }, "Cost ${x}"},
		{"a bare $NAME is left alone", "sources:\n  - name: $HOME news\n    url: https://a.example/rss\n", envMap{"HOME": "/root"},
			func(c *Config) any { return c.Sources[0].Name }, "$HOME news"},
		{"expanded values are not parsed as YAML", "sources:\n  - name: ${N}\n    url: https://a.example/rss\n", envMap{"N": "a: [b"},
			func(c *Config) any { return c.Sources[0].Name }, "a: [b"},
		{"an unset token is fine: console mode", "telegram:\n  token: ${TELEGRAM_BOT_TOKEN}\n", nil,
			func(c *Config) any { return c.Telegram.Token }, ""},
		{"the token comes from the environment", "telegram:\n  token: ${TELEGRAM_BOT_TOKEN}\n", envMap{"TELEGRAM_BOT_TOKEN": "1:abc"},
			func(c *Config) any { return c.Telegram.Token }, "1:abc"},
		{"TELEGRAM_BOT_TOKEN fills an absent token", "store:\n  path: v.db\n", envMap{"TELEGRAM_BOT_TOKEN": "1:abc"},
			func(c *Config) any { return c.Telegram.Token }, "1:abc"},
		{"TELEGRAM_BOT_TOKEN fills an empty token", "telegram:\n  token: \"\"\n", envMap{"TELEGRAM_BOT_TOKEN": "1:abc"},
			func(c *Config) any { return c.Telegram.Token }, "1:abc"},
		{"a token in the file wins over the environment", "telegram:\n  token: \"2:def\"\n", envMap{"TELEGRAM_BOT_TOKEN": "1:abc"},
			func(c *Config) any { return c.Telegram.Token }, "2:def"},
		{"X_BEARER_TOKEN fills an absent bearer token", "store:\n  path: v.db\n", envMap{"X_BEARER_TOKEN": "AAAA%3D"},
			func(c *Config) any { return c.X.BearerToken }, "AAAA%3D"},
		{"an unset bearer token is fine", "x:\n  bearer_token: ${X_BEARER_TOKEN}\n", nil,
			func(c *Config) any { return c.X.BearerToken }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, problems := parse(t, tt.yaml, tt.env)
			if len(problems) != 0 {
				t.Fatalf("problems:\n%s", joinProblems(problems))
			}
			if got := tt.get(cfg); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestParseConfigWarnsWithoutFailing(t *testing.T) {
	t.Parallel()
	src := `sources:
  - name: NATO on X
    x_user: NATO
  - name: ANSA
    url: https://www.ansa.it/sito/ansait_rss.xml
  - name: ANSA again
    url: https://www.ansa.it/sito/ansait_rss.xml
`
	cfg, problems := parse(t, src, nil)
	if len(problems) != 0 {
		t.Fatalf("problems:\n%s", joinProblems(problems))
	}
	var got []string
	for _, w := range cfg.Warnings() {
		got = append(got, w.Key)
	}
	want := []string{"sources[0]", "sources[2]", "telegram.token"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings:\n%s\nwant keys %v", joinProblems(cfg.Warnings()), want)
	}

	cfg, _ = parse(t, src, envMap{"TELEGRAM_BOT_TOKEN": "1:abc", "X_BEARER_TOKEN": "x"})
	if n := len(cfg.Warnings()); n != 1 {
		t.Errorf("with both tokens set, %d warnings, want only the repeated feed:\n%s", n, joinProblems(cfg.Warnings()))
	}
}

func TestParseConfigSyntaxErrorIsAnErrorWithItsLine(t *testing.T) {
	t.Parallel()
	_, _, err := Parse("bad.yaml", []byte("store:\n  path: v.db\nc: : :\n"), envMap(nil).lookup, nil)
	if err == nil {
		t.Fatal("no error for broken YAML")
	}
	if msg := err.Error(); !strings.Contains(msg, "bad.yaml") || !strings.Contains(msg, "line 3") {
		t.Errorf("error %q does not name the file and line 3", msg)
	}
}

func TestLoadConfigMissingFileIsAnError(t *testing.T) {
	t.Parallel()
	_, _, err := Load(filepath.Join(t.TempDir(), "nope.yaml"), nil)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want one wrapping os.ErrNotExist", err)
	}
}

func TestParseConfigWithoutQueryCheckAcceptsAnyQuery(t *testing.T) {
	t.Parallel()
	_, problems, err := Parse("t.yaml", []byte("watches:\n  - name: X\n    query: (BROKEN\n"), envMap(nil).lookup, nil)
	if err != nil || len(problems) != 0 {
		t.Errorf("err = %v, problems:\n%s", err, joinProblems(problems))
	}
}

func TestRepoConfigPassesCheck(t *testing.T) {
	t.Parallel()
	cfg, problems, err := Load(filepath.Join("..", "config.yaml"), fakeQueryCheck)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 0 {
		t.Fatalf("the repository's config.yaml has problems:\n%s", joinProblems(problems))
	}
	if n := len(cfg.Sources); n < 10 || n > 17 {
		t.Errorf("%d sources, want a real example of 10-17", n)
	}
	kinds := map[watch.Kind]int{}
	for _, s := range cfg.WatchSources() {
		kinds[s.Kind]++
	}
	if kinds[watch.KindFeed] < 8 || kinds[watch.KindXUser] != 1 || kinds[watch.KindTelegram] != 1 {
		t.Errorf("source kinds = %v, want ≥8 feeds, one x_user, one telegram_channel", kinds)
	}
	var names []string
	for _, w := range cfg.Watches {
		names = append(names, w.Name)
	}
	if !reflect.DeepEqual(names, []string{"Zelensky", "NATO"}) {
		t.Errorf("watches = %v, want the Zelensky and NATO catalogue entries", names)
	}
}

func TestWatchSourcesMapsKindsAndDefaultsSchedules(t *testing.T) {
	t.Parallel()
	cfg, problems := parse(t, `fetch:
  default_schedule: "@every 5m"
sources:
  - name: F
    url: https://a.example/rss
  - name: G
    url: https://g.example/rss
    full_text: Always
  - name: U
    x_user: NATO
    schedule: "@hourly"
  - name: S
    x_search: nato lang:it
  - name: T
    telegram_channel: "@V_Zelenskiy_official"
`, nil)
	if len(problems) != 0 {
		t.Fatalf("problems:\n%s", joinProblems(problems))
	}
	want := []watch.Source{
		{Name: "F", Kind: watch.KindFeed, Target: "https://a.example/rss", Schedule: "@every 5m", FullText: "auto"},
		{Name: "G", Kind: watch.KindFeed, Target: "https://g.example/rss", Schedule: "@every 5m", FullText: "always"},
		{Name: "U", Kind: watch.KindXUser, Target: "NATO", Schedule: "@hourly", FullText: "never"},
		{Name: "S", Kind: watch.KindXSearch, Target: "nato lang:it", Schedule: "@every 5m", FullText: "never"},
		{Name: "T", Kind: watch.KindTelegram, Target: "V_Zelenskiy_official", Schedule: "@every 5m", FullText: "never"},
	}
	if got := cfg.WatchSources(); !reflect.DeepEqual(got, want) {
		t.Errorf("WatchSources() =\n%+v\nwant\n%+v", got, want)
	}
}

func TestProblemString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"file, line, key and hint", Problem{File: "config.yaml", Key: "sources[2].url", Line: 14, Msg: "bad", Hint: "fix"},
			"config.yaml:14: sources[2].url: bad (hint: fix)"},
		{"no line", Problem{File: "config.yaml", Key: "telegram.token", Msg: "bad"},
			"config.yaml: telegram.token: bad"},
		{"no file", Problem{Key: "k", Line: 3, Msg: "bad", Hint: "h"},
			"line 3: k: bad (hint: h)"},
		{"no key", Problem{File: "c.yaml", Line: 1, Msg: "bad"},
			"c.yaml:1: bad"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%s: String() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestExpandEnv(t *testing.T) {
	t.Parallel()
	env := envMap{"A": "1", "E": ""}
	tests := []struct {
		in, want string
		unset    []string
		err      bool
	}{
		{in: "plain", want: "plain"},
		{in: "${A}${A}", want: "11"},
		{in: "x${E}y", want: "xy"},
		{in: "${B}", want: "", unset: []string{"B"}},
		{in: "${B:-}", want: ""},
		{in: "${B:-a:-b}", want: "a:-b"},
		{in: "$${A}", want: "${A}"},
		{in: "100$", want: "100$"},
		{in: "${A", err: true},
		{in: "${}", err: true},
	}
	for _, tt := range tests {
		got, unset, err := expandEnv(tt.in, env.lookup)
		if (err != nil) != tt.err {
			t.Errorf("expandEnv(%q) err = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if err == nil && (got != tt.want || !reflect.DeepEqual(unset, tt.unset)) {
			t.Errorf("expandEnv(%q) = %q, %v; want %q, %v", tt.in, got, unset, tt.want, tt.unset)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("..", "config.yaml")); err == nil {
		f.Add(string(data))
	}
	f.Add("digest:\n  schedule: CRON_TZ=UTC\n")
	f.Add("sources:\n  - &a {name: A, url: 'https://a/'}\n  - *a\n")
	f.Add("store: {path: ${X:-y}}\n")
	f.Fuzz(func(t *testing.T, src string) {
		cfg, problems, err := Parse("f.yaml", []byte(src), envMap{"X": "1"}.lookup, fakeQueryCheck)
		if err != nil {
			return
		}
		if cfg == nil {
			t.Fatal("nil config without an error")
		}
		for _, p := range problems {
			if p.Msg == "" || p.Hint == "" {
				t.Errorf("problem without message or hint: %#v", p)
			}
		}
	})
}

func BenchmarkParseRepoConfig(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "config.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_, problems, err := Parse("config.yaml", data, envMap(nil).lookup, fakeQueryCheck)
		if err != nil || len(problems) != 0 {
			b.Fatal(err, problems)
		}
	}
}

func TestEveryOptionIsReadAndDefaultedOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, o := range options {
		if seen[o.key] {
			t.Errorf("%s is in the options table twice", o.key)
		}
		seen[o.key] = true
		section, name, ok := strings.Cut(o.key, ".")
		if !ok || o.parse == nil {
			t.Errorf("%s: want section.name and a parser", o.key)
		}
		if home, _ := keyHome(name); home != section {
			t.Errorf("%s: keyHome says %q", o.key, home)
		}
	}
	d := Defaults()
	if d.Fetch.Timeout != fetch.DefaultTimeout || d.Fetch.MaxBodyBytes != fetch.DefaultMaxBodyBytes || d.Fetch.Concurrency != fetch.DefaultConcurrency {
		t.Errorf("fetch defaults %v %v %v differ from the fetcher's own", d.Fetch.Timeout, d.Fetch.MaxBodyBytes, d.Fetch.Concurrency)
	}
	if d.Digest.MaxItems != bot.DefaultMaxItems {
		t.Errorf("digest.max_items default %d differs from the bot's %d", d.Digest.MaxItems, bot.DefaultMaxItems)
	}
	if d.SearchWindow() != store.SearchWindow {
		t.Errorf("search window %v, want store.SearchWindow", d.SearchWindow())
	}
}
