package source

import (
	"fmt"
	"strings"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/article"
)

// FullTextKey is the key of a source's full-text policy: `full_text:` in a config.yaml
// source entry, `full_text=` after the name in /addsource.
const FullTextKey = "full_text"

// FullTextHint says how to write the policy, for config problems and chat replies.
const FullTextHint = "full_text: auto (fetch the article when the feed's text is under 400 characters), always or never; feeds (url:) only"

// FullText checks a full_text value for a source of kind k and returns the policy: the
// value as article.ParseMode reads it (empty is auto) for kinds whose items link to article
// pages, and article.Never for the others, which refuse any value but never.
func FullText(k watch.Kind, raw string) (article.Mode, error) {
	m, err := article.ParseMode(raw)
	if err != nil {
		return "", err
	}
	if row := ByKind(k); row == nil || !row.Articles {
		if strings.TrimSpace(raw) != "" && m != article.Never {
			label := string(k)
			if row != nil {
				label = row.Label
			}
			return "", fmt.Errorf("full_text applies to feeds only: a %s source is read whole", label)
		}
		return article.Never, nil
	}
	return m, nil
}

// Mode is the full-text policy the poller applies to src: its FullText for kinds whose
// items link to article pages (auto when empty or unreadable), never for the others.
func Mode(src watch.Source) article.Mode {
	if row := ByKind(src.Kind); row == nil || !row.Articles {
		return article.Never
	}
	m, err := article.ParseMode(src.FullText)
	if err != nil {
		return article.Auto // a stored value this release does not know: the default
	}
	return m
}

// SplitAddOptions takes the options an administrator may write after /addsource's spec —
// today `full_text=VALUE`, anywhere among the words of the name — out of rest, and returns
// the name that is left and the full_text value (set reports whether one was given).
func SplitAddOptions(rest string) (name, fullText string, set bool) {
	var words []string
	for w := range strings.FieldsSeq(rest) {
		if k, v, ok := strings.Cut(w, "="); ok && strings.EqualFold(k, FullTextKey) {
			fullText, set = v, true
			continue
		}
		words = append(words, w)
	}
	return strings.Join(words, " "), fullText, set
}
