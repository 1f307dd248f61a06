package feed

import (
	"testing"
	"time"

	"github.com/vedetta/vedetta/watch"
)

// Item conformance: the input shapes miniflux's parser tests cover (github.com/miniflux/v2,
// internal/reader/{rss,atom,rdf,json}/*_test.go, Apache-2.0), and gofeed's translator
// testdata, written again as short inputs of our own. Each case names the test it is
// modelled on. Where Vedetta deliberately differs from miniflux (plain-text output, no
// title made up from a link, no link made up from the site's home page), the case asserts
// Vedetta's documented behaviour and says so.

// want is one item as it must come out. published is RFC 3339 in UTC, "" for the time
// first seen; author "" is not checked unless checkAuthor.
type want struct {
	title, url, text, published, author string
}

type conformanceCase struct {
	name, feedURL, body string
	items               []want
}

func runConformance(t *testing.T, cases []conformanceCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, items, err := parse(t, []byte(tc.body), "", tc.feedURL, firstSeen)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != len(tc.items) {
				t.Fatalf("%d items, want %d: %+v", len(items), len(tc.items), items)
			}
			ids := map[string]bool{}
			for i, w := range tc.items {
				checkItem(t, i, items[i], w)
				if ids[items[i].ID] {
					t.Errorf("item %d: identity %q given twice", i, items[i].ID)
				}
				ids[items[i].ID] = true
			}
		})
	}
}

func checkItem(t *testing.T, i int, it watch.Item, w want) {
	t.Helper()
	if it.Title != w.title {
		t.Errorf("item %d: title %q, want %q", i, it.Title, w.title)
	}
	if it.URL != w.url {
		t.Errorf("item %d: URL %q, want %q", i, it.URL, w.url)
	}
	if it.Text != w.text {
		t.Errorf("item %d: text %q, want %q", i, it.Text, w.text)
	}
	wantTime := firstSeen
	if w.published != "" {
		var err error
		if wantTime, err = time.Parse(time.RFC3339, w.published); err != nil {
			t.Fatal(err)
		}
	}
	if !it.Published.Equal(wantTime) {
		t.Errorf("item %d: published %v, want %v", i, it.Published.UTC(), wantTime.UTC())
	}
	if w.author != "" && it.Author != w.author {
		t.Errorf("item %d: author %q, want %q", i, it.Author, w.author)
	}
	if it.ID == "" {
		t.Errorf("item %d: no identity", i)
	}
}

const (
	nsAtom    = ` xmlns:atom="http://www.w3.org/2005/Atom"`
	nsDC      = ` xmlns:dc="http://purl.org/dc/elements/1.1/"`
	nsContent = ` xmlns:content="http://purl.org/rss/1.0/modules/content/"`
	nsMedia   = ` xmlns:media="http://search.yahoo.com/mrss/"`
	nsItunes  = ` xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"`
	nsGPlay   = ` xmlns:googleplay="http://www.google.com/schemas/play-podcasts/1.0"`
	nsFB      = ` xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"`
)

// rss2 is an RSS 2.0 document with the namespaces ns, the channel link home and the items.
func rss2(ns, home, items string) string {
	return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"` + ns + `><channel><title>Observatory</title><link>` +
		home + `</link>` + items + `</channel></rss>`
}

