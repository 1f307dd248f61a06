package match

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Inflection: the forms a surname takes in the languages of the catalogue, generated from its
// base spellings by rules per language, so that an added name gets them without a list.
//
//   - German and Dutch add -s for the genitive (Selenskyjs Berater, Poetins oorlog); a name
//     ending in an s sound takes an apostrophe (Merz' Kabinett), which the normaliser splits
//     off anyway.
//   - Polish declines foreign masculine surnames like its own nouns: genitive -a, dative -owi,
//     instrumental -em (-iem after k and g), locative -ie or -u, plural -owie (Putina,
//     Putinowi, Putinem, Putinie; Tuska, Tuskiem, Tusku); names in -ski/-cki decline as
//     adjectives (Zełenskiego, Zełenskiemu, Zełenskim); names in -e as adjectives in -e
//     (Ruttego, Ruttemu); names in -a and -o like nouns of those endings (Luli, Łukaszence,
//     Prabowem); names in -i, -y and -u are not declined. Relational adjectives take -owski
//     (putinowski, trumpowska).
//   - Ukrainian and Russian decline masculine surnames ending in a consonant (Трампа,
//     Трампу, Трампові, Трампом, Трампі; Russian Трампе), those in -ов/-ин/-ін with the
//     instrumental -им/-ым (Путіним, Лавровым), those in -ий as adjectives (Зеленського,
//     Зеленскому), those in -й and -а like nouns of those endings. Ukrainian forms possessive
//     adjectives in -ів/-ов- (Трампів, Трампова) and both languages relational adjectives in
//     -ськ-/-ск- (путінський, трамповский).
//   - Women's surnames that end in a consonant or -i/-o/-e are not declined in any of these
//     languages (Kallas, Meloni, Рютте is indeclinable too).
//   - Italian relational adjectives in -iano (trumpiano, meloniani), and -ista/-iste/-ismo
//     in Italian, Spanish, Portuguese and French (putinista, macroniste, trumpismo) name the
//     figure as well.
//
// Sources: the rules on declining foreign surnames of the Polish language council's advice
// service (Poradnia językowa PWN, https://sjp.pwn.pl/poradnia), the Ukrainian orthography of
// 2019 (Український правопис, the chapter on declension of surnames) and D. E. Rosenthal's
// Russian usage handbook («Справочник по правописанию и стилистике», on declining surnames).

// gender of a person entry, for declension.
type gender uint8

const (
	masculine gender = iota
	feminine
)

// lastRune returns the last rune of s.
func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.ToLower(r)
}

func isVowel(r rune) bool {
	return strings.ContainsRune("aeiouyáéíóúàèìòùâêîôûäöüåæøœ", r)
}

// latinForms are the forms of a Latin spelling outside Polish: the base and the German and
// Dutch genitive. Names of several words decline on their last word.
func latinForms(base string) []string {
	out := []string{base}
	switch lastRune(base) {
	case 's', 'x', 'z', 'ß':
	default:
		out = append(out, base+"s")
	}
	return out
}

// adjLatin are relational adjectives in Italian (-iano) and French (-iste) from a surname.
func adjLatin(base string) []string {
	if strings.ContainsRune(base, ' ') {
		return nil
	}
	stem := base
	if isVowel(lastRune(stem)) {
		stem = stem[:len(stem)-1]
	}
	stem = strings.ToLower(stem)
	return []string{stem + "iano", stem + "iana", stem + "iani", stem + "iane", stem + "iste", stem + "istes",
		stem + "ista", stem + "istas", stem + "isti", stem + "ismo", stem + "isme", stem + "ism"}
}

// plAdjEnd are the endings of a Polish adjective in -ski after its stem's "sk"/"ck".
var plAdjEnd = []string{"i", "a", "ie", "iego", "iej", "iemu", "im", "imi", "ich", "ą"}

// polishForms declines a Polish spelling of a surname (masculine), or keeps it as it is.
func polishForms(base string, g gender) []string {
	out := []string{base}
	if g == feminine || strings.ContainsRune(base, ' ') {
		return out
	}
	lower := strings.ToLower(base)
	switch {
	case strings.HasSuffix(lower, "ski") || strings.HasSuffix(lower, "cki") || strings.HasSuffix(lower, "dzki"):
		stem := base[:len(base)-1] // Zełensk
		return append(out, stem+"iego", stem+"iemu", stem+"im")
	case strings.HasSuffix(lower, "e"):
		stem := base[:len(base)-1]
		return append(out, stem+"ego", stem+"emu", stem+"em")
	case strings.HasSuffix(lower, "ko"): // Łukaszenko: Łukaszenki, Łukaszence, Łukaszenkę, Łukaszenką
		stem := base[:len(base)-1]
		return append(out, stem+"i", stem[:len(stem)-1]+"ce", stem+"ę", stem+"ą", stem+"owi")
	case strings.HasSuffix(lower, "o"): // Prabowo, Crosetto: Prabowa, Prabowowi, Prabowem
		stem := base[:len(base)-1]
		return append(out, stem+"a", stem+"owi", stem+"em", stem+"u")
	case strings.HasSuffix(lower, "a"): // Lula, Mattarella: Luli, Lulę, Lulą; Sybiha: Sybihy, Sybisze
		stem := base[:len(base)-1]
		gen := "y"
		if hasAnySuffix(lower, "ka", "ga", "la") {
			gen = "i"
		}
		return append(out, stem+gen, stem+"ę", stem+"ą", stem+"ie")
	case isVowel(lastRune(base)):
		return out // Tajani, Netanyahu, Shoigu: not declined
	}
	velar := strings.HasSuffix(lower, "k") || strings.HasSuffix(lower, "g")
	out = append(out, base+"a", base+"owi", base+"u", base+"owie", base+"ów")
	if velar {
		out = append(out, base+"iem")
	} else {
		out = append(out, base+"em", base+"ie")
	}
	return out
}

