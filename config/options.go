package config

import (
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/watch/feed"
	"github.com/vedetta/vedetta/watch/fetch"
)

// option is one key of config.yaml, in the manner of miniflux's internal/config options
// table: its key, its default, how its value is read — each parser checks with the rule
// the runtime applies (schedule.Source, schedule.Digest, the source kinds' table,
// time.LoadLocation…) — and a hint for the problems it reports.
type option struct {
	key   string          // "fetch.timeout"
	def   func(c *Config) // sets the default; nil: the zero value
	parse func(l *loader, v *yaml.Node, key, hint string)
	hint  string
}

// The defaults that are the runtime's own are taken from the package that applies them.
const (
	defaultStorePath       = "vedetta.db"
	defaultRetention       = 720 * time.Hour
	defaultSourceSchedule  = "@every 10m"
	defaultAPIEndpoint     = "https://api.telegram.org/bot%s/%s" // tgbotapi.APIEndpoint
	defaultXAPIBase        = "https://api.x.com/2"
	defaultXMonthlyBudget  = 10000
	defaultTelegramWebBase = "https://t.me"
	defaultDigestSchedule  = "0 8,20 * * *"
	defaultDigestTimezone  = "Europe/Rome"
	defaultHTTPListen      = "127.0.0.1:9090"
	defaultLogLevel        = "info"
	defaultLogFormat       = "text"
)

