package main

import (
	"github.com/vedetta/vedetta/config"

	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vedetta/vedetta/source"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/opml"
)

// cmdSources is `vedetta sources import FILE.opml` and `vedetta sources export`: feeds in
// and out as OPML, the format every feed reader speaks.
func cmdSources(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "import" && args[0] != "export") {
		return errors.New("usage: vedetta sources import [-config FILE] FILE.opml | vedetta sources export [-config FILE]")
	}
	verb := args[0]
	cfg, _, rest, err := loadConfig("sources "+verb, args[1:], stderr)
	if err != nil {
		return err
	}
	db, err := store.Open(cfg.Store.Path, store.Options{})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("%w; stop the bot first, or have an administrator send the OPML file to the bot", err)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	if verb == "export" {
		srcs, err := allSources(cfg, db)
		if err != nil {
			return err
		}
		return opml.Write(stdout, "Vedetta sources", feedOutlines(srcs))
	}
	if len(rest) != 1 {
		return errors.New("usage: vedetta sources import [-config FILE] FILE.opml")
	}
	f, err := os.Open(rest[0])
	if err != nil {
		return err
	}
	defer f.Close()
	added, skipped, err := importOPML(ctx, cfg, db, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d feeds (%d skipped)\n", added, len(skipped))
	for _, s := range skipped {
		fmt.Fprintf(stdout, "  skipped %s\n", s)
	}
	return nil
}

func allSources(cfg *config.Config, db *store.DB) ([]watch.Source, error) {
	added, err := db.AddedSources()
	if err != nil {
		return nil, err
	}
	return append(cfg.WatchSources(), added...), nil
}

func feedOutlines(srcs []watch.Source) []opml.Outline {
	var out []opml.Outline
	for _, s := range srcs {
		if s.Kind == watch.KindFeed {
			out = append(out, opml.Outline{Title: s.Name, URL: s.Target})
		}
	}
	return out
}

// importOPML adds the feeds of an OPML file as sources, with the checks of /addsource and
// of an OPML file sent in chat, skipping the ones whose URL or name is already there.
func importOPML(ctx context.Context, cfg *config.Config, db *store.DB, r io.Reader) (added int, skipped []source.Skip, err error) {
	outlines, err := opml.Parse(r)
	if err != nil {
		return 0, nil, err
	}
	srcs, err := allSources(cfg, db)
	if err != nil {
		return 0, nil, err
	}
	taken := map[string]bool{}
	for _, s := range srcs {
		taken[strings.ToLower(s.Name)], taken[s.Target] = true, true
	}
	add, skipped := source.FromOPML(ctx, outlines, taken, newSourceFunc(cfg, sourceDeps(cfg, newFetcher(cfg))))
	for _, src := range add {
		if err := db.AddSource(src); err != nil {
			return added, skipped, err
		}
		added++
	}
	return added, skipped, nil
}
