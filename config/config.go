// Package config reads config.yaml into a Config, before anything else starts: the YAML is
// decoded as a yaml.v3 node tree so that every problem — unknown key, bad duration, cron
// spec, time zone, URL, duplicate or incomplete source — is collected with its key and line,
// not just the first one. Each key is a row of the options table (options.go); each value is
// checked with the rule the runtime applies (package schedule for schedules, package source
// for sources). It does no I/O beyond reading the file and the environment, and knows
// nothing of the wiring.
package config

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones must load on minimal images without /usr/share/zoneinfo

	"gopkg.in/yaml.v3"

	"github.com/vedetta/vedetta/admin"
	"github.com/vedetta/vedetta/schedule"
	"github.com/vedetta/vedetta/source"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/article"
)

// Environment variables the config falls back on when the matching value is empty (README.md).
const (
	EnvConfig        = "VEDETTA_CONFIG"
	envTelegramToken = "TELEGRAM_BOT_TOKEN"
	envXBearerToken  = "X_BEARER_TOKEN"
)

// Config is a loaded, expanded and validated config.yaml, with defaults filled in.
type Config struct {
	Telegram struct {
		Token        string // empty: console mode
		APIEndpoint  string // fmt format with two %s: token, method
		Admins       []int64
		AllowedChats []int64 // empty: anyone may use the bot
		// AllowPaidBroadcast sends with allow_paid_broadcast, at up to
		// bot.PaidBroadcastLimits' rate, each message over the free 30 a second paid in
		// Telegram Stars (https://core.telegram.org/bots/api#sendmessage).
		AllowPaidBroadcast bool
	}
	Store struct {
		Path      string
		Retention time.Duration
	}
	Fetch struct {
		Timeout              time.Duration
		MaxBodyBytes         int64
		Concurrency          int
		DefaultSchedule      string
		AllowPrivateNetworks bool
		MaxItemsPerPoll      int
	}
	X struct {
		BearerToken, APIBase string
		MonthlyPostBudget    int
	}
	TelegramWeb struct{ BaseURL string }
	Digest      struct {
		Schedule, Timezone string
		MaxItems           int
	}
	HTTP     struct{ Listen string } // empty disables /healthz and /metrics
	Log      struct{ Level, Format string }
	UI       struct{ Language string }
	Sources  []SourceConfig
	Watches  []WatchConfig
	warnings []Problem
}

// SourceConfig is one entry of "sources:": its kind is the key of its target (url, x_user,
// x_search, telegram_channel: the config keys of the source kinds' table), and Target is
// normalised by that kind's rule (no "@" or t.me prefix).
type SourceConfig struct {
	Name     string
	Kind     watch.Kind // "" when the entry has no valid target
	Target   string
	Schedule string
	// FullText is the full_text policy (source.FullText): auto when not given, never for
	// kinds whose items are not article links.
	FullText article.Mode
	Line     int // of the entry in the file
}

// WatchConfig is one entry of "watches:", the configured catalogue.
type WatchConfig struct {
	Name, Query string
	Line        int
}

// Problem is one thing wrong with a config file: where it is, what is wrong, how to fix it.
type Problem struct {
	File string // the config file's path as given; may be empty
	Key  string // "sources[2].url"; 0-based indexes
	Line int    // 1-based; 0 when the problem has no place in the file (an environment variable)
	Msg  string
	Hint string
}

