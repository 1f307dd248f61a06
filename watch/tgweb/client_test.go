package tgweb

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/fetch"
)

// fakeChannel serves /s/chan like t.me: the newest perPage posts, or those before
// ?before=N, oldest first, with the tme_messages_more cursor. Posts are numbered 1..newest.
type fakeChannel struct {
	mu       sync.Mutex
	newest   int
	perPage  int
	requests []string // RequestURI of each request
}

func (f *fakeChannel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.URL.RequestURI())
	if r.URL.Path != "/s/chan" {
		http.NotFound(w, r)
		return
	}
	top := f.newest
	if b := r.URL.Query().Get("before"); b != "" {
		n, _ := strconv.Atoi(b)
		top = n - 1
	}
	low := max(top-f.perPage+1, 1)
	var msgs []string
	if low > 1 {
		msgs = append(msgs, fmt.Sprintf(`<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/chan?before=%d" class="tme_messages_more js-messages_more" data-before="%d"></a></div>`, low, low))
	}
	for id := low; id <= top; id++ {
		msgs = append(msgs, message(strconv.Itoa(id), fmt.Sprintf(`<div class="tgme_widget_message_text js-message_text">post %d about NATO</div>`, id)))
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(page(msgs...))
}

func (f *fakeChannel) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.requests
	f.requests = nil
	return r
}

func newFetch() *fetch.Client {
	return fetch.New(fetch.Options{AllowPrivateNetworks: true, Timeout: 5 * time.Second})
}

func ids(items []watch.Item) string {
	var s []string
	for _, it := range items {
		s = append(s, strings.TrimPrefix(it.ID, "chan/"))
	}
	return strings.Join(s, ",")
}

func span(from, to int) string {
	var s []string
	for i := from; i <= to; i++ {
		s = append(s, strconv.Itoa(i))
	}
	return strings.Join(s, ",")
}

func TestPollFollowsTheChannel(t *testing.T) {
	ch := &fakeChannel{newest: 100, perPage: 20}
	srv := httptest.NewServer(ch)
	defer srv.Close()
	c := New(srv.URL+"/", newFetch())
	src := watch.Source{Name: "Chan", Kind: watch.KindTelegram, Target: "chan"}
	var st watch.State
	ctx := context.Background()

	t.Run("the first poll reads at most three pages back", func(t *testing.T) {
		items, err := c.Poll(ctx, src, &st)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ids(items), span(41, 100); got != want {
			t.Errorf("ids %s\nwant %s", got, want)
		}
		if got := strings.Join(ch.take(), " "); got != "/s/chan /s/chan?before=81 /s/chan?before=61" {
			t.Errorf("requests %s", got)
		}
		if st.Cursor != "100" {
			t.Errorf("cursor %q", st.Cursor)
		}
		if items[0].Source != "Chan" || items[0].URL != "https://t.me/chan/41" || items[0].Title != "post 41 about NATO" {
			t.Errorf("item %+v", items[0])
		}
	})
	t.Run("a later poll reads one page and returns only the new posts", func(t *testing.T) {
		ch.mu.Lock()
		ch.newest = 104
		ch.mu.Unlock()
		items, err := c.Poll(ctx, src, &st)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(items); got != span(101, 104) {
			t.Errorf("ids %s", got)
		}
		if got := ch.take(); len(got) != 1 {
			t.Errorf("requests %v, want one page", got)
		}
		if st.Cursor != "104" {
			t.Errorf("cursor %q", st.Cursor)
		}
	})
	t.Run("after a long pause it pages back until it reaches the cursor", func(t *testing.T) {
		ch.mu.Lock()
		ch.newest = 150
		ch.mu.Unlock()
		items, err := c.Poll(ctx, src, &st)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(items); got != span(105, 150) {
			t.Errorf("ids %s", got)
		}
		if got := strings.Join(ch.take(), " "); got != "/s/chan /s/chan?before=131 /s/chan?before=111" {
			t.Errorf("requests %s", got)
		}
	})
	t.Run("nothing new gives no items and keeps the cursor", func(t *testing.T) {
		items, err := c.Poll(ctx, src, &st)
		if err != nil || len(items) != 0 || st.Cursor != "150" {
			t.Errorf("items %v err %v cursor %q", items, err, st.Cursor)
		}
	})
}

