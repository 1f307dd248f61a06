package bot_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

func TestConsoleIsOneChatOnStdinAndStdout(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader("/watch NATO\nlist\n\n/timezone Mars/Base\n/unwatch <b>x</b> &amp;\n/help\n")
	b, err := bot.New(bot.Options{
		DB: storetest.Open(t, nil), Catalogue: match.Builtin(), DigestSchedule: "off",
		Sources: &fakeSources{list: []watch.Source{{Name: "ANSA", Kind: watch.KindFeed}}},
		In:      in, Out: &out, Banner: "Vedetta console",
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	// Run returns at the end of stdin, after printing every answer.
	if err := b.Run(ctx); err != nil {
		t.Fatalf("Run at EOF = %v, want nil", err)
	}
	got := out.String()
	for _, want := range []string{
		"Vedetta console",
		"✅ Watch 1: NATO",
		"1. NATO — digest",    // "list" without the slash works too
		"Mars/Base",           // the bad zone is named
		"<b>x</b>",            // printed as typed: console output is text, not HTML
		"Vedetta commands",    // /help
		"50 watches per chat", // … with its limits
	} {
		if !strings.Contains(got, want) {
			t.Errorf("console output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "&lt;") || strings.Contains(got, "<b>Vedetta") {
		t.Errorf("HTML leaked into the console:\n%s", got)
	}
	if strings.Index(got, "Watch 1") > strings.Index(got, "1. NATO") {
		t.Errorf("answers out of order:\n%s", got)
	}
}
