// Package source is the table of the kinds of source Vedetta reads — RSS/Atom feeds, X
// accounts, X searches, public Telegram channels — and the one home of their rules: the
// key each has in config.yaml, how its target is checked, how an administrator's
// /addsource spec is recognised, its default name and its reader. `vedetta check`,
// /addsource, both OPML imports and the poller's readers all use this table, so a source
// one accepts the others can read. Adding a kind is one row here and its reader package.
package source

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/feed"
	"github.com/vedetta/vedetta/watch/fetch"
	"github.com/vedetta/vedetta/watch/opml"
	"github.com/vedetta/vedetta/watch/poll"
	"github.com/vedetta/vedetta/watch/tgweb"
	"github.com/vedetta/vedetta/watch/xapi"
)

// Kind is one row of the table.
type Kind struct {
	Kind      watch.Kind
	Label     string // what users call it: "feed", "X", "Telegram channel"
	ConfigKey string // its key in a config.yaml source entry
	Example   string // a target as written in config.yaml
	Hint      string // how to write a target, for config problems
	// Target checks a target as written in config.yaml (or an OPML file) and returns it
	// normalised (no "@", no t.me/ prefix).
	Target func(s string) (string, error)
	// Spec recognises an /addsource spec of this kind; an error wrapping ErrNotSpec means
	// the spec is another kind's. Nil: the kind is tried last (feed URLs).
	Spec func(s string) (watch.Kind, string, error)
	// Name is the default name of a source with this target.
	Name func(target string) string
	// Reader returns the kind's reader, or why sources of this kind are not polled.
	Reader func(d Deps) (poll.Reader, string)
	// Articles: the kind's items link to article pages, so its full_text policy applies
	// (FullText, Mode). X posts and Telegram messages are read whole from the source.
	Articles bool
}

// ErrNotSpec means a spec is not of the kind that was asked.
var ErrNotSpec = errors.New("not a source of this kind")

// MaxNameRunes bounds a source's name (it is shown in every digest entry).
const MaxNameRunes = 64

// Deps are what the readers and the checks need.
type Deps struct {
	Fetch           *fetch.Client
	TelegramWebBase string
	X               xapi.Options
	MaxItemsPerPoll int              // feed items one poll records, the newest; 0: feed.DefaultMaxItems
	Now             func() time.Time // nil: time.Now
	Log             *slog.Logger     // readers' word on what they skipped; nil discards
}

// XOff says why X sources are not polled, or "" when they are: every post read costs
// money, so they need a bearer token and a budget (x.monthly_post_budget: 0 stops them).
func (d Deps) XOff() string {
	switch {
	case d.X.BearerToken == "":
		return "no X bearer token: set X_BEARER_TOKEN"
	case d.X.MonthlyPostBudget == 0:
		return "x.monthly_post_budget is 0, which stops X polling"
	}
	return ""
}

func xReader(d Deps) (poll.Reader, string) {
	if why := d.XOff(); why != "" {
		return nil, why
	}
	return xapi.New(d.X, d.Fetch), ""
}