// options is every scalar and list key; "sources" and "watches" are read by their own code.
var options = []option{
	{key: "telegram.token", parse: func(l *loader, v *yaml.Node, k, _ string) {
		l.tokenLine = v.Line
		if s, ok := l.secret(v, k); ok {
			l.cfg.Telegram.Token = s
		}
	}},
	{key: "telegram.api_endpoint", def: func(c *Config) { c.Telegram.APIEndpoint = defaultAPIEndpoint },
		parse: func(l *loader, v *yaml.Node, k, _ string) {
			if s, ok := l.str(v, k); ok && l.checkEndpoint(v.Line, k, s) {
				l.cfg.Telegram.APIEndpoint = s
			}
		}},
	{key: "telegram.admins", parse: func(l *loader, v *yaml.Node, k, _ string) { l.cfg.Telegram.Admins = l.ids(v, k, true) }},
	{key: "telegram.allowed_chats", parse: func(l *loader, v *yaml.Node, k, _ string) { l.cfg.Telegram.AllowedChats = l.ids(v, k, false) }},
	{key: "telegram.allow_paid_broadcast",
		parse: func(l *loader, v *yaml.Node, k, _ string) {
			l.boolean(v, k, &l.cfg.Telegram.AllowPaidBroadcast)
			if l.cfg.Telegram.AllowPaidBroadcast {
				// https://core.telegram.org/bots/api#sendmessage, https://core.telegram.org/bots/faq
				l.warn(v.Line, k, "paid broadcasts: every message over the free 30 a second costs 0.1 Telegram Stars",
					"paid broadcasts must be enabled for the bot, with a Stars balance; docs/PERFORMANCE.md has the arithmetic")
			}
		}},

	{key: "store.path", def: func(c *Config) { c.Store.Path = defaultStorePath },
		parse: func(l *loader, v *yaml.Node, k, hint string) {
			if s, ok := l.str(v, k); ok {
				if strings.TrimSpace(s) == "" {
					l.problem(v.Line, k, "empty database path", hint)
					return
				}
				l.cfg.Store.Path = s
			}
		}, hint: "a file name such as vedetta.db, or remove the key for the default"},
	{key: "store.retention", def: func(c *Config) { c.Store.Retention = defaultRetention },
		parse: func(l *loader, v *yaml.Node, k, _ string) { l.duration(v, k, &l.cfg.Store.Retention) }},

	{key: "fetch.timeout", def: func(c *Config) { c.Fetch.Timeout = fetch.DefaultTimeout },
		parse: func(l *loader, v *yaml.Node, k, _ string) { l.duration(v, k, &l.cfg.Fetch.Timeout) }},
	{key: "fetch.max_body_bytes", def: func(c *Config) { c.Fetch.MaxBodyBytes = fetch.DefaultMaxBodyBytes },
		parse: func(l *loader, v *yaml.Node, k, hint string) {
			if n, ok := l.integer(v, k, 1, 1<<40, hint); ok {
				l.cfg.Fetch.MaxBodyBytes = n
			}
		}, hint: "a size in bytes such as 10485760 (10 MiB)"},
	{key: "fetch.concurrency", def: func(c *Config) { c.Fetch.Concurrency = fetch.DefaultConcurrency },
		parse: func(l *loader, v *yaml.Node, k, hint string) {
			if n, ok := l.integer(v, k, 1, 1024, hint); ok {
				l.cfg.Fetch.Concurrency = int(n)
			}
		}, hint: "a number of parallel fetches such as 8"},
	{key: "fetch.default_schedule", def: func(c *Config) { c.Fetch.DefaultSchedule = defaultSourceSchedule },
		parse: func(l *loader, v *yaml.Node, k, _ string) {
			if s, ok := l.schedule(v, k); ok {
				l.cfg.Fetch.DefaultSchedule = s
			}
		}},
	{key: "fetch.max_items_per_poll", def: func(c *Config) { c.Fetch.MaxItemsPerPoll = feed.DefaultMaxItems },
		parse: func(l *loader, v *yaml.Node, k, hint string) {
			if n, ok := l.integer(v, k, 1, 100000, hint); ok {
				l.cfg.Fetch.MaxItemsPerPoll = int(n)
			}
		}, hint: "the most items one poll of a feed records, the newest, such as 1000"},
	{key: "fetch.allow_private_networks",
		parse: func(l *loader, v *yaml.Node, k, _ string) { l.boolean(v, k, &l.cfg.Fetch.AllowPrivateNetworks) }},

	{key: "x.bearer_token", parse: func(l *loader, v *yaml.Node, k, _ string) {
		if s, ok := l.secret(v, k); ok {
			l.cfg.X.BearerToken = s
		}
	}},
	{key: "x.api_base", def: func(c *Config) { c.X.APIBase = defaultXAPIBase },
		parse: func(l *loader, v *yaml.Node, k, _ string) { l.baseURL(v, k, &l.cfg.X.APIBase) }},
	{key: "x.monthly_post_budget", def: func(c *Config) { c.X.MonthlyPostBudget = defaultXMonthlyBudget },
		parse: func(l *loader, v *yaml.Node, k, hint string) {
			if n, ok := l.integer(v, k, 0, 1<<31-1, hint); ok {
				l.cfg.X.MonthlyPostBudget = int(n)
			}
		}, hint: "posts read per month, such as 10000; 0 stops X polling"},

	{key: "telegram_web.base_url", def: func(c *Config) { c.TelegramWeb.BaseURL = defaultTelegramWebBase },
		parse: func(l *loader, v *yaml.Node, k, _ string) { l.baseURL(v, k, &l.cfg.TelegramWeb.BaseURL) }},

	{key: "digest.schedule", def: func(c *Config) { c.Digest.Schedule = defaultDigestSchedule },
		parse: func(l *loader, v *yaml.Node, k, _ string) {
			if s, ok := l.digestSchedule(v, k); ok {
				l.cfg.Digest.Schedule = s
			}
		}},
	{key: "digest.timezone", def: func(c *Config) { c.Digest.Timezone = defaultDigestTimezone },
		parse: func(l *loader, v *yaml.Node, k, _ string) {
			if s, ok := l.str(v, k); ok && l.location(v.Line, k, s) {
				l.cfg.Digest.Timezone = strings.TrimSpace(s)
			}
		}},
	{key: "digest.max_items", def: func(c *Config) { c.Digest.MaxItems = bot.DefaultMaxItems },
		parse: func(l *loader, v *yaml.Node, k, hint string) {
			if n, ok := l.integer(v, k, 1, 1000, hint); ok {
				l.cfg.Digest.MaxItems = int(n)
			}
		}, hint: "the most items one digest lists, such as 30"},

	{key: "ui.language", def: func(c *Config) { c.UI.Language = lang.Default },
		parse: func(l *loader, v *yaml.Node, k, _ string) {
			if s, ok := l.str(v, k); ok {
				if err := lang.Check(s); err != nil {
					l.problem(v.Line, k, err.Error(), "write one of "+lang.Codes()+"; private chats follow each user's Telegram language (docs/LANGUAGES.md)")
					return
				}
				l.cfg.UI.Language = lang.Match(s)
			}
		}},

	{key: "http.listen", def: func(c *Config) { c.HTTP.Listen = defaultHTTPListen },
		parse: func(l *loader, v *yaml.Node, k, _ string) {
			if s, ok := l.str(v, k); ok && l.checkListen(v.Line, k, s) {
				l.cfg.HTTP.Listen = s
			}
		}},

	{key: "log.level", def: func(c *Config) { c.Log.Level = defaultLogLevel },
		parse: func(l *loader, v *yaml.Node, k, _ string) {
			l.enum(v, k, &l.cfg.Log.Level, "debug", "info", "warn", "error")
		}},
	{key: "log.format", def: func(c *Config) { c.Log.Format = defaultLogFormat },
		parse: func(l *loader, v *yaml.Node, k, _ string) { l.enum(v, k, &l.cfg.Log.Format, "text", "json") }},
}

// Defaults returns the config an empty file gives.
func Defaults() *Config {
	c := &Config{}
	for _, o := range options {
		if o.def != nil {
			o.def(c)
		}
	}
	return c
}

// sections groups the options by section ("fetch") as the mapping handlers of its keys.
func (l *loader) sections() map[string]map[string]handler {
	out := map[string]map[string]handler{}
	for _, o := range options {
		section, name, _ := strings.Cut(o.key, ".")
		if out[section] == nil {
			out[section] = map[string]handler{}
		}
		out[section][name] = func(k string, v *yaml.Node) { o.parse(l, v, k, o.hint) }
	}
	return out
}

// keyHome is the section of a key, to point a key written in the wrong place home.
func keyHome(name string) (string, bool) {
	for _, o := range options {
		if section, n, _ := strings.Cut(o.key, "."); n == name {
			return section, true
		}
	}
	return "", false
}
