package main

import (
	"context"
	"embed"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/vedetta/vedetta/config"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/route"
	"github.com/vedetta/vedetta/source"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/feed"
	"github.com/vedetta/vedetta/watch/fetch"
	"github.com/vedetta/vedetta/watch/match"
	"github.com/vedetta/vedetta/watch/poll"
)

//go:embed demo/*.xml
var demoFeeds embed.FS

// cmdDemo runs the whole pipeline offline — fetch over loopback, parse, dedup, match, queue,
// render — on the samples embedded in the binary, and prints the digest a chat watching
// Zelensky and NATO receives.
func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	srv := httptest.NewServer(http.FileServerFS(demoFeeds))
	defer srv.Close()
	names := map[string]string{"notizie_it.xml": "Notizie IT", "world_en.xml": "World News EN", "novyny_uk.xml": "Новини UA"}
	var sources []watch.Source
	entries, _ := demoFeeds.ReadDir("demo")
	for _, e := range entries {
		sources = append(sources, watch.Source{Name: names[e.Name()], Kind: watch.KindFeed, Target: srv.URL + "/" + path.Join("demo", e.Name()), Schedule: "@every 1h"})
	}
	fc := fetch.New(fetch.Options{AllowPrivateNetworks: true, UserAgent: "Vedetta/" + version + " (demo)"})
	fmt.Fprintln(stdout, "Vedetta demo: 3 sample feeds (Italian, English, Ukrainian), one chat watching Zelensky and NATO.")
	fmt.Fprintln(stdout)
	return pipelineOnce(ctx, pipeline{
		sources:  sources,
		readers:  map[watch.Kind]poll.Reader{watch.KindFeed: &feed.Reader{Fetch: fc, Now: time.Now}},
		watches:  []string{"Zelensky", "NATO"},
		cat:      match.Builtin(),
		timezone: "Europe/Rome",
		out:      stdout,
		log:      slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
}

// cmdOnce polls every configured source once and prints what matches the configured watches,
// without Telegram and without touching the bot's database.
func cmdOnce(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, cat, _, err := loadConfig("once", args, stderr)
	if err != nil {
		return err
	}
	var watches []string
	for _, w := range cfg.Watches {
		watches = append(watches, w.Name)
	}
	if len(watches) == 0 {
		return fmt.Errorf("no watches in the config: add some under watches: (see config.yaml)")
	}
	return pipelineOnce(ctx, pipeline{
		sources:  cfg.WatchSources(),
		readers:  onceReaders(cfg),
		articles: newArticles(cfg, newLogger(cfg, stderr).With("component", "article")),
		watches:  watches,
		cat:      cat,
		timezone: cfg.Digest.Timezone,
		out:      stdout,
		log:      newLogger(cfg, stderr),
	})
}

type pipeline struct {
	sources  []watch.Source
	readers  map[watch.Kind]poll.Reader
	articles poll.Articles // nil: feed text only (the offline demo)
	watches  []string
	cat      *match.Catalogue
	timezone string
	out      io.Writer
	log      *slog.Logger
}

// pipelineOnce polls the sources once into a scratch database, as if every current item were
// new, and prints the console chat's digest.
func pipelineOnce(ctx context.Context, p pipeline) error {
	dir, err := os.MkdirTemp("", "vedetta-once-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(filepath.Join(dir, "once.db"), store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.UpdateChat(bot.ConsoleChatID, true, func(c *store.Chat) error {
		c.Type, c.Schedule, c.Timezone = "console", "off", p.timezone
		for i, q := range p.watches {
			c.Watches = append(c.Watches, store.Watch{ID: i + 1, Query: q})
		}
		c.NextID = len(p.watches) + 1
		return nil
	})
	if err != nil {
		return err
	}
	router, err := route.New(route.Options{DB: db, Catalogue: p.cat, Log: p.log})
	if err != nil {
		return err
	}
	pl := poll.New(poll.Options{Readers: p.readers, Sink: router, Articles: p.articles, FullText: source.Mode, Classify: source.Classify, Log: p.log})
	for _, s := range p.sources {
		// Every current item counts as new: no priming.
		if err := db.SaveSourceState(s.Name, watch.State{Primed: true}); err != nil {
			return err
		}
		if err := pl.Add(s); err != nil {
			fmt.Fprintf(p.out, "skipping %s: %v\n", s.Name, err)
		}
	}
	pl.PollAll(ctx, true)
	b, err := bot.New(bot.Options{DB: db, Catalogue: p.cat, Router: router, Timezone: p.timezone, MaxItems: 100, Log: p.log,
		In: strings.NewReader("/digest\n"), Out: p.out})
	if err != nil {
		return err
	}
	for _, s := range pl.Sources() {
		if st, err := db.SourceState(s.Name); err == nil && st.LastError != "" {
			fmt.Fprintf(p.out, "⚠️ %s: %s\n", s.Name, st.LastError)
		}
	}
	return b.Run(ctx)
}

func onceReaders(cfg *config.Config) map[watch.Kind]poll.Reader {
	r, _ := source.Readers(sourceDeps(cfg, newFetcher(cfg)))
	return r
}
