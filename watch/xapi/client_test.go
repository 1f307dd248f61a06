package xapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/fetch"
)

// now is the tests' clock: the day the tweepy cassettes were recorded.
var now = time.Date(2022, 10, 7, 22, 43, 0, 0, time.UTC)

const token = "test-bearer-token"

// reply is one canned answer of the fake X API.
type reply struct {
	status int
	body   string
	header map[string]string
}

// fixture reads testdata/NAME.json and, when present, the status and x-rate-limit headers
// of NAME.response-meta.json.
func fixture(t *testing.T, name string) reply {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	r := reply{status: http.StatusOK, body: string(body), header: map[string]string{}}
	if meta, err := os.ReadFile(filepath.Join("testdata", name+".response-meta.json")); err == nil {
		var m struct {
			Status  struct{ Code int } `json:"status"`
			Headers map[string]string  `json:"headers"`
		}
		if err := json.Unmarshal(meta, &m); err != nil {
			t.Fatal(err)
		}
		r.status = m.Status.Code
		for k, v := range m.Headers {
			if strings.HasPrefix(k, "x-rate-limit-") || k == "content-type" {
				r.header[k] = v
			}
		}
	}
	return r
}

// fakeX answers GET /2/... from a queue of replies per path (404 when it runs out) and records every request.
// It checks the bearer token like X does.
type fakeX struct {
	mu       sync.Mutex
	replies  map[string][]reply
	requests []*url.URL
}

func (f *fakeX) add(path string, r ...reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.replies == nil {
		f.replies = map[string][]reply{}
	}
	f.replies[path] = append(f.replies[path], r...)
}

