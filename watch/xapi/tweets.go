package xapi

import (
	"html"
	"strings"
	"time"

	"github.com/vedetta/vedetta/watch"
)

// tweetsPage is the response of GET /2/users/:id/tweets and GET /2/tweets/search/recent
// (https://docs.x.com/x-api/fundamentals/pagination). Ids are strings: snowflakes exceed 2^53.
type tweetsPage struct {
	Data     []tweet `json:"data"`
	Includes struct {
		Users []struct {
			ID       string `json:"id"`
			Username string `json:"username"`
			Name     string `json:"name"`
		} `json:"users"`
	} `json:"includes"`
	Meta struct {
		ResultCount int    `json:"result_count"`
		NewestID    string `json:"newest_id"`
		OldestID    string `json:"oldest_id"`
		NextToken   string `json:"next_token"`
	} `json:"meta"`
	Errors []problem `json:"errors"`
}

type tweet struct {
	ID               string    `json:"id"`
	Text             string    `json:"text"`
	AuthorID         string    `json:"author_id"`
	CreatedAt        time.Time `json:"created_at"`
	ReferencedTweets []struct {
		Type string `json:"type"` // retweeted, quoted, replied_to
		ID   string `json:"id"`
	} `json:"referenced_tweets"`
	Entities struct {
		URLs []struct {
			URL         string `json:"url"`
			ExpandedURL string `json:"expanded_url"`
			DisplayURL  string `json:"display_url"`
		} `json:"urls"`
	} `json:"entities"`
	// NoteTweet holds the whole text of a post longer than 280 characters; Text is cut.
	NoteTweet struct {
		Text string `json:"text"`
	} `json:"note_tweet"`
}

// items turns a page into Items. username is the account of a timeline; search posts are
// linked through includes.users. Retweets and replies that X returned anyway (its filters
// are best effort, and "RT @" posts can lack referenced_tweets) are dropped unless asked for.
func (c *Client) items(src watch.Source, username string, p *tweetsPage) []watch.Item {
	users := make(map[string]string, len(p.Includes.Users))
	for _, u := range p.Includes.Users {
		users[u.ID] = u.Username
	}
	out := make([]watch.Item, 0, len(p.Data))
	for _, t := range p.Data {
		if !c.opts.IncludeRetweets && t.is("retweeted", "RT @") {
			continue
		}
		if !c.opts.IncludeReplies && t.is("replied_to", "") {
			continue
		}
		author := username
		if a := users[t.AuthorID]; a != "" {
			author = a
		}
		text := postText(t)
		it := watch.Item{
			ID:        t.ID,
			Source:    src.Name,
			Title:     watch.Title(text),
			Text:      text,
			Author:    author,
			Published: t.CreatedAt,
		}
		if author != "" {
			it.URL = "https://x.com/" + author + "/status/" + t.ID
			it.Author = "@" + author
		} else {
			// x.com resolves a post by id alone.
			it.URL = "https://x.com/i/status/" + t.ID
		}
		out = append(out, it)
	}
	return out
}

func (t *tweet) is(refType, textPrefix string) bool {
	for _, r := range t.ReferencedTweets {
		if r.Type == refType {
			return true
		}
	}
	return textPrefix != "" && strings.HasPrefix(t.Text, textPrefix)
}

// postText is the post's plain text: the long form when there is one, X's HTML escaping
// (&amp; &lt; &gt;) undone, t.co links expanded, and links to the post's own media dropped.
func postText(t tweet) string {
	text := t.Text
	if t.NoteTweet.Text != "" {
		text = t.NoteTweet.Text
	}
	for _, u := range t.Entities.URLs {
		if u.URL == "" {
			continue
		}
		repl := u.ExpandedURL
		if strings.HasPrefix(u.DisplayURL, "pic.x.com/") || strings.HasPrefix(u.DisplayURL, "pic.twitter.com/") ||
			strings.Contains(u.ExpandedURL, "/status/"+t.ID+"/") {
			repl = "" // the post's own photo or video
		}
		text = strings.ReplaceAll(text, u.URL, repl)
	}
	text = html.UnescapeString(text)
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
