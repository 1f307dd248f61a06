package admin

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/metrics"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
)

// grow records n items of ~2 KB each, in polls of 200.
func grow(db *store.DB, prefix string, n int) error {
	text := strings.Repeat("Defence ministers of the Alliance met in Brussels. ", 40)
	for i := 0; i < n; i += 200 {
		var items []watch.Item
		for j := i; j < min(i+200, n); j++ {
			items = append(items, watch.Item{ID: fmt.Sprintf("%s-%d", prefix, j), Source: "Test wire", Title: "NATO", Text: text})
		}
		if _, err := db.RecordPoll("Test wire", watch.State{}, items, nil); err != nil {
			return err
		}
	}
	return nil
}

func TestBackupIsServedOnlyToThoseAllowed(t *testing.T) {
	db := storetest.Open(t, nil)
	if err := grow(db, "a", 10); err != nil {
		t.Fatal(err)
	}
	const token = "s3cret-admin-token"
	for _, tc := range []struct {
		name   string
		token  string // VEDETTA_ADMIN_TOKEN
		remote string
		header map[string]string
		want   int
	}{
		{"without a token a loopback peer gets the backup", "", "127.0.0.1:40000", nil, 200},
		{"without a token an IPv6 loopback peer gets the backup", "", "[::1]:40000", nil, 200},
		{"without a token another host is refused", "", "203.0.113.7:40000", nil, 403},
		{"without a token a private-network host is refused", "", "172.17.0.1:40000", nil, 403},
		{"without a token a request through a local reverse proxy is refused", "", "127.0.0.1:40000", map[string]string{"X-Forwarded-For": "198.51.100.9"}, 403},
		{"without a token a Forwarded request is refused", "", "127.0.0.1:40000", map[string]string{"Forwarded": "for=198.51.100.9"}, 403},
		{"with a token a request without it is refused, even from loopback", token, "127.0.0.1:40000", nil, 401},
		{"with a token a wrong token is refused", token, "203.0.113.7:40000", map[string]string{"Authorization": "Bearer s3cret-admin-tokeN"}, 401},
		{"with a token a prefix of it is refused", token, "203.0.113.7:40000", map[string]string{"Authorization": "Bearer s3cret"}, 401},
		{"with a token Basic auth is refused", token, "203.0.113.7:40000", map[string]string{"Authorization": "Basic " + token}, 401},
		{"with a token another host presenting it gets the backup", token, "203.0.113.7:40000", map[string]string{"Authorization": "Bearer " + token}, 200},
		{"with a token the scheme is case-insensitive", token, "203.0.113.7:40000", map[string]string{"Authorization": "bearer " + token}, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := &httpService{db: db, health: &Health{DB: db, Now: time.Now}, metrics: metrics.New(db, "test"), log: quiet(), access: Access{Token: tc.token}}
			req := httptest.NewRequest(http.MethodGet, "/backup", nil)
			req.RemoteAddr = tc.remote
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			svc.mux().ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Fatalf("GET /backup = %d %q, want %d", rec.Code, rec.Body.String(), tc.want)
			}
			if tc.want != 200 {
				if rec.Body.Len() > 1024 {
					t.Fatalf("a refused request got %d bytes", rec.Body.Len())
				}
				return
			}
			out := filepath.Join(t.TempDir(), "b.db")
			os.WriteFile(out, rec.Body.Bytes(), 0o600)
			if err := store.CheckFile(out); err != nil || rec.Body.Len() < 8192 {
				t.Fatalf("backup of %d bytes is not a database: %v", rec.Body.Len(), err)
			}
			if rec.Header().Get("Content-Length") != fmt.Sprint(rec.Body.Len()) {
				t.Fatalf("Content-Length %q for %d bytes", rec.Header().Get("Content-Length"), rec.Body.Len())
			}
		})
	}
	// /healthz and /metrics stay open to everyone.
	svc := &httpService{db: db, health: &Health{DB: db, Now: time.Now}, metrics: metrics.New(db, "test"), log: quiet()}
	for _, path := range []string{"/healthz", "/metrics"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = "203.0.113.7:40000"
		rec := httptest.NewRecorder()
		svc.mux().ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Errorf("GET %s from another host = %d, want 200", path, rec.Code)
		}
	}
}

