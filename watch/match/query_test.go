package match

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestCheckReportsPositionAndExpectation(t *testing.T) {
	cases := []struct {
		name, query string
		pos         int
		msg         string
		code        Code
		args        []string
	}{
		{"extra closing parenthesis", "NATO (a OR b))", 14, "unexpected ')' at 14", CodeUnexpected, []string{")"}},
		{"missing closing parenthesis", "(NATO OR Zelensky", 18, "missing ')'", CodeMissingParen, []string{"1"}},
		{"dangling OR", "NATO OR", 8, "unexpected end of query at 8", CodeUnexpectedEnd, nil},
		{"leading OR", "OR NATO", 1, "unexpected 'OR' at 1", CodeUnexpected, []string{"OR"}},
		{"dangling AND", "NATO AND", 9, "unexpected end of query", CodeUnexpectedEnd, nil},
		{"empty parentheses", "NATO ()", 7, "unexpected ')' at 7", CodeUnexpected, []string{")"}},
		{"unterminated phrase", `NATO "Alleanza`, 6, "unterminated phrase at 6", CodeUnterminatedPhrase, nil},
		{"star inside a word", "uc*rain", 3, "'*' inside a word at 3", CodeStarInside, nil},
		{"prefix too short", "u*", 1, "too short", CodePrefixTooShort, []string{"u*"}},
		{"only punctuation", "NATO ...", 6, "no letters or digits", CodeNoLetters, []string{"..."}},
		{"only negated terms", "-Renato", 1, "none of its terms", CodeOnlyNegated, nil},
		{"negation inside OR", "NATO OR -Renato", 1, "none of its terms", CodeOnlyNegated, nil},
		{"empty phrase", `NATO ""`, 6, "empty phrase", CodeEmptyPhrase, nil},
		{"positions count runes, not bytes", "Зеленський )", 12, "unexpected ')' at 12", CodeUnexpected, []string{")"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Check(c.query, Builtin())
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Check(%q) = %v, want a *ParseError", c.query, err)
			}
			if pe.Pos != c.pos || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("Check(%q) = %q at %d, want %q at %d", c.query, err, pe.Pos, c.msg, c.pos)
			}
			if pe.Code != c.code || !slices.Equal(pe.Args, c.args) {
				t.Errorf("Check(%q) has code %q %q, want %q %q", c.query, pe.Code, pe.Args, c.code, c.args)
			}
			if (pe.Want == "") != (pe.Expected == "") {
				t.Errorf("Check(%q): Want %q and Expected %q disagree", c.query, pe.Want, pe.Expected)
			}
			if pe.Expected == "" && !strings.Contains(c.msg, "too short") {
				t.Errorf("Check(%q) = %q says nothing of what was expected", c.query, err)
			}
		})
	}
}

func TestCheckAcceptsTheQueryLanguage(t *testing.T) {
	for _, q := range []string{
		"Zelensky", "NATO Ucraina", "NATO AND ucrain*", "Zelensky OR Putin", "Zelensky | Putin, Lavrov",
		"NATO -Renato", "NATO NOT (Renato OR donato)", `"Alleanza Atlantica"`, "(a OR b) c",
		"von der Leyen", "Зеленськ*", "NATO-led", "L'OTAN", "“Alleanza Atlantica”", "«Білий дім»",
	} {
		if err := Check(q, Builtin()); err != nil {
			t.Errorf("Check(%q) = %v", q, err)
		}
	}
}

func TestCheckRejectsEmptyAndLongQueries(t *testing.T) {
	if err := Check("   ", nil); !errors.Is(err, ErrEmptyQuery) {
		t.Errorf("Check(blank) = %v, want ErrEmptyQuery", err)
	}
	long := strings.Repeat("NATO ", MaxQueryLen/5+1)
	if err := Check(long, nil); !errors.Is(err, ErrQueryTooLong) {
		t.Errorf("Check(%d bytes) = %v, want ErrQueryTooLong", len(long), err)
	}
}

func TestDescribe(t *testing.T) {
	cases := []struct{ query, want string }{
		{"NATO ucrain*", "NATO AND ucrain*"},
		{"nato ucrain*", "NATO AND ucrain*"},
		{"(Zelensky | Putin) -Renato", "(Zelensky OR Putin) AND NOT Renato"},
		{"a OR b c", "a OR b AND c"},
		{`"Alleanza Atlantica", Lavrov`, `"Alleanza Atlantica" OR Lavrov`},
		{"von der Leyen", `"von der Leyen"`},
		{"NATO )", "NATO )"},
	}
	for _, c := range cases {
		if got := Describe(c.query, Builtin()); got != c.want {
			t.Errorf("Describe(%q) = %q, want %q", c.query, got, c.want)
		}
	}
	it := Operators{And: "E", Or: "OPPURE", Not: "NON"}
	if got, want := DescribeWith("(Zelensky | Putin) -Renato", Builtin(), it), "(Zelensky OPPURE Putin) E NON Renato"; got != want {
		t.Errorf("DescribeWith(Italian) = %q, want %q", got, want)
	}
}

// TestCheckCapsTheExpandedQuery: a query that names catalogue entries over and over is
// refused once its expansion passes MaxTerms terms; naming several different entries once
// each, as a desk does, stays well inside it.
func TestCheckCapsTheExpandedQuery(t *testing.T) {
	cat := Builtin()
	if err := Check(strings.TrimSpace(strings.Repeat("ICC ", 100)), cat); !errors.Is(err, ErrTooManyTerms) {
		t.Errorf("100 × ICC: %v, want ErrTooManyTerms", err)
	}
	if err := Check("Zelensky OR Putin OR Trump OR Lavrov OR NATO OR Macron", cat); err != nil {
		t.Errorf("six catalogue names: %v", err)
	}
	for _, e := range cat.Entries() {
		if err := Check(e.Name, cat); err != nil {
			t.Errorf("catalogue name %s alone: %v", e.Name, err)
		}
	}
}