func (f *fakeX) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.URL)
	if r.Header.Get("Authorization") != "Bearer "+token {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`)
		return
	}
	q := f.replies[r.URL.Path]
	if len(q) == 0 {
		http.Error(w, `{"title":"Not Found"}`, http.StatusNotFound)
		return
	}
	rep := q[0]
	f.replies[r.URL.Path] = q[1:]
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(rep.status)
	_, _ = io.WriteString(w, rep.body)
}

func (f *fakeX) take() []*url.URL {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.requests
	f.requests = nil
	return r
}

// passGetter is a Getter that hands back every response, error statuses included, with
// its headers and body, as a fetch.Result next to a *fetch.StatusError.
type passGetter struct{}

func (passGetter) Get(ctx context.Context, req fetch.Request) (*fetch.Result, error) {
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
	if err != nil {
		return nil, err
	}
	hr.Header = req.Header.Clone()
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	res := &fetch.Result{Status: resp.StatusCode, Body: body, Header: resp.Header, URL: req.URL}
	if resp.StatusCode > 299 {
		return res, &fetch.StatusError{Code: resp.StatusCode}
	}
	return res, nil
}

func newClient(t *testing.T, f *fakeX, opts Options, g Getter) *Client {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	if g == nil {
		g = fetch.New(fetch.Options{AllowPrivateNetworks: true, Timeout: 5 * time.Second})
	}
	opts.Base = srv.URL + "/2/"
	if opts.BearerToken == "" {
		opts.BearerToken = token
	}
	c := New(opts, g)
	c.now = func() time.Time { return now }
	return c
}

var nato = watch.Source{Name: "Twitter on X", Kind: watch.KindXUser, Target: "Twitter"}

func TestPollUserTimeline(t *testing.T) {
	f := &fakeX{}
	f.add("/2/users/by/username/Twitter", fixture(t, "tweepy_users_by_username_Twitter"))
	f.add("/2/users/783214/tweets", fixture(t, "tweepy_users_783214_tweets"))
	c := newClient(t, f, Options{}, nil)
	var st watch.State
	ctx := context.Background()

	t.Run("the first poll resolves the username and reads one small page", func(t *testing.T) {
		items, err := c.Poll(ctx, nato, &st)
		if err != nil {
			t.Fatal(err)
		}
		reqs := f.take()
		if len(reqs) != 2 || reqs[0].Path != "/2/users/by/username/Twitter" || reqs[1].Path != "/2/users/783214/tweets" {
			t.Fatalf("requests %v", reqs)
		}
		q := reqs[1].Query()
		if q.Get("max_results") != "10" || q.Get("exclude") != "retweets,replies" || q.Has("since_id") || q.Has("pagination_token") {
			t.Errorf("timeline query %v", q)
		}
		if len(items) != 2 {
			t.Fatalf("%d items", len(items))
		}
		first, last := items[0], items[1]
		if first.ID != "1565318587736285184" || last.ID != "1577730467436138524" {
			t.Errorf("ids %s, %s: want oldest first, as strings", first.ID, last.ID)
		}
		if last.URL != "https://x.com/Twitter/status/1577730467436138524" || last.Author != "@Twitter" || last.Source != nato.Name {
			t.Errorf("item %+v", last)
		}
		if last.Title != "whoa, it works" || !strings.HasPrefix(last.Text, "whoa, it works\n\nnow everyone can mix GIFs") {
			t.Errorf("title %q text %q", last.Title, last.Text)
		}
		if st.UserID != "783214" || st.Cursor != "1577730467436138524" || st.BudgetMonth != "2022-10" || st.BudgetUsed != 2 {
			t.Errorf("state %+v", st)
		}
	})
	t.Run("a later poll asks since the cursor, keeps the id and follows next_token", func(t *testing.T) {
		f.add("/2/users/783214/tweets", fixture(t, "sns_users_id_tweets_timeline"), reply{status: 200, body: `{"meta":{"result_count":0}}`})
		items, err := c.Poll(ctx, nato, &st)
		if err != nil {
			t.Fatal(err)
		}
		reqs := f.take()
		if len(reqs) != 2 {
			t.Fatalf("requests %v", reqs)
		}
		if got := reqs[0].Query().Get("since_id"); got != "1577730467436138524" {
			t.Errorf("since_id %q", got)
		}
		if got := reqs[1].Query().Get("pagination_token"); got != "7140dibdnow9c7btw3w3itbygz8uu5pbs45oy6erjc2ls" {
			t.Errorf("pagination_token %q", got)
		}
		if len(items) != 5 || st.Cursor != "1364275610764201984" || st.BudgetUsed != 7 {
			t.Errorf("%d items, state %+v", len(items), st)
		}
		if want := time.Date(2021, 2, 23, 18, 7, 7, 0, time.UTC); !items[4].Published.Equal(want) {
			t.Errorf("published %v, want %v", items[4].Published, want)
		}
	})
}

func TestPollSearch(t *testing.T) {
	search := watch.Source{Name: "Tweepy search", Kind: watch.KindXSearch, Target: "Tweepy"}
	t.Run("retweets are asked away and dropped when X sends them anyway", func(t *testing.T) {
		f := &fakeX{}
		f.add("/2/tweets/search/recent", fixture(t, "tweepy_tweets_search_recent_query_Tweepy_2"))
		c := newClient(t, f, Options{}, nil)
		var st watch.State
		items, err := c.Poll(context.Background(), search, &st)
		if err != nil {
			t.Fatal(err)
		}
		q := f.take()[0].Query()
		if q.Get("query") != "Tweepy -is:retweet -is:reply" || q.Get("expansions") != "author_id" || q.Get("max_results") != "10" {
			t.Errorf("query %v", q)
		}
		if len(items) != 7 || st.BudgetUsed != 10 || st.Cursor != "1578522194770296832" {
			t.Errorf("%d items, state %+v", len(items), st)
		}
		for _, it := range items {
			if strings.HasPrefix(it.Text, "RT @") {
				t.Errorf("retweet kept: %q", it.Text)
			}
		}
	})
	t.Run("replies asked for come with their authors' links and expanded text", func(t *testing.T) {
		f := &fakeX{}
		f.add("/2/tweets/search/recent", fixture(t, "sns_tweets_search_with_expansions"))
		c := newClient(t, f, Options{IncludeReplies: true, MaxResults: 50}, nil)
		var st watch.State
		items, err := c.Poll(context.Background(), watch.Source{Name: "S", Kind: watch.KindXSearch, Target: "snowman -is:reply"}, &st)
		if err != nil {
			t.Fatal(err)
		}
		if q := f.take()[0].Query(); q.Get("query") != "snowman -is:reply -is:retweet" || q.Get("max_results") != "50" {
			t.Errorf("query %v", q)
		}
		if len(items) != 4 {
			t.Fatalf("%d items", len(items))
		}
		newest := items[3]
		if newest.URL != "https://x.com/happycamper/status/1276035977375477760" || newest.Author != "@happycamper" {
			t.Errorf("item %+v", newest)
		}
		if newest.Text != "@snowman Ooo, thanks error message, public_metircs are not the metrics you’re looking for" {
			t.Errorf("text %q: the link to the post's own photo should go", newest.Text)
		}
		if items[0].URL != "https://x.com/snowman/status/1275653067283759104" {
			t.Errorf("oldest URL %q", items[0].URL)
		}
	})
	t.Run("replies not asked for are left out but still paid for", func(t *testing.T) {
		f := &fakeX{}
		f.add("/2/tweets/search/recent", fixture(t, "sns_tweets_search_with_expansions"))
		c := newClient(t, f, Options{}, nil)
		var st watch.State
		items, err := c.Poll(context.Background(), watch.Source{Name: "S", Kind: watch.KindXSearch, Target: "snowman"}, &st)
		if err != nil || len(items) != 0 || st.BudgetUsed != 4 {
			t.Errorf("items %v err %v used %d", items, err, st.BudgetUsed)
		}
	})
}

func TestPollBudget(t *testing.T) {
	tests := []struct {
		name          string
		budget        int
		maxResults    int
		state         watch.State
		wantErr       error
		wantMax       string // max_results of the request; "" means no request
		wantUsed      int
		wantNotBefore time.Time
	}{
		{name: "the remaining budget caps max_results", budget: 12, state: watch.State{BudgetMonth: "2022-10", BudgetUsed: 3, UserID: "783214"}, wantMax: "9", wantUsed: 5},
		{name: "too little budget left for a request makes none", budget: 12, state: watch.State{BudgetMonth: "2022-10", BudgetUsed: 8, UserID: "783214"}, wantErr: ErrBudgetExhausted, wantUsed: 8, wantNotBefore: time.Date(2022, 11, 1, 0, 0, 0, 0, time.UTC)},
		{name: "a new month starts a fresh budget", budget: 12, state: watch.State{BudgetMonth: "2022-09", BudgetUsed: 12, UserID: "783214"}, wantMax: "10", wantUsed: 2},
		{name: "max_results below the endpoint's minimum is raised to it", budget: 0, maxResults: 2, state: watch.State{UserID: "783214"}, wantMax: "5", wantUsed: 2},
		{name: "no budget means no limit", budget: 0, state: watch.State{BudgetMonth: "2022-10", BudgetUsed: 1_000_000, UserID: "783214"}, wantMax: "10", wantUsed: 1_000_002},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeX{}
			f.add("/2/users/783214/tweets", fixture(t, "tweepy_users_783214_tweets"))
			c := newClient(t, f, Options{MonthlyPostBudget: tt.budget, MaxResults: tt.maxResults}, nil)
			st := tt.state
			_, err := c.Poll(context.Background(), nato, &st)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			reqs := f.take()
			if tt.wantMax == "" {
				if len(reqs) != 0 {
					t.Errorf("requests %v, want none", reqs)
				}
			} else if len(reqs) != 1 || reqs[0].Query().Get("max_results") != tt.wantMax {
				t.Errorf("requests %v, want one with max_results=%s", reqs, tt.wantMax)
			}
			if st.BudgetUsed != tt.wantUsed || st.BudgetMonth != "2022-10" || !st.NotBefore.Equal(tt.wantNotBefore) {
				t.Errorf("state %+v", st)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	c := New(Options{MonthlyPostBudget: 500}, nil)
	c.now = func() time.Time { return now }
	tests := []struct {
		name string
		st   watch.State
		used int
	}{
		{"this month's count is shown", watch.State{BudgetMonth: "2022-10", BudgetUsed: 42}, 42},
		{"last month's count is not", watch.State{BudgetMonth: "2022-09", BudgetUsed: 42}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if used, budget := c.Usage(tt.st); used != tt.used || budget != 500 {
				t.Errorf("Usage = %d, %d; want %d, 500", used, budget, tt.used)
			}
		})
	}
}

func TestPollBudgetStopsPaging(t *testing.T) {
	f := &fakeX{}
	f.add("/2/users/783214/tweets", fixture(t, "sns_users_id_tweets_timeline"), fixture(t, "tweepy_users_783214_tweets"))
	c := newClient(t, f, Options{MonthlyPostBudget: 11}, nil)
	st := watch.State{UserID: "783214", Cursor: "1", BudgetMonth: "2022-10"}
	items, err := c.Poll(context.Background(), nato, &st)
	if err != nil {
		t.Fatal(err)
	}
	// Page 1 asks for 10 and reads 5; page 2 asks for the 6 left and reads 2; 4 left is
	// less than the 5 a timeline request must ask for, so the next_token is not followed.
	reqs := f.take()
	if len(reqs) != 2 || reqs[0].Query().Get("max_results") != "10" || reqs[1].Query().Get("max_results") != "6" {
		t.Fatalf("requests %v", reqs)
	}
	if st.BudgetUsed != 7 || len(items) != 7 || st.Cursor != "1364275610764201984" {
		t.Errorf("used %d, %d items, cursor %q", st.BudgetUsed, len(items), st.Cursor)
	}
}

func TestPollErrors(t *testing.T) {
	reset := now.Add(10 * time.Minute)
	resetHeader := map[string]string{"x-rate-limit-limit": "450", "x-rate-limit-remaining": "0", "x-rate-limit-reset": strconv.FormatInt(reset.Unix(), 10)}
	tests := []struct {
		name          string
		token         string
		src           watch.Source
		state         watch.State
		replies       map[string]reply
		getter        Getter
		check         func(t *testing.T, err error)
		wantNotBefore time.Time
		wantCursor    string
	}{
		{
			name:  "401 says the token is wrong",
			token: "wrong", src: nato, state: watch.State{UserID: "783214", Cursor: "5"},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "X_BEARER_TOKEN") || strings.Contains(err.Error(), "wrong") {
					t.Errorf("err %v", err)
				}
			},
			wantCursor: "5",
		},
		{
			name: "403 says access is refused, with X's reason",
			src:  nato, state: watch.State{UserID: "783214"},
			replies: map[string]reply{"/2/users/783214/tweets": {status: 403, body: `{"client_id":"1","detail":"When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.","registration_url":"https://developer.twitter.com/en/docs/projects/overview","title":"Client Forbidden","required_enrollment":"Appropriate Level of API Access","reason":"client-not-enrolled","type":"https://api.twitter.com/2/problems/client-forbidden"}`}},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "attached to a Project") {
					t.Errorf("err %v", err)
				}
			},
		},
		{
			name: "a rate-limit 429 waits for x-rate-limit-reset",
			src:  nato, state: watch.State{UserID: "783214", Cursor: "5"},
			replies: map[string]reply{"/2/users/783214/tweets": {status: 429, header: resetHeader, body: `{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`}},
			check: func(t *testing.T, err error) {
				var rl *RateLimitError
				if !errors.As(err, &rl) || rl.UsageCap || !rl.Reset.Equal(reset) {
					t.Errorf("err %#v", err)
				}
			},
			wantNotBefore: reset, wantCursor: "5",
		},
		{
			name: "a usage-cap 429 is told apart by its problem type",
			src:  nato, state: watch.State{UserID: "783214"},
			replies: map[string]reply{"/2/users/783214/tweets": {status: 429, header: resetHeader, body: `{"account_id":1,"product_name":"standard-basic","title":"UsageCapExceeded","period":"Monthly","scope":"Product","detail":"Usage cap exceeded: Monthly product cap","type":"https://api.twitter.com/2/problems/usage-capped"}`}},
			check: func(t *testing.T, err error) {
				var rl *RateLimitError
				if !errors.As(err, &rl) || !rl.UsageCap || !strings.Contains(err.Error(), "usage cap") {
					t.Errorf("err %v", err)
				}
			},
			wantNotBefore: reset,
		},
		{
			name: "through fetch.Client a usage-cap 429 keeps X's reset header and problem type",
			src:  nato, state: watch.State{UserID: "783214"},
			getter:  fetch.New(fetch.Options{AllowPrivateNetworks: true}),
			replies: map[string]reply{"/2/users/783214/tweets": {status: 429, header: resetHeader, body: `{"title":"UsageCapExceeded","type":"https://api.x.com/2/problems/usage-capped"}`}},
			check: func(t *testing.T, err error) {
				var rl *RateLimitError
				if !errors.As(err, &rl) || !rl.UsageCap {
					t.Errorf("err %#v", err)
				}
			},
			wantNotBefore: time.Date(2022, 10, 7, 22, 53, 0, 0, time.UTC),
		},
		{
			name:    "a username X does not know is a clear error and nothing is kept",
			src:     watch.Source{Name: "Nobody", Kind: watch.KindXUser, Target: "nobody_xyz"},
			replies: map[string]reply{"/2/users/by/username/nobody_xyz": {status: 200, body: `{"errors":[{"value":"nobody_xyz","detail":"Could not find user with username: [nobody_xyz].","title":"Not Found Error","resource_type":"user","parameter":"username","resource_id":"nobody_xyz","type":"https://api.twitter.com/2/problems/resource-not-found"}]}`}},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, ErrUserNotFound) || !strings.Contains(err.Error(), "nobody_xyz") {
					t.Errorf("err %v", err)
				}
			},
		},
		{
			name: "a search since_id older than 7 days is dropped so the next poll starts afresh",
			src:  watch.Source{Name: "S", Kind: watch.KindXSearch, Target: "NATO"}, state: watch.State{Cursor: "1"},
			replies: map[string]reply{"/2/tweets/search/recent": {status: 400, body: `{"errors":[{"parameters":{"since_id":["1"]},"message":"Invalid 'since_id':'1'. 'since_id' must be a tweet id created after 2022-09-30T22:43Z."}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}`}},
			check: func(t *testing.T, err error) {
				var api *APIError
				if !errors.As(err, &api) || api.Status != 400 || !strings.Contains(err.Error(), "parameters to your request was invalid") {
					t.Errorf("err %v", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeX{}
			for p, r := range tt.replies {
				f.add(p, r)
			}
			g := tt.getter
			if g == nil {
				g = passGetter{}
			}
			c := newClient(t, f, Options{BearerToken: tt.token}, g)
			st := tt.state
			items, err := c.Poll(context.Background(), tt.src, &st)
			if err == nil || items != nil {
				t.Fatalf("items %v, err %v", items, err)
			}
			tt.check(t, err)
			if !st.NotBefore.Equal(tt.wantNotBefore) {
				t.Errorf("NotBefore %v, want %v", st.NotBefore, tt.wantNotBefore)
			}
			if st.Cursor != tt.wantCursor {
				t.Errorf("cursor %q, want %q", st.Cursor, tt.wantCursor)
			}
			if tt.src.Kind == watch.KindXUser && tt.state.UserID == "" && st.UserID != "" {
				t.Errorf("user id %q kept after an error", st.UserID)
			}
		})
	}
}

func TestPollHonoursExhaustedWindow(t *testing.T) {
	f := &fakeX{}
	rep := fixture(t, "tweepy_tweets_search_recent_query_Tweepy")
	rep.header["x-rate-limit-remaining"] = "0"
	f.add("/2/tweets/search/recent", rep)
	c := newClient(t, f, Options{}, nil)
	var st watch.State
	items, err := c.Poll(context.Background(), watch.Source{Name: "S", Kind: watch.KindXSearch, Target: "Tweepy"}, &st)
	if err != nil || len(items) != 10 {
		t.Fatalf("items %d err %v", len(items), err)
	}
	if want := time.Unix(1665183229, 0); !st.NotBefore.Equal(want) {
		t.Errorf("NotBefore %v, want x-rate-limit-reset %v", st.NotBefore, want)
	}
}

func BenchmarkItems(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "sns_tweets_search_with_expansions.json"))
	if err != nil {
		b.Fatal(err)
	}
	c := New(Options{IncludeReplies: true}, nil)
	src := watch.Source{Name: "S", Kind: watch.KindXSearch}
	b.ReportAllocs()
	for b.Loop() {
		var p tweetsPage
		if err := json.Unmarshal(body, &p); err != nil {
			b.Fatal(err)
		}
		if len(c.items(src, "", &p)) != 4 {
			b.Fatal("want 4 items")
		}
	}
}
