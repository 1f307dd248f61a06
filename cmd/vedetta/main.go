// Command vedetta is the Vedetta news-monitoring bot: it wires the configuration into the
// pollers (watch/...), the store and the Telegram bot, and offers the subcommands of
// README.md: run, check, once, demo, backup, sources, version.
package main

import (
	"github.com/vedetta/vedetta/admin"
	"github.com/vedetta/vedetta/config"
	"github.com/vedetta/vedetta/lang"

	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // IANA zones on minimal images

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/metrics"
	"github.com/vedetta/vedetta/route"
	"github.com/vedetta/vedetta/source"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/article"
	"github.com/vedetta/vedetta/watch/fetch"
	"github.com/vedetta/vedetta/watch/match"
	"github.com/vedetta/vedetta/watch/poll"
	"github.com/vedetta/vedetta/watch/xapi"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

const usage = `vedetta — watches the news for you, on Telegram.

usage:
  vedetta run [-config FILE]        run the bot (console mode without a Telegram token)
  vedetta check [-config FILE]      validate the configuration
  vedetta once [-config FILE]       poll every source once and print what matches
  vedetta demo                      run the whole pipeline offline on built-in samples
  vedetta backup [-config FILE] OUT write a consistent copy of the database
  vedetta sources import [-config FILE] FILE.opml | export [-config FILE]
  vedetta version

The config file defaults to $VEDETTA_CONFIG, else ./config.yaml.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := runMain(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func runMain(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "run"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "run":
		err = cmdRun(ctx, args, stdin, stdout, stderr)
	case "check":
		return checkConfig(args, stdout, stderr, checkWatchQuery)
	case "once":
		err = cmdOnce(ctx, args, stdout, stderr)
	case "demo":
		err = cmdDemo(ctx, args, stdout, stderr)
	case "backup":
		err = cmdBackup(args, stdout, stderr)
	case "sources":
		err = cmdSources(ctx, args, stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "vedetta", version)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "vedetta: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "vedetta %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

// loadConfig parses the -config flag in args and loads the file, with watch queries checked
// against the catalogue. It returns the remaining arguments.
func loadConfig(name string, args []string, stderr io.Writer) (*config.Config, *match.Catalogue, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", config.DefaultPath(), "config file")
	if err := fs.Parse(args); err != nil {
		return nil, nil, nil, err
	}
	cfg, problems, err := config.Load(*path, checkWatchQuery)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, p)
		}
		return nil, nil, nil, fmt.Errorf("%s has %d problems; `vedetta check -config %s` lists them", *path, len(problems), *path)
	}
	return cfg, catalogue(cfg), fs.Args(), nil
}

// checkWatchQuery checks a configured watch query against the built-in catalogue.
func checkWatchQuery(q string) error { return match.Check(q, match.Builtin()) }

// catalogue is the built-in catalogue with the configured watches added or overriding.
func catalogue(cfg *config.Config) *match.Catalogue {
	var entries []match.Entry
	for _, w := range cfg.Watches {
		entries = append(entries, match.Entry{Name: w.Name, Kind: "topic", Description: "from config.yaml", Query: w.Query})
	}
	return match.Builtin().With(entries)
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.Log.Level)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// sourceDeps is what the source kinds' readers and checks need, from the config.
func sourceDeps(cfg *config.Config, fc *fetch.Client) source.Deps {
	return source.Deps{
		Fetch:           fc,
		TelegramWebBase: cfg.TelegramWeb.BaseURL,
		X:               xapi.Options{Base: cfg.X.APIBase, BearerToken: cfg.X.BearerToken, MonthlyPostBudget: cfg.X.MonthlyPostBudget},
		MaxItemsPerPoll: cfg.Fetch.MaxItemsPerPoll,
	}
}

// userAgent is what Vedetta says it is to the sites it reads; robots.txt rules for
// "Vedetta" apply to its article fetches (watch/article.DefaultAgent).
func userAgent() string { return "Vedetta/" + version + " (+https://github.com/vedetta/vedetta)" }

func newFetcher(cfg *config.Config) *fetch.Client {
	return fetch.New(fetch.Options{
		Timeout:              cfg.Fetch.Timeout,
		MaxBodyBytes:         cfg.Fetch.MaxBodyBytes,
		UserAgent:            userAgent(),
		Concurrency:          cfg.Fetch.Concurrency,
		PerHost:              2,
		AllowPrivateNetworks: cfg.Fetch.AllowPrivateNetworks,
	})
}

// newArticles reads new items' article pages for the sources' full_text policy
// (docs/FULLTEXT.md): through a fetcher with the feeds' timeout, user agent and address
// guard, and the article package's own limits (2 MiB pages, 2 at a time per host, 50 per
// poll, robots.txt).
func newArticles(cfg *config.Config, log *slog.Logger) *article.Enricher {
	return article.New(article.Options{
		Fetch: fetch.Options{
			Timeout:              cfg.Fetch.Timeout,
			UserAgent:            userAgent(),
			AllowPrivateNetworks: cfg.Fetch.AllowPrivateNetworks,
		},
		Log: log,
	})
}

// newSourceFunc builds a source added at run time (/addsource, OPML imports) with every
// check of the source kinds' table.
func newSourceFunc(cfg *config.Config, d source.Deps) func(ctx context.Context, spec, name string) (watch.Source, error) {
	return func(ctx context.Context, spec, name string) (watch.Source, error) {
		return source.New(ctx, d, spec, name, cfg.Fetch.DefaultSchedule)
	}
}

func cmdRun(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	releaseCode(ctx) // first: package initialisation mapped 12 MB of the executable (docs/PERFORMANCE.md, "Memory, fifth pass")
	cfg, cat, _, err := loadConfig("run", args, stderr)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	db, err := store.Open(cfg.Store.Path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	log.Info("vedetta starting", "version", version, "database", cfg.Store.Path, "sources", len(cfg.Sources))
	if w := match.ReviewWarning(time.Now()); w != "" {
		log.Warn("the built-in catalogue needs a review", "what", w)
	}

	deps := sourceDeps(cfg, newFetcher(cfg))
	deps.Log = log.With("component", "reader")
	readers, off := source.Readers(deps)
	configured := map[string]bool{}
	for _, s := range cfg.WatchSources() {
		configured[s.Name] = true
	}
	// The pipeline, built in its order: store → router → poller → bot.
	met := metrics.New(db, version)
	router, err := route.New(route.Options{DB: db, Catalogue: cat, Observe: met.Matched, Log: log.With("component", "route")})
	if err != nil {
		return err
	}
	health := make(chan poll.HealthChange, 16)
	pl := poll.New(poll.Options{
		Readers:         readers,
		Sink:            router,
		DefaultSchedule: cfg.Fetch.DefaultSchedule,
		Workers:         4 * cfg.Fetch.Concurrency,
		Health:          health,
		Articles:        newArticles(cfg, log.With("component", "article")),
		FullText:        source.Mode,
		Classify:        source.Classify,
		Observe:         met.Observe,
		Log:             log,
	})
	b, err := bot.New(bot.Options{
		Token:          cfg.Telegram.Token,
		Endpoint:       cfg.Telegram.APIEndpoint,
		Admins:         cfg.Telegram.Admins,
		Allowed:        cfg.Telegram.AllowedChats,
		PaidBroadcast:  cfg.Telegram.AllowPaidBroadcast,
		DB:             db,
		Catalogue:      cat,
		Router:         router,
		Configured:     func(name string) bool { return configured[name] },
		NewSource:      newSourceFunc(cfg, deps),
		DigestSchedule: cfg.Digest.Schedule,
		Timezone:       cfg.Digest.Timezone,
		MaxItems:       cfg.Digest.MaxItems,
		SearchWindow:   cfg.SearchWindow(),
		XMonthlyBudget: cfg.X.MonthlyPostBudget,
		Language:       cfg.UI.Language,
		Log:            log,
		In:             stdin,
		Out:            stdout,
		Banner:         lang.For(cfg.UI.Language).T("console.banner"),
		Sources:        polledSources{Poller: pl, removed: met.ForgetSource},
		Health:         health,
		Observer:       met,
	})
	if err != nil {
		return err
	}
	added, err := db.AddedSources()
	if err != nil {
		return err
	}
	for _, s := range append(cfg.WatchSources(), added...) {
		if err := pl.Add(s); err != nil {
			if why := off[s.Kind]; why != "" {
				err = errors.New(why)
			}
			log.Warn("source not scheduled", "source", s.Name, "error", err)
		}
	}
	if cfg.Telegram.Token == "" {
		log.Info("no telegram token: console mode (set TELEGRAM_BOT_TOKEN to run the bot)")
	}

	srv, err := admin.Serve(ctx, cfg.HTTP.Listen, db, met, &admin.Health{DB: db, Scheduler: pl.Running, Telegram: cfg.Telegram.Token != "", LastContact: b.LastContact}, log)
	if err != nil {
		return err
	}
	go pruneLoop(ctx, db, cfg.Store.Retention, cfg.SearchWindow(), log)
	go router.Run(ctx)
	pl.Start(ctx)
	go pl.PollAll(ctx, false) // don't wait a whole interval for the first poll

	err = b.Run(ctx)
	log.Info("stopping")
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	pl.Stop(stopCtx)
	if srv != nil {
		srv.Shutdown(stopCtx)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	log.Info("stopped cleanly")
	return nil
}

// polledSources is the poller as the bot sees it; a source removed from chat also takes
// its metrics with it.
type polledSources struct {
	*poll.Poller
	removed func(name string)
}

func (p polledSources) Remove(name string) {
	p.Poller.Remove(name)
	p.removed(name)
}

// pruneLoop keeps the database bounded: seen items and stories for store.retention, items
// for /search for the search window, hourly counters for store.CountsRetention, alert
// messages kept for edits for store.AlertEditWindow.
func pruneLoop(ctx context.Context, db *store.DB, retention, searchWindow time.Duration, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		now := time.Now()
		seen, items, err := db.Prune(now.Add(-retention), now.Add(-searchWindow))
		counts, cerr := db.PruneCounts(now.Add(-store.CountsRetention))
		if err = errors.Join(err, cerr); err != nil {
			log.Error("prune database", "error", err)
		} else if seen+items+counts > 0 {
			log.Info("pruned database", "seen", seen, "items", items, "counters", counts)
		}
		if n, err := db.PruneStories(now.Add(-retention)); err != nil {
			log.Error("prune stories", "error", err)
		} else if n > 0 {
			log.Info("pruned stories", "stories", n)
		}
		if n, err := db.PruneAlerts(now.Add(-store.AlertEditWindow)); err != nil {
			log.Error("prune alert messages", "error", err)
		} else if n > 0 {
			log.Info("pruned alert messages", "alerts", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
