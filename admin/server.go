// Package admin is the operator's HTTP endpoint (http.listen): /healthz, /metrics and /backup,
// what it exposes and to whom, and the backup file it writes. The server applies the
// access rule to each request; `vedetta check` and the start-up log describe it.
package admin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vedetta/vedetta/metrics"
	"github.com/vedetta/vedetta/store"
)

// Serve serves /healthz, /metrics and /backup on listen (empty: nothing). It binds before
// returning so that a busy port is a start-up error. /backup follows Access with the token
// from VEDETTA_ADMIN_TOKEN.
func Serve(ctx context.Context, listen string, db *store.DB, met *metrics.Metrics, h *Health, log *slog.Logger) (*http.Server, error) {
	if listen == "" {
		return nil, nil
	}
	met.AddLiveness(h.Liveness())
	access := Access{Token: os.Getenv(EnvToken)}
	svc := &httpService{db: db, health: h, metrics: met, log: log, access: access}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, fmt.Errorf("http.listen: %w", err)
	}
	srv := &http.Server{Handler: svc.mux(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("http server", "error", err)
		}
	}()
	if w := ListenExposure(listen, access.Token); w != "" {
		log.Warn("http.listen is reachable from other hosts", "listen", ln.Addr().String(), "exposed", w)
	}
	log.Info("serving health and metrics", "listen", ln.Addr().String(), "backup", access.Describe())
	return srv, nil
}

// newMux routes /healthz, /metrics and /backup, with /backup for loopback peers only.
func newMux(db *store.DB, h *Health, met *metrics.Metrics, log *slog.Logger) *http.ServeMux {
	return (&httpService{db: db, health: h, metrics: met, log: log}).mux()
}

// httpService is what http.listen serves.
type httpService struct {
	db      *store.DB
	health  *Health
	metrics *metrics.Metrics
	log     *slog.Logger
	access  Access
	// healthTimeout and metricsTimeout bound /healthz and /metrics; zero means the
	// constants of the same names.
	healthTimeout, metricsTimeout time.Duration

	mu      sync.Mutex
	probe   *healthProbe // the health check in flight, shared by concurrent /healthz
	backups chan struct{}
	once    sync.Once
}

// healthTimeout is how long /healthz waits for the database before it answers 503: a
// monitor must hear "unhealthy" rather than time out itself when the database is stuck.
const healthTimeout = 3 * time.Second

// metricsTimeout is how long a /metrics scrape may take before it answers 503: the queue,
// outbox and size gauges read the database at scrape time.
const metricsTimeout = 10 * time.Second

// backupSendTimeout bounds one /backup response: a client that reads slower than that
// loses its connection, and the snapshot's disk space comes back.
const backupSendTimeout = time.Hour

type healthProbe struct {
	done chan struct{}
	err  error
}

func (s *httpService) mux() *http.ServeMux {
	s.once.Do(func() { s.backups = make(chan struct{}, 1) })
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := s.checkHealth(); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mt := s.metricsTimeout
	if mt <= 0 {
		mt = metricsTimeout
	}
	mux.Handle("GET /metrics", s.metrics.Handler(mt, s.log))
	mux.HandleFunc("GET /backup", s.serveBackup)
	return mux
}

// checkHealth is health.check bounded by healthTimeout. Concurrent requests share one
// check, so a stuck database costs one goroutine, not one per probe.
func (s *httpService) checkHealth() error {
	timeout := s.healthTimeout
	if timeout <= 0 {
		timeout = healthTimeout
	}
	s.mu.Lock()
	p := s.probe
	if p == nil {
		p = &healthProbe{done: make(chan struct{})}
		s.probe = p
		go func() {
			p.err = s.health.check()
			s.mu.Lock()
			s.probe = nil
			s.mu.Unlock()
			close(p.done)
		}()
	}
	s.mu.Unlock()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-p.done:
		return p.err
	case <-t.C:
		return fmt.Errorf("database: no answer within %s (busy or stuck)", timeout)
	}
}