// polishAdjectives are the relational adjectives in -owski of a masculine surname.
func polishAdjectives(base string) []string {
	if strings.ContainsRune(base, ' ') || isVowel(lastRune(base)) {
		return nil
	}
	stem := strings.ToLower(base) + "owsk"
	var out []string
	for _, e := range plAdjEnd {
		out = append(out, stem+e)
	}
	return out
}

// Cyrillic ending sets.
var (
	ukAdjEnd = []string{"ий", "а", "е", "і", "ого", "ої", "ому", "ій", "им", "ими", "их", "у", "ою"}
	ruAdjEnd = []string{"ий", "ая", "ое", "ие", "ого", "ой", "ому", "им", "ими", "их", "ую", "ом"}
)

func hasAnySuffix(s string, suf ...string) bool {
	for _, x := range suf {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// trimLast drops the last n runes of s.
func trimLast(s string, n int) string {
	for ; n > 0 && s != ""; n-- {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// ukrainianForms declines a Ukrainian surname.
func ukrainianForms(base string, g gender) []string {
	out := []string{base}
	if strings.ContainsRune(base, ' ') {
		return out
	}
	lower := strings.ToLower(base)
	switch {
	case hasAnySuffix(lower, "ський", "цький", "зький"):
		if g == feminine {
			return out
		}
		stem := trimLast(base, 2)
		return append(out, stem+"ого", stem+"ому", stem+"им", stem+"ім", stem+"і", stem+"их", stem+"ими")
	case strings.HasSuffix(lower, "а") && g == masculine:
		stem := trimLast(base, 1)
		return append(out, stem+"и", stem+"і", stem+"у", stem+"ою")
	case g == feminine:
		return out
	case hasAnySuffix(lower, "ей", "ай", "ой", "уй"):
		stem := trimLast(base, 1)
		return append(out, stem+"я", stem+"ю", stem+"єві", stem+"єм", stem+"ї")
	case strings.ContainsRune("аеєиіїоуюяь", lastRune(lower)):
		return out
	}
	out = append(out, base+"а", base+"у", base+"ові", base+"і", base+"е")
	switch {
	case hasAnySuffix(lower, "ов", "ев", "єв", "ін", "ин", "їн"):
		out = append(out, base+"им")
	case hasAnySuffix(lower, "ц", "ж", "ш", "ч", "щ"):
		out = append(out, base+"ем", base+"еві") // the mixed group: Мерцем, Мерцеві
	default:
		out = append(out, base+"ом")
	}
	return out
}

// ukrainianAdjectives are the possessive (Трампів, Трампова) and relational (трампівський)
// adjectives of a masculine surname ending in a consonant.
func ukrainianAdjectives(base string) (possessive, relational []string) {
	lower := strings.ToLower(base)
	if strings.ContainsRune(base, ' ') || strings.ContainsRune("аеєиіїоуюяйь", lastRune(lower)) {
		return nil, nil
	}
	rel := lower + "івськ"
	if hasAnySuffix(lower, "ін", "ин", "їн") {
		rel = lower + "ськ"
	}
	if hasAnySuffix(lower, "ов", "ев", "єв") {
		rel = lower + "ськ"
	} else if !hasAnySuffix(lower, "ін", "ин", "їн") {
		possessive = append(possessive, base+"ів")
		for _, e := range ukAdjEnd[1:] {
			possessive = append(possessive, base+"ов"+e)
		}
	}
	for _, e := range ukAdjEnd {
		relational = append(relational, rel+e)
	}
	return possessive, relational
}

// russianForms declines a Russian surname.
func russianForms(base string, g gender) []string {
	out := []string{base}
	if strings.ContainsRune(base, ' ') {
		return out
	}
	lower := strings.ToLower(base)
	switch {
	case hasAnySuffix(lower, "ский", "цкий", "зкий"):
		if g == feminine {
			return out
		}
		stem := trimLast(base, 2)
		return append(out, stem+"ого", stem+"ому", stem+"им", stem+"ом", stem+"ие", stem+"их", stem+"ими")
	case strings.HasSuffix(lower, "а") && g == masculine:
		stem := trimLast(base, 1)
		return append(out, stem+"ы", stem+"е", stem+"у", stem+"ой")
	case g == feminine:
		return out
	case hasAnySuffix(lower, "ей", "ай", "ой", "уй"):
		stem := trimLast(base, 1)
		return append(out, stem+"я", stem+"ю", stem+"ем", stem+"е")
	case strings.ContainsRune("аеёиоуыэюяь", lastRune(lower)):
		return out
	}
	out = append(out, base+"а", base+"у", base+"е")
	switch {
	case hasAnySuffix(lower, "ов", "ев", "ёв", "ин", "ын"):
		out = append(out, base+"ым")
	case hasAnySuffix(lower, "ц", "ж", "ш", "ч", "щ"):
		out = append(out, base+"ем")
	default:
		out = append(out, base+"ом")
	}
	return out
}

// russianAdjectives are the relational adjectives (путинский, трамповский).
func russianAdjectives(base string) []string {
	lower := strings.ToLower(base)
	if strings.ContainsRune(base, ' ') || strings.ContainsRune("аеёиоуыэюяйь", lastRune(lower)) {
		return nil
	}
	rel := lower + "овск"
	if hasAnySuffix(lower, "ов", "ев", "ин", "ын") {
		rel = lower + "ск"
	}
	var out []string
	for _, e := range ruAdjEnd {
		out = append(out, rel+e)
	}
	return out
}