func TestConformanceRSS(t *testing.T) {
	const home = "https://observatory.example/"
	runConformance(t, []conformanceCase{
		// shape from miniflux internal/reader/rss parser_test TestParseRss2Sample
		{"a sample channel: links, a permalink GUID, escaped HTML, RFC 822 dates", home + "rss.xml",
			rss2("", home, `
<item><title>Comet sighted</title><link>https://observatory.example/news/comet</link>
<description>Astronomers saw it from &lt;a href="https://observatory.example/dome"&gt;the north dome&lt;/a&gt;.</description>
<pubDate>Tue, 03 Jun 2003 09:39:21 GMT</pubDate><guid>https://observatory.example/2003/06/03.html#item573</guid></item>
<item><description>A &lt;a href="https://observatory.example/eclipse"&gt;partial eclipse&lt;/a&gt; on Saturday.</description>
<pubDate>Fri, 30 May 2003 11:06:42 GMT</pubDate><guid>https://observatory.example/2003/05/30.html#item572</guid></item>`),
			[]want{
				{"Comet sighted", "https://observatory.example/news/comet", "Astronomers saw it from the north dome.", "2003-06-03T09:39:21Z", ""},
				{"", "https://observatory.example/2003/05/30.html#item572", "A partial eclipse on Saturday.", "2003-05-30T11:06:42Z", ""},
			}},
		// shape from TestParseEntryWithoutTitleAndDescription. Vedetta keeps the title
		// empty (the digest shows the text or the link), where miniflux writes the URL.
		{"an item with only a link", home, rss2("", home, `<item><link>https://observatory.example/item</link></item>`),
			[]want{{"", "https://observatory.example/item", "", "", ""}}},
		// shape from TestParseEntryWithoutTitleButWithDescription
		{"an item without a title keeps its description as text", home,
			rss2("", home, `<item><link>https://observatory.example/item</link><description>
			This is the description
		</description></item>`),
			[]want{{"", "https://observatory.example/item", "This is the description", "", ""}}},
		// shape from TestParseEntryWithMediaTitle
		{"media:title does not replace the title", home,
			rss2(nsMedia, home, `<item><title>Entry Title</title><link>https://observatory.example/item</link><media:title>Media Title</media:title></item>`),
			[]want{{"Entry Title", "https://observatory.example/item", "", "", ""}}},
		// shape from TestParseEntryWithDCTitleOnly
		{"dc:title is the title when there is no title", home,
			rss2(nsDC, home, `<item><dc:title>Entry Title</dc:title><link>https://observatory.example/item</link></item>`),
			[]want{{"Entry Title", "https://observatory.example/item", "", "", ""}}},
		// shape from TestParseEntryWithoutLink. miniflux links such an item to the site's
		// home page; Vedetta gives no link rather than one to another page.
		{"a GUID that is not a permalink gives no link", home,
			rss2("", home, `<item><guid isPermaLink="false">1234</guid><title>No link</title></item>`),
			[]want{{"No link", "", "", "", ""}}},
		// shape from TestParseEntryWithOnlyGuidPermalink
		{"a GUID is the link when isPermaLink is true or absent", home,
			rss2("", home, `<item><guid isPermaLink="true">https://observatory.example/some-article.html</guid></item>
<item><guid>https://observatory.example/another-article.html</guid></item>`),
			[]want{{"", "https://observatory.example/some-article.html", "", "", ""}, {"", "https://observatory.example/another-article.html", "", "", ""}}},
		// shape from TestParseEntryWithAtomLink
		{"atom:link is the link when <link> is missing", home,
			rss2(nsAtom, home, `<item><title>Test</title><atom:link href="https://observatory.example/item" /></item>`),
			[]want{{"Test", "https://observatory.example/item", "", "", ""}}},
		// shape from TestParseEntryWithMultipleAtomLinks
		{"of several atom:links the alternate one is the link", home,
			rss2(nsAtom, home, `<item><title>Test</title><atom:link rel="payment" href="https://observatory.example/a" /><atom:link rel="alternate" href="https://observatory.example/b" /></item>`),
			[]want{{"Test", "https://observatory.example/b", "", "", ""}}},
		// shapes from TestParseEntryWithAuthorAndInnerHTML, ...AndCDATA, ...AtomAuthorEmail,
		// ...AtomAuthorName, ...DublinCoreAuthor, ...ItunesAuthor, ...GooglePlayAuthor
		{"authors in every shape", home,
			rss2(nsAtom+nsDC+nsItunes+nsGPlay, home, `
<item><title>1</title><link>https://observatory.example/1</link><author>by <a href="/author/foobar">Foo Bar</a></author></item>
<item><title>2</title><link>https://observatory.example/2</link><author>
	<![CDATA[by Foo Bar]]>
</author></item>
<item><title>3</title><link>https://observatory.example/3</link><atom:author><email>author@observatory.example</email></atom:author></item>
<item><title>4</title><link>https://observatory.example/4</link><atom:author><name>Foo Bar</name></atom:author></item>
<item><title>5</title><link>https://observatory.example/5</link><dc:creator>Me (me@observatory.example)</dc:creator></item>
<item><title>6</title><link>https://observatory.example/6</link><itunes:author>Someone</itunes:author></item>
<item><title>7</title><link>https://observatory.example/7</link><googleplay:author>Someone Else</googleplay:author></item>`),
			[]want{
				{"1", "https://observatory.example/1", "", "", "by Foo Bar"},
				{"2", "https://observatory.example/2", "", "", "by Foo Bar"},
				{"3", "https://observatory.example/3", "", "", "author@observatory.example"},
				{"4", "https://observatory.example/4", "", "", "Foo Bar"},
				// Vedetta shows the name of "name (email)"; miniflux the whole text
				{"5", "https://observatory.example/5", "", "", "Me"},
				{"6", "https://observatory.example/6", "", "", "Someone"},
				{"7", "https://observatory.example/7", "", "", "Someone Else"},
			}},
		// shape from TestParseFeedWithManagingEditor, TestParseFeedWithItunesAuthor: the
		// channel's author applies to its items
		{"the channel's managing editor is the author of items without one", home,
			`<rss version="2.0"><channel><title>T</title><link>` + home + `</link><webMaster>webmaster@observatory.example</webMaster><managingEditor>editor@observatory.example</managingEditor>
<item><title>Test</title><link>https://observatory.example/item</link></item></channel></rss>`,
			[]want{{"Test", "https://observatory.example/item", "", "", "editor@observatory.example"}}},
		{"the channel's iTunes author is the author of items without one", home,
			rss2(nsItunes, home, `<itunes:author>Someone</itunes:author><item><title>Test</title><link>https://observatory.example/item</link></item>`),
			[]want{{"Test", "https://observatory.example/item", "", "", "Someone"}}},
		// shape from TestParseFeedWithWebmaster: miniflux takes the webMaster for the author;
		// RSS 2.0 says it is the person "responsible for technical issues", and Vedetta does not
		{"a webmaster is not an author", home,
			`<rss version="2.0"><channel><title>T</title><link>` + home + `</link><webMaster>webmaster@observatory.example</webMaster>
<item><title>Test</title><link>https://observatory.example/item</link></item></channel></rss>`,
			[]want{{"Test", "https://observatory.example/item", "", "", ""}}},
		// shape from TestParseEntryWithDublinCoreDate
		{"dc:date is the date", home,
			rss2(nsDC, home, `<item><title>Item 1</title><link>https://observatory.example/item1</link><guid isPermaLink="false">UUID</guid><dc:date>2002-09-29T23:40:06-05:00</dc:date></item>`),
			[]want{{"Item 1", "https://observatory.example/item1", "", "2002-09-30T04:40:06Z", ""}}},
		// shape from TestParseEntryWithContentEncoded. Vedetta reads the description first
		// (the summary a chat needs), content:encoded when there is none.
		{"content:encoded is the text when there is no description", home,
			rss2(nsContent, home, `
<item><title>1</title><link>https://observatory.example/1</link><description>Description.</description><content:encoded><![CDATA[<p><a href="https://observatory.example/">Example</a>.</p>]]></content:encoded></item>
<item><title>2</title><link>https://observatory.example/2</link><content:encoded><![CDATA[<p><a href="https://observatory.example/">Example</a>.</p>]]></content:encoded></item>`),
			[]want{{"1", "https://observatory.example/1", "Description.", "", ""}, {"2", "https://observatory.example/2", "Example.", "", ""}}},
		// shapes from TestParseEntryDescriptionWithEncodedHTMLTags, ...WithDescriptionWithHTMLCDATA,
		// ...WithEncodingAngleBracketsInText, ...WithinCDATASection (rssboard.org encoding examples)
		{"the four ways to encode a description", home,
			rss2("", home, `
<item><title>1</title><link>https://observatory.example/1</link><description>this is &lt;b&gt;bold&lt;/b&gt;</description></item>
<item><title>2</title><link>https://observatory.example/2</link><description><![CDATA[this is <b>bold</b>]]></description></item>
<item><title>3</title><link>https://observatory.example/3</link><description>5 &amp;lt; 8, ticker symbol &amp;lt;BIGCO&amp;gt;</description></item>
<item><title>4</title><link>https://observatory.example/4</link><description><![CDATA[5 &lt; 8, ticker symbol &lt;BIGCO&gt;]]></description></item>`),
			[]want{
				{"1", "https://observatory.example/1", "this is bold", "", ""},
				{"2", "https://observatory.example/2", "this is bold", "", ""},
				{"3", "https://observatory.example/3", "5 < 8, ticker symbol <BIGCO>", "", ""},
				{"4", "https://observatory.example/4", "5 < 8, ticker symbol <BIGCO>", "", ""},
			}},
		// shape from TestParseEntryWithFeedBurnerLink
		{"feedburner:origLink is the link, not the proxy's", home,
			rss2(nsFB, home, `<item><title>Item 1</title><link>https://feeds.example/~r/observatory/~3/abc/</link><feedburner:origLink>https://observatory.example/original</feedburner:origLink></item>`),
			[]want{{"Item 1", "https://observatory.example/original", "", "", ""}}},
		// shape from TestParseEntryTitleWithWhitespaces
		{"whitespace around a title goes", home,
			rss2("", home, `<item><title>
				Some Title
			</title><link>https://observatory.example/entries/1</link><pubDate>Fri, 15 Jul 2005 00:00:00 -0500</pubDate></item>`),
			[]want{{"Some Title", "https://observatory.example/entries/1", "", "2005-07-15T05:00:00Z", ""}}},
		// shapes from TestParseEntryWithEnclosures, TestParseEntryWithEmptyEnclosureURL,
		// TestParseEntryWithIncorrectEnclosureLength
		{"items with enclosures keep their link", home,
			rss2("", home, `
<item><title>Podcasting</title><link>https://observatory.example/entries/1</link><description>An overview</description><guid isPermaLink="true">https://observatory.example/entries/1</guid><enclosure url="https://observatory.example/a.mp3" length="12345" type="audio/mpeg" /></item>
<item><title>Empty</title><link>https://observatory.example/entries/2</link><enclosure url="" length="0"/></item>
<item><title>Bad length</title><link>https://observatory.example/entries/3</link><enclosure url="https://observatory.example/b.mp3" length="invalid" type="audio/mpeg" /></item>`),
			[]want{
				{"Podcasting", "https://observatory.example/entries/1", "An overview", "", ""},
				{"Empty", "https://observatory.example/entries/2", "", "", ""},
				{"Bad length", "https://observatory.example/entries/3", "", "", ""},
			}},
		// shape from gofeed testdata translator/rss feed_item_enclosure: an item whose only
		// address is its enclosure is linked to it
		{"an enclosure-only item is linked to its enclosure", home,
			rss2("", home, `<item><title>Episode 12</title><enclosure url="https://cdn.observatory.example/ep12.mp3" length="1" type="audio/mpeg"/></item>
<item><title>Episode 13</title><enclosure url="https://cdn.observatory.example/ep13.mp3" length="1" type="audio/mpeg"/></item>`),
			[]want{{"Episode 12", "https://cdn.observatory.example/ep12.mp3", "", "", ""}, {"Episode 13", "https://cdn.observatory.example/ep13.mp3", "", "", ""}}},
		// shape from TestParseEntryWithRelativeURL
		{"a relative link is resolved", home,
			rss2("", home, `<item><link>item.html</link></item>`),
			[]want{{"", "https://observatory.example/item.html", "", "", ""}}},
		// shape from miniflux internal/reader/rdf TestParseItemRelativeURL, in RSS 2.0: RSS
		// defines no base, and its <link> is "the URL to the HTML website corresponding to
		// the channel": a relative item link is relative to it, not to a feed proxy
		{"a relative link is resolved against the channel's site", "https://feeds.example/observatory",
			rss2("", home, `<item><title>T</title><link>/news/item.html</link></item>`),
			[]want{{"T", "https://observatory.example/news/item.html", "", "", ""}}},
		{"xml:base wins over the channel's site", "https://feeds.example/observatory",
			`<rss version="2.0" xml:base="https://observatory.example/blog/"><channel><title>T</title><link>https://observatory.example/</link><item><title>T</title><link>post.html</link></item></channel></rss>`,
			[]want{{"T", "https://observatory.example/blog/post.html", "", "", ""}}},
		// shapes from TestParseItemTitleWithHTMLEntity, ...NumericCharacterReference,
		// ...DoubleEncodedEntities, TestParseFeedTitleWithUnicodeEntityAndCdata
		{"character references in titles", home,
			rss2("", home, `
<item><title>&lt;/example&gt;</title><link>https://observatory.example/1</link></item>
<item><title>&#931; &#xDF;</title><link>https://observatory.example/2</link></item>
<item><title>&amp;#39;Text&amp;#39;</title><link>https://observatory.example/3</link></item>
<item><title><![CDATA[Jenny&#8217;s Newsletter]]></title><link>https://observatory.example/4</link></item>
<item><title>Example &nbsp; Feed</title><link>https://observatory.example/5</link></item>`),
			[]want{
				{"</example>", "https://observatory.example/1", "", "", ""},
				{"Σ ß", "https://observatory.example/2", "", "", ""},
				{"'Text'", "https://observatory.example/3", "", "", ""},
				{"Jenny’s Newsletter", "https://observatory.example/4", "", "", ""},
				// Vedetta collapses every run of white space, no-break spaces too
				{"Example Feed", "https://observatory.example/5", "", "", ""},
			}},
		// shapes from TestEntryDescriptionFromItunesSummary, ...ItunesSubtitle,
		// ...GooglePlayDescription, TestParseEntryWithRSSDescriptionAndMediaDescription
		{"podcast summaries are the text when there is no description", home,
			rss2(nsItunes+nsGPlay+nsMedia, home, `
<item><title>1</title><guid>https://observatory.example/1.m4a</guid><pubDate>Tue, 08 Mar 2016 12:00:00 GMT</pubDate><itunes:subtitle>Episode Subtitle</itunes:subtitle><itunes:summary>Episode Summary</itunes:summary></item>
<item><title>2</title><guid>https://observatory.example/2.m4a</guid><itunes:subtitle>Episode Subtitle</itunes:subtitle></item>
<item><title>3</title><guid>https://observatory.example/3.m4a</guid><itunes:subtitle>Episode Subtitle</itunes:subtitle><googleplay:description>Episode Description</googleplay:description></item>
<item><title>4</title><link>https://observatory.example/4</link><description>Entry Description</description><media:description type="plain">Media Description</media:description></item>
<item><title>5</title><link>https://observatory.example/5</link><media:description type="plain">Media Description</media:description></item>`),
			[]want{
				{"1", "https://observatory.example/1.m4a", "Episode Summary", "2016-03-08T12:00:00Z", ""},
				{"2", "https://observatory.example/2.m4a", "Episode Subtitle", "", ""},
				{"3", "https://observatory.example/3.m4a", "Episode Description", "", ""},
				{"4", "https://observatory.example/4", "Entry Description", "", ""},
				{"5", "https://observatory.example/5", "Media Description", "", ""},
			}},
		// shape from gofeed testdata translator/rss feed_item_published_-_rss_channel_item_published_atom
		{"atom:published and atom:updated date an RSS item without pubDate", home,
			rss2(nsAtom, home, `<item><title>A</title><link>https://observatory.example/a</link><atom:published>2023-11-16T10:00:00+01:00</atom:published></item>
<item><title>B</title><link>https://observatory.example/b</link><atom:updated>2023-11-16T11:00:00+01:00</atom:updated></item>`),
			[]want{{"A", "https://observatory.example/a", "", "2023-11-16T09:00:00Z", ""}, {"B", "https://observatory.example/b", "", "2023-11-16T10:00:00Z", ""}}},
	})
}

