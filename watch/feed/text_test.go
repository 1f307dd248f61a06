package feed

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"a quoted > inside an attribute does not end the tag", `<a href="x>y" title='a>b'>link</a> text`, "link text"},
		{"script and style content is dropped", `a<script type="x">if (a<b) {}</script>b<STYLE>p{}</STYLE>c`, "abc"},
		{"comments are dropped", "a<!-- <b>hidden</b> -->b", "ab"},
		{"an unterminated tag stays as text", "a <b", "a <b"},
		{"br and blocks break lines", "one<br>two<p>three</p><li>four", "one\ntwo\nthree\nfour"},
		{"custom tags are stripped", `<tg-emoji emoji-id="1">⚡</tg-emoji> <o:p>x</o:p>`, "⚡ x"},
		{"double-escaped markup is stripped", "&lt;p&gt;Hello &amp;amp; bye&lt;/p&gt;", "Hello & bye"},
		{"numeric entities are decoded", "&#1053;&#1040;&#1058;&#1054; &#x2014; ok", "НАТО — ok"},
		{"an ampersand that is no entity stays", "AT&T & co", "AT&T & co"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(tt.in); got != tt.want {
				t.Fatalf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"<b>x</b>", "a<script>", "&lt;p&gt;", "<a href='>'>", "<!--", "x<y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := cleanText(s)
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from %q: %q", s, out)
		}
		if strings.Contains(out, "\n\n") {
			t.Fatalf("empty line in %q", out)
		}
		_ = cleanTitle(s)
	})
}
