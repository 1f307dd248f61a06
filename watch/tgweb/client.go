package tgweb

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/fetch"
)

// Getter is the HTTP GET the client needs; *fetch.Client satisfies it.
type Getter interface {
	Get(ctx context.Context, req fetch.Request) (*fetch.Result, error)
}

// Page limits. A page holds about 20 posts (docs/SOURCES.md, "Public channel previews"), so the first poll reads the
// last ~60 posts and a later poll catches up with up to ~200 posts missed in between.
const (
	firstPollPages = 3
	catchUpPages   = 10
)

// Client polls public channels through their web preview.
type Client struct {
	base string
	get  Getter
	now  func() time.Time
}

// New returns a Client reading baseURL/s/NAME (telegram_web.base_url, https://t.me by
// default) through f.
func New(baseURL string, f Getter) *Client {
	return &Client{base: strings.TrimRight(baseURL, "/"), get: f, now: time.Now}
}

// Poll returns the channel's posts newer than st.Cursor, oldest first, and moves st.Cursor
// to the newest post id. The first poll (empty Cursor) reads at most three pages back;
// later polls follow "?before=" until they reach the cursor, at most ten pages. The first
// page is fetched conditionally with st.ETag/LastModified; its NotBefore is kept in st.
func (c *Client) Poll(ctx context.Context, src watch.Source, st *watch.State) ([]watch.Item, error) {
	channel := src.Target
	cursor, _ := strconv.ParseInt(st.Cursor, 10, 64) // "" or junk reads as a first poll
	maxPages := catchUpPages
	if cursor == 0 {
		maxPages = firstPollPages
	}
	var (
		pages  [][]watch.Item
		before string
	)
	for page := 0; page < maxPages; page++ {
		req := fetch.Request{URL: c.pageURL(channel, before)}
		if page == 0 {
			req.ETag, req.LastModified = st.ETag, st.LastModified
		}
		res, err := c.get.Get(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("telegram channel %s: %w", channel, err)
		}
		if page == 0 {
			if res.NotBefore.After(st.NotBefore) {
				st.NotBefore = res.NotBefore
			}
			if res.NotModified {
				return nil, nil
			}
		}
		items, older, err := Parse(res.Body, channel)
		if err != nil {
			return nil, fmt.Errorf("telegram channel %s: %w", channel, err)
		}
		if page == 0 {
			// Only a page that parsed may be answered with 304 next time.
			st.ETag, st.LastModified = res.ETag, res.LastModified
		}
		pages = append(pages, items)
		if older == "" || older == before || reached(items, older, cursor) {
			break
		}
		before = older
	}

	// Pages were read newest first; each lists its posts oldest first.
	var out []watch.Item
	newest := cursor
	seen := make(map[string]bool)
	for i := len(pages) - 1; i >= 0; i-- {
		for _, it := range pages[i] {
			n, ok := postNumber(it.ID)
			if !ok || n <= cursor || seen[it.ID] {
				continue
			}
			seen[it.ID] = true
			it.Source = src.Name
			if it.Published.IsZero() {
				it.Published = c.now() // watch.Item: else the time first seen
			}
			out = append(out, it)
			newest = max(newest, n)
		}
	}
	if newest > cursor {
		st.Cursor = strconv.FormatInt(newest, 10)
	}
	return out, nil
}

// reached reports whether the page already goes back to the cursor, so older pages hold
// nothing new. before is the page's own "?before=" cursor: its oldest post id, which
// counts even when that post was left out of items.
func reached(items []watch.Item, before string, cursor int64) bool {
	if cursor == 0 {
		return false
	}
	if b, err := strconv.ParseInt(before, 10, 64); err == nil && b <= cursor+1 {
		return true
	}
	for _, it := range items {
		if n, ok := postNumber(it.ID); ok && n <= cursor {
			return true
		}
	}
	return false
}

func (c *Client) pageURL(channel, before string) string {
	u := c.base + "/s/" + url.PathEscape(channel)
	if before != "" {
		u += "?before=" + url.QueryEscape(before)
	}
	return u
}
