package match

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// benchSentences are news-like sentences in the seven languages (written for this
// benchmark), mixed into ~2 KB items of which about a third of the bytes are not ASCII.
var benchSentences = []string{
	"NATO defence ministers met in Brussels on Thursday to discuss long-term security guarantees for Ukraine.",
	"The alliance's secretary general said the NATO-led air policing mission would be extended until next spring.",
	"President Zelensky asked Western partners for more air defence systems after a night of drone attacks.",
	"I ministri della Difesa della Nato si sono riuniti a Bruxelles per discutere delle garanzie di sicurezza per l'Ucraina.",
	"Secondo fonti diplomatiche, l'Alleanza Atlantica valuta un nuovo pacchetto di aiuti per la difesa aerea di Kiev.",
	"Die Verteidigungsminister der Nato-Staaten beraten über die Unterstützung der Ukraine und die Lage an der Ostflanke.",
	"Selenskyj forderte beim Treffen in Brüssel zusätzliche Flugabwehrsysteme für die ukrainischen Städte.",
	"Les ministres de la Défense de l'OTAN se sont réunis à Bruxelles pour évoquer les garanties de sécurité accordées à l'Ukraine.",
	"Los ministros de Defensa de la OTAN debatieron en Bruselas el envío de más sistemas de defensa antiaérea a Ucrania.",
	"Міністри оборони країн НАТО зібралися в Брюсселі, щоб обговорити гарантії безпеки для України.",
	"Президент Зеленський попросив партнерів про додаткові системи протиповітряної оборони після нічної атаки дронів.",
	"Генеральний секретар Альянсу заявив, що місія з патрулювання повітряного простору буде продовжена.",
	"Министры обороны стран НАТО собрались в Брюсселе, чтобы обсудить гарантии безопасности для Украины.",
	"Зеленский попросил западных партнёров о дополнительных системах ПВО после ночной атаки беспилотников.",
	"В Кремле заявили, что расширение альянса на восток угрожает безопасности России.",
	"Markets in Europe opened higher on Friday as investors awaited new inflation figures from the eurozone.",
	"Il governo ha approvato il decreto sull'energia dopo una lunga discussione in Consiglio dei ministri.",
	"Der Bundestag debattiert am Freitag über den Haushalt für das kommende Jahr und die Schuldenbremse.",
	"Le Premier ministre a présenté un plan pour réduire la dette publique d'ici la fin de la décennie.",
	"Уряд затвердив план відновлення енергетичної інфраструктури до початку опалювального сезону.",
	"Центробанк сохранил ключевую ставку, сославшись на высокую инфляцию и напряжённый рынок труда.",
}

// benchItems returns n items of about size bytes each, and the share of non-ASCII bytes.
func benchItems(n, size int) ([]string, float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	var latin, cyrillic []string
	for _, s := range benchSentences {
		if s[0] >= utf8.RuneSelf {
			cyrillic = append(cyrillic, s)
		} else {
			latin = append(latin, s)
		}
	}
	var items []string
	total, nonASCII := 0, 0
	for range n {
		var b strings.Builder
		for b.Len() < size {
			// One sentence in four is Cyrillic: about a third of the bytes.
			s := latin[rng.IntN(len(latin))]
			if rng.IntN(4) == 0 {
				s = cyrillic[rng.IntN(len(cyrillic))]
			}
			if b.Len()+len(s) > size+40 {
				break
			}
			b.WriteString(s)
			b.WriteByte(' ')
		}
		it := b.String()
		items = append(items, it)
		for i := 0; i < len(it); i++ {
			if it[i] >= utf8.RuneSelf {
				nonASCII++
			}
		}
		total += len(it)
	}
	return items, float64(nonASCII) / float64(total)
}

