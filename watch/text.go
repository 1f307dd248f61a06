package watch

import (
	"iter"
	"strings"
	"unicode/utf8"
)

// Bound cuts text to at most limit bytes at the end of the last whole sentence that fits (or
// line, when the text has no sentence end in its second half), else at a word boundary with
// "…". Text within limit is returned as is. It bounds Item.Article: to watch/article.MaxBytes
// for matching, and shorter in the store.
func Bound(text string, limit int) string {
	if len(text) <= limit {
		return text
	}
	cut := text[:limit]
	for len(cut) > 0 && !utf8.RuneStart(text[len(cut)]) {
		cut = cut[:len(cut)-1]
	}
	best := -1
	for i, r := range cut {
		if r == '\n' {
			best = i
		} else if end := i + utf8.RuneLen(r); sentenceEnd(text, i, r) && end <= len(cut) {
			best = end
		}
	}
	if best > limit/2 {
		return strings.TrimSpace(cut[:best])
	}
	const ell = "…"
	cut = cut[:max(0, len(cut)-len(ell))]
	for len(cut) > 0 && !utf8.RuneStart(text[len(cut)]) {
		cut = cut[:len(cut)-1]
	}
	if text[len(cut)] != ' ' && text[len(cut)] != '\n' { // inside a word: back to its start
		if i := strings.LastIndexAny(cut, " \n"); i > 0 {
			cut = cut[:i]
		}
	}
	return strings.TrimSpace(cut) + ell
}

// sentenceEnd reports whether the rune r at byte i of text ends a sentence: a full stop,
// question or exclamation mark or ellipsis followed by a space, a line break or the end.
// A dot inside a number or an abbreviation without a space after it does not.
func sentenceEnd(text string, i int, r rune) bool {
	switch r {
	case '.', '!', '?', '…', '。', '！', '？':
	default:
		return false
	}
	end := i + utf8.RuneLen(r)
	return end == len(text) || text[end] == ' ' || text[end] == '\n'
}

// Sentences yields text's sentences in order, trimmed: the pieces between sentence ends
// (see Bound) and line breaks. A digest shows the one where a watch matched in an item's
// article.
func Sentences(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := 0
		for i, r := range text {
			end := -1
			switch {
			case r == '\n':
				end = i
			case sentenceEnd(text, i, r):
				end = i + utf8.RuneLen(r)
			}
			if end < 0 {
				continue
			}
			if s := strings.TrimSpace(text[start:end]); s != "" && !yield(s) {
				return
			}
			start = end
		}
		if s := strings.TrimSpace(text[start:]); s != "" {
			yield(s)
		}
	}
}
