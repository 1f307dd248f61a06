package article

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/vedetta/vedetta/watch"
)

// Mode is a feed source's full-text policy, the `full_text` key of a source in config.yaml
// (and `full_text=` of /addsource): whether its new items' article pages are fetched and
// matched.
type Mode string

// The policies. The zero Mode behaves as Auto.
const (
	// Auto fetches the article when the feed's own text of the item is thin: shorter than
	// ThinRunes. Feeds that carry whole articles are left alone.
	Auto Mode = "auto"
	// Always fetches every new item's article.
	Always Mode = "always"
	// Never matches on the feed's text only.
	Never Mode = "never"
)

// ThinRunes is how short, in characters, a feed's text of an item must be for Auto to fetch
// the article: a title and one or two sentences, the usual "summary" feed.
const ThinRunes = 400

// Modes lists the accepted values, for help texts and error messages.
var Modes = []Mode{Auto, Always, Never}

// ParseMode reads a `full_text` value as config.yaml and /addsource write it: auto, always or
// never, in any case; empty means Auto.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case "":
		return Auto, nil
	case Auto, Always, Never:
		return m, nil
	}
	return "", fmt.Errorf("full_text must be auto, always or never, not %q", s)
}

// String is the value as config.yaml writes it.
func (m Mode) String() string {
	if m == "" {
		return string(Auto)
	}
	return string(m)
}

// Wants reports whether it's article should be fetched under m: never without a link;
// with Auto, only when the feed's text is shorter than ThinRunes.
func (m Mode) Wants(it watch.Item) bool {
	if it.URL == "" {
		return false
	}
	switch m {
	case Always:
		return true
	case Never:
		return false
	default:
		return utf8.RuneCountInString(strings.TrimSpace(it.Text)) < ThinRunes
	}
}