func TestPollRealPage(t *testing.T) {
	habr := readFixture(t, "habr_com.html")
	mux := http.NewServeMux()
	mux.HandleFunc("/s/habr_com", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("before") != "" {
			_, _ = w.Write(page()) // the channel's beginning
			return
		}
		_, _ = w.Write(habr)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	now := time.Date(2023, 5, 5, 18, 0, 0, 0, time.UTC)
	c := New(srv.URL, newFetch())
	c.now = func() time.Time { return now }
	var st watch.State
	items, err := c.Poll(context.Background(), watch.Source{Name: "Habr", Kind: watch.KindTelegram, Target: "habr_com"}, &st)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 20 || st.Cursor != "56641" {
		t.Fatalf("%d items, cursor %q", len(items), st.Cursor)
	}
	if last := items[19]; !last.Published.Equal(now) {
		t.Errorf("a post without a time gets the time first seen; got %v", last.Published)
	}
}

func TestPollErrors(t *testing.T) {
	noPreview := readFixture(t, "not_existed_channel.html")
	tests := []struct {
		name    string
		handler http.HandlerFunc
		check   func(error) bool
	}{
		{
			name: "a channel without a public preview is a source error, not zero items",
			handler: func(w http.ResponseWriter, r *http.Request) {
				// t.me redirects /s/NAME to /NAME when there is no preview.
				if strings.HasPrefix(r.URL.Path, "/s/") {
					http.Redirect(w, r, "/"+strings.TrimPrefix(r.URL.Path, "/s/"), http.StatusFound)
					return
				}
				w.Header().Set("ETag", `"no-preview"`)
				_, _ = w.Write(noPreview)
			},
			check: func(err error) bool { return errors.Is(err, ErrNoPreview) },
		},
		{
			name:    "an error status is passed on as fetch.StatusError",
			handler: func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusBadGateway) },
			check: func(err error) bool {
				var se *fetch.StatusError
				return errors.As(err, &se) && se.Code == http.StatusBadGateway
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			st := watch.State{Cursor: "7"}
			items, err := New(srv.URL, newFetch()).Poll(context.Background(), watch.Source{Name: "X", Kind: watch.KindTelegram, Target: "not_existed_channel"}, &st)
			if !tt.check(err) || items != nil {
				t.Fatalf("items %v, err %v", items, err)
			}
			if !strings.Contains(err.Error(), "not_existed_channel") {
				t.Errorf("error %q does not name the channel", err)
			}
			if st.Cursor != "7" {
				t.Errorf("cursor moved to %q on error", st.Cursor)
			}
			if st.ETag != "" {
				t.Errorf("a page that did not parse left its ETag %q: the next poll would be a 304", st.ETag)
			}
		})
	}
}

func TestPollConditional(t *testing.T) {
	var notModified atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		_, _ = w.Write(page(message("9", `<div class="tgme_widget_message_text">only post</div>`)))
	}))
	defer srv.Close()
	c := New(srv.URL, newFetch())
	src := watch.Source{Name: "C", Kind: watch.KindTelegram, Target: "chan"}
	var st watch.State
	if items, err := c.Poll(context.Background(), src, &st); err != nil || len(items) != 1 || st.ETag != `"v1"` {
		t.Fatalf("first poll: %v %v etag %q", items, err, st.ETag)
	}
	items, err := c.Poll(context.Background(), src, &st)
	if err != nil || len(items) != 0 || notModified.Load() != 1 || st.Cursor != "9" {
		t.Fatalf("second poll: items %v err %v 304s %d cursor %q", items, err, notModified.Load(), st.Cursor)
	}
}