// atom10 is an Atom 1.0 document around the entries.
func atom10(home, entries string) string {
	return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Example Feed</title><link href="` +
		home + `"/><id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>` + entries + `</feed>`
}

func TestConformanceAtom(t *testing.T) {
	const home = "https://atom.example/"
	runConformance(t, []conformanceCase{
		// shape from miniflux internal/reader/atom atom_10_test TestParseAtomSample
		{"a sample entry", "https://atom.example/feed.xml",
			`<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Feed</title><link href="https://atom.example/"/><updated>2003-12-13T18:30:02Z</updated><author><name>John Doe</name></author><id>urn:uuid:60a76c80</id>
<entry><title>Atom-Powered Robots Run Amok</title><link href="https://atom.example/2003/12/13/atom03"/><id>urn:uuid:1225c695</id><updated>2003-12-13T18:30:02Z</updated><summary>Some text.</summary></entry></feed>`,
			[]want{{"Atom-Powered Robots Run Amok", "https://atom.example/2003/12/13/atom03", "Some text.", "2003-12-13T18:30:02Z", "John Doe"}}},
		// shapes from TestParseEntryWithoutTitleButWithURL, ...WithSummary, ...WithXHTMLContent
		{"entries without a title", home, atom10(home, `
<entry><link href="https://atom.example/1"/><id>urn:1</id><updated>2003-12-13T18:30:02Z</updated></entry>
<entry><link href="https://atom.example/2"/><id>urn:2</id><updated>2003-12-13T18:30:02Z</updated><summary>Some text.</summary></entry>
<entry><link href="https://atom.example/3"/><id>urn:3</id><updated>2003-12-13T18:30:02Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">AT&amp;T bought <b>by SBC</b>!</div></content></entry>`),
			[]want{
				{"", "https://atom.example/1", "", "2003-12-13T18:30:02Z", ""},
				{"", "https://atom.example/2", "Some text.", "2003-12-13T18:30:02Z", ""},
				{"", "https://atom.example/3", "AT&T bought by SBC!", "2003-12-13T18:30:02Z", ""},
			}},
		// shape from TestParseFeedWithRelativeSiteURL
		{"relative links against the document", "https://atom.example/",
			`<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Feed</title><link href="/blog/atom.xml" rel="self"/><link href="/blog "/>
<entry><title>Test</title><link href="/blog/article.html"/><link href="/blog/article.html" rel="alternate" type="text/html"/><id>/blog/article.html</id><updated>2003-12-13T18:30:02Z</updated><summary>Some text.</summary></entry></feed>`,
			[]want{{"Test", "https://atom.example/blog/article.html", "Some text.", "2003-12-13T18:30:02Z", ""}}},
		// shape from TestParseEntryWithRelativeURL. RFC 4287 §4.2.7.1 and XML Base resolve
		// against xml:base, else the document's own URL (RFC 3986 §5.1.3); miniflux takes the
		// feed's alternate link instead. Vedetta follows the RFCs here.
		{"a relative entry link, against the document's URL", "https://feeds.atom.example/",
			atom10("https://atom.example/", `<entry><title>Test</title><link href="something.html"/><id>urn:1</id><updated>2003-12-13T18:30:02Z</updated></entry>`),
			[]want{{"Test", "https://feeds.atom.example/something.html", "", "2003-12-13T18:30:02Z", ""}}},
		{"a relative entry link, against xml:base", "https://feeds.atom.example/",
			`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/blog/"><title>T</title><entry xml:base="2024/"><title>Test</title><link href="post.html"/><id>urn:1</id></entry></feed>`,
			[]want{{"Test", "https://atom.example/blog/2024/post.html", "", "", ""}}},
		// shapes from TestParseEntryURLWithTextHTMLType, ...WithNoRelAndNoType, ...WithAlternateRel
		{"the entry's link with a type, with no rel, with rel=alternate", home, atom10(home, `
<entry><title>1</title><link href="https://atom.example/1.html" type="text/html"/><id>urn:1</id></entry>
<entry><title>2</title><link href="https://atom.example/2.html"/><id>urn:2</id></entry>
<entry><title>3</title><link rel="replies" href="https://atom.example/3/comments"/><link href="https://atom.example/3.html" rel="alternate"/><id>urn:3</id></entry>
<entry><title>4</title><link rel="enclosure" type="audio/mpeg" href="https://atom.example/4.mp3" length="1234"/><link href="https://atom.example/4.html"/><id>urn:4</id></entry>`),
			[]want{
				{"1", "https://atom.example/1.html", "", "", ""},
				{"2", "https://atom.example/2.html", "", "", ""},
				{"3", "https://atom.example/3.html", "", "", ""},
				{"4", "https://atom.example/4.html", "", "", ""},
			}},
		// shapes from TestParseEntryTitleWithWhitespaces, TestParseEntryWithPlainTextTitle,
		// TestParseEntryWithHTMLTitle (Vedetta strips the <code> markup it shows as plain text),
		// TestParseEntryWithXHTMLTitle, ...EmptyXHTMLTitle, ...XHTMLTitleWithoutDiv,
		// ...NumericCharacterReferenceTitle
		{"titles of every type", home, atom10(home, `
<entry><title>
	Some Title
</title><link href="https://atom.example/1"/><id>urn:1</id></entry>
<entry><title type="text">AT&amp;T bought by SBC!</title><link href="https://atom.example/2"/><id>urn:2</id></entry>
<entry><title type="html">&lt;code&gt;Code&lt;/code&gt; Test</title><link href="https://atom.example/3"/><id>urn:3</id></entry>
<entry><title type="html"><![CDATA[Test with &#8220;unicode quote&#8221;]]></title><link href="https://atom.example/4"/><id>urn:4</id></entry>
<entry><title>
	<![CDATA[Entry title with space around CDATA]]>
</title><link href="https://atom.example/5"/><id>urn:5</id></entry>
<entry><title type="html"><![CDATA[Test with self-closing &lt;tag&gt;]]></title><link href="https://atom.example/6"/><id>urn:6</id></entry>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
	This is <b>XHTML</b> content.
</div></title><link href="https://atom.example/7"/><id>urn:7</id></entry>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"/></title><link href="https://atom.example/8"/><id>urn:8</id></entry>
<entry><title type="xhtml">
	test
</title><link href="https://atom.example/9"/><id>urn:9</id></entry>
<entry><title>&#931; &#xDF;</title><link href="https://atom.example/10"/><id>urn:10</id></entry>`),
			[]want{
				{"Some Title", "https://atom.example/1", "", "", ""},
				{"AT&T bought by SBC!", "https://atom.example/2", "", "", ""},
				{"Code Test", "https://atom.example/3", "", "", ""},
				{"Test with “unicode quote”", "https://atom.example/4", "", "", ""},
				{"Entry title with space around CDATA", "https://atom.example/5", "", "", ""},
				{"Test with self-closing <tag>", "https://atom.example/6", "", "", ""},
				{"This is XHTML content.", "https://atom.example/7", "", "", ""},
				{"", "https://atom.example/8", "", "", ""},
				{"test", "https://atom.example/9", "", "", ""},
				{"Σ ß", "https://atom.example/10", "", "", ""},
			}},
		// shape from TestParseEntryWithDoubleEncodedEntitiesTitle: a text title whose text is
		// "&#39;AT&amp;T&#39;". miniflux keeps the references; Vedetta decodes them once more,
		// as double-escaping is far more common than a title about HTML references.
		{"a double-escaped text title", home, atom10(home, `<entry><title>&amp;#39;AT&amp;amp;T&amp;#39;</title><link href="https://atom.example/1"/><id>urn:1</id></entry>`),
			[]want{{"'AT&T'", "https://atom.example/1", "", "", ""}}},
		// shapes from TestParseEntryWithXHTMLSummary, ...HTMLSummary, ...TextSummary,
		// ...TextContent, ...HTMLContent, ...XHTMLContent
		{"summaries and contents of every type", home, atom10(home, `
<entry><title>1</title><link href="https://atom.example/1"/><id>urn:1</id><summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Test: <code>std::unique_ptr&lt;S&gt;</code></p></div></summary></entry>
<entry><title>2</title><link href="https://atom.example/2"/><id>urn:2</id><summary type="html">&lt;code&gt;std::unique_ptr&amp;lt;S&amp;gt; myvar;&lt;/code&gt;</summary></entry>
<entry><title>3</title><link href="https://atom.example/3"/><id>urn:3</id><summary type="text/html">&lt;code&gt;std::unique_ptr&amp;lt;S&amp;gt; myvar;&lt;/code&gt;</summary></entry>
<entry><title>4</title><link href="https://atom.example/4"/><id>urn:4</id><summary type="html"><![CDATA[<code>std::unique_ptr&lt;S&gt; myvar;</code>]]></summary></entry>
<entry><title>5</title><link href="https://atom.example/5"/><id>urn:5</id><summary>AT&amp;T &lt;S&gt;</summary></entry>
<entry><title>6</title><link href="https://atom.example/6"/><id>urn:6</id><summary type="text">AT&amp;T &lt;S&gt;</summary></entry>
<entry><title>7</title><link href="https://atom.example/7"/><id>urn:7</id><summary type="text/plain">AT&amp;T &lt;S&gt;</summary></entry>
<entry><title>8</title><link href="https://atom.example/8"/><id>urn:8</id><summary type="text"><![CDATA[AT&T <S>]]></summary></entry>
<entry><title>9</title><link href="https://atom.example/9"/><id>urn:9</id><content>AT&amp;T &lt;strong&gt;Strong Element&lt;/strong&gt;</content></entry>
<entry><title>10</title><link href="https://atom.example/10"/><id>urn:10</id><content><![CDATA[AT&T <strong>Strong Element</strong>]]></content></entry>
<entry><title>11</title><link href="https://atom.example/11"/><id>urn:11</id><content type="html">AT&amp;amp;T bought &lt;b&gt;by SBC&lt;/b&gt;!</content></entry>
<entry><title>12</title><link href="https://atom.example/12"/><id>urn:12</id><content type="html"><![CDATA[AT&amp;T bought <b>by SBC</b>!]]></content></entry>
<entry><title>13</title><link href="https://atom.example/13"/><id>urn:13</id><content type="xhtml">
	<div xmlns="http://www.w3.org/1999/xhtml">AT&amp;T bought <b>by SBC</b>!</div>
</content></entry>`),
			[]want{
				{"1", "https://atom.example/1", "Test: std::unique_ptr<S>", "", ""},
				{"2", "https://atom.example/2", "std::unique_ptr<S> myvar;", "", ""},
				{"3", "https://atom.example/3", "std::unique_ptr<S> myvar;", "", ""},
				{"4", "https://atom.example/4", "std::unique_ptr<S> myvar;", "", ""},
				{"5", "https://atom.example/5", "AT&T <S>", "", ""},
				{"6", "https://atom.example/6", "AT&T <S>", "", ""},
				{"7", "https://atom.example/7", "AT&T <S>", "", ""},
				{"8", "https://atom.example/8", "AT&T <S>", "", ""},
				// type="text" (the default): the markup is the text itself (RFC 4287 §3.1.1.1)
				{"9", "https://atom.example/9", "AT&T <strong>Strong Element</strong>", "", ""},
				{"10", "https://atom.example/10", "AT&T <strong>Strong Element</strong>", "", ""},
				{"11", "https://atom.example/11", "AT&T bought by SBC!", "", ""},
				{"12", "https://atom.example/12", "AT&T bought by SBC!", "", ""},
				{"13", "https://atom.example/13", "AT&T bought by SBC!", "", ""},
			}},
		// shapes from TestParseEntryWithAuthorName, ...WithoutAuthorName, ...MultipleAuthors,
		// TestParseFeedWithEntryWithoutAuthor (RFC 4287 §4.2.1: the feed's authors apply to
		// entries without their own)
		{"authors", home, `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><author><name>John Doe</name></author>
<entry><title>1</title><link href="https://atom.example/1"/><id>urn:1</id><author><name>Me</name><email>me@localhost</email></author></entry>
<entry><title>2</title><link href="https://atom.example/2"/><id>urn:2</id><author><name/><email>me@localhost</email></author></entry>
<entry><title>3</title><link href="https://atom.example/3"/><id>urn:3</id><author><name>Alice</name></author><author><name>Bob</name></author></entry>
<entry><title>4</title><link href="https://atom.example/4"/><id>urn:4</id></entry></feed>`,
			[]want{
				{"1", "https://atom.example/1", "", "", "Me"},
				{"2", "https://atom.example/2", "", "", "me@localhost"},
				{"3", "https://atom.example/3", "", "", "Alice, Bob"},
				{"4", "https://atom.example/4", "", "", "John Doe"},
			}},
		// shapes from TestParseEntryWithPublished, ...PublishedAndUpdated
		{"published wins over updated", home, atom10(home, `
<entry><title>1</title><link href="https://atom.example/1"/><id>urn:1</id><published>2003-12-13T18:30:02Z</published></entry>
<entry><title>2</title><link href="https://atom.example/2"/><id>urn:2</id><published>2002-11-12T18:30:02Z</published><updated>2003-12-13T18:30:02Z</updated></entry>`),
			[]want{{"1", "https://atom.example/1", "", "2003-12-13T18:30:02Z", ""}, {"2", "https://atom.example/2", "", "2002-11-12T18:30:02Z", ""}}},
		// shape from TestParseEntryWithIDAsURL. miniflux links a mailto: id to the site's home
		// page; Vedetta gives no link.
		{"an http id is the link of an entry without one", home, atom10(home, `
<entry><title>1</title><id>https://atom.example/entries/1</id></entry>
<entry><title>2</title><id>mailto:john.doe@atom.example</id></entry>`),
			[]want{{"1", "https://atom.example/entries/1", "", "", ""}, {"2", "", "", "", ""}}},
		// shapes from miniflux atom_03_test and gofeed testdata translator/atom *atom03*
		{"Atom 0.3: issued, modified, escaped content", "https://atom.example/feed03",
			`<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Feed 0.3</title><link rel="alternate" type="text/html" href="https://atom.example/"/>
<entry><title>1</title><link rel="alternate" type="text/html" href="https://atom.example/1"/><id>tag:atom.example,2003:1</id><issued>2003-12-13T08:29:29-04:00</issued><modified>2003-12-13T18:30:02Z</modified><summary>Some text.</summary></entry>
<entry><title>2</title><link rel="alternate" type="text/html" href="https://atom.example/2"/><id>tag:atom.example,2003:2</id><modified>2003-12-13T18:30:02Z</modified><content type="text/html" mode="escaped">&lt;p&gt;Escaped &amp;amp; HTML&lt;/p&gt;</content></entry>
<entry><title>3</title><link rel="alternate" type="text/html" href="https://atom.example/3"/><id>tag:atom.example,2003:3</id><issued>Thu, 01 Jan 2004 19:48:21 GMT</issued><content type="text/html" mode="escaped">&lt;p&gt;Third&lt;/p&gt;</content></entry></feed>`,
			[]want{
				{"1", "https://atom.example/1", "Some text.", "2003-12-13T12:29:29Z", ""},
				{"2", "https://atom.example/2", "Escaped & HTML", "2003-12-13T18:30:02Z", ""},
				{"3", "https://atom.example/3", "Third", "2004-01-01T19:48:21Z", ""},
			}},
	})
}

