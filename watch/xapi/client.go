// Package xapi reads X accounts and X recent-search queries through the X API v2, for
// sources of kind watch.KindXUser and watch.KindXSearch. It sits at the fetch+parse step of
// the pipeline: Client.Poll asks X only for posts newer than the source's cursor, turns
// them into normalised watch.Items and keeps the source's bookkeeping (resolved user id,
// since_id cursor, monthly post budget, rate-limit wait) in its watch.State, which the
// poller persists in bbolt.
//
// Every post X returns is billed on the pay-per-use plan (docs/SOURCES.md, "X API v2"), so the client
// asks for few posts, never pages back on a first poll, and stops at the source's budget.
package xapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/fetch"
)

// Getter is the HTTP GET the client needs; *fetch.Client satisfies it.
type Getter interface {
	Get(ctx context.Context, req fetch.Request) (*fetch.Result, error)
}

// Options configure a Client; cmd/vedetta fills them from the "x:" config section.
type Options struct {
	Base              string // x.api_base, e.g. https://api.x.com/2
	BearerToken       string // X_BEARER_TOKEN; app-only OAuth 2.0
	MonthlyPostBudget int    // x.monthly_post_budget: posts one source may read per UTC month; 0 = unlimited
	MaxResults        int    // posts asked for per request; default 10, clamped to what each endpoint allows
	IncludeReplies    bool
	IncludeRetweets   bool
}

// Defaults and limits from the X API v2 reference (docs/SOURCES.md, "X API v2").
const (
	defaultMaxResults = 10
	timelineMin       = 5  // GET /2/users/:id/tweets: max_results 5–100
	searchMin         = 10 // GET /2/tweets/search/recent: max_results 10–100
	maxResultsLimit   = 100
	maxQueryLen       = 512 // recent search query length
	maxPages          = 5   // pages followed per poll with next_token
)

var (
	// ErrBudgetExhausted means the source has read its monthly post budget; the client
	// sets State.NotBefore to the start of the next UTC month.
	ErrBudgetExhausted = errors.New("x monthly post budget exhausted")
	// ErrUnauthorized means X answered 401: the bearer token is missing, wrong or revoked.
	ErrUnauthorized = errors.New("x api rejected the bearer token (401); check X_BEARER_TOKEN")
	// ErrForbidden means X answered 403: the app may not use this endpoint (access level,
	// app not attached to a project) or the account is protected or suspended.
	ErrForbidden = errors.New("x api refused access (403); check the app's access level in the X developer portal")
	// ErrUserNotFound means the username does not resolve to an account.
	ErrUserNotFound = errors.New("x user not found")
)

// RateLimitError is a 429 from X. UsageCap tells the monthly usage cap
// (type …/problems/usage-capped) from the 15-minute rate limit; Reset is when to try again.
type RateLimitError struct {
	Reset    time.Time
	UsageCap bool
}

