// check.go is `vedetta check [-config FILE]` (README.md, "Commands of the binary"): it loads the config,
// prints every problem with its key, line and a hint, and exits 1 when there is any.

package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/vedetta/vedetta/config"
	"github.com/vedetta/vedetta/source"
	"github.com/vedetta/vedetta/watch/article"
	"github.com/vedetta/vedetta/watch/match"
)

// checkConfig runs `vedetta check` with args (after the subcommand name), checking watch
// queries with checkQuery, and returns the exit code: 0 for a usable config, 1 for problems
// or an unreadable file, 2 for bad flags.
func checkConfig(args []string, stdout, stderr io.Writer, checkQuery func(string) error) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", config.DefaultPath(), "config file (default $"+config.EnvConfig+", else ./config.yaml)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: vedetta check [-config FILE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "vedetta check: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	cfg, problems, err := config.Load(*path, checkQuery)
	if err != nil {
		fmt.Fprintf(stderr, "vedetta check: %v\n", err)
		return 1
	}
	if w := match.ReviewWarning(time.Now()); w != "" {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if writeReport(stdout, stderr, *path, cfg, problems) {
		return 0
	}
	return 1
}

// writeReport prints the warnings and problems to stderr, or the summary of a usable config to
// stdout, and says whether the config is usable.
func writeReport(stdout, stderr io.Writer, path string, cfg *config.Config, problems []config.Problem) bool {
	for _, w := range cfg.Warnings() {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, p)
		}
		noun := "problems"
		if len(problems) == 1 {
			noun = "problem"
		}
		fmt.Fprintf(stderr, "%s: %d %s\n", path, len(problems), noun)
		return false
	}
	fmt.Fprintf(stdout, "config OK: %d sources, %d watches\n", len(cfg.Sources), len(cfg.Watches))
	if line := fullTextSummary(cfg.Sources); line != "" {
		fmt.Fprintln(stdout, line)
	}
	return true
}

// fullTextSummary says how the feed sources' articles will be read (the full_text key of
// each source; docs/FULLTEXT.md), or "" when no source is a feed.
func fullTextSummary(sources []config.SourceConfig) string {
	n := map[article.Mode]int{}
	feeds := 0
	for _, s := range sources {
		if row := source.ByKind(s.Kind); row != nil && row.Articles {
			feeds++
			n[s.FullText]++
		}
	}
	if feeds == 0 {
		return ""
	}
	return fmt.Sprintf("full_text of the %d feeds: %d auto, %d always, %d never", feeds, n[article.Auto], n[article.Always], n[article.Never])
}
