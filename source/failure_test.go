package source_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/source"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/feed"
	"github.com/vedetta/vedetta/watch/fetch"
)

// TestClassifySortsTheFeedReadersFailures polls loopback servers that fail in each way a
// feed can, through the real fetcher and feed reader, and checks the kind /sources words.
func TestClassifySortsTheFeedReadersFailures(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // answer nothing until the client gives up or the test ends
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(slow.Close)
	status := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code := http.StatusServiceUnavailable
		if strings.HasSuffix(r.URL.Path, "429") {
			code = http.StatusTooManyRequests
		}
		http.Error(w, "no", code)
	}))
	t.Cleanup(status.Close)
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "big") {
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<rss><channel><title>x</title>`+strings.Repeat("<item><title>x</title></item>", 2000)+`</channel></rss>`)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "just some text, not a feed")
	}))
	t.Cleanup(page.Close)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/feed"
	ln.Close() // nothing listens there now: the connection is refused

	loopback := fetch.New(fetch.Options{Timeout: 300 * time.Millisecond, MaxBodyBytes: 1 << 10, AllowPrivateNetworks: true})
	guarded := fetch.New(fetch.Options{Timeout: 300 * time.Millisecond})
	tests := []struct {
		name   string
		client *fetch.Client
		url    string
		want   watch.Failure
		status int
	}{
		{"a server that never answers times out", loopback, slow.URL, watch.FailTimeout, 0},
		{"a closed port refuses", loopback, closed, watch.FailUnreachable, 0},
		{"503 is an HTTP status", loopback, status.URL + "/feed", watch.FailStatus, http.StatusServiceUnavailable},
		{"429 is a rate limit", loopback, status.URL + "/429", watch.FailRateLimited, 0},
		{"text is not a feed", loopback, page.URL + "/text", watch.FailUnreadable, 0},
		{"a body over the cap is too large", loopback, page.URL + "/big", watch.FailTooLarge, 0},
		{"the address guard blocks loopback", guarded, page.URL + "/text", watch.FailBlocked, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &feed.Reader{Fetch: tt.client}
			_, err := r.Poll(context.Background(), watch.Source{Name: "x", Kind: watch.KindFeed, Target: tt.url}, &watch.State{})
			if err == nil {
				t.Fatal("the poll succeeded")
			}
			if got, code := source.Classify(err); got != tt.want || code != tt.status {
				t.Errorf("Classify(%v) = %q %d, want %q %d", err, got, code, tt.want, tt.status)
			}
		})
	}
}

func TestClassifyKnowsDNSAndTheRest(t *testing.T) {
	dns := fmt.Errorf("get https://nowhere.example/: %w", &net.DNSError{Err: "no such host", Name: "nowhere.example", IsNotFound: true})
	if got, _ := source.Classify(dns); got != watch.FailDNS {
		t.Errorf("a DNS error: %q, want dns", got)
	}
	if got, _ := source.Classify(errors.New("something new")); got != watch.FailUnknown {
		t.Errorf("an unknown error: %q, want other", got)
	}
}