// String formats the problem as "config.yaml:14: sources[2].url: msg (hint: hint)".
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	} else if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Key != "" {
		b.WriteString(p.Key)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	if p.Hint != "" {
		b.WriteString(" (hint: ")
		b.WriteString(p.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// DefaultPath is where the config is read when no -config is given: $VEDETTA_CONFIG, else
// ./config.yaml (README.md, "Commands of the binary").
func DefaultPath() string {
	if p := os.Getenv(EnvConfig); p != "" {
		return p
	}
	return "config.yaml"
}

// Load reads the config file at path, expands ${VAR} and ${VAR:-default} from the
// environment, fills in defaults and validates every key. checkQuery validates a watch query
// (the caller binds match.Check to the catalogue); nil skips that check.
//
// err reports what stops reading at all: I/O, or YAML syntax (its message carries the line).
// Otherwise cfg is non-nil, and problems lists everything wrong in file order; a config with
// problems must not be used.
func Load(path string, checkQuery func(string) error) (cfg *Config, problems []Problem, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(path, data, os.LookupEnv, checkQuery)
}

// Warnings lists what is legal but probably not what the user wants (an X source without
// X_BEARER_TOKEN, a feed listed twice, no Telegram token). They never make the config unusable.
func (c *Config) Warnings() []Problem { return slices.Clone(c.warnings) }

// SearchWindow is how long items are kept for /search: store.SearchWindow, or
// store.retention when that is shorter.
func (c *Config) SearchWindow() time.Duration { return min(store.SearchWindow, c.Store.Retention) }

// WatchSources returns the configured sources as the poller sees them, each schedule defaulted
// to fetch.default_schedule. (Named so because Config.Sources is the field.)
func (c *Config) WatchSources() []watch.Source {
	out := make([]watch.Source, 0, len(c.Sources))
	for _, s := range c.Sources {
		ws := watch.Source{Name: s.Name, Kind: s.Kind, Target: s.Target, Schedule: s.Schedule, FullText: string(s.FullText)}
		if ws.Schedule == "" {
			ws.Schedule = c.Fetch.DefaultSchedule
		}
		out = append(out, ws)
	}
	return out
}

// Parse is Load on bytes, with the environment passed in.
func Parse(file string, data []byte, lookup func(string) (string, bool), checkQuery func(string) error) (*Config, []Problem, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, fmt.Errorf("parse %s: %w", file, err)
	}
	l := &loader{file: file, lookup: lookup, checkQuery: checkQuery, cfg: Defaults()}
	if len(doc.Content) > 0 {
		l.top(doc.Content[0])
	}
	l.finish()
	slices.SortStableFunc(l.problems, byLine)
	slices.SortStableFunc(l.cfg.warnings, byLine)
	return l.cfg, l.problems, nil
}

// byLine orders problems by line, those without a line last.
func byLine(a, b Problem) int {
	la, lb := a.Line, b.Line
	if la == 0 {
		la = int(^uint(0) >> 1)
	}
	if lb == 0 {
		lb = int(^uint(0) >> 1)
	}
	return la - lb
}

// loader walks the node tree once, filling cfg and collecting problems.
type loader struct {
	file       string
	lookup     func(string) (string, bool)
	checkQuery func(string) error
	cfg        *Config
	problems   []Problem
	tokenLine  int  // line of telegram.token, for the console-mode warning
	tokenBad   bool // telegram.token was reported as a problem
}

func (l *loader) problem(line int, key, msg, hint string) {
	l.problems = append(l.problems, Problem{File: l.file, Key: key, Line: line, Msg: msg, Hint: hint})
}

func (l *loader) warn(line int, key, msg, hint string) {
	l.cfg.warnings = append(l.cfg.warnings, Problem{File: l.file, Key: key, Line: line, Msg: msg, Hint: hint})
}

// handler decodes the value of one known key; key is its full path ("fetch.timeout").
type handler func(key string, v *yaml.Node)

func joinKey(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

// mapping calls the handler of each key of n, in file order, and reports unknown and repeated
// keys. A key with a null value ("timeout:" or "timeout: ~") keeps its default.
func (l *loader) mapping(n *yaml.Node, key string, fields map[string]handler, aliases map[string]string) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		l.problem(n.Line, key, "expected a mapping of keys, got "+kindName(n), "indent the keys under "+lastPart(key)+":, e.g. "+exampleKey(fields))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], deref(n.Content[i+1])
		name := kn.Value
		full := joinKey(key, name)
		if first, dup := seen[name]; dup {
			l.problem(kn.Line, full, fmt.Sprintf("duplicate key; it is already set on line %d", first), "keep one of the two")
			continue
		}
		seen[name] = kn.Line
		h, ok := fields[name]
		if !ok {
			l.problem(kn.Line, full, "unknown key", l.unknownKeyHint(key, name, fields, aliases))
			continue
		}
		if isNull(vn) {
			continue
		}
		h(full, vn)
	}
}