// smallBuffers makes accepted connections' send buffers small, so that a slow reader
// blocks the server after a few KB, as it would after a few MB on a real network.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(4096)
	}
	return c, err
}

// TestSlowBackupReaderNeverHoldsUpWriters: a /backup client reading one byte a second
// must not make a write that grows the file wait (bbolt re-maps a growing file only when
// no read transaction is open), nor make /healthz hang.
func TestSlowBackupReaderNeverHoldsUpWriters(t *testing.T) {
	db := storetest.Open(t, nil)
	if err := grow(db, "old", 400); err != nil { // ~1 MB
		t.Fatal(err)
	}
	size := db.Size()
	svc := &httpService{db: db, health: &Health{DB: db, Now: time.Now}, metrics: metrics.New(db, "test"), log: quiet()}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: svc.mux()}
	go srv.Serve(smallBuffers{ln})
	t.Cleanup(func() { srv.Close() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.(*net.TCPConn).SetReadBuffer(4096)
	fmt.Fprintf(conn, "GET /backup HTTP/1.1\r\nHost: vedetta\r\n\r\n")
	br := bufio.NewReaderSize(conn, 16)
	status, err := br.ReadString('\n')
	if err != nil || !strings.Contains(status, "200") {
		t.Fatalf("backup status %q, %v", status, err)
	}
	// From now on the client reads one byte a second.
	stop := make(chan struct{})
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := br.ReadByte(); err != nil {
					return
				}
			}
		}
	}()
	defer func() { close(stop); conn.Close(); <-readerDone }()

	// Writes that more than double the file: bbolt must re-map it at least once.
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- grow(db, "new", 3*int(size)/2500+200) }()
	const bound = 20 * time.Second
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("writes growing the file from %d to %d bytes took %v while a /backup client read 1 byte/s", size, db.Size(), time.Since(start).Round(time.Millisecond))
	case <-time.After(bound):
		conn.Close() // let the writes go, so that the test ends
		<-done
		t.Fatalf("writes that grow the file still waited after %v on a /backup client reading 1 byte/s (they finished only %v after it hung up)", bound, time.Since(start).Round(time.Millisecond)-bound)
	}
	if db.Size() < 2*size {
		t.Fatalf("the file grew from %d to %d only; the test must force a re-map", size, db.Size())
	}
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/healthz during a slow backup = %d", resp.StatusCode)
	}
}

// stuckDB is a database whose reads never return until released.
type stuckDB struct{ release chan struct{} }

func (s stuckDB) Chats() ([]*store.Chat, error) { <-s.release; return nil, nil }