func (e *RateLimitError) Error() string {
	if e.UsageCap {
		return fmt.Sprintf("x api usage cap reached (429 usage-capped); retry after %s", e.Reset.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("x api rate limit reached (429); retry after %s", e.Reset.UTC().Format(time.RFC3339))
}

// APIError is any other error status or error body from X, with X's own explanation.
type APIError struct {
	Status int
	Title  string
	Detail string
	Type   string
}

func (e *APIError) Error() string {
	msg := strings.TrimSpace(e.Title + ": " + e.Detail)
	msg = strings.Trim(msg, ": ")
	if e.Status != 0 {
		return fmt.Sprintf("x api %d %s", e.Status, msg)
	}
	return "x api: " + msg
}

// Client polls X. It keeps no state of its own: everything lives in the watch.State passed
// to Poll, so one Client serves every X source.
type Client struct {
	opts Options
	get  Getter
	now  func() time.Time
}

// New returns a Client for opts, reading through f.
func New(opts Options, f Getter) *Client {
	opts.Base = strings.TrimRight(opts.Base, "/")
	if opts.MaxResults <= 0 {
		opts.MaxResults = defaultMaxResults
	}
	opts.MaxResults = min(opts.MaxResults, maxResultsLimit)
	return &Client{opts: opts, get: f, now: time.Now}
}

// Poll returns the posts of src (kind watch.KindXUser or watch.KindXSearch) newer than
// st.Cursor, oldest first. It resolves a username to st.UserID once, asks with since_id =
// st.Cursor and follows next_token (not on a first poll, which reads one small page), then
// stores the newest id in st.Cursor. It counts every post returned against st.BudgetUsed
// for st.BudgetMonth and refuses with ErrBudgetExhausted past Options.MonthlyPostBudget.
// When X says no requests remain, or answers 429, st.NotBefore is set to the reset time.
func (c *Client) Poll(ctx context.Context, src watch.Source, st *watch.State) ([]watch.Item, error) {
	now := c.now()
	if month := now.UTC().Format("2006-01"); st.BudgetMonth != month {
		st.BudgetMonth, st.BudgetUsed = month, 0
	}

	minResults := timelineMin
	if src.Kind == watch.KindXSearch {
		minResults = searchMin
	}
	if c.opts.MonthlyPostBudget > 0 && c.opts.MonthlyPostBudget-st.BudgetUsed < minResults {
		st.NotBefore = nextMonth(now)
		return nil, fmt.Errorf("x source %s: %w (%d of %d posts read in %s)", src.Name, ErrBudgetExhausted, st.BudgetUsed, c.opts.MonthlyPostBudget, st.BudgetMonth)
	}

	var (
		endpoint string
		q        = url.Values{}
		username string // for links; search posts carry their own
	)
	q.Set("tweet.fields", "created_at,author_id,referenced_tweets,entities,note_tweet")
	switch src.Kind {
	case watch.KindXUser:
		username = strings.TrimPrefix(src.Target, "@")
		if st.UserID == "" {
			id, err := c.resolve(ctx, username, st)
			if err != nil {
				return nil, fmt.Errorf("x source %s: resolve @%s: %w", src.Name, username, err)
			}
			st.UserID = id
		}
		endpoint = c.opts.Base + "/users/" + url.PathEscape(st.UserID) + "/tweets"
		var exclude []string
		if !c.opts.IncludeRetweets {
			exclude = append(exclude, "retweets")
		}
		if !c.opts.IncludeReplies {
			exclude = append(exclude, "replies")
		}
		if len(exclude) > 0 {
			q.Set("exclude", strings.Join(exclude, ","))
		}
	case watch.KindXSearch:
		query := c.searchQuery(src.Target)
		if utf8.RuneCountInString(query) > maxQueryLen {
			return nil, fmt.Errorf("x source %s: search query is %d characters; X allows %d", src.Name, utf8.RuneCountInString(query), maxQueryLen)
		}
		endpoint = c.opts.Base + "/tweets/search/recent"
		q.Set("query", query)
		q.Set("expansions", "author_id")
		q.Set("user.fields", "username")
	default:
		return nil, fmt.Errorf("x source %s: kind %q is not an X source", src.Name, src.Kind)
	}
	if st.Cursor != "" {
		q.Set("since_id", st.Cursor)
	}

	var (
		items  []watch.Item
		newest string
		token  string
	)
	for page := 0; page < maxPages; page++ {
		n := max(c.opts.MaxResults, minResults)
		if c.opts.MonthlyPostBudget > 0 {
			n = min(n, c.opts.MonthlyPostBudget-st.BudgetUsed)
		}
		if n < minResults {
			break // the budget cannot pay for another page (the first always fits: see above)
		}
		q.Set("max_results", strconv.Itoa(n))
		if token != "" {
			if src.Kind == watch.KindXSearch {
				q.Set("next_token", token)
			} else {
				q.Set("pagination_token", token)
			}
		}
		var p tweetsPage
		err := c.call(ctx, endpoint+"?"+q.Encode(), st, &p)
		if err != nil {
			var api *APIError
			if src.Kind == watch.KindXSearch && st.Cursor != "" && errors.As(err, &api) && api.Status == http.StatusBadRequest {
				// Recent search only reaches back 7 days; a since_id older than that is
				// refused with a 400. Start afresh next time rather than fail forever.
				st.Cursor = ""
			}
			return nil, fmt.Errorf("x source %s: %w", src.Name, err)
		}
		st.BudgetUsed += len(p.Data)
		if len(p.Data) == 0 && len(p.Errors) > 0 {
			// A 200 with only errors: the account is suspended, protected or gone.
			return nil, fmt.Errorf("x source %s: %w", src.Name, readProblem(0, nil, p.Errors...))
		}
		if page == 0 {
			newest = p.Meta.NewestID
		}
		items = append(items, c.items(src, username, &p)...)
		token = p.Meta.NextToken
		if token == "" || st.Cursor == "" {
			break
		}
	}
	if newest != "" {
		st.Cursor = newest
	}
	slices.Reverse(items) // X lists newest first
	return items, nil
}

// Usage returns what a source has read of its monthly post budget, for /sources: used in
// the current UTC month (0 when st counts an earlier month) and budget (0 = unlimited).
func (c *Client) Usage(st watch.State) (used, budget int) {
	if st.BudgetMonth == c.now().UTC().Format("2006-01") {
		used = st.BudgetUsed
	}
	return used, c.opts.MonthlyPostBudget
}

// searchQuery adds "-is:retweet -is:reply" unless asked for or already there.
func (c *Client) searchQuery(query string) string {
	query = strings.TrimSpace(query)
	if !c.opts.IncludeRetweets && !strings.Contains(query, "is:retweet") {
		query += " -is:retweet"
	}
	if !c.opts.IncludeReplies && !strings.Contains(query, "is:reply") {
		query += " -is:reply"
	}
	return query
}

// resolve looks a username up: GET /2/users/by/username/:username.
func (c *Client) resolve(ctx context.Context, username string, st *watch.State) (string, error) {
	var p struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
		Errors []problem `json:"errors"`
	}
	if err := c.call(ctx, c.opts.Base+"/users/by/username/"+url.PathEscape(username), st, &p); err != nil {
		return "", err
	}
	if p.Data.ID == "" {
		// X answers 200 with an "errors" array for an unknown or suspended username.
		detail := ""
		if len(p.Errors) > 0 {
			detail = p.Errors[0].Detail
		}
		return "", fmt.Errorf("%w: %s", ErrUserNotFound, detail)
	}
	return p.Data.ID, nil
}

// call GETs u with the bearer token, applies the rate-limit headers to st, turns error
// statuses into this package's errors and decodes a 200 body into v.
func (c *Client) call(ctx context.Context, u string, st *watch.State, v any) error {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+c.opts.BearerToken)
	h.Set("Accept", "application/json")
	res, err := c.get.Get(ctx, fetch.Request{URL: u, Header: h})
	var (
		status     int
		header     http.Header
		body       []byte
		retryAfter time.Duration
	)
	if res != nil {
		status, header, body = res.Status, res.Header, res.Body
	}
	if err != nil {
		// fetch returns the Result beside a *StatusError: X's headers
		// (x-rate-limit-reset) and its problem body (the usage-cap type) come with it.
		var se *fetch.StatusError
		if !errors.As(err, &se) {
			return fmt.Errorf("x api: %w", err) // fetch names the URL; the token is a header
		}
		status, retryAfter = se.Code, se.RetryAfter
	}
	reset := resetTime(header)
	if reset.IsZero() && retryAfter > 0 {
		reset = c.now().Add(retryAfter)
	}
	if header.Get("x-rate-limit-remaining") == "0" && reset.After(st.NotBefore) {
		st.NotBefore = reset
	}
	switch {
	case status == http.StatusOK:
		if err := json.Unmarshal(body, v); err != nil {
			return fmt.Errorf("decode %s: %w", redact(u), err)
		}
		return nil
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden:
		return fmt.Errorf("%w: %s", ErrForbidden, readProblem(status, body).Detail)
	case status == http.StatusTooManyRequests:
		var p problem
		_ = json.Unmarshal(body, &p) // without a body, a 429 is taken for a rate limit
		rl := &RateLimitError{Reset: reset, UsageCap: p.isUsageCap()}
		if !rl.Reset.After(c.now()) {
			// No usable x-rate-limit-reset: a rate limit window is 15 minutes; a usage cap
			// lasts until credits are added or the cycle ends, so look again in a day.
			rl.Reset = c.now().Add(15 * time.Minute)
			if rl.UsageCap {
				rl.Reset = c.now().Add(24 * time.Hour)
			}
		}
		if rl.Reset.After(st.NotBefore) {
			st.NotBefore = rl.Reset
		}
		return rl
	default:
		return readProblem(status, body)
	}
}

