package article_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/article"
	"github.com/vedetta/vedetta/watch/fetch"
	"github.com/vedetta/vedetta/watch/match"
)

// The poll path after the seen-set filter: enrich the new items of a feed source whose
// full_text allows it, match on title, feed text and article, and show the sentence where
// the watch matched.
func ExampleEnricher_Enrich() {
	page, _ := os.ReadFile("testdata/it_body_mention.html")
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer site.Close()

	// Once per process, from config.yaml's fetch: section.
	enricher := article.New(article.Options{
		Fetch: fetch.Options{Timeout: 15 * time.Second, AllowPrivateNetworks: true}, // loopback in this example
	})
	mode, err := article.ParseMode("auto") // the source's full_text
	if err != nil {
		fmt.Println(err)
		return
	}

	fresh := []watch.Item{{
		Source: "Notizie", ID: "1", URL: site.URL + "/difesa",
		Title: "Difesa, i capi di stato maggiore discutono le garanzie per Kiev",
		Text:  "I capi di stato maggiore si sono riuniti a Bruxelles.",
	}}
	stats := enricher.Enrich(context.Background(), mode, fresh)
	fmt.Printf("%+v\n", stats)

	ix, _ := match.Compile([]match.Watch{{Key: "chat/1", Query: "Zelensky"}}, match.Builtin())
	for _, it := range fresh {
		hits := ix.Match(it.Title, it.Text+"\n"+it.Article)
		for _, h := range hits {
			for s := range article.Sentences(it.Article) {
				if ps := match.Snippet(s, h.Terms, 300); len(ps) > 1 {
					for _, p := range ps {
						if p.Bold {
							fmt.Print("<b>" + p.Text + "</b>")
						} else {
							fmt.Print(p.Text)
						}
					}
					fmt.Println()
					break
				}
			}
		}
	}
	// Output:
	// {Wanted:1 Fetched:1 Failed:0 Capped:0 Disallowed:0 Repeated:0}
	// In serata il presidente ucraino Volodymyr <b>Zelensky</b> ha ringraziato gli alleati con un messaggio pubblicato su X e su Telegram, sottolineando che le garanzie devono essere «concrete, verificabili e durature».
}
