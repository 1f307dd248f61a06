package match

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// relevanceNames are the catalogue names the labelled set is about.
var relevanceNames = []string{"Zelensky", "NATO", "Putin", "Lavrov", "Rutte", "Meloni", "Trump", "Macron", "Merz", "Kallas", "von der Leyen", "Tusk"}

type labelled struct {
	lang, text string
	names      []string
}

func readLabelled(t *testing.T) []labelled {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "relevance.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != 3 {
			t.Fatalf("relevance.tsv:%d: %d fields, want 3", n, len(fields))
		}
		it := labelled{lang: fields[0], text: fields[2]}
		for _, name := range strings.Split(fields[1], ",") {
			if name == "" {
				continue
			}
			if !slices.Contains(relevanceNames, name) {
				t.Fatalf("relevance.tsv:%d: unknown name %q", n, name)
			}
			it.names = append(it.names, name)
		}
		out = append(out, it)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRelevance measures precision and recall per catalogue name on the labelled headlines
// of testdata/relevance.tsv (ten languages, at least one in five a trap that names none of
// the figures), with and without the language declared, and fails below 0.98.
func TestRelevance(t *testing.T) {
	items := readLabelled(t)
	langs, traps := map[string]int{}, 0
	for _, it := range items {
		langs[it.lang]++
		if len(it.names) == 0 {
			traps++
		}
	}
	if len(items) < 300 || len(langs) < 10 || traps*5 < len(items) {
		t.Fatalf("labelled set: %d items, %d languages, %d traps; want ≥ 300, 10, one in five", len(items), len(langs), traps)
	}
	var ws []Watch
	for _, n := range relevanceNames {
		ws = append(ws, Watch{Key: n, Query: n})
	}
	ix, err := Compile(ws, Builtin())
	if err != nil {
		t.Fatal(err)
	}
	for _, declared := range []bool{false, true} {
		name := "language detected"
		if declared {
			name = "language declared"
		}
		t.Run(name, func(t *testing.T) {
			tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
			for _, it := range items {
				lang := ""
				if declared {
					lang = it.lang
				}
				var got []string
				for _, h := range ix.MatchLang(it.text, "", lang) {
					got = append(got, h.Key)
				}
				for _, n := range relevanceNames {
					want, have := slices.Contains(it.names, n), slices.Contains(got, n)
					switch {
					case want && have:
						tp[n]++
					case have:
						fp[n]++
						t.Logf("false %s (%s): %s", n, it.lang, it.text)
					case want:
						fn[n]++
						t.Logf("missed %s (%s): %s", n, it.lang, it.text)
					}
				}
			}
			for _, n := range relevanceNames {
				p := ratio(tp[n], tp[n]+fp[n])
				r := ratio(tp[n], tp[n]+fn[n])
				t.Logf("%-14s precision %.3f recall %.3f (%d found, %d false, %d missed)", n, p, r, tp[n], fp[n], fn[n])
				if p < 0.98 || r < 0.98 {
					t.Errorf("%s: precision %.3f, recall %.3f; want ≥ 0.98", n, p, r)
				}
			}
		})
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
