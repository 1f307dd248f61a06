package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/metrics"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch/poll"
)

// serveHTTP serves /healthz, /metrics and /backup on listen (empty: nothing). It binds
// before returning so that a busy port is a start-up error.
func serveHTTP(ctx context.Context, listen string, db *store.DB, met *metrics.Metrics, h *health, log *slog.Logger) (*http.Server, error) {
	if listen == "" {
		return nil, nil
	}
	met.AddLiveness(liveness(h))
	mux := newMux(db, h, met.Registry(), log)
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, fmt.Errorf("http.listen: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("http server", "error", err)
		}
	}()
	log.Info("serving health and metrics", "listen", ln.Addr().String())
	return srv, nil
}

// newMux routes /healthz, /metrics and /backup.
func newMux(db *store.DB, h *health, reg *prometheus.Registry, log *slog.Logger) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := h.check(); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorLog: slogErrorLog{log}}))
	// /backup streams a consistent copy of the database (bbolt Tx.WriteTo) for `vedetta
	// backup` while the bot holds the file lock. Bind http.listen to loopback.
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		if _, err := db.Backup(w); err != nil {
			log.Error("backup over http", "error", err)
		}
	})
	return mux
}

// slogErrorLog is promhttp's error log, through slog.
type slogErrorLog struct{ log *slog.Logger }

func (l slogErrorLog) Println(v ...any) {
	l.log.Error("metrics scrape", "error", strings.TrimSpace(fmt.Sprintln(v...)))
}

// telegramSilence is how long Telegram may stay silent before /healthz fails: getUpdates
// long-polls answer at least every 50 s (PLATFORM.md §1.5), so five minutes is several
// missed answers in a row.
const telegramSilence = 5 * time.Minute

// health is /healthz: 200 only when the database is open and answers, the poll scheduler
// runs and, with a token, Telegram answered within telegramSilence.
type health struct {
	db          interface{ Chats() ([]*store.Chat, error) }
	scheduler   func() bool
	telegram    bool // a token is configured (console mode has no Telegram condition)
	lastContact func() time.Time
	now         func() time.Time
}

// runHealth is the running bot's health: its database, its poller's schedule and, with a
// token, its Telegram connection.
func runHealth(db *store.DB, pl *poll.Poller, b *bot.Bot, telegram bool) *health {
	return &health{db: db, scheduler: pl.Running, telegram: telegram, lastContact: b.LastContact, now: time.Now}
}

// check returns why the bot is unhealthy, or nil.
func (h *health) check() error {
	if _, err := h.db.Chats(); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if h.scheduler != nil && !h.scheduler() {
		return errors.New("scheduler: poll scheduler is not running")
	}
	if h.telegram {
		last := h.lastContact()
		if last.IsZero() {
			return errors.New("telegram: not connected yet")
		}
		if d := h.now().Sub(last); d > telegramSilence {
			return fmt.Errorf("telegram: no answer for %s (since %s)", d.Round(time.Second), last.UTC().Format(time.RFC3339))
		}
	}
	return nil
}

// backupOverHTTP fetches /backup from a running bot.
func backupOverHTTP(listen string, w io.Writer) (int64, error) {
	resp, err := http.Get("http://" + listen + "/backup")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("backup: %s", resp.Status)
	}
	return io.Copy(w, resp.Body)
}
