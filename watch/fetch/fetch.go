// Package fetch is the HTTP GET under every Vedetta source (in the pipeline: sources
// --cron--> fetch --> parse). It owns what makes a poller polite and safe: a per-request
// timeout, a body cap, at most five redirects, gzip, conditional GET (RFC 9110 §13.1),
// Retry-After and Cache-Control max-age turned into a NotBefore for the caller, a global and a
// per-host concurrency limit, and a guard that refuses loopback, private, link-local and
// cloud-metadata addresses after DNS resolution, at connect time, redirects included.
//
// It knows nothing about feeds: watch/feed, watch/xapi and watch/tgweb hand it a Request and
// parse the Result's body.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/vedetta/vedetta/watch"
)

// Defaults for zero Options fields (config.yaml "fetch:").
const (
	DefaultTimeout      = 15 * time.Second
	DefaultMaxBodyBytes = 10 << 20
	DefaultConcurrency  = 8
	DefaultPerHost      = 2
	DefaultMaxDelay     = 6 * time.Hour
	DefaultUserAgent    = "Vedetta (+https://github.com/vedetta/vedetta)"

	// MaxRedirects is the most redirects one Get follows.
	MaxRedirects = 5
)

// Errors that Get returns, wrapped with the URL; classify them with errors.Is.
var (
	// ErrTooLarge: the body (after gzip decoding) is longer than Options.MaxBodyBytes. The
	// connection is closed rather than drained.
	ErrTooLarge = errors.New("response body too large")
	// ErrTooManyRedirects: more than MaxRedirects redirects, or a redirect loop.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrPrivateAddress: the host resolved to a loopback, private, link-local, metadata or
	// otherwise non-public address while Options.AllowPrivateNetworks is false.
	ErrPrivateAddress = errors.New("address is not public")
	// ErrTimeout: no complete response within Options.Timeout.
	ErrTimeout = errors.New("timed out")
	// ErrTruncated: the connection ended (closed or reset) before the body was complete.
	// Get returns the Result beside it, with the part of the body read before the cut.
	ErrTruncated = errors.New("response body truncated")
	// ErrBadURL: the URL is not an absolute http(s) URL with a host.
	ErrBadURL = errors.New("invalid source URL")
)

// StatusError is a final response that is neither 2xx nor 304.
type StatusError struct {
	Code       int
	RetryAfter time.Duration // from Retry-After on 429 and 503 (RFC 9110 §10.2.3), capped; 0 if none
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("http status %d %s", e.Code, http.StatusText(e.Code))
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return msg
}

// Options configure a Client; zero fields take the defaults above.
type Options struct {
	Timeout      time.Duration // whole request: connect, headers and body (fetch.timeout)
	MaxBodyBytes int64         // decoded body cap (fetch.max_body_bytes)
	UserAgent    string        // e.g. "Vedetta/0.1 (+https://github.com/vedetta/vedetta)"
	Concurrency  int           // at most this many requests at once (fetch.concurrency); 0 = 8
	PerHost      int           // at most this many at once per host:port; 0 = 2
	// AllowPrivateNetworks false refuses loopback/private/link-local/metadata addresses,
	// checked after DNS, at dial time (net.Dialer.Control), redirects included.
	AllowPrivateNetworks bool
	// MaxDelay caps how far Cache-Control max-age and Retry-After may push a poll back,
	// so that a year-long max-age does not silence a source; 0 = 6h.
	MaxDelay time.Duration
	// Now is the clock for NotBefore; nil = time.Now.
	Now func() time.Time
}

// Request is one GET.
type Request struct {
	URL          string
	ETag         string      // sent as If-None-Match when not empty
	LastModified string      // sent as If-Modified-Since when not empty
	Header       http.Header // extra headers, e.g. Authorization for X or Accept for feeds
	// SameOrigin stops at a redirect to another scheme, host or port: Get returns an
	// *OtherOriginError with the redirect's target instead of following it, so that the
	// caller can check what the new origin allows first (robots.txt for article pages).
	SameOrigin bool
}

// OtherOriginError is a redirect to another origin that Get did not follow because the
// Request asked for SameOrigin.
type OtherOriginError struct {
	URL string // the redirect's absolute target
}

func (e *OtherOriginError) Error() string {
	return "redirect to another origin: " + watch.RedactURL(e.URL)
}

