package story

import "strings"

// cyrLatin transliterates the Cyrillic letters of Ukrainian and Russian (normal form: lower
// case, ё already е) into Latin letters, close to the usual news transliteration; the
// skeleton below folds what still differs (Ukrainian г is h, Russian г is g).
var cyrLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e", 'є': "ie", 'ж': "zh",
	'з': "z", 'и': "y", 'і': "i", 'ї': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n",
	'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
}

// latinFolds fold spellings of one sound in the languages' transliterations and
// orthographies, applied in order: Polish sz, cz, rz, German sch, tsch, English kh, zh, ph.
var latinFolds = strings.NewReplacer(
	"shch", "s", "tsch", "c", "sch", "s", "sz", "s", "sh", "s", "cz", "c", "ch", "c", "tch", "c",
	"rz", "z", "zh", "z", "kh", "h", "ph", "f", "ck", "k", "ts", "z", "tz", "z", "dz", "z",
)

// skeletonLen is how many letters of a name's skeleton make its key: enough to tell names
// apart, few enough that case endings (Макрона, Dragonem) fall outside it.
const skeletonLen = 4

// skeleton reduces a word in normal form, Latin or Cyrillic, to a key that its spellings in
// other languages and scripts share: transliterated to Latin, sounds folded (w→v, c/q→k,
// g→h, j/y→i), double letters single, then the first letter and the consonants after it,
// skeletonLen in all. Dragone and Драгоне give "drhn", Rzeszów and Жешува "zsv", Witkoff and
// Віткоффом "vtkf".
func skeleton(w string) string {
	var b strings.Builder
	for _, r := range w {
		if s, ok := cyrLatin[r]; ok {
			b.WriteString(s)
		} else if r < 0x80 {
			b.WriteRune(r)
		}
	}
	s := latinFolds.Replace(b.String())
	out := make([]byte, 0, skeletonLen)
	var last byte
	for i := 0; i < len(s) && len(out) < skeletonLen; i++ {
		c := s[i]
		switch c {
		case 'w':
			c = 'v'
		case 'c', 'q':
			c = 'k'
		case 'g':
			c = 'h'
		case 'j', 'y':
			c = 'i'
		case 'x':
			c = 'k'
		}
		if c == last {
			continue
		}
		last = c
		if len(out) > 0 && isVowel(c) {
			continue
		}
		if c < 'a' || c > 'z' {
			continue
		}
		out = append(out, c)
	}
	if len(out) > 0 && isVowel(out[0]) {
		out[0] = 'a' // Evropa, Europa, Йевропа: an initial vowel is any vowel
	}
	return string(out)
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