func (l *loader) top(n *yaml.Node) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		l.problem(n.Line, "", "the config must be a mapping of sections, got "+kindName(n), "start from the repository's config.yaml: telegram:, store:, fetch:, …, sources:, watches:")
		return
	}
	top := map[string]handler{
		"sources": func(k string, v *yaml.Node) { l.sources(v, k) },
		"watches": func(k string, v *yaml.Node) { l.watches(v, k) },
	}
	for section, fields := range l.sections() {
		top[section] = func(k string, v *yaml.Node) { l.mapping(v, k, fields, nil) }
	}
	l.mapping(n, "", top, nil)
}

// finish applies the environment fallbacks and the checks that span keys.
func (l *loader) finish() {
	c := l.cfg
	if c.Telegram.Token == "" {
		if tok, ok := l.lookup(envTelegramToken); ok && tok != "" {
			c.Telegram.Token = tok
			if !looksLikeBotToken(tok) {
				l.problem(0, "telegram.token", envTelegramToken+" does not look like a bot token", "BotFather's tokens look like 123456789:AAH…; check the variable for quotes or spaces")
			}
		}
	}
	if c.X.BearerToken == "" {
		if tok, ok := l.lookup(envXBearerToken); ok {
			c.X.BearerToken = tok
		}
	}
	if c.Telegram.Token == "" && !l.tokenBad {
		l.warn(l.tokenLine, "telegram.token", "no Telegram token: `vedetta run` starts in console mode", "set "+envTelegramToken+" to run the bot")
	}
	if c.X.BearerToken == "" {
		for i, s := range c.Sources {
			if s.Kind == watch.KindXUser || s.Kind == watch.KindXSearch {
				l.warn(s.Line, fmt.Sprintf("sources[%d]", i), fmt.Sprintf("source %q reads X but no bearer token is set; it will fail until one is", s.Name), "set "+envXBearerToken)
			}
		}
	}
}

// sources decodes "sources:" and checks each entry and the list as a whole.
func (l *loader) sources(n *yaml.Node, key string) {
	if n.Kind != yaml.SequenceNode {
		l.problem(n.Line, key, "expected a list of sources, got "+kindName(n), `start each source with "- name: …" on its own line`)
		return
	}
	names := map[string]int{}   // folded name -> line
	targets := map[string]int{} // kind+target -> line
	for i, item := range n.Content {
		item = deref(item)
		k := fmt.Sprintf("%s[%d]", key, i)
		if item.Kind != yaml.MappingNode {
			l.problem(item.Line, k, "expected a source (name: plus one of url, x_user, x_search, telegram_channel), got "+kindName(item), "- name: Il Post\n    url: https://www.ilpost.it/feed/")
			continue
		}
		s := SourceConfig{Line: item.Line}
		nameLine := item.Line
		var kinds []string
		var kindLine = map[string]int{}
		fullText, fullTextLine := "", 0
		fields := map[string]handler{
			source.FullTextKey: func(k string, v *yaml.Node) {
				if raw, ok := l.str(v, k); ok {
					fullText, fullTextLine = raw, v.Line
				}
			},
			"name": func(k string, v *yaml.Node) {
				nameLine = v.Line
				if raw, ok := l.str(v, k); ok {
					s.Name = strings.TrimSpace(raw)
				}
			},
			"schedule": func(k string, v *yaml.Node) {
				if sched, ok := l.schedule(v, k); ok {
					s.Schedule = sched
				}
			},
		}
		// One key per source kind, each checked by its kind's rule.
		for _, sk := range source.Kinds {
			fields[sk.ConfigKey] = func(k string, v *yaml.Node) {
				kinds = append(kinds, sk.ConfigKey)
				kindLine[sk.ConfigKey] = v.Line
				raw, ok := l.str(v, k)
				if !ok {
					return
				}
				t, err := sk.Target(raw)
				if err != nil {
					l.problem(v.Line, k, err.Error(), sk.Hint)
					return
				}
				if len(kinds) == 1 {
					s.Kind, s.Target = sk.Kind, t
				}
			}
		}
		l.mapping(item, k, fields, sourceKeyAliases)

		switch {
		case s.Name == "":
			l.problem(item.Line, k+".name", "the source has no name", "add name: with a short unique title, shown to users in /sources and digests")
		default:
			folded := strings.ToLower(s.Name)
			if first, dup := names[folded]; dup {
				l.problem(nameLine, k+".name", fmt.Sprintf("duplicate source name %q; it is already used on line %d", s.Name, first), "source names must be unique (ignoring case); rename one")
			} else {
				names[folded] = nameLine
			}
		}
		switch len(kinds) {
		case 0:
			l.problem(item.Line, k, fmt.Sprintf("source %q has neither %s", s.Name, kindKeys()), "add exactly one, e.g. url: https://www.ilpost.it/feed/ or telegram_channel: V_Zelenskiy_official")
		case 1:
			if s.Kind == "" {
				break // the target itself was reported
			}
			if m, err := source.FullText(s.Kind, fullText); err != nil {
				l.problem(fullTextLine, k+"."+source.FullTextKey, err.Error(), source.FullTextHint)
			} else {
				s.FullText = m
			}
			t := string(s.Kind) + "\x00" + s.Target
			if s.Kind != watch.KindFeed && s.Kind != watch.KindXSearch {
				t = strings.ToLower(t) // handles and channel names ignore case
			}
			if first, dup := targets[t]; dup {
				l.warn(item.Line, k, fmt.Sprintf("source %q reads the same thing as the source on line %d", s.Name, first), "remove one: each item would be fetched twice")
			} else {
				targets[t] = item.Line
			}
		default:
			l.problem(kindLine[kinds[1]], k+"."+kinds[1], fmt.Sprintf("source %q has both %s and %s; a source reads exactly one thing", s.Name, kinds[0], kinds[1]), "split it into two sources with different names")
		}
		l.cfg.Sources = append(l.cfg.Sources, s)
	}
}