// problem is X's error body: RFC 7807 style at the top level ({"title","detail","type",
// "status"}) or an "errors" array, in v2 or v1.1 shape ({"code":88,"message":…}).
type problem struct {
	Title   string    `json:"title"`
	Detail  string    `json:"detail"`
	Type    string    `json:"type"`
	Status  int       `json:"status"`
	Message string    `json:"message"`
	Errors  []problem `json:"errors"`
}

func (p problem) isUsageCap() bool {
	if strings.HasSuffix(p.Type, "/problems/usage-capped") || p.Title == "UsageCapExceeded" {
		return true
	}
	return slices.ContainsFunc(p.Errors, problem.isUsageCap)
}

func readProblem(status int, body []byte, errs ...problem) *APIError {
	var p problem
	_ = json.Unmarshal(body, &p) // a body that is not JSON leaves only the status
	p.Errors = append(p.Errors, errs...)
	e := &APIError{Status: status, Title: p.Title, Detail: p.Detail, Type: p.Type}
	if e.Detail == "" && len(p.Errors) > 0 {
		first := p.Errors[0]
		e.Title, e.Detail, e.Type = cmp(first.Title, e.Title), cmp(first.Detail, first.Message), cmp(first.Type, e.Type)
	}
	if e.Title == "" && e.Detail == "" && status != 0 {
		e.Title = http.StatusText(status)
	}
	return e
}

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// resetTime reads x-rate-limit-reset (Unix seconds).
func resetTime(h http.Header) time.Time {
	s := h.Get("x-rate-limit-reset")
	if s == "" {
		return time.Time{}
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(sec, 0)
}

// nextMonth is the first instant of the UTC month after t.
func nextMonth(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC)
}

// redact drops the query (a search can be long; nothing secret is in it, the token is a
// header) to keep error messages short.
func redact(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[:i]
	}
	return u
}