// serveBackup sends a snapshot of the database to a peer Access allows. The
// snapshot is taken to a temporary file first, so that the read transaction ends before
// the first byte goes out and a slow client never holds up the writers; one backup runs
// at a time.
func (s *httpService) serveBackup(w http.ResponseWriter, r *http.Request) {
	if code, why := s.access.Allow(r); code != http.StatusOK {
		if code == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="vedetta backup"`)
		}
		s.log.Warn("backup refused", "remote", r.RemoteAddr, "reason", why)
		http.Error(w, why, code)
		return
	}
	select {
	case s.backups <- struct{}{}:
		defer func() { <-s.backups }()
	default:
		w.Header().Set("Retry-After", "60")
		http.Error(w, "another backup is running; try again later", http.StatusServiceUnavailable)
		return
	}
	f, n, err := s.db.Snapshot("")
	if err != nil {
		s.log.Error("backup over http", "error", err)
		http.Error(w, "snapshot failed; see the bot's log", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(backupSendTimeout))
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
	if _, err := io.Copy(w, f); err != nil {
		s.log.Warn("backup over http cut short", "remote", r.RemoteAddr, "error", err)
	}
}

// telegramSilence is how long Telegram may stay silent before /healthz fails: getUpdates
// long-polls answer at least every 50 s (https://core.telegram.org/bots/api#getupdates;
// the Bot API server caps timeout at 50), so five minutes is several missed answers in a
// row.
const telegramSilence = 5 * time.Minute

// Health is /healthz: 200 only when the database is open and answers, the poll scheduler
// runs and, with a token, Telegram answered within telegramSilence.
type Health struct {
	DB          interface{ Chats() ([]*store.Chat, error) }
	Scheduler   func() bool      // the poll scheduler runs (*poll.Poller.Running)
	Telegram    bool             // a token is configured (console mode has no Telegram condition)
	LastContact func() time.Time // Telegram's last answer (*bot.Bot.LastContact)
	Now         func() time.Time // nil: time.Now
}

// Liveness is what /metrics exports of h.
func (h *Health) Liveness() metrics.Liveness {
	return metrics.Liveness{Scheduler: h.Scheduler, LastContact: h.LastContact, Healthy: func() bool { return h.check() == nil }}
}

// check returns why the bot is unhealthy, or nil.
func (h *Health) check() error {
	if _, err := h.DB.Chats(); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if h.Scheduler != nil && !h.Scheduler() {
		return errors.New("scheduler: poll scheduler is not running")
	}
	if h.Telegram {
		last := h.LastContact()
		if last.IsZero() {
			return errors.New("telegram: not connected yet")
		}
		now := time.Now
		if h.Now != nil {
			now = h.Now
		}
		if d := now().Sub(last); d > telegramSilence {
			return fmt.Errorf("telegram: no answer for %s (since %s)", d.Round(time.Second), last.UTC().Format(time.RFC3339))
		}
	}
	return nil
}

// backupURL is where `vedetta backup` asks a running bot for its database: http.listen,
// with an unspecified host ("", 0.0.0.0, ::), which binds every interface, reached over
// loopback.
func backupURL(listen string) (string, error) {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "", fmt.Errorf("http.listen %q: %w", listen, err)
	}
	if ip, err := netip.ParseAddr(host); host == "" || err == nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if err == nil && ip.Is6() && !ip.Is4In6() {
			host = "::1"
		}
	}
	return "http://" + net.JoinHostPort(host, port) + "/backup", nil
}

// FetchBackup fetches /backup from a running bot listening on listen into w, with the
// token when there is one, and fails unless it received the whole Content-Length.
func FetchBackup(listen, token string, w io.Writer) (int64, error) {
	u, err := backupURL(listen)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return 0, fmt.Errorf("the running bot refused: %s: %s", resp.Status, strings.TrimSpace(string(msg)))
	}
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, fmt.Errorf("received %d bytes: %w", n, err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return n, fmt.Errorf("received %d bytes of %d", n, resp.ContentLength)
	}
	return n, nil
}

// WriteBackup fills OUT.tmp with fill, syncs it to disk, checks that it is a whole
// database file (store.CheckFile: meta pages and length) and renames it to out, then syncs
// the directory so that the rename survives a crash (fsync(2), rename(2)). On any error
// OUT.tmp is removed and out is left as it was.
func WriteBackup(out string, fill func(io.Writer) (int64, error)) (n int64, err error) {
	tmp := out + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	n, err = fill(f)
	if err == nil && n == 0 {
		err = errors.New("received an empty copy")
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, err
	}
	if err := store.CheckFile(tmp); err != nil {
		return n, fmt.Errorf("the copy is not a whole database: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return n, err
	}
	if d, err := os.Open(filepath.Dir(out)); err == nil {
		d.Sync()
		d.Close()
	}
	return n, nil
}
