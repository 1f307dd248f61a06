package watch

import (
	"strings"
	"testing"
)

func TestRedactURLHidesCredentials(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"apikey parameter", "https://news.example/rss?apikey=SECRET", "https://news.example/rss?apikey=REDACTED"},
		{"names are case-insensitive", "https://news.example/rss?ApiKey=SECRET&TOKEN=SECRET", "https://news.example/rss?ApiKey=REDACTED&TOKEN=REDACTED"},
		{"api_key and access_token", "https://x.example/f?api_key=SECRET&access_token=SECRET", "https://x.example/f?api_key=REDACTED&access_token=REDACTED"},
		{"key, secret, password, passwd, sig, signature, auth", "https://x.example/f?key=SECRET&secret=SECRET&password=SECRET&passwd=SECRET&sig=SECRET&signature=SECRET&auth=SECRET",
			"https://x.example/f?key=REDACTED&secret=REDACTED&password=REDACTED&passwd=REDACTED&sig=REDACTED&signature=REDACTED&auth=REDACTED"},
		{"pre-signed S3 URL", "https://b.s3.example/feed.xml?X-Amz-Credential=SECRET&X-Amz-Signature=SECRET&X-Amz-Security-Token=SECRET&X-Amz-Expires=60",
			"https://b.s3.example/feed.xml?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&X-Amz-Security-Token=REDACTED&X-Amz-Expires=60"},
		{"a percent-encoded name", "https://x.example/f?api%5Fkey=SECRET", "https://x.example/f?api%5Fkey=REDACTED"},
		{"other parameters stay", "https://x.example/f?lang=it&section=esteri&apikey=SECRET", "https://x.example/f?lang=it&section=esteri&apikey=REDACTED"},
		{"user and password", "https://alice:SECRET@feeds.example/private.xml", "https://REDACTED@feeds.example/private.xml"},
		{"a token as the user name", "https://SECRET@feeds.example/private.xml", "https://REDACTED@feeds.example/private.xml"},
		{"an access token in the fragment", "https://x.example/cb#access_token=SECRET&state=1", "https://x.example/cb#access_token=REDACTED&state=1"},
		{"nothing to hide", "https://www.ansa.it/sito/ansait_rss.xml", "https://www.ansa.it/sito/ansait_rss.xml"},
		{"unparsable URL keeps only scheme and host", "https://user:SECRET@feeds.example/%zz?token=SECRET", "https://feeds.example/REDACTED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := RedactURL(tc.in)
			if got != tc.want {
				t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if strings.Contains(got, "SECRET") {
				t.Errorf("the secret survived: %q", got)
			}
		})
	}
}

func TestRedactTextHidesURLsInErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"net/http's *url.Error quotes the URL", `Get "https://news.example/rss?apikey=SECRET": dial tcp: connection refused`,
			`Get "https://news.example/rss?apikey=REDACTED": dial tcp: connection refused`},
		{"our own wrapping: get URL: cause", "get https://news.example/rss?apikey=SECRET: status 500",
			"get https://news.example/rss?apikey=REDACTED: status 500"},
		{"a redirect names two URLs", "redirect from https://a.example/?token=SECRET to http://u:SECRET@b.example/x.",
			"redirect from https://a.example/?token=REDACTED to http://REDACTED@b.example/x."},
		{"text without URLs is unchanged", "XML syntax error on line 3: unexpected EOF", "XML syntax error on line 3: unexpected EOF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := RedactText(tc.in); got != tc.want {
				t.Errorf("RedactText(%q)\n = %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}