// kindKeys lists the source kinds' config keys: "url, x_user, x_search nor telegram_channel".
func kindKeys() string {
	var keys []string
	for _, k := range source.Kinds {
		keys = append(keys, k.ConfigKey)
	}
	return strings.Join(keys[:len(keys)-1], ", ") + " nor " + keys[len(keys)-1]
}

// sourceKeyAliases are keys people write for a source, and the key they mean.
var sourceKeyAliases = map[string]string{
	"feed": "url", "rss": "url", "link": "url", "href": "url",
	"x": "x_user", "twitter": "x_user", "user": "x_user", "account": "x_user",
	"search": "x_search", "query": "x_search",
	"channel": "telegram_channel", "telegram": "telegram_channel", "tg": "telegram_channel",
	"cron": "schedule", "every": "schedule", "interval": "schedule",
	"fulltext": "full_text", "full_content": "full_text", "fetch_article": "full_text", "readability": "full_text",
	"title": "name",
}

// watches decodes "watches:", the configured catalogue.
func (l *loader) watches(n *yaml.Node, key string) {
	if n.Kind != yaml.SequenceNode {
		l.problem(n.Line, key, "expected a list of watches, got "+kindName(n), `start each watch with "- name: …" on its own line`)
		return
	}
	names := map[string]int{}
	for i, item := range n.Content {
		item = deref(item)
		k := fmt.Sprintf("%s[%d]", key, i)
		if item.Kind != yaml.MappingNode {
			l.problem(item.Line, k, "expected a watch (name: and query:), got "+kindName(item), "- name: NATO\n    query: NATO OR OTAN OR НАТО")
			continue
		}
		w := WatchConfig{Line: item.Line}
		nameLine, queryLine := item.Line, 0
		l.mapping(item, k, map[string]handler{
			"name": func(k string, v *yaml.Node) {
				nameLine = v.Line
				if raw, ok := l.str(v, k); ok {
					w.Name = strings.TrimSpace(raw)
					if bad := strings.IndexAny(w.Name, `()"|,*`); bad >= 0 || strings.HasPrefix(w.Name, "-") {
						l.problem(v.Line, k, fmt.Sprintf("watch name %q contains a character of the query language", w.Name), `a name is typed after /watch: use letters, digits, spaces, "_" or "."`)
					}
				}
			},
			"query": func(k string, v *yaml.Node) {
				queryLine = v.Line
				if raw, ok := l.str(v, k); ok {
					w.Query = strings.TrimSpace(raw)
				}
			},
		}, map[string]string{"title": "name", "terms": "query", "match": "query", "keywords": "query"})

		if w.Name == "" {
			l.problem(item.Line, k+".name", "the watch has no name", "add name: — chats subscribe with /watch NAME")
		} else if first, dup := names[strings.ToLower(w.Name)]; dup {
			l.problem(nameLine, k+".name", fmt.Sprintf("duplicate watch name %q; it is already used on line %d", w.Name, first), "watch names must be unique (ignoring case); merge the queries with OR")
		} else {
			names[strings.ToLower(w.Name)] = nameLine
		}
		switch {
		case w.Query == "" && queryLine == 0:
			l.problem(item.Line, k+".query", fmt.Sprintf("watch %q has no query", w.Name), `add query:, e.g. query: NATO OR OTAN OR "Alleanza Atlantica"`)
		case w.Query == "":
			l.problem(queryLine, k+".query", fmt.Sprintf("watch %q has an empty query", w.Name), `e.g. query: NATO OR OTAN OR "Alleanza Atlantica"`)
		case l.checkQuery != nil:
			if err := l.checkQuery(w.Query); err != nil {
				l.problem(queryLine, k+".query", fmt.Sprintf("bad query: %v", err), `terms, "phrases", prefix*, AND/OR/NOT, -term and parentheses, e.g. Zelensky OR Зеленськ*`)
			}
		}
		l.cfg.Watches = append(l.cfg.Watches, w)
	}
}

