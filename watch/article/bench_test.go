package article

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/vedetta/vedetta/watch"
)

// newsPage wraps the Italian test article in what a real news page carries around it — a
// head full of scripts and styles, a mega-menu, a sidebar, related links, comments and a
// footer — until the page is about size bytes. Real article pages weigh 100–500 KB of HTML.
func newsPage(b testing.TB, size int) []byte {
	art := readPage(b, "it_body_mention.html")
	head, body, _ := bytes.Cut(art, []byte("<main>"))
	var pad bytes.Buffer
	pad.WriteString("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script>\n")
	for i := 0; pad.Len() < size/3; i++ {
		fmt.Fprintf(&pad, "<style>.c%d{margin:0 auto;padding:%dpx;font:14px/1.4 Georgia,serif}</style>\n", i, i%20)
		fmt.Fprintf(&pad, "<script>var slot%d={id:'ad-%d',sizes:[[300,250],[728,90]],targeting:{section:'esteri'}};</script>\n", i, i)
	}
	var menu bytes.Buffer
	menu.WriteString(`<nav class="mega-menu"><ul>`)
	for i := 0; menu.Len() < size/3; i++ {
		fmt.Fprintf(&menu, `<li class="menu-item"><a href="/sezione/%d">Sezione %d</a><ul><li><a href="/sezione/%d/a">Notizie</a></li><li><a href="/sezione/%d/b">Approfondimenti</a></li></ul></li>`, i, i, i, i)
	}
	menu.WriteString("</ul></nav>\n")
	var tail bytes.Buffer
	tail.WriteString(`<section class="comments">`)
	for i := 0; tail.Len() < size/3-len(art); i++ {
		fmt.Fprintf(&tail, `<div class="comment" id="c%d"><span class="author">Lettore %d</span><p>Commento numero %d: sono d'accordo solo in parte con l'articolo.</p></div>`, i, i, i)
	}
	tail.WriteString("</section>\n")
	var out bytes.Buffer
	out.Write(bytes.Replace(head, []byte("</head>"), append(pad.Bytes(), "</head>"...), 1))
	out.Write(menu.Bytes())
	out.WriteString("<main>")
	out.Write(bytes.Replace(body, []byte("</body>"), append(tail.Bytes(), "</body>"...), 1))
	return out.Bytes()
}

func TestNewsPageStillExtracts(t *testing.T) {
	p := newsPage(t, 250<<10)
	text, err := Extract(p, "text/html", "https://news.example/a")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains([]byte(text), []byte("Volodymyr Zelensky")) || bytes.Contains([]byte(text), []byte("Commento numero")) ||
		bytes.Contains([]byte(text), []byte("Sezione")) {
		t.Errorf("extracted text of the %d-byte page:\n%s", len(p), text)
	}
}

// BenchmarkExtract is readability plus the link filter on one page, no I/O.
func BenchmarkExtract(b *testing.B) {
	for _, size := range []int{0, 100 << 10, 250 << 10, 1 << 20} {
		p := readPage(b, "it_body_mention.html")
		if size > 0 {
			p = newsPage(b, size)
		}
		b.Run(strconv.Itoa(len(p)>>10)+"KiB", func(b *testing.B) {
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Extract(p, "text/html", "https://news.example/a"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEnrich is one article fetched over loopback and extracted, robots.txt cached: the
// cost Enrich adds per article, less the network's latency.
func BenchmarkEnrich(b *testing.B) {
	for _, size := range []int{100 << 10, 250 << 10} {
		p := newsPage(b, size)
		b.Run(strconv.Itoa(len(p)>>10)+"KiB", func(b *testing.B) {
			s := newSite(b, map[string]http.HandlerFunc{"/a": page(p, "text/html; charset=utf-8")})
			e := newEnricher(Options{})
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				items := []watch.Item{item(s.URL+"/a?n="+strconv.Itoa(i), "T", "Una riga.", t0)}
				if st := e.Enrich(context.Background(), Auto, items); st.Fetched != 1 {
					b.Fatalf("stats %+v", st)
				}
			}
		})
	}
}
