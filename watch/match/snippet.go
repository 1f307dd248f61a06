package match

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Piece is part of a snippet; Bold pieces are matched words. Text is plain: the caller
// escapes it for Telegram HTML.
type Piece struct {
	Text string
	Bold bool
}

// ellipsis marks where Snippet cut the text.
const ellipsis = "…"

// Snippet returns a short excerpt of text, at most maxRunes runes (0: the whole text),
// around the first match of any of terms, cut at word boundaries with "…" where cut, split
// into pieces; the Bold pieces are the words that matched. Terms are as in Hit.Terms: words,
// prefixes (ucrain*) and "phrases", with the same matching rules as Match. Runs of white
// space are shown as one space.
func Snippet(text string, terms []string, maxRunes int) []Piece {
	var ts [][]tword
	for _, t := range terms {
		if q, err := termFromTyped(t); err == nil {
			ts = append(ts, q.words)
		}
	}
	buf, toks := normalize(nil, text, nil, true)
	// Matched source ranges, in order, not overlapping.
	type span struct{ from, to int }
	var spans []span
	for i := 0; i < len(toks); {
		best := 0
		for _, words := range ts {
			if len(words) > best && termFirst(words, buf, toks, i) {
				best = len(words)
			}
		}
		if best == 0 {
			i++
			continue
		}
		spans = append(spans, span{int(toks[i].src), int(toks[i+best-1].srcEnd)})
		i += best
	}

	from, to := 0, len(text)
	if maxRunes > 0 && utf8.RuneCountInString(text) > maxRunes {
		anchor := 0
		anchorEnd := 0
		if len(spans) > 0 {
			anchor, anchorEnd = spans[0].from, spans[0].to
		}
		budget := maxRunes - 2 // room for two ellipses
		if budget < 1 {
			budget = 1
		}
		// Start about a third of the budget before the match, so it shows with context.
		before := (budget - utf8.RuneCountInString(text[anchor:anchorEnd])) / 3
		if before < 0 {
			before = 0
		}
		from = anchor
		for k := 0; k < before && from > 0; k++ {
			_, size := utf8.DecodeLastRuneInString(text[:from])
			from -= size
		}
		to = from
		for k := 0; k < budget && to < len(text); k++ {
			_, size := utf8.DecodeRuneInString(text[to:])
			to += size
		}
		// Cut at word boundaries: never inside a word, unless the word is the match itself.
		if from > 0 {
			from = nextWordStart(text, toks, from, anchor)
		}
		if to < len(text) {
			to = prevWordEnd(text, toks, to, max(anchorEnd, from))
		}
	}

	var out []Piece
	add := func(s string, bold bool) {
		if !bold {
			s = collapseSpace(s)
		}
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Bold == bold {
			out[n-1].Text += s
			return
		}
		out = append(out, Piece{Text: s, Bold: bold})
	}
	if from > 0 {
		add(ellipsis, false)
	}
	at := from
	for _, sp := range spans {
		if sp.to <= from || sp.from >= to {
			continue
		}
		f, t := max(sp.from, from), min(sp.to, to)
		add(text[at:f], false)
		add(text[f:t], true)
		at = t
	}
	add(text[at:to], false)
	if to < len(text) {
		add(ellipsis, false)
	}
	if len(out) > 0 && !out[0].Bold {
		out[0].Text = strings.TrimLeft(out[0].Text, " ")
	}
	if n := len(out); n > 0 && !out[n-1].Bold {
		out[n-1].Text = strings.TrimRight(out[n-1].Text, " ")
	}
	return slicesDeleteEmpty(out)
}

func slicesDeleteEmpty(ps []Piece) []Piece {
	out := ps[:0]
	for _, p := range ps {
		if p.Text != "" {
			out = append(out, p)
		}
	}
	return out
}

// termFromTyped parses a term as Hit.Terms gives it.
func termFromTyped(typed string) (*qterm, error) {
	s := strings.TrimSpace(typed)
	phrase := false
	if rs := []rune(s); len(rs) >= 2 && isOpenQuote(rs[0]) && isCloseQuote(rs[len(rs)-1]) {
		s = string(rs[1 : len(rs)-1])
		phrase = true
	}
	if strings.ContainsFunc(s, unicode.IsSpace) {
		phrase = true
	}
	return newTerm(typed, s, 1, phrase)
}

// nextWordStart moves a cut at byte i forward to the start of the next word (or of the
// match, which it never passes).
func nextWordStart(text string, toks []token, i, limit int) int {
	for _, t := range toks {
		if int(t.srcEnd) <= i {
			continue
		}
		if int(t.src) >= i {
			return min(int(t.src), limit)
		}
		// i is inside this word: skip it.
		i = int(t.srcEnd)
	}
	return min(i, limit)
}

// prevWordEnd moves a cut at byte i back to the end of the previous word, but not before
// limit (the end of the match).
func prevWordEnd(text string, toks []token, i, limit int) int {
	end := limit
	for _, t := range toks {
		if int(t.srcEnd) > i {
			break
		}
		end = max(end, int(t.srcEnd))
	}
	if end > len(text) {
		end = len(text)
	}
	return end
}

// collapseSpace turns runs of white space into one space.
func collapseSpace(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) && r != ' ' }) && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
