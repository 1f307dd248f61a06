package bot

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/lang"
)

// Every message of every language, filled and escaped as the bot sends it, passes the fake
// Bot API's HTML rules — the ones every message sent is held to.
func TestEveryCatalogueMessagePassesTelegramsHTMLRules(t *testing.T) {
	for _, l := range lang.Supported {
		tr := lang.For(l.Code)
		for _, m := range lang.Messages(l.Code) {
			if m.ID == "number.thousands" {
				continue // a separator, not a message
			}
			var kv []any
			for _, p := range lang.Placeholders(m.Other) {
				kv = append(kv, p[1:], `<b>&"x"</b>`) // data with HTML in it must come out escaped
			}
			n := 2
			s, err := tr.Lookup(m.ID, &n, kv...)
			if m.One == "" {
				s, err = tr.Lookup(m.ID, nil, kv...)
			}
			if err != nil {
				t.Errorf("%s %s: %v", l.Code, m.ID, err)
				continue
			}
			h := &htmlText{}
			h.text(s)
			if _, err := bottest.CheckHTML(h.String()); err != nil {
				t.Errorf("%s %s: %v", l.Code, m.ID, err)
			}
			if strings.ContainsAny(m.Other, "<>") && !strings.Contains(m.ID, "example") {
				t.Errorf("%s %s: a message is plain text; the bot adds the markup", l.Code, m.ID)
			}
		}
	}
}

// Every command has its /help line and menu description in every language.
func TestEveryCommandIsDescribedInEveryLanguage(t *testing.T) {
	for _, l := range lang.Supported {
		tr := lang.For(l.Code)
		for _, c := range commands {
			if _, err := tr.Lookup("cmd."+c.name+".help", nil); err != nil {
				t.Errorf("%s: /%s has no cmd.%s.help", l.Code, c.name, c.name)
			}
			if c.usage != "" {
				if _, err := tr.Lookup("cmd."+c.name+".usage", nil); err != nil {
					t.Errorf("%s: /%s has no cmd.%s.usage", l.Code, c.name, c.name)
				}
			}
		}
	}
	for _, c := range commands {
		if got := c.helpIn(lang.For("en")); got != c.help {
			t.Errorf("/%s: the catalogue's English %q differs from the command table's %q", c.name, got, c.help)
		}
	}
}

// Every message id the bot's code looks up exists: a typo would show the id to a user.
func TestEveryMessageIDInTheCodeExists(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\.(?:T|N|Lookup)\("([a-z_.]+)"[,)]`)
	en := map[string]bool{}
	for _, m := range lang.Messages("en") {
		en[m.ID] = true
	}
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			found++
			if !en[m[1]] {
				t.Errorf("%s looks up %q, which the English catalogue lacks", f, m[1])
			}
		}
	}
	if found < 50 {
		t.Fatalf("found only %d lookups: is the pattern stale?", found)
	}
}
