package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/store"
)

// serveHTTP serves /healthz, /metrics and /backup on listen (empty: nothing). It binds
// before returning so that a busy port is a start-up error.
func serveHTTP(ctx context.Context, listen string, db *store.DB, b *bot.Bot, log *slog.Logger) (*http.Server, error) {
	if listen == "" {
		return nil, nil
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := healthy(db, b); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("GET /metrics", promhttp.Handler())
	// /backup streams a consistent copy of the database (bbolt Tx.WriteTo) for `vedetta
	// backup` while the bot holds the file lock. Bind http.listen to loopback.
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		if _, err := db.Backup(w); err != nil {
			log.Error("backup over http", "error", err)
		}
	})
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

// healthy is /healthz: the database answers, and Telegram answered in the last few minutes
// (console mode has no Telegram).
func healthy(db *store.DB, b *bot.Bot) error {
	if _, err := db.Chats(); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if last := b.LastContact(); !last.IsZero() && time.Since(last) > 5*time.Minute {
		return fmt.Errorf("telegram: no answer since %s", last.Format(time.RFC3339))
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
