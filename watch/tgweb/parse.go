// Package tgweb reads public Telegram channels through their web preview,
// telegram_web.base_url/s/NAME (https://t.me/s/NAME), so that Vedetta needs no Telegram user
// account and no bridge. It sits at the "parse" step of the pipeline for sources of kind
// watch.KindTelegram: Client.Poll fetches the preview pages and Parse turns one page into
// normalised watch.Items, which the poller then deduplicates and matches.
//
// The page structure (tgme_widget_message, data-post, time[datetime], the "?before=" cursor)
// and its quirks are described in docs/SOURCES.md, "Public channel previews", from RSSHub's
// lib/routes/telegram/channel.ts and the fixtures in testdata/.
package tgweb

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/vedetta/vedetta/watch"
)

// ErrNoPreview means the page has no public message preview: t.me answers a channel that
// does not exist, is private, or has its web preview disabled with a "Telegram: Contact
// @name" page rather than an error status. It is a source error, not an empty channel.
var ErrNoPreview = errors.New("telegram channel has no public web preview")

// Parse reads one t.me/s/ page of channel and returns its posts, oldest first as the page
// lists them, and before, the "?before=" cursor of the next older page ("" when there is
// none). Item.Published is zero when the page gives no time (seen on real pages). Posts
// with nothing to match on (a bare photo or video, a service message, media
// the preview does not support) are left out. A page without a message history yields an
// error wrapping ErrNoPreview; a history with no messages yields no items and no error.
func Parse(page []byte, channel string) (items []watch.Item, before string, err error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, "", fmt.Errorf("parse t.me/s/%s page: %w", channel, err)
	}
	var (
		history  bool
		messages []*html.Node
	)
	walk(doc, func(n *html.Node) bool {
		switch {
		case hasClass(n, "tgme_channel_history"):
			history = true
		case hasClass(n, "tme_messages_more"):
			if b := attr(n, "data-before"); b != "" && before == "" {
				before = b
			}
		case hasClass(n, "tgme_widget_message") && attr(n, "data-post") != "":
			messages = append(messages, n)
			return false
		}
		return true
	})
	if !history && len(messages) == 0 {
		return nil, "", fmt.Errorf("t.me/s/%s: %w (the channel may not exist, be private, or have its preview turned off)", channel, ErrNoPreview)
	}
	for _, m := range messages {
		it, ok := parseMessage(m)
		if ok {
			items = append(items, it)
		}
	}
	return items, before, nil
}

// postNumber returns the numeric part of a data-post value "channel/123".
func postNumber(dataPost string) (int64, bool) {
	_, num, ok := strings.Cut(dataPost, "/")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(num, 10, 64)
	return n, err == nil
}

// parseMessage turns one div.tgme_widget_message into an Item; ok is false when the post
// has no text to match (bare media, service messages, unsupported media).
func parseMessage(m *html.Node) (watch.Item, bool) {
	post := attr(m, "data-post")
	name, num, _ := strings.Cut(post, "/")
	it := watch.Item{
		ID:  post,
		URL: "https://t.me/" + name + "/" + num,
	}
	if hasClass(m, "service_message") {
		return it, false
	}
	var (
		text, forwarded, owner, signature, document string
		previewTitle                                string
		preview, poll                               []string
	)
	walk(m, func(n *html.Node) bool {
		switch {
		case n == m:
			return true
		case hasClass(n, "tgme_widget_message_reply"):
			// The quoted post being replied to is another post's text; skip it.
			return false
		case hasClass(n, "tgme_widget_message_text"):
			if text == "" {
				text = plainText(n)
			}
			return false
		case hasClass(n, "tgme_widget_message_forwarded_from_name"):
			forwarded = plainText(n)
			return false
		case hasClass(n, "tgme_widget_message_owner_name"):
			owner = plainText(n)
			return false
		case hasClass(n, "tgme_widget_message_from_author"):
			signature = plainText(n)
			return false
		case hasClass(n, "tgme_widget_message_document_title"):
			document = plainText(n)
			return false
		case hasClass(n, "link_preview_site_name"), hasClass(n, "link_preview_title"),
			hasClass(n, "link_preview_description"):
			if s := plainText(n); s != "" {
				preview = append(preview, s)
				if hasClass(n, "link_preview_title") {
					previewTitle = s
				}
			}
			return false
		case hasClass(n, "tgme_widget_message_poll_question"):
			poll = append(poll, plainText(n))
			return false
		case hasClass(n, "tgme_widget_message_poll_option_text"):
			poll = append(poll, "• "+plainText(n))
			return false
		case n.DataAtom == atom.Time && it.Published.IsZero() && hasAncestorClass(n, m, "tgme_widget_message_date"):
			if t, err := time.Parse(time.RFC3339, attr(n, "datetime")); err == nil {
				it.Published = t
			}
			return false
		}
		return true
	})
	it.Author = owner
	if signature != "" {
		it.Author = signature
	}
	// The parts are joined by blank lines: the post's own text first (its first line is
	// the title), then what it carries, so that a watch matches a forwarded source's name,
	// a poll or the headline of a linked article.
	var parts []string
	for _, p := range []string{text, strings.Join(poll, "\n"), document, strings.Join(preview, "\n")} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return it, false
	}
	if forwarded != "" {
		parts = append(parts, "Forwarded from "+forwarded)
	}
	it.Text = strings.Join(parts, "\n\n")
	it.Title = watch.Title(it.Text)
	if previewTitle != "" && (text == "" || isWebURL(text) && !strings.ContainsAny(text, " \n")) {
		// A post that is only a link: the linked page's headline says more than its address.
		it.Title = watch.Title(previewTitle)
	}
	return it, true
}

// walk visits n and its descendants in document order; fn returns false to skip a
// node's children.
func walk(n *html.Node, fn func(*html.Node) bool) {
	if !fn(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) string {
	if n.Type != html.ElementNode {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	if n.Type != html.ElementNode {
		return false
	}
	for c := range strings.FieldsSeq(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func hasAncestorClass(n, stop *html.Node, class string) bool {
	for p := n.Parent; p != nil && p != stop; p = p.Parent {
		if hasClass(p, class) {
			return true
		}
	}
	return false
}
