package xapi

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/vedetta/vedetta/watch"
)

// ErrNotSpec means a source spec is not an X one, so another reader (Telegram, a feed
// URL) should be tried.
var ErrNotSpec = errors.New("not an X source")

// username is an X handle: 1–15 letters, digits or underscores.
var username = regexp.MustCompile(`^[A-Za-z0-9_]{1,15}$`)

// ParseSpec reads what an administrator types after /addsource for X (README.md, "X and Telegram channels"):
//
//	x:@NATO, x:NATO, x_user:NATO              → watch.KindXUser, "NATO"
//	https://x.com/NATO, twitter.com/NATO/…    → watch.KindXUser, "NATO"
//	x:"Zelensky lang:it"                      → watch.KindXSearch, "Zelensky lang:it"
//	x:Zelensky lang:it (anything not a handle) → watch.KindXSearch
//	https://x.com/search?q=…                  → watch.KindXSearch
//
// Config keys say the kind themselves (x_user:, x_search:); this is for chat. A spec that
// is not an X one gives an error wrapping ErrNotSpec.
func ParseSpec(s string) (kind watch.Kind, target string, err error) {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "x:"), strings.HasPrefix(lower, "twitter:"):
		_, rest, _ := strings.Cut(s, ":")
		return fromText(s, strings.TrimSpace(rest))
	case strings.HasPrefix(lower, "x_user:"):
		return userSpec(s, strings.TrimSpace(s[len("x_user:"):]))
	case strings.HasPrefix(lower, "x_search:"):
		return searchSpec(s, unquote(strings.TrimSpace(s[len("x_search:"):])))
	}
	raw := s
	if !strings.Contains(lower, "://") {
		raw = "https://" + s
	}
	u, perr := url.Parse(raw)
	if perr != nil {
		return "", "", fmt.Errorf("%q: %w", s, ErrNotSpec)
	}
	switch strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") {
	case "x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com":
	default:
		return "", "", fmt.Errorf("%q: %w", s, ErrNotSpec)
	}
	path := strings.Trim(u.Path, "/")
	if path == "search" {
		return searchSpec(s, u.Query().Get("q"))
	}
	first, _, _ := strings.Cut(path, "/")
	return userSpec(s, first)
}

// fromText reads the part after "x:": a handle, a quoted query or a bare query.
func fromText(spec, rest string) (watch.Kind, string, error) {
	if strings.HasPrefix(rest, `"`) && strings.HasSuffix(rest, `"`) && len(rest) >= 2 {
		inner := rest[1 : len(rest)-1]
		if !strings.Contains(inner, `"`) {
			// x:"Zelensky lang:it": the quotes wrap the whole query.
			return searchSpec(spec, inner)
		}
		// x:"NATO summit" lang:en -"press release": quotes are the query's own phrases.
	}
	if h := strings.TrimPrefix(rest, "@"); username.MatchString(h) {
		return userSpec(spec, h) // x:@NATO, and a lone word as in x:NATO
	}
	return searchSpec(spec, rest)
}

func userSpec(spec, name string) (watch.Kind, string, error) {
	name, err := checkUser(name)
	if err != nil {
		return "", "", fmt.Errorf("%q: %w; example: /addsource x:@NATO", spec, err)
	}
	return watch.KindXUser, name, nil
}

// CheckUser checks an X account as config.yaml's x_user names it ("NATO", "@NATO" or its
// x.com link) and returns the handle alone. Names of x.com's own pages are refused: the
// reader cannot read them as accounts.
func CheckUser(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, p := range []string{"https://", "http://", "www.", "mobile.", "x.com/", "twitter.com/"} {
		s = strings.TrimPrefix(s, p)
	}
	return checkUser(strings.TrimSuffix(s, "/"))
}

func checkUser(name string) (string, error) {
	name = strings.TrimPrefix(name, "@")
	if !username.MatchString(name) {
		return "", fmt.Errorf("%q is not an X username (1–15 letters, digits or _)", name)
	}
	switch strings.ToLower(name) {
	case "home", "explore", "search", "i", "notifications", "messages", "settings", "intent", "share", "hashtag":
		return "", fmt.Errorf("%q is an x.com page, not an account", name)
	}
	return name, nil
}

func searchSpec(spec, query string) (watch.Kind, string, error) {
	query, err := CheckSearch(query)
	if err != nil {
		return "", "", fmt.Errorf("%q: %w; example: /addsource x:\"Zelensky lang:it\"", spec, err)
	}
	return watch.KindXSearch, query, nil
}

// searchFilters is what the reader appends to a search (see searchQuery).
const searchFilters = " -is:retweet -is:reply"

// CheckSearch checks an X recent-search query: not empty, and short enough that the query
// with the filters the reader adds fits X's limit.
func CheckSearch(query string) (string, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return "", errors.New("empty X search")
	}
	if n, most := utf8.RuneCountInString(query), maxQueryLen-len(searchFilters); n > most {
		return "", fmt.Errorf("the X search is %d characters; recent search allows %d with the filters Vedetta adds (-is:retweet -is:reply)", n, most)
	}
	return query, nil
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' && !strings.Contains(s[1:len(s)-1], `"`) {
		return s[1 : len(s)-1]
	}
	return s
}
