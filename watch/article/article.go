// Package article gives a feed item the main text of its article page, so that an item
// whose feed carries only a title and a line is matched on what the article says, where the
// source's `full_text` setting asks for it (see Mode). In the pipeline it sits after dedup and
// before matching: the poller passes a source's new items and its Mode to Enricher.Enrich,
// which sets Item.Article.
//
// It is a polite reader: pages come through watch/fetch (address guard, timeout, a body cap
// of MaxPageBytes, redirects), at most PerHost at a time per host and Options.Concurrency in
// all, at most Options.MaxPerPoll per call (newest first), only where the host's robots.txt
// (RFC 9309) allows, and each URL once. A failure never holds an item back: it keeps its
// feed text and the failure is counted in Stats.
//
// The text is readability's (codeberg.org/readeck/go-readability, a port of Mozilla's
// Readability.js) without the blocks that are mostly links, so that a name in a sidebar, a
// "read also" list, the navigation or the comments is not a mention.
package article

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/fetch"
)

// Defaults for zero Options fields.
const (
	// PerHost is the most article fetches at once to one host; it is also the ceiling.
	PerHost = 2
	// DefaultConcurrency is the most article fetches and extractions at once in all.
	DefaultConcurrency = 4
	// DefaultMaxPerPoll is the most articles one Enrich call fetches.
	DefaultMaxPerPoll = 50
	// DefaultRobotsTTL is how long a host's robots.txt is trusted: RFC 9309 §2.4 says a
	// crawler should not use a cached copy for more than 24 hours.
	DefaultRobotsTTL = 24 * time.Hour
	// DefaultAgent is the product token looked up in robots.txt User-agent lines.
	DefaultAgent = "Vedetta"
	// rememberURLs is how many fetched URLs the once-only guard keeps.
	rememberURLs = 8192
)

// Options configure an Enricher; zero fields take the defaults above.
type Options struct {
	// Fetch configures the page fetcher: Timeout, UserAgent, AllowPrivateNetworks and Now
	// as the feeds' (config "fetch:"). MaxBodyBytes is always MaxPageBytes, PerHost at most
	// PerHost, and Concurrency is the field below.
	Fetch fetch.Options
	// Concurrency is the most article fetches at once over all hosts (PerHost per host).
	Concurrency int
	// MaxPerPoll is the most articles one Enrich call fetches; the rest keep their feed text
	// and are counted in Stats.Capped.
	MaxPerPoll int
	// RobotsTTL is how long a host's robots.txt is cached.
	RobotsTTL time.Duration
	// Agent is the robots.txt product token.
	Agent string
	// Log gets one Debug line per article that failed; nil discards.
	Log *slog.Logger
}

// Stats counts what one Enrich call did, for /sources and /metrics.
type Stats struct {
	Wanted     int // new items whose Mode asked for the article
	Fetched    int // articles fetched and extracted: Item.Article is set
	Failed     int // fetch or extraction failed: the item keeps its feed text
	Capped     int // over MaxPerPoll: matched on feed text only
	Disallowed int // robots.txt disallows the page (or could not be read)
	Repeated   int // already fetched once: not fetched again
}

// Add sums two Stats, for totals over polls.
func (s Stats) Add(o Stats) Stats {
	return Stats{
		Wanted: s.Wanted + o.Wanted, Fetched: s.Fetched + o.Fetched, Failed: s.Failed + o.Failed,
		Capped: s.Capped + o.Capped, Disallowed: s.Disallowed + o.Disallowed, Repeated: s.Repeated + o.Repeated,
	}
}

// Enricher fetches and extracts articles. It is safe for concurrent use; make one per
// process, so that its limits, robots.txt cache and once-only guard are shared.
type Enricher struct {
	client      *fetch.Client
	concurrency int
	maxPerPoll  int
	robots      *robots
	log         *slog.Logger

	mu   sync.Mutex
	done map[string]struct{} // URLs fetched, at most rememberURLs
	ring []string            // the same URLs in order, oldest first out; made on first use
	next int
}

