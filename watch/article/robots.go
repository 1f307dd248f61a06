package article

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"

	"github.com/vedetta/vedetta/watch/fetch"
)

// robots answers whether a URL may be fetched under its host's robots.txt (RFC 9309),
// fetching each host's file once per TTL through the same fetcher as the pages.
type robots struct {
	get   func(ctx context.Context, req fetch.Request) (*fetch.Result, error)
	agent string // the product token matched against User-agent lines (RFC 9309 §2.2.1)
	ttl   time.Duration
	now   func() time.Time

	mu    sync.Mutex
	hosts map[string]*robotsEntry
}

type robotsEntry struct {
	ready   chan struct{} // closed once data and expires are set
	data    *robotstxt.RobotsData
	expires time.Time
}

// unreachableTTL is how long a robots.txt that could not be fetched (a timeout, a 5xx) keeps
// its host's articles off: RFC 9309 §2.3.1.4 says to assume a complete disallow, and a
// shorter wait than the TTL lets the host come back soon.
const unreachableTTL = 30 * time.Minute

// maxHosts is how many hosts' files are kept before expired ones are dropped.
const maxHosts = 4096

// allowed reports whether u may be fetched; it waits for a fetch of the host's robots.txt
// that another goroutine started. ok is false with a nil error when robots.txt disallows.
func (r *robots) allowed(ctx context.Context, u *url.URL) (bool, error) {
	key := u.Scheme + "://" + u.Host
	now := r.now()
	r.mu.Lock()
	e := r.hosts[key]
	if e != nil {
		select {
		case <-e.ready:
			if !now.Before(e.expires) {
				e = nil
			}
		default: // being fetched: wait for it below
		}
	}
	owner := e == nil
	if owner {
		if len(r.hosts) >= maxHosts {
			r.prune(now)
		}
		e = &robotsEntry{ready: make(chan struct{})}
		r.hosts[key] = e
	}
	r.mu.Unlock()

	if owner {
		data, ttl := r.fetch(ctx, key)
		if ctx.Err() != nil {
			// Cancelled: record nothing, so that the next poll asks again.
			r.mu.Lock()
			delete(r.hosts, key)
			r.mu.Unlock()
			close(e.ready)
			return false, ctx.Err()
		}
		e.data, e.expires = data, r.now().Add(ttl)
		close(e.ready)
	}
	select {
	case <-e.ready:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	if e.data == nil { // the owner was cancelled
		return false, context.Canceled
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery // RFC 9309 §2.2.2: rules match the path and query
	}
	return e.data.TestAgent(path, r.agent), nil
}

// fetch reads a host's robots.txt. RFC 9309 §2.3.1: a 2xx is parsed; any other 4xx means
// there are no rules (§2.3.1.3); a 5xx, a 429 or no answer means a complete disallow for now
// (§2.3.1.4); redirects are followed by the fetcher. A file that does not parse is taken as
// no rules, as the lines a crawler cannot read are ignored (§2.2).
func (r *robots) fetch(ctx context.Context, origin string) (*robotstxt.RobotsData, time.Duration) {
	disallow, _ := robotstxt.FromStatusAndBytes(http.StatusServiceUnavailable, nil)
	allow, _ := robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)

	res, err := r.get(ctx, fetch.Request{URL: origin + "/robots.txt", Header: http.Header{"Accept": {"text/plain"}}})
	var se *fetch.StatusError
	switch {
	case errors.As(err, &se) && se.Code == http.StatusTooManyRequests:
		return disallow, unreachableTTL
	case errors.As(err, &se) && se.Code >= 400 && se.Code < 500:
		return allow, r.ttl
	case err != nil:
		return disallow, min(unreachableTTL, r.ttl)
	}
	data, perr := robotstxt.FromStatusAndBytes(res.Status, res.Body)
	if perr != nil || data == nil {
		return allow, r.ttl
	}
	return data, r.ttl
}

// prune drops expired entries; r.mu is held.
func (r *robots) prune(now time.Time) {
	for k, e := range r.hosts {
		select {
		case <-e.ready:
			if !now.Before(e.expires) {
				delete(r.hosts, k)
			}
		default:
		}
	}
}
