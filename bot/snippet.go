package bot

import (
	"slices"
	"strings"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

// snippetRunes is how long an entry's snippet may be.
const snippetRunes = 220

// itemSnippet is the line under an entry's title: where the watch matched, the matched words
// in bold. A match in the feed's text shows that text around it; a match only in the
// article (full_text, docs/FULLTEXT.md) shows the article's sentence that holds it, not the
// article's first line; otherwise the feed's text as it begins. Nil when there is nothing
// to show beyond the title.
func itemSnippet(it watch.Item, terms []string) []match.Piece {
	text := strings.TrimSpace(it.Text)
	if text == it.Title {
		text = ""
	}
	var feed []match.Piece
	if text != "" {
		feed = match.Snippet(text, terms, snippetRunes)
		if hasBold(feed) {
			return feed
		}
	}
	if len(terms) > 0 {
		for s := range watch.Sentences(it.Article) {
			if ps := match.Snippet(s, terms, snippetRunes); hasBold(ps) {
				return ps
			}
		}
	}
	return feed
}

func hasBold(ps []match.Piece) bool {
	return slices.ContainsFunc(ps, func(p match.Piece) bool { return p.Bold })
}
