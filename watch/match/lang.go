package match

import (
	"bytes"
	"slices"
	"strings"
)

// Languages the matcher tells apart, for the rules that depend on the language of an item
// (a surname that is a common word in one language only). Codes are ISO 639-1.
var languages = []string{"en", "it", "de", "fr", "es", "pt", "nl", "pl", "uk", "ru"}

// detectOrder breaks ties: Cyrillic text without a letter of Ukrainian's own (і, ї, є, ґ)
// is Russian, since Ukrainian sentences rarely lack all four.
var detectOrder = []string{"en", "it", "de", "fr", "es", "pt", "nl", "pl", "ru", "uk"}

// stopwordLists are frequent short words of each language, in normal form (no diacritics),
// chosen so that few are shared; shared ones count for each language that has them.
var stopwordLists = map[string]string{
	"en": "the of and to in is are was were for with on at by from that this it has have will be said says after over as its who their not but new than about into how why what when where every more most could would should can may just out all first last year years time against",
	"it": "il lo la gli le di del della dei delle dello degli che e in per con non un una nel nella alla alle ai al sono ha dopo anche piu come tra sul sulla sulle sugli agli dagli dalle nei nelle negli fu era questo questa suo sua nuovi nuovo nuova",
	"de": "der die das und mit den dem des ist nicht auf fur ein eine einen von zu im sich auch nach bei wird hat vor uber dass aus sind",
	"fr": "le la les de des du et un une est pour dans sur que qui au aux avec pas ne se il elle apres selon ont sont plus cette entre",
	"es": "el la los las de del y que en un una por con para se es al lo como mas pero su sus tras segun ha sobre este esta entre",
	"pt": "o os as de do da dos das e que em um uma para com nao no na ao aos se por mais como mas foi sobre apos seu sua entre",
	"nl": "de het een en van in is op met voor niet dat die zijn te naar bij ook uit om aan wordt heeft door over na nog wil wel geen meer",
	"pl": "i w z na sie nie do ze o jest to od po za oraz dla przez jak co tak juz ale jego ich przed bedzie czy",
	"uk": "і й та що не на це від для до за як його про під після також вже які який буде але чи щодо",
	"ru": "и что не на это от для до за как его про под после также уже которые который будет но ли или",
}

// endings are word endings typical of one language (in normal form), for headlines too
// short to hold a stop word.
var endings = []struct{ suffix, lang string }{
	{"zione", "it"}, {"zioni", "it"}, {"mente", "it"}, {"ati", "it"}, {"iti", "it"}, {"ani", "it"}, {"ini", "it"}, {"ette", "it"},
	{"ung", "de"}, {"ungen", "de"}, {"keit", "de"}, {"heit", "de"}, {"lich", "de"}, {"isch", "de"}, {"sch", "de"}, {"chen", "de"},
	{"tion", "en"}, {"ing", "en"}, {"ed", "en"}, {"ly", "en"},
	{"eux", "fr"}, {"aux", "fr"}, {"ment", "fr"}, {"ee", "fr"}, {"ees", "fr"}, {"ique", "fr"}, {"ent", "fr"},
	{"cion", "es"}, {"ciones", "es"}, {"idad", "es"}, {"ado", "es"}, {"ada", "es"},
	{"cao", "pt"}, {"coes", "pt"}, {"dade", "pt"}, {"eiro", "pt"}, {"eira", "pt"},
	{"heid", "nl"}, {"lijk", "nl"}, {"oorlog", "nl"}, {"isch", "nl"},
	{"ski", "pl"}, {"cki", "pl"}, {"ego", "pl"}, {"ych", "pl"}, {"uje", "pl"}, {"ow", "pl"}, {"owie", "pl"}, {"ny", "pl"},
	{"ться", "ru"}, {"ого", "ru"}, {"ый", "ru"}, {"ие", "ru"},
	{"ння", "uk"}, {"ий", "uk"}, {"ого", "uk"},
}

// letterHints are letters in the source text that only some of the languages use.
var letterHints = []struct {
	letters string
	lang    string
}{
	{"ąęłńśźżĄĘŁŃŚŹŻ", "pl"},
	{"ãõÃÕ", "pt"},
	{"ñ¿¡Ñ", "es"},
	{"ßäöüÄÖÜ", "de"},
	{"ëïĳ", "nl"},
	{"êëçâîôûœÊÇ", "fr"}, // not è and à, which Italian writes as often (è, città)
	{"ìòùÌÒÙ", "it"},
	{"іїєґІЇЄҐ", "uk"},
	{"ыэъЫЭЪёЁ", "ru"},
}