// --- scalars ---

// str returns the expanded string value of a scalar node.
func (l *loader) str(n *yaml.Node, key string) (string, bool) {
	return l.scalar(n, key, false)
}

// secret is str for a token: an unset variable is fine (the environment fallback or console
// mode applies), and the value never appears in a problem.
func (l *loader) secret(n *yaml.Node, key string) (string, bool) {
	s, ok := l.scalar(n, key, true)
	if !ok {
		return "", false
	}
	if key == "telegram.token" && s != "" && !looksLikeBotToken(s) {
		l.tokenBad = true
		l.problem(n.Line, key, "the value does not look like a bot token", "BotFather's tokens look like 123456789:AAH…; better, write token: ${"+envTelegramToken+"} and keep it in the environment")
		return "", false
	}
	return s, true
}

func (l *loader) scalar(n *yaml.Node, key string, secret bool) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		l.problem(n.Line, key, "expected a single value, got "+kindName(n), "write it on the same line as the key")
		return "", false
	}
	if isNull(n) {
		return "", true
	}
	s, unset, err := expandEnv(n.Value, l.lookup)
	if err != nil {
		l.problem(n.Line, key, err.Error(), "write ${NAME} or ${NAME:-default}; write $${ for a literal ${")
		return "", false
	}
	if len(unset) > 0 && !secret {
		l.problem(n.Line, key, "environment variable "+strings.Join(unset, ", ")+" is not set", "set it, or give a default: ${"+unset[0]+":-value}")
		return "", false
	}
	return s, true
}

// integer parses a whole number in [lo, hi].
func (l *loader) integer(n *yaml.Node, key string, lo, hi int64, hint string) (int64, bool) {
	s, ok := l.str(n, key)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(s), "_", ""), 10, 64)
	if err != nil {
		l.problem(n.Line, key, fmt.Sprintf("%q is not a whole number", s), hint)
		return 0, false
	}
	if v < lo || v > hi {
		l.problem(n.Line, key, fmt.Sprintf("%d is out of range [%d, %d]", v, lo, hi), hint)
		return 0, false
	}
	return v, true
}

func (l *loader) boolean(n *yaml.Node, key string, dst *bool) {
	s, ok := l.str(n, key)
	if !ok {
		return
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		*dst = true
	case "false":
		*dst = false
	default:
		l.problem(n.Line, key, fmt.Sprintf("%q is not true or false", s), "write true or false")
	}
}

func (l *loader) duration(n *yaml.Node, key string, dst *time.Duration) {
	s, ok := l.str(n, key)
	if !ok {
		return
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		hint := "a Go duration such as 15s, 10m, 1h30m or 720h"
		if strings.HasSuffix(strings.TrimSpace(s), "d") {
			hint = `Go durations have no days: write hours, e.g. 720h for 30 days`
		}
		l.problem(n.Line, key, fmt.Sprintf("%q is not a duration", s), hint)
		return
	}
	if d <= 0 {
		l.problem(n.Line, key, fmt.Sprintf("%q must be positive", s), "a Go duration such as 15s, 10m or 720h")
		return
	}
	*dst = d
}

