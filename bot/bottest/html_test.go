package bottest

import (
	"strings"
	"testing"
)

func TestParseHTML(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		visible string
		ents    string // "type@offset+length" joined by spaces
		err     string // substring of the error; empty for success
	}{
		{name: "plain text passes through", in: "hello world", visible: "hello world"},
		{name: "bold and italic become entities", in: "<b>NATO</b> and <i>EU</i>", visible: "NATO and EU", ents: "bold@0+4 italic@9+2"},
		{name: "synonyms strong em ins del strike", in: "<strong>a</strong><em>b</em><ins>c</ins><del>d</del><strike>e</strike>", visible: "abcde",
			ents: "bold@0+1 italic@1+1 underline@2+1 strikethrough@3+1 strikethrough@4+1"},
		{name: "link keeps href with entity", in: `<a href="https://x.org/?a=1&amp;b=2">x</a>`, visible: "x", ents: "text_link@0+1"},
		{name: "bare ampersand in href is tolerated", in: `<a href="https://x.org/?a=1&b=2">x</a>`, visible: "x", ents: "text_link@0+1"},
		{name: "escaped characters decode", in: "a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#x27;", visible: `a <b> & "c" 'd'`},
		{name: "entity offsets count UTF-16 units", in: "😀 <b>x</b>", visible: "😀 x", ents: "bold@3+1"},
		{name: "spoiler span and tag", in: `<span class="tg-spoiler">a</span><tg-spoiler>b</tg-spoiler>`, visible: "ab", ents: "spoiler@0+1 spoiler@1+1"},
		{name: "pre with code language is one pre entity", in: `<pre><code class="language-go">x := 1</code></pre>`, visible: "x := 1", ents: "pre@0+6"},
		{name: "expandable blockquote", in: "<blockquote expandable>q</blockquote>", visible: "q", ents: "expandable_blockquote@0+1"},
		{name: "bold nests in link", in: `<a href="https://x.org"><b>x</b></a>`, visible: "x", ents: "text_link@0+1 bold@0+1"},
		{name: "custom emoji", in: `<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, visible: "👍", ents: "custom_emoji@0+2"},
		{name: "tag names are case-insensitive", in: "<B>x</B>", visible: "x", ents: "bold@0+1"},
		{name: "closing tag may be empty", in: "<b>x</>", visible: "x", ents: "bold@0+1"},
		{name: "newlines are text", in: "a\n<b>b</b>\n", visible: "a\nb\n", ents: "bold@2+1"},

		{name: "unsupported tag div", in: "ok <div>x</div>", err: `Unsupported start tag "div" at byte offset 3`},
		{name: "br is not a tag Telegram knows", in: "a<br/>b", err: `Unsupported start tag "br/" at byte offset 1`},
		{name: "unclosed tag", in: "<b>x", err: `Can't find end tag corresponding to start tag "b"`},
		{name: "crossed tags", in: "<b><i>x</b></i>", err: `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{name: "end tag without start", in: "x</b>", err: "Unexpected end tag at byte offset 1"},
		{name: "start tag never closed by >", in: "a <b", err: "Unclosed start tag at byte offset 2"},
		{name: "raw less-than", in: "1 < 2", err: `Unsupported start tag "" at byte offset 2`},
		{name: "raw greater-than", in: "2 > 1", err: `Character ">" must be escaped`},
		{name: "raw ampersand", in: "Tom & Jerry", err: `Character "&" must be escaped as "&amp;" at byte offset 4`},
		{name: "named entity nbsp is not supported", in: "a&nbsp;b", err: `Unsupported HTML entity "&nbsp;" at byte offset 1`},
		{name: "named entity without semicolon", in: "a &amp b", err: `Character "&" must be escaped`},
		{name: "unknown attribute", in: `<b style="x">y</b>`, err: `Unsupported attribute "style" in the tag "b"`},
		{name: "span without spoiler class", in: `<span>y</span>`, err: `Tag "span" must have class "tg-spoiler"`},
		{name: "tag inside code", in: "<code><b>x</b></code>", err: `Tag "b" can't be nested in the tag "code"`},
		{name: "link inside link", in: `<a href="a"><a href="b">x</a></a>`, err: `Tag "a" can't be nested in the tag "a"`},
		{name: "nested blockquote", in: "<blockquote><blockquote>x</blockquote></blockquote>", err: `Tag "blockquote" can't be nested`},
		{name: "unterminated attribute", in: `<a href="x>y</a>`, err: "Unclosed start tag at byte offset 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			visible, ents, err := parseHTML(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("parseHTML(%q) error = %v, want containing %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseHTML(%q): %v", tt.in, err)
			}
			if visible != tt.visible {
				t.Errorf("visible = %q, want %q", visible, tt.visible)
			}
			var got []string
			for _, e := range ents {
				got = append(got, e.Type+"@"+itoa(e.Offset)+"+"+itoa(e.Length))
			}
			if g := strings.Join(got, " "); g != tt.ents {
				t.Errorf("entities = %q, want %q", g, tt.ents)
			}
		})
	}
}