// sameOriginKey marks a request context whose redirects stay on one origin.
type sameOriginKey struct{}

// Result is a 2xx or 304 response.
type Result struct {
	Status       int
	NotModified  bool   // 304: Body is empty, the validators are the request's unless refreshed
	Body         []byte // decoded (gzip undone), at most MaxBodyBytes
	ContentType  string
	URL          string // final, after redirects
	ETag         string
	LastModified string
	Header       http.Header
	// NotBefore is when the resource is worth asking for again: from Cache-Control max-age
	// (minus Age) or Retry-After; zero if none.
	NotBefore time.Time
}

// Client does the GETs. It is safe for concurrent use; make one per process.
type Client struct {
	opts   Options
	http   *http.Client
	global chan struct{}
	hosts  hostLimiter
	// allowed reports whether an address may be dialled; replaced in tests.
	allowed func(netip.Addr) bool
}

// New returns a Client with opts, defaults filled in.
func New(opts Options) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.PerHost <= 0 {
		opts.PerHost = DefaultPerHost
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = DefaultMaxDelay
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	c := &Client{
		opts:    opts,
		global:  make(chan struct{}, opts.Concurrency),
		hosts:   hostLimiter{per: opts.PerHost, m: map[string]*hostSlot{}},
		allowed: IsPublic,
	}
	dialer := &net.Dialer{Timeout: opts.Timeout, KeepAlive: 30 * time.Second, Control: c.control}
	transport := &http.Transport{
		// No proxy from the environment: a proxy would resolve the host itself and the
		// address guard below would only ever see the proxy.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          512,
		MaxIdleConnsPerHost:   opts.PerHost,
		MaxConnsPerHost:       opts.PerHost,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   opts.Timeout,
		ExpectContinueTimeout: time.Second,
		// A request is a GET of a few hundred bytes: a 1 KiB write buffer holds it (a longer
		// one is written in parts), where the default 4 KiB stays allocated for every idle
		// connection, 500 of them at 10,000 sources (docs/PERFORMANCE.md).
		WriteBufferSize: 1 << 10,
		// DisableCompression false and no Accept-Encoding of ours: the transport asks for
		// gzip and decodes it, so the body cap applies to decoded bytes (a gzip bomb stops
		// at MaxBodyBytes).
	}
	c.http = &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return fmt.Errorf("%w: more than %d", ErrTooManyRedirects, MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("%w: redirect to scheme %q", ErrBadURL, req.URL.Scheme)
			}
			if req.Context().Value(sameOriginKey{}) != nil {
				if from := via[len(via)-1].URL; req.URL.Scheme != from.Scheme || !strings.EqualFold(req.URL.Host, from.Host) {
					return &OtherOriginError{URL: req.URL.String()}
				}
			}
			return nil
		},
	}
	return c
}

// control runs after DNS resolution, before connect, for every connection including
// redirects: the address it sees is the one that will be dialled.
func (c *Client) control(network, address string, _ syscall.RawConn) error {
	if c.opts.AllowPrivateNetworks {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: unparsable address %q", ErrPrivateAddress, address)
	}
	if !c.allowed(ap.Addr().Unmap()) {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, ap.Addr().Unmap())
	}
	return nil
}

// CheckURL reports whether raw is an absolute http(s) URL with a host; /addsource calls it
// before accepting a URL. The address guard still applies when it is fetched.
func CheckURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadURL, redactParseError(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: scheme must be http or https, not %q", ErrBadURL, u.Scheme)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("%w: no host in %q", ErrBadURL, watch.RedactURL(u.String()))
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%w: bad port %q", ErrBadURL, p)
		}
	}
	return nil
}

// redactParseError hides the credentials in the URL that url.Parse quotes in its error.
func redactParseError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = watch.RedactURL(ue.URL)
	}
	return err
}