func (l *loader) enum(n *yaml.Node, key string, dst *string, allowed ...string) {
	s, ok := l.str(n, key)
	if !ok {
		return
	}
	v := strings.ToLower(strings.TrimSpace(s))
	if !slices.Contains(allowed, v) {
		l.problem(n.Line, key, fmt.Sprintf("%q is not one of %s", s, strings.Join(allowed, ", ")), "write one of "+strings.Join(allowed, ", "))
		return
	}
	*dst = v
}

// ids parses a list of Telegram ids; users are positive, chats may be negative (groups).
func (l *loader) ids(n *yaml.Node, key string, users bool) []int64 {
	if n.Kind != yaml.SequenceNode {
		l.problem(n.Line, key, "expected a list of ids, got "+kindName(n), "write [123456789, 987654321], or [] for none")
		return nil
	}
	out := []int64{}
	for i, item := range n.Content {
		item = deref(item)
		k := fmt.Sprintf("%s[%d]", key, i)
		s, ok := l.str(item, k)
		if !ok {
			continue
		}
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		switch {
		case err != nil:
			l.problem(item.Line, k, fmt.Sprintf("%q is not a numeric Telegram id", s), "ids are numbers: ask @userinfobot for yours; usernames are not accepted")
		case users && id <= 0:
			l.problem(item.Line, k, fmt.Sprintf("%d is not a user id", id), "user ids are positive numbers, e.g. 123456789")
		case id == 0:
			l.problem(item.Line, k, "0 is not a chat id", "private chat ids are positive, group ids negative (-100… for supergroups)")
		default:
			out = append(out, id)
		}
	}
	return out
}

// schedule checks a source's cron spec with the rule the poller uses.
func (l *loader) schedule(n *yaml.Node, key string) (string, bool) {
	s, ok := l.str(n, key)
	if !ok {
		return "", false
	}
	s = strings.TrimSpace(s)
	if _, err := schedule.Source(s); err != nil {
		l.problem(n.Line, key, err.Error(), schedule.Hint(err))
		return "", false
	}
	return s, true
}

// digestSchedule checks the default digest schedule with the rule the bot uses for /schedule.
func (l *loader) digestSchedule(n *yaml.Node, key string) (string, bool) {
	s, ok := l.str(n, key)
	if !ok {
		return "", false
	}
	s = strings.TrimSpace(s)
	if _, err := schedule.Digest(s, time.UTC); err != nil {
		l.problem(n.Line, key, err.Error(), schedule.Hint(err))
		return "", false
	}
	return s, true
}

func (l *loader) location(line int, key, name string) bool {
	name = strings.TrimSpace(name)
	if name == "" {
		l.problem(line, key, "empty time zone", "an IANA zone such as Europe/Rome, Europe/Kyiv or UTC")
		return false
	}
	if _, err := time.LoadLocation(name); err != nil {
		l.problem(line, key, fmt.Sprintf("unknown time zone %q", name), "an IANA zone such as Europe/Rome, Europe/Kyiv or UTC (case matters)")
		return false
	}
	return true
}

// --- URLs, names and addresses ---

// checkHTTPURL says what keeps s from being an absolute http(s) URL with a host, or "".
func checkHTTPURL(s string) string {
	if strings.ContainsAny(s, " \t\r\n") {
		return "contains spaces"
	}
	u, err := url.Parse(s)
	if err != nil {
		return "is not a URL"
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return "has no http:// or https://"
		}
		return "is not an http(s) URL"
	}
	if u.Host == "" || u.Hostname() == "" {
		return "has no host"
	}
	return ""
}

// baseURL checks an API base such as https://api.x.com/2 and stores it without a trailing "/".
func (l *loader) baseURL(n *yaml.Node, key string, dst *string) {
	s, ok := l.str(n, key)
	if !ok {
		return
	}
	s = strings.TrimRight(strings.TrimSpace(s), "/")
	if why := checkHTTPURL(s); why != "" {
		l.problem(n.Line, key, fmt.Sprintf("%q %s", s, why), "an http(s) URL with a host, such as the default; remove the key to use it")
		return
	}
	*dst = s
}