func TestParseHTMLKeepsURLAndLanguage(t *testing.T) {
	_, ents, err := parseHTML(`<a href="https://x.org/?a=1&amp;b=2">x</a><pre><code class="language-go">y</code></pre>`)
	if err != nil {
		t.Fatal(err)
	}
	if ents[0].URL != "https://x.org/?a=1&b=2" {
		t.Errorf("url = %q", ents[0].URL)
	}
	if ents[1].Language != "go" {
		t.Errorf("language = %q", ents[1].Language)
	}
}

func TestCheckText(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		parseMode string
		caption   bool
		want      string // description of the refusal, empty when accepted
	}{
		{name: "4096 multi-byte characters are accepted", text: strings.Repeat("ж", 4096), want: ""},
		{name: "4097 characters are refused", text: strings.Repeat("ж", 4097), want: "Bad Request: message is too long"},
		{name: "tags don't count toward 4096", text: "<b>" + strings.Repeat("€", 4096) + "</b>", parseMode: "HTML"},
		{name: "entities count as one character", text: strings.Repeat("&amp;", 4096), parseMode: "HTML"},
		{name: "4097 visible characters inside tags are refused", text: "<i>" + strings.Repeat("a", 4097) + "</i>", parseMode: "HTML", want: "Bad Request: message is too long"},
		{name: "emoji are one code point each", text: strings.Repeat("😀", 4096)},
		{name: "raw text over 32768 bytes is refused before parsing", text: "<b>" + strings.Repeat("😀", 8192) + "</b>", parseMode: "HTML", want: "Bad Request: text is too long"},
		{name: "empty text", text: "", want: "Bad Request: message text is empty"},
		{name: "only tags is empty", text: "<b> </b>", parseMode: "HTML", want: "Bad Request: message text is empty"},
		{name: "bad HTML", text: "<p>x</p>", parseMode: "HTML", want: `Bad Request: can't parse entities: Unsupported start tag "p" at byte offset 0`},
		{name: "HTML is not parsed without parse_mode", text: "<p>x</p>"},
		{name: "parse_mode is case-insensitive", text: "<p>x</p>", parseMode: "html", want: "Bad Request: can't parse entities"},
		{name: "unknown parse_mode", text: "x", parseMode: "XML", want: "Bad Request: unsupported parse_mode"},
		{name: "invalid UTF-8", text: "a\xffb", want: "Bad Request: text must be encoded in UTF-8"},
		{name: "empty caption is fine", text: "", caption: true},
		{name: "caption over 1024", text: strings.Repeat("a", 1025), caption: true, want: "Bad Request: message caption is too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, bad := checkText(tt.text, tt.parseMode, tt.caption)
			got := ""
			if bad != nil {
				got = bad.res.desc
			}
			if tt.want == "" && got != "" || !strings.HasPrefix(got, tt.want) {
				t.Fatalf("checkText = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCheckMarkup(t *testing.T) {
	tests := []struct {
		name   string
		markup string
		want   string
	}{
		{name: "64-byte callback_data is accepted", markup: `{"inline_keyboard":[[{"text":"x","callback_data":"` + strings.Repeat("a", 64) + `"}]]}`},
		{name: "65-byte callback_data is refused", markup: `{"inline_keyboard":[[{"text":"x","callback_data":"` + strings.Repeat("a", 65) + `"}]]}`, want: "Bad Request: BUTTON_DATA_INVALID"},
		{name: "callback_data counts bytes not characters", markup: `{"inline_keyboard":[[{"text":"x","callback_data":"` + strings.Repeat("ж", 33) + `"}]]}`, want: "Bad Request: BUTTON_DATA_INVALID"},
		{name: "button without action", markup: `{"inline_keyboard":[[{"text":"x"}]]}`, want: "Bad Request: can't parse inline keyboard button"},
		{name: "url button", markup: `{"inline_keyboard":[[{"text":"x","url":"https://x.org"}]]}`},
		{name: "not JSON", markup: `{inline`, want: "Bad Request: can't parse reply keyboard markup JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, bad := checkMarkup(tt.markup)
			got := ""
			if bad != nil {
				got = bad.res.desc
			}
			if tt.want == "" && got != "" || !strings.HasPrefix(got, tt.want) {
				t.Fatalf("checkMarkup = %q, want %q", got, tt.want)
			}
		})
	}
}