// Check is CheckURL plus a DNS lookup: with AllowPrivateNetworks false it refuses a host
// that resolves to a non-public address, so that /addsource can answer at once. Get checks
// again at connect time, which is what stops DNS rebinding.
func (c *Client) Check(ctx context.Context, raw string) error {
	if err := CheckURL(raw); err != nil {
		return err
	}
	if c.opts.AllowPrivateNetworks {
		return nil
	}
	u, _ := url.Parse(strings.TrimSpace(raw))
	host := u.Hostname()
	if ip, err := netip.ParseAddr(host); err == nil {
		if !c.allowed(ip.Unmap()) {
			return fmt.Errorf("check %s: %w: %s", watch.RedactURL(u.String()), ErrPrivateAddress, ip)
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("check %s: %w", watch.RedactURL(u.String()), err)
	}
	for _, ip := range ips {
		if !c.allowed(ip.Unmap()) {
			return fmt.Errorf("check %s: %w: %s resolves to %s", watch.RedactURL(u.String()), ErrPrivateAddress, host, ip)
		}
	}
	return nil
}

// Get fetches req.URL within the concurrency limits. A 2xx or 304 is a Result; anything
// else is an error: *StatusError, ErrTooLarge, ErrTooManyRedirects, ErrPrivateAddress,
// ErrTimeout, ErrTruncated, ErrBadURL or a network error, each wrapped with the URL. With a
// *StatusError the Result comes too: status, headers and the first 16 KiB of the body; with
// ErrTruncated, the Result with the body read before the cut.
// Waiting for a free slot counts against ctx, not against Options.Timeout.
func (c *Client) Get(ctx context.Context, req Request) (*Result, error) {
	if err := CheckURL(req.URL); err != nil {
		return nil, fmt.Errorf("get: %w", err)
	}
	u, err := url.Parse(strings.TrimSpace(req.URL))
	if err != nil {
		return nil, fmt.Errorf("get: %w: %w", ErrBadURL, redactParseError(err))
	}
	shown := watch.RedactURL(u.String())

	release, err := c.acquire(ctx, strings.ToLower(u.Host))
	if err != nil {
		return nil, fmt.Errorf("get %s: waiting for a slot: %w", shown, err)
	}
	defer release()

	tctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	res, err := c.do(tctx, u, req)
	var se *StatusError
	if errors.As(err, &se) || errors.Is(err, ErrTruncated) && res != nil {
		return res, fmt.Errorf("get %s: %w", shown, err)
	}
	if err != nil {
		var ne net.Error
		if ctx.Err() == nil && (tctx.Err() != nil || errors.As(err, &ne) && ne.Timeout()) {
			err = fmt.Errorf("%w: no complete response within %s", ErrTimeout, c.opts.Timeout)
		}
		return nil, fmt.Errorf("get %s: %w", shown, err)
	}
	return res, nil
}

// errorBodyBytes is how much of an error status's body Get keeps for the caller.
const errorBodyBytes = 16 << 10

func (c *Client) do(ctx context.Context, u *url.URL, req Request) (*Result, error) {
	if req.SameOrigin {
		ctx = context.WithValue(ctx, sameOriginKey{}, true)
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadURL, err)
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hr.Header.Add(k, v)
		}
	}
	hr.Header.Set("User-Agent", c.opts.UserAgent)
	if hr.Header.Get("Accept") == "" {
		hr.Header.Set("Accept", "*/*")
	}
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}

	resp, err := c.http.Do(hr)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is already in our own wrapping
		}
		return nil, err
	}
	defer resp.Body.Close()
	now := c.opts.Now()

	res := &Result{
		Status:       resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		URL:          resp.Request.URL.String(),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		Header:       resp.Header,
	}

	switch {
	case resp.StatusCode == http.StatusNotModified:
		// RFC 9110 §15.4.5: a 304 may refresh the validators; keep the old ones otherwise.
		res.NotModified = true
		if res.ETag == "" {
			res.ETag = req.ETag
		}
		if res.LastModified == "" {
			res.LastModified = req.LastModified
		}
		res.NotBefore = c.notBefore(resp.Header, now)
		drain(resp.Body)
		return res, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		se := &StatusError{Code: resp.StatusCode}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			se.RetryAfter = c.capDelay(retryAfter(resp.Header.Get("Retry-After"), now))
		}
		// The caller may need the error body and headers (X's problem type and
		// x-rate-limit-reset): keep a small part of the body.
		res.Body, _ = io.ReadAll(io.LimitReader(resp.Body, errorBodyBytes))
		drain(resp.Body)
		return res, se
	}

	if resp.ContentLength > c.opts.MaxBodyBytes && !resp.Uncompressed {
		// Known too large before reading: close without reading a byte.
		return nil, fmt.Errorf("%w: %d bytes announced, limit %d", ErrTooLarge, resp.ContentLength, c.opts.MaxBodyBytes)
	}
	body, err := readBody(resp.Body, resp.ContentLength, c.opts.MaxBodyBytes)
	if errors.Is(err, ErrTruncated) && ctx.Err() == nil {
		res.Body = body
		return res, err
	}
	if err != nil {
		return nil, err
	}
	res.Body = body
	res.NotBefore = c.notBefore(resp.Header, now)
	return res, nil
}