func (l *loader) checkEndpoint(line int, key, s string) bool {
	const hint = "a URL format with two %s, for the token and the method, e.g. https://api.telegram.org/bot%s/%s or http://127.0.0.1:8081/bot%s/%s"
	if strings.Count(s, "%s") != 2 || strings.Count(s, "%") != 2 {
		l.problem(line, key, fmt.Sprintf("%q must contain %%s exactly twice and no other %%", s), hint)
		return false
	}
	if why := checkHTTPURL(fmt.Sprintf(s, "TOKEN", "getMe")); why != "" {
		l.problem(line, key, fmt.Sprintf("%q %s", s, why), hint)
		return false
	}
	return true
}

func (l *loader) checkListen(line int, key, s string) bool {
	if s == "" {
		return true // disables the HTTP server
	}
	const hint = `host:port such as 127.0.0.1:9090 or :9090; "" disables /healthz and /metrics`
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		l.problem(line, key, fmt.Sprintf("%q is not host:port", s), hint)
		return false
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		l.problem(line, key, fmt.Sprintf("%q has a bad port", s), hint)
		return false
	}
	token, _ := l.lookup(admin.EnvToken)
	if w := admin.ListenExposure(s, token); w != "" {
		l.warn(line, key, w, "docs/OPERATIONS.md, \"Health and metrics\"")
	}
	return true
}

var botTokenRe = regexp.MustCompile(`^[0-9]+:[A-Za-z0-9_-]+$`)

func looksLikeBotToken(s string) bool { return botTokenRe.MatchString(s) }

// --- environment ---

var envNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// expandEnv replaces ${NAME} with the variable's value and ${NAME:-default} with the value, or
// default when it is unset or empty; "$${" is a literal "${". A bare $NAME is left alone, so
// values containing "$" need no quoting. unset lists the variables without value or default.
func expandEnv(s string, lookup func(string) (string, bool)) (out string, unset []string, err error) {
	if !strings.Contains(s, "$") {
		return s, nil, nil
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "$")
		if i < 0 {
			b.WriteString(s)
			return b.String(), unset, nil
		}
		b.WriteString(s[:i])
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "$${"):
			b.WriteString("${")
			s = s[3:]
		case strings.HasPrefix(s, "${"):
			end := strings.IndexByte(s, '}')
			if end < 0 {
				return "", nil, fmt.Errorf("unterminated ${ in %q", s)
			}
			name, def, hasDef := strings.Cut(s[2:end], ":-")
			if !envNameRe.MatchString(name) {
				return "", nil, fmt.Errorf("bad variable name %q in ${…}", name)
			}
			val, ok := lookup(name)
			switch {
			case ok && val != "":
				b.WriteString(val)
			case hasDef:
				b.WriteString(def)
			case !ok:
				unset = append(unset, name)
			}
			s = s[end+1:]
		default:
			b.WriteByte('$')
			s = s[1:]
		}
	}
}

// --- node helpers ---

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return strconv.Quote(n.Value)
	}
	return "nothing"
}

func lastPart(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[i+1:]
	}
	return key
}

func exampleKey(fields map[string]handler) string {
	keys := sortedKeys(fields)
	if len(keys) == 0 {
		return ""
	}
	return keys[0] + ": …"
}

func sortedKeys(fields map[string]handler) []string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (l *loader) unknownKeyHint(section, name string, fields map[string]handler, aliases map[string]string) string {
	if name == "<<" {
		return "YAML merge keys (<<) are not supported; write the keys out"
	}
	if home, ok := keyHome(name); ok && home != section && !strings.HasPrefix(section, "sources[") && !strings.HasPrefix(section, "watches[") {
		return name + " belongs under " + home + ":"
	}
	return suggestKey(name, fields, aliases)
}

// suggestKey names the known key closest to an unknown one, or lists the known keys.
func suggestKey(name string, fields map[string]handler, aliases map[string]string) string {
	lower := strings.ToLower(strings.ReplaceAll(name, "-", "_"))
	if _, ok := fields[lower]; ok {
		return fmt.Sprintf("did you mean %s? keys are lower-case with underscores", lower)
	}
	if a, ok := aliases[lower]; ok {
		return "did you mean " + a + "?"
	}
	keys := sortedKeys(fields)
	best, bestDist := "", 3
	for _, k := range keys {
		if d := editDistance(lower, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best != "" {
		return "did you mean " + best + "?"
	}
	return "known keys here: " + strings.Join(keys, ", ")
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