// Kinds is the table, in the order users meet the kinds.
var Kinds = []Kind{
	{
		Kind: watch.KindFeed, Label: "feed", ConfigKey: "url", Example: "https://www.ilpost.it/feed/",
		Hint:     "the address of an RSS, Atom or JSON feed, e.g. https://www.ilpost.it/feed/",
		Target:   FeedURL,
		Name:     feedName,
		Articles: true,
		Reader: func(d Deps) (poll.Reader, string) {
			now := d.Now
			if now == nil {
				now = time.Now
			}
			return &feed.Reader{Fetch: d.Fetch, Now: now, MaxItems: d.MaxItemsPerPoll, Log: d.Log}, ""
		},
	},
	{
		Kind: watch.KindXUser, Label: "X", ConfigKey: "x_user", Example: "NATO",
		Hint:   "the handle without @: 1-15 letters, digits or _, e.g. NATO",
		Target: xapi.CheckUser,
		Spec: func(s string) (watch.Kind, string, error) {
			k, t, err := xapi.ParseSpec(s)
			if k != watch.KindXUser && err == nil {
				return "", "", ErrNotSpec
			}
			return k, t, wrapNotSpec(err, xapi.ErrNotSpec)
		},
		Name:   func(t string) string { return "@" + t + " on X" },
		Reader: xReader,
	},
	{
		Kind: watch.KindXSearch, Label: "X", ConfigKey: "x_search", Example: `NATO lang:it`,
		Hint:   `an X search query such as "NATO lang:it"; split a long one into two sources`,
		Target: xapi.CheckSearch,
		Spec: func(s string) (watch.Kind, string, error) {
			k, t, err := xapi.ParseSpec(s)
			if k != watch.KindXSearch && err == nil {
				return "", "", ErrNotSpec
			}
			return k, t, wrapNotSpec(err, xapi.ErrNotSpec)
		},
		Name:   func(t string) string { return "X: " + t },
		Reader: xReader,
	},
	{
		Kind: watch.KindTelegram, Label: "Telegram channel", ConfigKey: "telegram_channel", Example: "V_Zelenskiy_official",
		Hint: "the name from the channel's t.me link, e.g. V_Zelenskiy_official for https://t.me/V_Zelenskiy_official",
		Target: func(s string) (string, error) {
			s = strings.TrimSpace(s)
			if _, name, err := tgweb.ParseSpec(s); !errors.Is(err, tgweb.ErrNotSpec) {
				return name, err // a t.me link
			}
			return tgweb.CheckChannel(strings.TrimPrefix(s, "@"))
		},
		Spec: func(s string) (watch.Kind, string, error) {
			if strings.HasPrefix(strings.TrimSpace(s), "@") {
				name, err := tgweb.CheckChannel(strings.TrimPrefix(strings.TrimSpace(s), "@"))
				return watch.KindTelegram, name, err
			}
			k, t, err := tgweb.ParseSpec(s)
			return k, t, wrapNotSpec(err, tgweb.ErrNotSpec)
		},
		Name: func(t string) string { return "t.me/" + t },
		Reader: func(d Deps) (poll.Reader, string) {
			return tgweb.New(d.TelegramWebBase, d.Fetch), ""
		},
	},
}

func wrapNotSpec(err, notSpec error) error {
	if errors.Is(err, notSpec) {
		return fmt.Errorf("%w: %w", ErrNotSpec, err)
	}
	return err
}

// ByKind returns the row of a kind, or nil.
func ByKind(k watch.Kind) *Kind {
	for i := range Kinds {
		if Kinds[i].Kind == k {
			return &Kinds[i]
		}
	}
	return nil
}

// ByConfigKey returns the row whose config key is key, or nil.
func ByConfigKey(key string) *Kind {
	for i := range Kinds {
		if Kinds[i].ConfigKey == key {
			return &Kinds[i]
		}
	}
	return nil
}

// Readers builds every kind's reader; off says why a kind is not polled.
func Readers(d Deps) (readers map[watch.Kind]poll.Reader, off map[watch.Kind]string) {
	readers, off = map[watch.Kind]poll.Reader{}, map[watch.Kind]string{}
	for _, k := range Kinds {
		if r, why := k.Reader(d); r != nil {
			readers[k.Kind] = r
		} else {
			off[k.Kind] = why
		}
	}
	return readers, off
}

// FeedURL checks a feed's address: an absolute http(s) URL with a host and a valid port,
// as the fetcher requires.
func FeedURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if why := httpWhy(s); why != "" {
		return "", fmt.Errorf("feed URL %q %s", s, why)
	}
	if err := fetch.CheckURL(s); err != nil {
		return "", fmt.Errorf("feed URL %q: %w", s, err)
	}
	return s, nil
}

// httpWhy says, in words for a person, what keeps s from being an http(s) URL with a host.
func httpWhy(s string) string {
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
	if u.Hostname() == "" {
		return "has no host"
	}
	return ""
}

func feedName(target string) string {
	name := strings.TrimPrefix(strings.TrimPrefix(target, "https://"), "http://")
	if i := strings.IndexByte(name, '/'); i > 0 {
		name = name[:i]
	}
	return strings.TrimPrefix(name, "www.")
}

// Parse reads what an administrator types after /addsource: a feed URL, x:@user,
// x:"search", a t.me link or @channel. It does no I/O.
func Parse(spec string) (watch.Kind, string, error) {
	var last *Kind
	for i := range Kinds {
		k := &Kinds[i]
		if k.Spec == nil {
			last = k
			continue
		}
		kind, target, err := k.Spec(spec)
		if errors.Is(err, ErrNotSpec) {
			continue
		}
		return kind, target, err
	}
	target, err := last.Target(spec)
	return last.Kind, target, err
}