func TestHealthzAnswers503WhenTheDatabaseDoesNotAnswer(t *testing.T) {
	db := stuckDB{release: make(chan struct{})}
	defer close(db.release)
	svc := &httpService{health: &Health{DB: db, Now: time.Now}, metrics: metrics.NewFor(stuckState{release: db.release}, func(int64, int) (string, bool) { return "", false }, "test"), log: quiet(), healthTimeout: 100 * time.Millisecond}
	srv := httptest.NewServer(svc.mux())
	defer srv.Close()
	for range 3 { // concurrent and repeated probes share the one stuck check
		client := &http.Client{Timeout: 10 * time.Second}
		resp, err := client.Get(srv.URL + "/healthz")
		if err != nil {
			t.Fatalf("/healthz hung: %v", err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "database: no answer within 100ms") {
			t.Fatalf("/healthz = %d %q, want 503 naming the database", resp.StatusCode, body)
		}
	}
}

// stuckState is a metrics state source whose database reads never return until released.
type stuckState struct{ release chan struct{} }

func (s stuckState) PendingCount() (int, time.Time, error) { <-s.release; return 0, time.Time{}, nil }
func (s stuckState) Outbox() ([]store.Message, error)      { <-s.release; return nil, nil }
func (s stuckState) Size() int64                           { <-s.release; return 0 }

func TestMetricsAnswers503WhenTheDatabaseDoesNotAnswer(t *testing.T) {
	st := stuckState{release: make(chan struct{})}
	m := metrics.NewFor(st, func(int64, int) (string, bool) { return "", false }, "test")
	svc := &httpService{health: &Health{DB: stuckDB{release: st.release}, Now: time.Now}, metrics: m, log: quiet(), metricsTimeout: 100 * time.Millisecond}
	srv := httptest.NewServer(svc.mux())
	defer srv.Close()
	defer close(st.release) // before srv.Close, which waits for the handlers
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatalf("/metrics hung: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("/metrics = %d, want 503", resp.StatusCode)
	}
}

func TestBackupKeepsOnlyAWholeCopy(t *testing.T) {
	db := storetest.Open(t, nil)
	if err := grow(db, "a", 50); err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	if _, err := db.Backup(&whole); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		serve func(w http.ResponseWriter)
		ok    bool
	}{
		{"a whole copy is kept", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", fmt.Sprint(whole.Len()))
			w.Write(whole.Bytes())
		}, true},
		{"a copy cut short of its Content-Length is refused", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", fmt.Sprint(whole.Len()))
			w.Write(whole.Bytes()[:whole.Len()/2])
			panic(http.ErrAbortHandler) // the connection drops mid-body
		}, false},
		{"a truncated copy without Content-Length (an older bot) is refused", func(w http.ResponseWriter) {
			w.Write(whole.Bytes()[:whole.Len()/2])
			w.(http.Flusher).Flush()
		}, false},
		{"an empty answer is refused", func(w http.ResponseWriter) {}, false},
		{"an error status is refused", func(w http.ResponseWriter) { http.Error(w, "nope", http.StatusForbidden) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tc.serve(w) }))
			defer srv.Close()
			out := filepath.Join(t.TempDir(), "backup.db")
			os.WriteFile(out, []byte("the previous backup"), 0o600)
			n, err := WriteBackup(out, func(w io.Writer) (int64, error) {
				return FetchBackup(strings.TrimPrefix(srv.URL, "http://"), "", w)
			})
			got, _ := os.ReadFile(out)
			if _, serr := os.Stat(out + ".tmp"); !os.IsNotExist(serr) {
				t.Errorf("%s.tmp left behind", out)
			}
			if tc.ok {
				if err != nil || !bytes.Equal(got, whole.Bytes()) || n != int64(whole.Len()) {
					t.Fatalf("WriteBackup = %d, %v; file %d bytes, want %d", n, err, len(got), whole.Len())
				}
				return
			}
			if err == nil {
				t.Fatalf("WriteBackup accepted it (%d bytes)", n)
			}
			if string(got) != "the previous backup" {
				t.Fatalf("the previous backup was replaced after: %v", err)
			}
		})
	}
}

func TestBackupURLReachesAnUnspecifiedListenOverLoopback(t *testing.T) {
	for listen, want := range map[string]string{
		"127.0.0.1:9090": "http://127.0.0.1:9090/backup",
		"0.0.0.0:9090":   "http://127.0.0.1:9090/backup",
		":9090":          "http://127.0.0.1:9090/backup",
		"[::]:9090":      "http://[::1]:9090/backup",
		"[::1]:9090":     "http://[::1]:9090/backup",
		"vedetta:9090":   "http://vedetta:9090/backup",
	} {
		if got, err := backupURL(listen); err != nil || got != want {
			t.Errorf("backupURL(%q) = %q, %v; want %q", listen, got, err, want)
		}
	}
}
