// Package watch holds the types shared along Vedetta's pipeline: a Source is polled on its
// schedule, its new Items are matched against the chats' watches, and each match is queued
// for a chat. It is the bottom of the import graph: stdlib only, no I/O.
package watch

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Kind says what a Source reads.
type Kind string

// The kinds of source ("sources:" in config.yaml).
const (
	KindFeed     Kind = "feed"             // RSS, Atom, RDF or JSON Feed at a URL
	KindXUser    Kind = "x_user"           // an X account's posts, through the X API v2
	KindXSearch  Kind = "x_search"         // an X recent-search query
	KindTelegram Kind = "telegram_channel" // a public Telegram channel's t.me/s/ preview
)

// Source is one thing Vedetta polls.
type Source struct {
	Name     string // unique, shown to users
	Kind     Kind
	Target   string // feed URL, X username (no @), X search query, or Telegram channel name
	Schedule string // cron spec (robfig/cron v3 standard parser); empty means the default
	// FullText is a feed source's full_text policy — auto, always or never (watch/article.Mode,
	// checked by package source) — whether its new items' article pages are fetched and
	// matched. Empty means auto.
	FullText string `json:",omitempty"`
}

// Item is one news item, post or message, normalised: plain text, absolute links.
type Item struct {
	ID        string    // identity inside its source: GUID, else canonical link, else a hash of title+text
	Source    string    // Source.Name
	Title     string    // plain text: HTML stripped, entities decoded, whitespace trimmed
	Text      string    // plain text body or summary, same rules as Title
	URL       string    // absolute, canonical link with tracking parameters removed; may be empty
	Author    string    // may be empty
	Published time.Time // as stated by the source, else the time the item was first seen
	// LegacyID is the identity an earlier release gave the item, when it differs from ID;
	// the seen set counts the item as seen under either, so that an upgrade re-delivers
	// nothing. Empty for most items.
	LegacyID string `json:",omitempty"`
	// Article is the main text of the page at URL, plain, bounded (watch/article.MaxBytes,
	// cut at a sentence); empty when the source's full_text policy did not fetch it or the
	// fetch failed. Matching reads Title, Text and Article.
	Article string `json:",omitempty"`
	// Language is the language its feed declares (RSS <language>, Atom xml:lang), as
	// written there ("it-IT"); empty when the feed names none.
	Language string `json:",omitempty"`
}

// Key is the item's identity in the seen set: the source and the item's ID.
func (it Item) Key() string { return it.Source + "\x00" + it.ID }

// Body is the text an item is matched on besides its title: the feed's text and, after a
// blank line, the article's main text when it was fetched.
func (it Item) Body() string {
	switch {
	case it.Article == "":
		return it.Text
	case it.Text == "":
		return it.Article
	}
	return it.Text + "\n\n" + it.Article
}

// Failure is the kind of a source's last failure, one a person can act on: the bot words it
// in the chat's language, while State.LastError keeps the detail for administrators.
type Failure string

// The kinds of failure.
const (
	FailTimeout     Failure = "timeout"      // no complete answer in time
	FailUnreachable Failure = "unreachable"  // connection refused or reset, no route, too many redirects
	FailDNS         Failure = "dns"          // the host name does not resolve
	FailStatus      Failure = "status"       // an HTTP error status: State.FailStatus
	FailUnreadable  Failure = "unreadable"   // not a feed, malformed, no public channel page
	FailTooLarge    Failure = "too_large"    // over fetch.max_body_bytes
	FailBlocked     Failure = "blocked"      // the address guard: the host is not a public address
	FailRateLimited Failure = "rate_limited" // 429, or X's rate limit or usage cap
	FailBudget      Failure = "budget"       // the X monthly post budget is spent
	FailUnknown     Failure = "unknown"      // anything else
)

// FailureKinds lists every Failure (for a test that each has a translation).
var FailureKinds = []Failure{FailTimeout, FailUnreachable, FailDNS, FailStatus, FailUnreadable, FailTooLarge,
	FailBlocked, FailRateLimited, FailBudget, FailUnknown}

// State is a source's own bookkeeping, persisted by the caller between polls. Each reader
// uses the fields it needs; the poller owns the health fields.
type State struct {
	// HTTP conditional GET validators (RFC 9110 §13.1).
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`

	// NotBefore pushes the next poll back: Retry-After, Cache-Control max-age,
	// x-rate-limit-reset. Zero means no constraint.
	NotBefore time.Time `json:"not_before,omitzero"`

	// Cursor is the newest position read: an X since_id, a Telegram post id.
	Cursor string `json:"cursor,omitempty"`
	// UserID is an X username resolved to its id, once.
	UserID string `json:"user_id,omitempty"`
	// BudgetMonth ("2026-11") and BudgetUsed count X posts read this month.
	BudgetMonth string `json:"budget_month,omitempty"`
	BudgetUsed  int    `json:"budget_used,omitempty"`

	// Health, owned by the poller.
	Primed      bool      `json:"primed,omitempty"`  // the first poll recorded the backlog as seen
	Backlog     int       `json:"backlog,omitempty"` // how many items that first poll recorded without sending
	Failures    int       `json:"failures,omitempty"`
	LastError   string    `json:"last_error,omitempty"`  // redacted, in English: for administrators and logs
	Failure     Failure   `json:"failure,omitempty"`     // LastError's kind, which /sources words in the chat's language
	FailStatus  int       `json:"fail_status,omitempty"` // the HTTP status of a FailStatus
	LastSuccess time.Time `json:"last_success,omitzero"`
	LastAttempt time.Time `json:"last_attempt,omitzero"`
	NextAttempt time.Time `json:"next_attempt,omitzero"`
	Items       int       `json:"items,omitempty"`   // items seen in total
	Alerted     bool      `json:"alerted,omitempty"` // admins were told it is failing

	// The last successful poll, as its reader saw it.
	Truncated bool   `json:"truncated,omitempty"` // the body was cut short; the items before the cut were read
	Dropped   int    `json:"dropped,omitempty"`   // items over the per-poll cap, not recorded
	Note      string `json:"note,omitempty"`      // the two above in English words, for logs

	// Article pages of new items (the source's full_text policy, watch/article), counted since
	// the source was added: read and matched; failed (timeout, error, no text); over the
	// per-poll cap; disallowed by the host's robots.txt. The items of the last three are
	// matched on their feed text.
	ArticlesRead       int `json:"articles_read,omitempty"`
	ArticlesFailed     int `json:"articles_failed,omitempty"`
	ArticlesCapped     int `json:"articles_capped,omitempty"`
	ArticlesDisallowed int `json:"articles_disallowed,omitempty"`
}

// TitleRunes is how long a title made from a post's text may be.
const TitleRunes = 120

// Title makes a title for a post that has none (an X post, a Telegram message): its first
// non-empty line, cut at a word boundary to TitleRunes with "…".
func Title(text string) string {
	line := text
	for l := range strings.SplitSeq(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			line = l
			break
		}
	}
	if utf8.RuneCountInString(line) <= TitleRunes {
		return line
	}
	cut := string([]rune(line)[:TitleRunes])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-–—") + "…"
}