// benchWatches returns watches with n terms in all: made-up words in Latin and Cyrillic
// letters (a fifth of them prefixes, a tenth phrases) in watches of five terms each, and
// one real word in a thousand (NATO, Zelensky, Зеленськ*…) so that items hit some.
func benchWatches(n int) []Watch {
	rng := rand.New(rand.NewPCG(3, 4))
	latin := []string{"ka", "ro", "mi", "ne", "sto", "val", "der", "bru", "fen", "lio", "tra", "gen", "mas", "pol", "ur",
		"zi", "pe", "dan", "ho", "lu", "vik", "sen", "ta", "bo", "ger", "fi", "cor", "nu", "es", "wa"}
	cyr := []string{"ко", "ра", "ми", "не", "сто", "вал", "дер", "бру", "фен", "ліо", "тра", "ген", "мас", "пол", "ур",
		"зі", "пе", "дан", "хо", "лу", "вік", "сен", "та", "бо", "гер", "фі", "кор", "ну", "єс", "ва"}
	word := func() string {
		syl := latin
		if rng.IntN(3) == 0 {
			syl = cyr
		}
		var b strings.Builder
		for range 3 + rng.IntN(2) {
			b.WriteString(syl[rng.IntN(len(syl))])
		}
		return b.String()
	}
	real := []string{"NATO", "Zelensky", "Зеленськ*", "Зеленск*", "НАТО", "OTAN", "Bruxelles", `"Alleanza Atlantica"`, "ucrain*", "Selenskyj"}
	var terms []string
	for i := range n {
		switch {
		case i%1000 == 0:
			terms = append(terms, real[(i/1000)%len(real)])
		case i%10 == 1:
			terms = append(terms, `"`+word()+" "+word()+`"`)
		case i%5 == 2:
			terms = append(terms, word()+"*")
		default:
			terms = append(terms, word())
		}
	}
	var ws []Watch
	for i := 0; i < len(terms); i += 5 {
		end := min(i+5, len(terms))
		ws = append(ws, Watch{Key: fmt.Sprintf("%d/%d", i/50, i), Query: strings.Join(terms[i:end], " OR ")})
	}
	return ws
}

var sinkHits []Hit

func matchAll(ix *Index, items []string, i int) {
	sinkHits = ix.Match("", items[i%len(items)])
}

// BenchmarkMatch measures Index.Match end to end: normalisation, index scan, evaluation.
func BenchmarkMatch(b *testing.B) {
	items, share := benchItems(64, 2048)
	for _, n := range []int{10, 1000, 10000} {
		b.Run(fmt.Sprintf("terms=%d", n), func(b *testing.B) {
			ix, err := Compile(benchWatches(n), nil)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(items[0])))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				matchAll(ix, items, i)
				i++
			}
			b.ReportMetric(share, "non-ascii-share")
		})
	}
}

func scanAll(ix *Index, sc *scratch) {
	sinkHits = ix.matchTokens(sc)
}

// BenchmarkMatchIndex measures the index alone, on an item normalised beforehand.
func BenchmarkMatchIndex(b *testing.B) {
	items, _ := benchItems(1, 2048)
	for _, n := range []int{10, 1000, 10000} {
		b.Run(fmt.Sprintf("terms=%d", n), func(b *testing.B) {
			ix, err := Compile(benchWatches(n), nil)
			if err != nil {
				b.Fatal(err)
			}
			sc := ix.pool.Get().(*scratch)
			sc.buf, sc.toks = normalizeItem(sc.buf[:0], sc.toks[:0], "", items[0])
			b.SetBytes(int64(len(items[0])))
			b.ReportAllocs()
			for b.Loop() {
				scanAll(ix, sc)
			}
		})
	}
}

var sinkBytes []byte

func normalizeAll(dst []byte, items []string, i int) {
	sinkBytes = Normalize(dst[:0], items[i%len(items)])
}

// BenchmarkNormalize measures the normaliser on its own.
func BenchmarkNormalize(b *testing.B) {
	items, share := benchItems(64, 2048)
	dst := make([]byte, 0, 4096)
	b.SetBytes(int64(len(items[0])))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		normalizeAll(dst, items, i)
		i++
	}
	b.ReportMetric(share, "non-ascii-share")
}

// BenchmarkMatchCatalogue is BenchmarkMatch at 10,000 terms plus the twelve catalogue names
// of the labelled set, which the items mention: the context rules of catalogue names run on
// every item.
func BenchmarkMatchCatalogue(b *testing.B) {
	items, share := benchItems(64, 2048)
	ws := benchWatches(10000)
	for _, n := range relevanceNames {
		ws = append(ws, Watch{Key: "cat/" + n, Query: n})
	}
	ix, err := Compile(ws, Builtin())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(items[0])))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		matchAll(ix, items, i)
		i++
	}
	b.ReportMetric(share, "non-ascii-share")
}