// detectLang guesses the language of an item from its words (normal form) and the letters
// of its source text: the language whose stop words, endings and own letters are most
// frequent in the first words. It returns "" when nothing points anywhere. It runs only
// when a rule needs the language.
func detectLang(buf []byte, toks []token, sources ...string) string {
	var score [len(detectOrderIdx)]int
	toks = toks[:min(len(toks), detectWords)]
	for _, t := range toks {
		w := buf[t.start:t.end]
		if len(w) <= 12 {
			for _, l := range stopwords[string(w)] {
				score[l] += 2
			}
		}
		if len(w) > 3 {
			for _, e := range endingsByLast[w[len(w)-1]] {
				if len(w) > len(e.suffix)+2 && string(w[len(w)-len(e.suffix):]) == e.suffix {
					score[e.lang]++
				}
			}
			if bytes.Contains(w, ij) {
				score[langNL]++
			}
		}
	}
	cyrillic := false
	budget := detectBytes
	for _, s := range sources {
		s = s[:min(len(s), budget)]
		budget -= len(s)
		for _, r := range s {
			if r < 0xC0 {
				continue
			}
			if 0x400 <= r && r < 0x500 {
				cyrillic = true
			}
			if l, ok := letterHint[r]; ok {
				score[l]++
			}
		}
	}
	best, bestScore := -1, 0
	for _, l := range detectOrderIdx { // fixed order: ties resolve the same way every time
		if score[l] > bestScore {
			best, bestScore = l, score[l]
		}
	}
	if best < 0 {
		if cyrillic {
			return "ru" // no letter of Ukrainian's own (і, ї, є, ґ) was seen
		}
		return ""
	}
	return languages[best]
}

// How much of an item language detection reads: enough words to tell ten languages apart.
const (
	detectWords = 80
	detectBytes = 800
)

var ij = []byte("ij")

// Tables of detectLang, by index in languages.
var (
	langNL         = slices.Index(languages, "nl")
	detectOrderIdx = func() (idx [10]int) {
		for i, l := range detectOrder {
			idx[i] = slices.Index(languages, l)
		}
		return idx
	}()
	stopwords = func() map[string][]int {
		m := map[string][]int{}
		for lang, words := range stopwordLists {
			for _, w := range strings.Fields(words) {
				m[w] = append(m[w], slices.Index(languages, lang))
			}
		}
		return m
	}()
	endingsByLast = func() map[byte][]langEnding {
		m := map[byte][]langEnding{}
		for _, e := range endings {
			last := e.suffix[len(e.suffix)-1]
			m[last] = append(m[last], langEnding{e.suffix, slices.Index(languages, e.lang)})
		}
		return m
	}()
	letterHint = func() map[rune]int {
		m := map[rune]int{}
		for _, h := range letterHints {
			for _, r := range h.letters {
				m[r] = slices.Index(languages, h.lang)
			}
		}
		return m
	}()
)

type langEnding struct {
	suffix string
	lang   int
}

// normLang reduces a language tag ("it-IT", "pt_BR", "UK", "ita") to one of languages, or "".
func normLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	for _, l := range languages {
		if tag == l {
			return l
		}
	}
	return iso6392[tag]
}

// iso6392 maps the three-letter codes (ISO 639-2, bibliographic and terminology) that some
// feeds declare to the two-letter ones.
var iso6392 = map[string]string{
	"eng": "en", "ita": "it", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es",
	"por": "pt", "nld": "nl", "dut": "nl", "pol": "pl", "ukr": "uk", "rus": "ru",
}

// Language is the language of an item, as ISO 639-1: declared (a feed's language tag,
// reduced by the same rules as MatchLang's) when it is one of the ten the matcher tells
// apart, else guessed from the title and text with the detector the catalogue's rules use;
// "" when nothing points anywhere. /trend charts group items by it.
func Language(declared, title, text string) string {
	if l := normLang(declared); l != "" {
		return l
	}
	buf, toks := normalizeItem(nil, nil, title, text[:min(len(text), detectBytes)])
	return detectLang(buf, toks, title, text)
}
