package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// newLoopbackClient allows loopback addresses, as fetch.allow_private_networks: true does.
func newLoopbackClient(opts Options) *Client {
	opts.AllowPrivateNetworks = true
	if opts.Now == nil {
		opts.Now = func() time.Time { return testNow }
	}
	return New(opts)
}

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestConditionalGet(t *testing.T) {
	var conditional, total atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		total.Add(1)
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Sun, 01 Mar 2026 10:00:00 GMT")
		if r.Header.Get("If-None-Match") == `"v1"` && r.Header.Get("If-Modified-Since") == "Sun, 01 Mar 2026 10:00:00 GMT" {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		io.WriteString(w, "<rss/>")
	})
	c := newLoopbackClient(Options{})
	ctx := t.Context()

	first, err := c.Get(ctx, Request{URL: srv.URL + "/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || string(first.Body) != "<rss/>" || first.ETag != `"v1"` || first.ContentType != "application/rss+xml; charset=utf-8" {
		t.Fatalf("first poll = %+v", first)
	}
	for range 9 {
		res, err := c.Get(ctx, Request{URL: srv.URL + "/feed", ETag: first.ETag, LastModified: first.LastModified})
		if err != nil {
			t.Fatal(err)
		}
		if !res.NotModified || res.Status != http.StatusNotModified || len(res.Body) != 0 {
			t.Fatalf("conditional poll = %+v, want 304 without body", res)
		}
		if res.ETag != `"v1"` || res.LastModified != first.LastModified {
			t.Fatalf("304 lost the validators: %+v", res)
		}
	}
	if conditional.Load() != 9 || total.Load() != 10 {
		t.Fatalf("conditional %d of %d requests, want 9 of 10", conditional.Load(), total.Load())
	}
}

func TestNotModifiedKeepsOldValidatorsWhenServerOmitsThem(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) })
	res, err := newLoopbackClient(Options{}).Get(t.Context(), Request{URL: srv.URL, ETag: `W/"x"`, LastModified: "Sun, 01 Mar 2026 10:00:00 GMT"})
	if err != nil {
		t.Fatal(err)
	}
	if res.ETag != `W/"x"` || res.LastModified != "Sun, 01 Mar 2026 10:00:00 GMT" {
		t.Fatalf("validators = %q %q", res.ETag, res.LastModified)
	}
}

func TestRequestHeaders(t *testing.T) {
	var got http.Header
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { got = r.Header.Clone() })
	c := newLoopbackClient(Options{UserAgent: "Vedetta/0.1 (+https://github.com/vedetta/vedetta)"})
	_, err := c.Get(t.Context(), Request{URL: srv.URL, Header: http.Header{"Authorization": {"Bearer t"}, "Accept": {"application/rss+xml"}}})
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"User-Agent":      "Vedetta/0.1 (+https://github.com/vedetta/vedetta)",
		"Authorization":   "Bearer t",
		"Accept":          "application/rss+xml",
		"Accept-Encoding": "gzip",
		"If-None-Match":   "",
	} {
		if got.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, got.Get(k), want)
		}
	}
}

func TestGzipIsDecoded(t *testing.T) {
	body := strings.Repeat("<item>gzip</item>", 100)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, body)
		zw.Close()
	})
	res, err := newLoopbackClient(Options{}).Get(t.Context(), Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Body) != body {
		t.Fatalf("body = %.40q…, want the decoded text", res.Body)
	}
}