// rdf10 is an RSS 1.0 (RDF) document; its items stand beside the channel.
func rdf10(channel, items string) string {
	return `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">` +
		channel + items + `</rdf:RDF>`
}

func TestConformanceRDF(t *testing.T) {
	const channel = `<channel rdf:about="https://rdf.example/news.rss"><title>RDF news</title><link>https://rdf.example/pub</link><description>News</description></channel>`
	runConformance(t, []conformanceCase{
		// shape from miniflux internal/reader/rdf parser_test TestParseRDFSample, TestParseItemWithoutDate
		{"a sample document; no date means first seen", "https://rdf.example/pub/rdf.xml", rdf10(channel, `
<item rdf:about="https://rdf.example/pub/2000/08/09/xslt.html"><title>Processing Inclusions with XSLT</title><link>https://rdf.example/pub/2000/08/09/xslt.html</link><description>
	Processing document inclusions with general XML tools can be problematic.
</description></item>
<item rdf:about="https://rdf.example/pub/2000/08/09/rdfdb.html"><title>Putting RDF to Work</title><link>https://rdf.example/pub/2000/08/09/rdfdb.html</link><description>Tool and API support.</description></item>`),
			[]want{
				{"Processing Inclusions with XSLT", "https://rdf.example/pub/2000/08/09/xslt.html", "Processing document inclusions with general XML tools can be problematic.", "", ""},
				{"Putting RDF to Work", "https://rdf.example/pub/2000/08/09/rdfdb.html", "Tool and API support.", "", ""},
			}},
		// shapes from TestParseRDFSampleWithDublinCore, TestParseItemWithOnlyFeedAuthor,
		// TestParseItemWithDublicCoreDate, TestParseItemWithEncodedHTMLInDCCreatorField
		{"Dublin Core description, creator and date", "https://rdf.example/feed.rdf",
			rdf10(`<channel rdf:about="https://rdf.example/"><title>Meerkat</title><link>https://rdf.example/</link><dc:creator>Rael (mailto:rael@rdf.example)</dc:creator></channel>`, `
<item rdf:about="https://rdf.example/click?r123"><title>XML: A Disruptive Technology</title><link>https://rdf.example/click?r123</link><dc:description>
	XML is placing heavy loads on the Internet.
</dc:description><dc:creator>Simon (mailto:simon@rdf.example)</dc:creator><dc:date>2018-04-10T05:00:00+00:00</dc:date></item>
<item><title>2</title><link>https://rdf.example/2</link><description>Test</description></item>
<item><title>3</title><link>https://rdf.example/3</link><description>Test</description><dc:creator>&lt;a href=&quot;https://rdf.example/a1&quot;&gt;Author 1&lt;/a&gt; (University 1), &lt;a href=&quot;https://rdf.example/a2&quot;&gt;Author 2&lt;/a&gt; (University 2)</dc:creator></item>`),
			[]want{
				// Vedetta shows the name of "name (email)"; miniflux the whole text
				{"XML: A Disruptive Technology", "https://rdf.example/click?r123", "XML is placing heavy loads on the Internet.", "2018-04-10T05:00:00Z", "Simon"},
				{"2", "https://rdf.example/2", "Test", "", "Rael"},
				{"3", "https://rdf.example/3", "Test", "", "Author 1 (University 1), Author 2 (University 2)"},
			}},
		// shape from TestParseItemRelativeURL: RSS 1.0 defines no base; the channel's link
		// is the site the items belong to
		{"a relative item link is resolved against the channel's site", "https://feeds.rdf.example/x",
			rdf10(`<channel><title>Example</title><link>https://rdf.example</link></channel>`, `<item><title>Title</title><description>Test</description><link>something.html</link></item>`),
			[]want{{"Title", "https://rdf.example/something.html", "Test", "", ""}}},
		// shape from TestParseItemWithoutLink: RSS 1.0 says an item's rdf:about "should be
		// identical to the value of the <link>"; it is the link when there is none (miniflux
		// links the site's home page instead)
		{"rdf:about is the link of an item without one", "https://rdf.example/feed",
			rdf10(channel, `<item rdf:about="https://rdf.example/click?r9"><title>Title</title><description>Test</description></item>`),
			[]want{{"Title", "https://rdf.example/click?r9", "Test", "", ""}}},
		// shapes from TestParseItemWithEncodedHTMLTitle, TestParseFeedWithURLWrappedInSpaces
		{"an escaped title and a link wrapped in spaces", "https://rdf.example/feed",
			rdf10(channel, `<item><title>AT&amp;amp;T</title><description>Test</description><link>https://rdf.example/test.html</link></item>
<item rdf:about="https://rdf.example/857789v1?rss=1"><title>
	<![CDATA[
	Microscale Collagen and Fibroblast Interactions
	]]>
</title><link>
	https://rdf.example/857789v1?rss=1
</link><description><![CDATA[
	Human liver models <b>in 3D</b>.
]]></description><dc:date>2019-11-27</dc:date></item>`),
			[]want{
				{"AT&T", "https://rdf.example/test.html", "Test", "", ""},
				{"Microscale Collagen and Fibroblast Interactions", "https://rdf.example/857789v1?rss=1", "Human liver models in 3D.", "2019-11-27T00:00:00Z", ""},
			}},
		// shape from gofeed testdata translator/rss feed_item_content_* in RDF: content:encoded
		{"content:encoded in RSS 1.0", "https://rdf.example/feed",
			rdf10(channel, `<item rdf:about="https://rdf.example/c"><title>C</title><link>https://rdf.example/c</link><content:encoded><![CDATA[<p>Full <em>text</em></p>]]></content:encoded></item>`),
			[]want{{"C", "https://rdf.example/c", "Full text", "", ""}}},
	})
}

