package main

import (
	"time"

	"github.com/vedetta/vedetta/config"
	"github.com/vedetta/vedetta/watch/match"

	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// noEnv is an empty environment for config.Parse.
func noEnv(string) (string, bool) { return "", false }

// fakeQueryCheck stands in for match.Check: it rejects unbalanced parentheses.
func fakeQueryCheck(q string) error {
	if strings.Count(q, "(") != strings.Count(q, ")") {
		return errors.New("unbalanced parentheses")
	}
	return nil
}

func writeTempConfig(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckConfig(t *testing.T) {
	t.Parallel()
	bad := writeTempConfig(t, `fetch:
  timeout: soon
sources:
  - name: A
  - name: A
    url: https://a.example/rss
watches:
  - name: NATO
    query: (NATO
`)
	broken := writeTempConfig(t, "store:\n  path: v.db\nc: : :\n")
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string   // exact
		stderrHas  []string // substrings
		stderrNone bool
	}{
		{name: "the repository's config.yaml passes", args: []string{"-config", filepath.Join("..", "..", "config.yaml")},
			code: 0, stdout: "config OK: 13 sources, 2 watches\nfull_text of the 11 feeds: 10 auto, 1 always, 0 never\n"},
		{name: "every problem is printed with file, line, key and hint", args: []string{"-config", bad},
			code: 1, stderrHas: []string{
				bad + ":2: fetch.timeout: \"soon\" is not a duration (hint: ",
				bad + ":4: sources[0]: source \"A\" has neither",
				bad + ":5: sources[1].name: duplicate source name \"A\"",
				bad + ":9: watches[0].query: bad query: unbalanced parentheses",
				bad + ": 4 problems\n",
			}},
		{name: "a YAML syntax error exits 1 with its line", args: []string{"-config", broken},
			code: 1, stderrHas: []string{"vedetta check: parse " + broken + ": yaml: line 3:"}},
		{name: "a missing file exits 1 with its path", args: []string{"-config", filepath.Join(t.TempDir(), "nope.yaml")},
			code: 1, stderrHas: []string{"nope.yaml: no such file"}},
		{name: "an unknown flag exits 2 with the usage", args: []string{"-conf", "x"},
			code: 2, stderrHas: []string{"usage: vedetta check [-config FILE]"}},
		{name: "an extra argument exits 2", args: []string{"-config", bad, "extra"},
			code: 2, stderrHas: []string{`unexpected argument "extra"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := checkConfig(tt.args, &stdout, &stderr, fakeQueryCheck)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout.String(), stderr.String())
			}
			if stdout.String() != tt.stdout {
				t.Errorf("stdout = %q, want %q", stdout.String(), tt.stdout)
			}
			for _, s := range tt.stderrHas {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr does not contain %q:\n%s", s, stderr.String())
				}
			}
		})
	}
}

// Not parallel: sets the environment.
func TestCheckConfigPrintsWarningsWithoutFailing(t *testing.T) {
	t.Setenv("X_BEARER_TOKEN", "")
	path := writeTempConfig(t, "sources:\n  - name: NATO on X\n    x_user: NATO\n")
	var stdout, stderr bytes.Buffer
	if code := checkConfig([]string{"-config", path}, &stdout, &stderr, nil); code != 0 {
		t.Errorf("exit code %d, want 0; stderr:\n%s", code, stderr.String())
	}
	if want := "config OK: 1 sources, 0 watches\n"; stdout.String() != want {
		t.Errorf("stdout = %q, want %q", stdout.String(), want)
	}
	if want := "warning: " + path + ":2: sources[0]: source \"NATO on X\" reads X but no bearer token is set"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr does not contain %q:\n%s", want, stderr.String())
	}
}

// Not parallel: sets the environment.
func TestRunCheckDefaultsToVEDETTA_CONFIGAndChecksQueries(t *testing.T) {
	path := writeTempConfig(t, "watches:\n  - name: NATO\n    query: NATO\n")
	t.Setenv("VEDETTA_CONFIG", path)

	var stdout, stderr bytes.Buffer
	if code := checkConfig(nil, &stdout, &stderr, checkWatchQuery); code != 0 || stdout.String() != "config OK: 0 sources, 1 watches\n" {
		t.Fatalf("a catalogue name: code %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}

	broken := writeTempConfig(t, "watches:\n  - name: Broken\n    query: NATO AND (Ucraina\n")
	stdout.Reset()
	stderr.Reset()
	if code := checkConfig([]string{"-config", broken}, &stdout, &stderr, checkWatchQuery); code != 1 || !strings.Contains(stderr.String(), "watches[0].query") {
		t.Fatalf("a broken query: code %d, stderr %q", code, stderr.String())
	}

	stdout.Reset()
	stderr.Reset()
	if code := checkConfig(nil, &stdout, &stderr, func(q string) error { return errors.New("rejected " + q) }); code != 1 {
		t.Errorf("with a rejecting hook: code %d, want 1", code)
	}
	if want := path + ":3: watches[0].query: bad query: rejected NATO"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr does not contain %q:\n%s", want, stderr.String())
	}
}

func TestDefaultConfigPath(t *testing.T) {
	t.Setenv("VEDETTA_CONFIG", "")
	if got := config.DefaultPath(); got != "config.yaml" {
		t.Errorf("without VEDETTA_CONFIG: %q, want config.yaml", got)
	}
	t.Setenv("VEDETTA_CONFIG", "/etc/vedetta.yaml")
	if got := config.DefaultPath(); got != "/etc/vedetta.yaml" {
		t.Errorf("with VEDETTA_CONFIG: %q, want /etc/vedetta.yaml", got)
	}
}

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func TestCheckReportGolden(t *testing.T) {
	t.Parallel()
	const path = "testdata/broken.yaml"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, problems, err := config.Parse(path, data, noEnv, fakeQueryCheck)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if writeReport(&out, &out, path, cfg, problems) {
		t.Error("writeReport says the broken config is usable")
	}
	golden := filepath.Join("testdata", "broken.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update to create it)", err)
	}
	if out.String() != string(want) {
		t.Errorf("report differs from %s (rerun with -update if intended):\n%s", golden, out.String())
	}
}

// TestCheckWarnsWhenTheCatalogueIsDueForReview: `vedetta check` passes on the warning of
// match.ReviewWarning — what to check and how to override an entry — when the catalogue's
// review is more than six months old, and says nothing of it otherwise.
func TestCheckWarnsWhenTheCatalogueIsDueForReview(t *testing.T) {
	path := writeTempConfig(t, "watches:\n  - name: NATO\n    query: NATO\n")
	var stdout, stderr bytes.Buffer
	if code := checkConfig([]string{"-config", path}, &stdout, &stderr, checkWatchQuery); code != 0 {
		t.Fatalf("code %d: %s", code, stderr.String())
	}
	due := match.ReviewWarning(time.Now())
	if got := strings.Contains(stderr.String(), "warning: "+due); due != "" && !got {
		t.Errorf("the catalogue is due for review but check did not say so:\n%s", stderr.String())
	}
	if due == "" && strings.Contains(stderr.String(), match.Reviewed) {
		t.Errorf("check warned of a review that is not due:\n%s", stderr.String())
	}
	if w := match.ReviewWarning(time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)); !strings.Contains(w, "watches") {
		t.Errorf("the warning does not say how to override an entry in config: %q", w)
	}
}