func TestNotBefore(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		want    time.Duration // from testNow; 0 = zero time
	}{
		{"max-age pushes the next poll back", map[string]string{"Cache-Control": "public, max-age=600"}, 10 * time.Minute},
		{"Age is subtracted from max-age", map[string]string{"Cache-Control": "max-age=600", "Age": "100"}, 500 * time.Second},
		{"no-cache means no constraint", map[string]string{"Cache-Control": "no-cache, max-age=600"}, 0},
		{"a year-long max-age is capped", map[string]string{"Cache-Control": "max-age=31536000"}, DefaultMaxDelay},
		{"Retry-After on success counts too", map[string]string{"Retry-After": "120"}, 2 * time.Minute},
		{"no header, no constraint", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.headers {
					w.Header().Set(k, v)
				}
			})
			res, err := newLoopbackClient(Options{}).Get(t.Context(), Request{URL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			var want time.Time
			if tt.want > 0 {
				want = testNow.Add(tt.want)
			}
			if !res.NotBefore.Equal(want) {
				t.Fatalf("NotBefore = %v, want %v", res.NotBefore, want)
			}
		})
	}
}

func TestStatusErrors(t *testing.T) {
	tests := []struct {
		name       string
		code       int
		retryAfter string
		want       time.Duration
	}{
		{"500 is a status error", 500, "", 0},
		{"404 is a status error", 404, "", 0},
		{"429 carries Retry-After seconds", 429, "90", 90 * time.Second},
		{"503 carries a Retry-After date", 503, testNow.Add(time.Hour).Format(http.TimeFormat), time.Hour},
		{"a huge Retry-After is capped", 429, "99999999", DefaultMaxDelay},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				w.WriteHeader(tt.code)
				io.WriteString(w, "error page")
			})
			_, err := newLoopbackClient(Options{}).Get(t.Context(), Request{URL: srv.URL})
			var se *StatusError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *StatusError", err)
			}
			if se.Code != tt.code || se.RetryAfter != tt.want {
				t.Fatalf("StatusError = %+v, want code %d retry %v", se, tt.code, tt.want)
			}
			if !strings.Contains(err.Error(), fmt.Sprint(tt.code)) || !strings.Contains(err.Error(), srv.URL) {
				t.Fatalf("error %q does not name the status and URL", err)
			}
		})
	}
}

// TestFaults: each broken server gives a clear error.
func TestFaults(t *testing.T) {
	const limit = 64 << 10
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })

	// 4 MiB of zeros decode from about 4 KiB on the wire.
	var zbuf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&zbuf, gzip.BestCompression)
	zw.Write(make([]byte, 4<<20))
	zw.Close()
	bomb := zbuf.Bytes()

	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    error
		path    string
	}{
		{"announced body over the cap is refused unread", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(limit+1))
			w.Write(make([]byte, limit+1))
		}, ErrTooLarge, ""},
		{"endless chunked body stops at the cap", func(w http.ResponseWriter, r *http.Request) {
			chunk := bytes.Repeat([]byte("x"), 4096)
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}, ErrTooLarge, ""},
		{"gzip bomb stops at the cap of decoded bytes", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		}, ErrTooLarge, ""},
		{"truncated body is reported", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "1000")
			io.WriteString(w, "<rss><channel>")
			hj, _ := w.(http.Hijacker)
			conn, buf, _ := hj.Hijack()
			buf.Flush()
			conn.Close()
		}, ErrTruncated, ""},
		{"hanging server times out", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}, ErrTimeout, ""},
		{"server hanging mid-body times out", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "<rss>")
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}, ErrTimeout, ""},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/loop", http.StatusFound)
		}, ErrTooManyRedirects, ""},
		{"redirect to a non-http scheme", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		}, ErrBadURL, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, tt.handler)
			c := newLoopbackClient(Options{MaxBodyBytes: limit, Timeout: 300 * time.Millisecond})
			res, err := c.Get(t.Context(), Request{URL: srv.URL + tt.path})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Get = %v, %v; want %v", res, err, tt.want)
			}
			if !strings.Contains(err.Error(), srv.URL) {
				t.Fatalf("error %q does not name the URL", err)
			}
		})
	}
}

func TestRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/r/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		if n == 0 {
			io.WriteString(w, "arrived")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusMovedPermanently)
	})
	srv := serve(t, mux.ServeHTTP)
	c := newLoopbackClient(Options{})

	res, err := c.Get(t.Context(), Request{URL: srv.URL + "/r/5"})
	if err != nil {
		t.Fatalf("5 redirects: %v", err)
	}
	if string(res.Body) != "arrived" || res.URL != srv.URL+"/r/0" {
		t.Fatalf("5 redirects: body %q, final URL %q", res.Body, res.URL)
	}
	if _, err := c.Get(t.Context(), Request{URL: srv.URL + "/r/6"}); !errors.Is(err, ErrTooManyRedirects) {
		t.Fatalf("6 redirects: %v, want ErrTooManyRedirects", err)
	}
}

func TestSameOriginStopsAtARedirectToAnotherOrigin(t *testing.T) {
	var otherHits atomic.Int32
	other := serve(t, func(w http.ResponseWriter, r *http.Request) { otherHits.Add(1); io.WriteString(w, "other") })
	mux := http.NewServeMux()
	mux.HandleFunc("/here", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/there", http.StatusFound) })
	mux.HandleFunc("/there", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "there") })
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/page?token=SECRET", http.StatusFound)
	})
	srv := serve(t, mux.ServeHTTP)
	c := newLoopbackClient(Options{})

	if res, err := c.Get(t.Context(), Request{URL: srv.URL + "/here", SameOrigin: true}); err != nil || string(res.Body) != "there" {
		t.Fatalf("a redirect within the origin: %v", err)
	}
	_, err := c.Get(t.Context(), Request{URL: srv.URL + "/away", SameOrigin: true})
	var oo *OtherOriginError
	if !errors.As(err, &oo) || oo.URL != other.URL+"/page?token=SECRET" {
		t.Fatalf("err = %v, want an *OtherOriginError with the target", err)
	}
	if strings.Contains(err.Error(), "SECRET") || otherHits.Load() != 0 {
		t.Fatalf("the error shows the secret or the other origin was asked: %v, %d", err, otherHits.Load())
	}
	if res, err := c.Get(t.Context(), Request{URL: srv.URL + "/away"}); err != nil || string(res.Body) != "other" {
		t.Fatalf("without SameOrigin the redirect is followed: %v", err)
	}
}

func TestPrivateAddressesAreRefusedAtDialTime(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "secret") })
	c := New(Options{})
	_, err := c.Get(t.Context(), Request{URL: srv.URL})
	if !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("loopback fetch = %v, want ErrPrivateAddress", err)
	}
	// A name, not a literal: the check happens after DNS resolution.
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	_, err = c.Get(t.Context(), Request{URL: "http://localhost:" + port + "/"})
	if !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("localhost fetch = %v, want ErrPrivateAddress", err)
	}
	if err := c.Check(t.Context(), "http://localhost:"+port+"/"); !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("Check(localhost) = %v, want ErrPrivateAddress", err)
	}
	if err := c.Check(t.Context(), "http://169.254.169.254/latest/meta-data/"); !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("Check(metadata) = %v, want ErrPrivateAddress", err)
	}
}

// TestRedirectToPrivateAddressIsRefused lets 127.0.0.1 stand in for a public address and
// keeps 127.0.0.2 private: the redirect target is checked when it is dialled.
func TestRedirectToPrivateAddressIsRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	inner := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("the private server was reached")
	}))
	inner.Listener.Close()
	inner.Listener = l
	inner.Start()
	t.Cleanup(inner.Close)
	outer := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, inner.URL+"/admin", http.StatusFound)
	})

	c := New(Options{})
	c.allowed = func(a netip.Addr) bool { return a == netip.MustParseAddr("127.0.0.1") }
	_, err = c.Get(t.Context(), Request{URL: outer.URL})
	if !errors.Is(err, ErrPrivateAddress) || !strings.Contains(err.Error(), "127.0.0.2") {
		t.Fatalf("redirect to 127.0.0.2 = %v, want ErrPrivateAddress naming it", err)
	}
}

func TestIsPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"93.184.215.14":    true,
		"2606:4700::1111":  true,
		"127.0.0.1":        false,
		"10.1.2.3":         false,
		"172.16.0.1":       false,
		"192.168.1.1":      false,
		"169.254.169.254":  false, // AWS, GCP, Azure metadata
		"100.100.100.200":  false, // Alibaba metadata
		"fd00:ec2::254":    false, // AWS IPv6 metadata
		"::1":              false,
		"fe80::1":          false,
		"0.0.0.0":          false,
		"::ffff:127.0.0.1": false,
		"224.0.0.1":        false,
		"255.255.255.255":  false,
	} {
		if got := IsPublic(netip.MustParseAddr(addr)); got != want {
			t.Errorf("IsPublic(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestCheckURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://example.com/rss":     true,
		"http://example.com:8080/rss": true,
		" https://example.com/rss ":   true,
		"ftp://example.com/rss":       false,
		"file:///etc/passwd":          false,
		"javascript:alert(1)":         false,
		"example.com/rss":             false,
		"https:///rss":                false,
		"http://example.com:99999/":   false,
		"":                            false,
	} {
		err := CheckURL(raw)
		if (err == nil) != ok {
			t.Errorf("CheckURL(%q) = %v, want ok=%v", raw, err, ok)
		}
		if err != nil && !errors.Is(err, ErrBadURL) {
			t.Errorf("CheckURL(%q) = %v, not ErrBadURL", raw, err)
		}
	}
}

func TestPerHostAndGlobalLimits(t *testing.T) {
	c := New(Options{Concurrency: 3, PerHost: 2})
	ctx := t.Context()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()

	a1, err := c.acquire(ctx, "a:80")
	if err != nil {
		t.Fatal(err)
	}
	a2, err := c.acquire(ctx, "a:80")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.acquire(cancelled, "a:80"); err == nil {
		t.Fatal("a third request to one host got a slot")
	}
	b1, err := c.acquire(ctx, "b:80")
	if err != nil {
		t.Fatal("another host was blocked by the first one's limit")
	}
	if _, err := c.acquire(cancelled, "c:80"); err == nil {
		t.Fatal("a fourth request got a slot with Concurrency 3")
	}
	a1()
	a3, err := c.acquire(ctx, "a:80")
	if err != nil {
		t.Fatal(err)
	}
	a2()
	a3()
	b1()
	c.hosts.mu.Lock()
	defer c.hosts.mu.Unlock()
	if len(c.hosts.m) != 0 {
		t.Fatalf("%d host entries left after all released", len(c.hosts.m))
	}
}

// TestHealthySourceIsNotDelayedByHangingOnes: requests hanging on one host hold only that
// host's slots; another host's request completes while they still hang.
func TestHealthySourceIsNotDelayedByHangingOnes(t *testing.T) {
	release := make(chan struct{})
	hang := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	healthy := serve(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	c := newLoopbackClient(Options{Timeout: time.Minute})

	done := make(chan error, 4)
	for range 4 {
		go func() {
			_, err := c.Get(t.Context(), Request{URL: hang.URL})
			done <- err
		}()
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	res, err := c.Get(ctx, Request{URL: healthy.URL})
	close(release)
	if err != nil || string(res.Body) != "ok" {
		t.Fatalf("healthy source beside hanging ones: %v", err)
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Errorf("released hanging request: %v", err)
		}
	}
}

func TestTruncatedBodyComesWithWhatWasRead(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		io.WriteString(w, "<rss><channel><item>one</item>")
		w.(http.Flusher).Flush()
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	})
	c := newLoopbackClient(Options{})
	res, err := c.Get(t.Context(), Request{URL: srv.URL})
	if !errors.Is(err, ErrTruncated) || res == nil || string(res.Body) != "<rss><channel><item>one</item>" {
		t.Fatalf("Get = %+v, %v; want the 30 bytes read and ErrTruncated", res, err)
	}
}