func TestConformanceJSONFeed(t *testing.T) {
	const head = `"version": "https://jsonfeed.org/version/1.1", "title": "My Example Feed", "home_page_url": "https://json.example/", "feed_url": "https://json.example/feed.json"`
	doc := func(rest string) string { return "{" + head + "," + rest + "}" }
	runConformance(t, []conformanceCase{
		// shape from miniflux internal/reader/json parser_test TestParseJsonFeedVersion1
		{"content_text and content_html", "https://json.example/feed.json", doc(`"items": [
	{"id": "2", "content_text": "This is a second item.", "url": "https://json.example/second-item"},
	{"id": "1", "content_html": "<p>Hello, world!</p>", "url": "https://json.example/initial-post"}]`),
			[]want{{"", "https://json.example/second-item", "This is a second item.", "", ""}, {"", "https://json.example/initial-post", "Hello, world!", "", ""}}},
		// shape from TestParsePodcast: the summary is the text, as an RSS description is
		{"a podcast item with summary, content and a date", "https://json.example/feed.json", doc(`"items": [{
	"id": "https://json.example/chris", "title": "Special #1 - Chris", "url": "https://json.example/chris",
	"content_text": "Chris has worked at Adobe.", "content_html": "Chris has worked at <a href=\"https://adobe.example/\">Adobe</a>.",
	"summary": "Brent interviews Chris.", "date_published": "2014-05-09T14:04:00-07:00",
	"attachments": [{"url": "https://json.example/sp1.m4a", "mime_type": "audio/x-m4a", "size_in_bytes": 89970236}]}]`),
			[]want{{"Special #1 - Chris", "https://json.example/chris", "Brent interviews Chris.", "2014-05-09T21:04:00Z", ""}}},
		// shapes from TestParseItemWithRelativeURL, ...ExternalURLAndNoURL, ...ExternalURLAndURL
		{"relative and external URLs", "https://json.example/feed.json", doc(`"items": [
	{"id": "1", "url": "something.html", "date_published": "2016-02-09T14:22:00-07:00"},
	{"id": "2", "external_url": "some_page.html"},
	{"id": "3", "url": "https://json.example/article", "external_url": "https://elsewhere.example/another-article"}]`),
			[]want{
				{"", "https://json.example/something.html", "", "2016-02-09T21:22:00Z", ""},
				{"", "https://json.example/some_page.html", "", "", ""},
				{"", "https://json.example/article", "", "", ""},
			}},
		// shapes from TestParseItemWithLegacyAuthorField, ...MultipleAuthorFields,
		// ...AuthorsObject. JSON Feed 1.1: an item without authors has the feed's.
		{"authors: the feed's, the item's, an object instead of a list", "https://json.example/feed.json",
			`{` + head + `, "author": {"name": "Brent Simmons"}, "items": [
	{"id": "1", "url": "https://json.example/1", "content_text": "Cats are neat."},
	{"id": "2", "url": "https://json.example/2", "authors": [{"name": "Author B"}, {"name": "Author A"}]},
	{"id": "3", "url": "https://json.example/3", "authors": {"name": "Example Author"}}]}`,
			[]want{
				{"", "https://json.example/1", "Cats are neat.", "", "Brent Simmons"},
				{"", "https://json.example/2", "", "", "Author B"},
				{"", "https://json.example/3", "", "", "Example Author"},
			}},
		// shape from TestParseItemWithInvalidDate
		{"an unreadable date is the time first seen", "https://json.example/feed.json", doc(`"items": [{"id": "1", "url": "https://json.example/1", "date_published": "Tomorrow"}]`),
			[]want{{"", "https://json.example/1", "", "", ""}}},
		// shapes from TestParseItemWithMissingTitleUses*Fallback: Vedetta keeps the title
		// empty and the first text it has (summary, content_html, content_text) as the text
		{"items without a title", "https://json.example/feed.json", doc(`"items": [
	{"id": "1", "summary": "Summary title", "content_text": "Content text title", "content_html": "<p>HTML title</p>"},
	{"id": "2", "summary": " ", "content_text": "Content text title", "content_html": "<p>HTML title</p>"},
	{"id": "3", "summary": "", "content_text": "", "content_html": "<p>HTML title</p>"},
	{"id": "4", "url": "https://json.example/item"}]`),
			[]want{
				{"", "", "Summary title", "", ""},
				{"", "", "HTML title", "", ""},
				{"", "", "HTML title", "", ""},
				{"", "https://json.example/item", "", "", ""},
			}},
		// shapes from TestParseItemWithTooLongUnicodeTitle, TestParseItemTitleWithXMLTags:
		// JSON Feed titles are plain text
		{"plain-text titles", "https://json.example/feed.json", doc(`"items": [
	{"id": "1", "title": "I’m riding my electric bike and came across this castle. It’s called “Schloss Richmond”. 🚴‍♂️"},
	{"id": "2", "title": "</example>"},
	{"id": "3", "title": "Use <div> literally &amp; keep it", "content_text": "Use <div> literally"}]`),
			[]want{
				{"I’m riding my electric bike and came across this castle. It’s called “Schloss Richmond”. 🚴‍♂️", "", "", "", ""},
				{"</example>", "", "", "", ""},
				{"Use <div> literally & keep it", "", "Use <div> literally", "", ""},
			}},
		// shapes from TestParseItemHashPrefersIDOverURL, ...UsesURLWhenNoID, ...FallsBackToContent,
		// and JSON Feed 1.1 on ids: "If the id is presented as a number or other type, a JSON
		// Feed reader must coerce it to a string"
		{"identities from ids, numbers, URLs and content", "https://json.example/feed.json", doc(`"items": [
	{"id": "id-value", "url": "https://json.example/article"},
	{"url": "https://json.example/other"},
	{"id": 42, "url": "https://json.example/42"},
	{"content_text": "Text", "content_html": "<p>HTML</p>", "summary": "Summary"}]`),
			[]want{
				{"", "https://json.example/article", "", "", ""},
				{"", "https://json.example/other", "", "", ""},
				{"", "https://json.example/42", "", "", ""},
				{"", "", "Summary", "", ""},
			}},
		// JSON Feed 1.0 with date_modified only, and an attachment-only item
		{"date_modified, and an item known only by its attachment", "https://json.example/feed.json", doc(`"items": [
	{"id": "m", "title": "Modified", "date_modified": "2020-01-02T03:04:05Z"},
	{"id": "a", "title": "Episode", "attachments": [{"url": "https://cdn.json.example/ep.mp3", "mime_type": "audio/mpeg"}]}]`),
			[]want{{"Modified", "", "", "2020-01-02T03:04:05Z", ""}, {"Episode", "https://cdn.json.example/ep.mp3", "", "", ""}}},
	})
}