// New builds a source added at run time — from /addsource, a chat's OPML file or `vedetta
// sources import` — with every check: the kind's rules, whether the kind is polled at all,
// for a feed that its host is public (unless private networks are allowed), and the name's
// length. schedule is fetch.default_schedule.
func New(ctx context.Context, d Deps, spec, name, schedule string) (watch.Source, error) {
	kind, target, err := Parse(spec)
	if err != nil {
		return watch.Source{}, err
	}
	return complete(ctx, d, watch.Source{Name: strings.TrimSpace(name), Kind: kind, Target: target, Schedule: schedule})
}

func complete(ctx context.Context, d Deps, src watch.Source) (watch.Source, error) {
	k := ByKind(src.Kind)
	if _, why := k.Reader(d); why != "" {
		return src, fmt.Errorf("%s sources are off (%s); an RSS bridge feed is the alternative (see the README)", k.Label, why)
	}
	if src.Kind == watch.KindFeed && d.Fetch != nil {
		if err := d.Fetch.Check(ctx, src.Target); err != nil {
			return src, err
		}
	}
	if src.Name == "" {
		src.Name = k.Name(src.Target)
	}
	if utf8.RuneCountInString(src.Name) > MaxNameRunes {
		return src, fmt.Errorf("the name is too long (at most %d characters)", MaxNameRunes)
	}
	return src, nil
}

// Skip is an OPML outline FromOPML did not add, and why.
type Skip struct {
	Name   string // the outline's URL, redacted, or the source's name
	Reason SkipReason
	Detail string // SkipRefused's error, redacted, in English
}

// SkipReason is why an outline was skipped, for a program: the bot words it in the chat's
// language.
type SkipReason string

// The reasons FromOPML skips an outline.
const (
	SkipExisting  SkipReason = "existing"   // its URL is already a source
	SkipRefused   SkipReason = "refused"    // not a feed URL, or New refused it: Detail says why
	SkipNotFeed   SkipReason = "not_feed"   // it names an X account or a Telegram channel
	SkipNameTaken SkipReason = "name_taken" // another source has its name
)

// SkipReasons lists every SkipReason (for a test that each has a translation).
var SkipReasons = []SkipReason{SkipExisting, SkipRefused, SkipNotFeed, SkipNameTaken}

// String is the skip in English, as the command line prints it.
func (s Skip) String() string {
	switch s.Reason {
	case SkipExisting:
		return s.Name + " (already a source)"
	case SkipNotFeed:
		return s.Name + " (an OPML outline is a feed; add other sources with /addsource)"
	case SkipNameTaken:
		return s.Name + " (name taken)"
	}
	return fmt.Sprintf("%s (%s)", s.Name, s.Detail)
}

// FromOPML turns an OPML file's outlines into feed sources, each built by newSource (New,
// bound to its Deps and schedule, in the running bot and on the command line alike). It
// skips, with a reason each, outlines that are not feed URLs, whose URL or name is already
// taken (taken holds URLs and lower-cased names, and learns the added ones), and those
// newSource refuses.
func FromOPML(ctx context.Context, outlines []opml.Outline, taken map[string]bool, newSource func(ctx context.Context, spec, name string) (watch.Source, error)) (add []watch.Source, skipped []Skip) {
	for _, o := range outlines {
		shown := watch.RedactURL(o.URL)
		if taken[o.URL] {
			skipped = append(skipped, Skip{Name: shown, Reason: SkipExisting})
			continue
		}
		if _, err := FeedURL(o.URL); err != nil {
			skipped = append(skipped, Skip{Name: shown, Reason: SkipRefused, Detail: watch.RedactText(err.Error())})
			continue
		}
		src, err := newSource(ctx, o.URL, strings.TrimSpace(o.Title))
		switch {
		case err != nil:
			skipped = append(skipped, Skip{Name: shown, Reason: SkipRefused, Detail: watch.RedactText(err.Error())})
		case src.Kind != watch.KindFeed:
			skipped = append(skipped, Skip{Name: shown, Reason: SkipNotFeed})
		case taken[strings.ToLower(src.Name)]:
			skipped = append(skipped, Skip{Name: src.Name, Reason: SkipNameTaken})
		default:
			taken[strings.ToLower(src.Name)], taken[o.URL] = true, true
			add = append(add, src)
		}
	}
	return add, skipped
}