// readBody reads at most limit bytes. Returning before EOF and closing the body makes the
// transport close the connection instead of reading the rest. A connection closed or
// reset before the end is ErrTruncated, returned with what was read.
func readBody(r io.Reader, length, limit int64) ([]byte, error) {
	size := int64(32 << 10)
	if length > 0 && length <= limit {
		size = length + 1 // room to see EOF without growing
	}
	buf := make([]byte, 0, size)
	lr := &io.LimitedReader{R: r, N: limit + 1}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) {
				return buf, fmt.Errorf("%w after %d bytes: %w", ErrTruncated, len(buf), err)
			}
			return nil, fmt.Errorf("read body after %d bytes: %w", len(buf), err)
		}
	}
}

// drain reads a little of an unwanted body so that the connection can be reused; a long one
// is cut off and its connection closed.
func drain(r io.Reader) { _, _ = io.Copy(io.Discard, io.LimitReader(r, 4<<10)) }

// notBefore reads Cache-Control max-age (less Age, RFC 9111 §4.2.3) and, failing that,
// Retry-After, capped at MaxDelay. no-cache and no-store mean no constraint.
func (c *Client) notBefore(h http.Header, now time.Time) time.Time {
	var d time.Duration
	if maxAge, ok := maxAge(h.Values("Cache-Control")); ok {
		d = maxAge
		if age, err := strconv.Atoi(strings.TrimSpace(h.Get("Age"))); err == nil && age > 0 {
			d -= time.Duration(age) * time.Second
		}
	}
	if ra := retryAfter(h.Get("Retry-After"), now); ra > d {
		d = ra
	}
	if d <= 0 {
		return time.Time{}
	}
	return now.Add(c.capDelay(d))
}

func (c *Client) capDelay(d time.Duration) time.Duration {
	return min(d, c.opts.MaxDelay)
}

func maxAge(values []string) (time.Duration, bool) {
	var age time.Duration
	found := false
	for _, v := range values {
		for _, dir := range strings.Split(v, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(dir), "=")
			switch strings.ToLower(name) {
			case "no-cache", "no-store":
				return 0, false
			case "max-age":
				n, err := strconv.ParseInt(strings.Trim(val, `"`), 10, 64)
				if err != nil || n <= 0 {
					continue
				}
				if n > int64(365*24*3600) {
					n = 365 * 24 * 3600
				}
				age, found = time.Duration(n)*time.Second, true
			}
		}
	}
	return age, found
}

// retryAfter parses Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(365*24*3600) {
			n = 365 * 24 * 3600
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// acquire takes a per-host slot, then a global one: a request waiting for its host never
// holds a global slot that another host could use.
func (c *Client) acquire(ctx context.Context, host string) (func(), error) {
	releaseHost, err := c.hosts.acquire(ctx, host)
	if err != nil {
		return nil, err
	}
	select {
	case c.global <- struct{}{}:
	case <-ctx.Done():
		releaseHost()
		return nil, ctx.Err()
	}
	return func() { <-c.global; releaseHost() }, nil
}

// hostLimiter holds a semaphore per host while anyone uses it, so its map stays as small
// as the number of hosts being fetched right now.
type hostLimiter struct {
	per int
	mu  sync.Mutex
	m   map[string]*hostSlot
}

type hostSlot struct {
	sem   chan struct{}
	users int
}

func (l *hostLimiter) acquire(ctx context.Context, host string) (func(), error) {
	l.mu.Lock()
	s := l.m[host]
	if s == nil {
		s = &hostSlot{sem: make(chan struct{}, l.per)}
		l.m[host] = s
	}
	s.users++
	l.mu.Unlock()

	done := func() {
		l.mu.Lock()
		s.users--
		if s.users == 0 {
			delete(l.m, host)
		}
		l.mu.Unlock()
	}
	select {
	case s.sem <- struct{}{}:
		return func() { <-s.sem; done() }, nil
	case <-ctx.Done():
		done()
		return nil, ctx.Err()
	}
}