// New returns an Enricher with opts, defaults filled in.
func New(opts Options) *Enricher {
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.MaxPerPoll <= 0 {
		opts.MaxPerPoll = DefaultMaxPerPoll
	}
	if opts.RobotsTTL <= 0 {
		opts.RobotsTTL = DefaultRobotsTTL
	}
	if opts.Agent == "" {
		opts.Agent = DefaultAgent
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	fo := opts.Fetch
	fo.MaxBodyBytes = MaxPageBytes
	fo.Concurrency = opts.Concurrency
	if fo.PerHost <= 0 || fo.PerHost > PerHost {
		fo.PerHost = PerHost
	}
	now := fo.Now
	if now == nil {
		now = time.Now
	}
	client := fetch.New(fo)
	return &Enricher{
		client:      client,
		concurrency: opts.Concurrency,
		maxPerPoll:  opts.MaxPerPoll,
		robots: &robots{
			get:   client.Get,
			agent: opts.Agent,
			ttl:   opts.RobotsTTL,
			now:   now,
			hosts: map[string]*robotsEntry{},
		},
		log:  opts.Log,
		done: map[string]struct{}{},
	}
}

// Enrich sets Article on the items whose article mode wants (Mode.Wants), newest first, at
// most Options.MaxPerPoll of them, and returns what it did. It returns when every fetch has
// ended or ctx is done; an item whose article could not be had keeps an empty Article. Pass
// only new items (after the seen-set filter): each URL is fetched at most once anyway.
func (e *Enricher) Enrich(ctx context.Context, mode Mode, items []watch.Item) Stats {
	var st Stats
	var want []int
	for i := range items {
		if mode.Wants(items[i]) {
			want = append(want, i)
		}
	}
	st.Wanted = len(want)
	slices.SortStableFunc(want, func(a, b int) int {
		return items[b].Published.Compare(items[a].Published) // newest first
	})

	var todo []int
	e.mu.Lock()
	for _, i := range want {
		switch {
		case e.fetchedLocked(items[i].URL):
			st.Repeated++
		case len(todo) >= e.maxPerPoll:
			st.Capped++
		default:
			e.rememberLocked(items[i].URL)
			todo = append(todo, i)
		}
	}
	e.mu.Unlock()

	var mu sync.Mutex
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(e.concurrency, len(todo)) {
		wg.Go(func() {
			for i := range jobs {
				text, err := e.one(ctx, items[i].URL)
				mu.Lock()
				switch {
				case err == nil:
					items[i].Article = text
					st.Fetched++
				case errors.Is(err, errDisallowed):
					st.Disallowed++
				default:
					st.Failed++
					e.log.Debug("article not read", "source", items[i].Source, "url", redact(items[i].URL), "error", err)
				}
				mu.Unlock()
			}
		})
	}
	for _, i := range todo {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return st
}

// errDisallowed: robots.txt does not allow the page.
var errDisallowed = errors.New("disallowed by robots.txt")

// one fetches and extracts one page.
func (e *Enricher) one(ctx context.Context, raw string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Error quotes the whole link, password included: say less.
		return "", fmt.Errorf("%w: unparsable link", fetch.ErrBadURL)
	}
	// Redirects within one origin are followed by the fetcher; one to another origin (a
	// feed's tracking link to the publisher's page) comes back here, so that the new
	// origin's robots.txt is read before its page is.
	for hop := 0; ; hop++ {
		if err := fetch.CheckURL(u.String()); err != nil {
			return "", err
		}
		ok, err := e.robots.allowed(ctx, u)
		if err != nil {
			return "", fmt.Errorf("robots.txt: %w", err)
		}
		if !ok {
			return "", errDisallowed
		}
		res, err := e.client.Get(ctx, fetch.Request{
			URL:        u.String(),
			Header:     http.Header{"Accept": {"text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"}},
			SameOrigin: true,
		})
		var other *fetch.OtherOriginError
		if errors.As(err, &other) && hop < fetch.MaxRedirects {
			if u, err = url.Parse(other.URL); err != nil {
				return "", fmt.Errorf("%w: unparsable redirect", fetch.ErrBadURL)
			}
			continue
		}
		if err != nil {
			return "", err
		}
		return Extract(res.Body, res.ContentType, res.URL)
	}
}

// fetchedLocked reports whether raw was fetched before; e.mu is held.
func (e *Enricher) fetchedLocked(raw string) bool {
	_, ok := e.done[raw]
	return ok
}

// rememberLocked adds raw to the once-only guard, forgetting the oldest URL when full; e.mu
// is held.
func (e *Enricher) rememberLocked(raw string) {
	if e.ring == nil {
		e.ring = make([]string, rememberURLs) // 128 KB no bot without full text needs
	}
	if old := e.ring[e.next]; old != "" {
		delete(e.done, old)
	}
	e.ring[e.next] = raw
	e.done[raw] = struct{}{}
	e.next = (e.next + 1) % len(e.ring)
}

// redact hides a password in a URL for the log.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable url)"
	}
	return u.Redacted()
}
