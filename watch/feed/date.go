package feed

import (
	"strings"
	"time"
	"unicode"
)

// localMonths names the months as feeds in Italian, Portuguese, Spanish, French and German
// write them in RFC 822 dates, abbreviated or in full, folded to lower case without accents.
// gofeed reads only English names (PLATFORM.md §5: "mer, 16 nov 2022 …" gives no date).
var localMonths = map[string]time.Month{
	// it
	"gen": 1, "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "mag": 5, "maggio": 5,
	"giu": 6, "giugno": 6, "lug": 7, "luglio": 7, "ago": 8, "agosto": 8, "set": 9,
	"settembre": 9, "ott": 10, "ottobre": 10, "novembre": 11, "dic": 12, "dicembre": 12,
	// pt
	"janeiro": 1, "fev": 2, "fevereiro": 2, "marco": 3, "abr": 4, "abril": 4, "mai": 5,
	"maio": 5, "junho": 6, "julho": 7, "setembro": 9, "out": 10, "outubro": 10,
	"novembro": 11, "dez": 12, "dezembro": 12,
	// es
	"ene": 1, "enero": 1, "febrero": 2, "mayo": 5, "junio": 6, "julio": 7, "sept": 9,
	"septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
	// fr
	"janv": 1, "janvier": 1, "fevr": 2, "fevrier": 2, "mars": 3, "avr": 4, "avril": 4,
	"juin": 6, "juil": 7, "juillet": 7, "aout": 8, "septembre": 9, "octobre": 10,
	"decembre": 12,
	// de
	"januar": 1, "februar": 2, "mar": 3, "marz": 3, "mrz": 3, "okt": 10, "oktober": 10,
	"dezember": 12,
	// en, for dates that are localized in other ways
	"jan": 1, "feb": 2, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

// foldAccents lower-cases the Latin letters of month names and drops their accents and a
// trailing dot ("Févr." → "fevr", "Mär" → "mar").
func foldAccents(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSuffix(s, ".")) {
		switch r {
		case 'à', 'á', 'â', 'ä', 'ã':
			r = 'a'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'í', 'ì':
			r = 'i'
		case 'ó', 'ò', 'ô', 'ö', 'õ':
			r = 'o'
		case 'ú', 'ù', 'û', 'ü':
			r = 'u'
		case 'ç':
			r = 'c'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// localDate reads an RFC 822 date written with another language's day and month names:
// the weekday is dropped and the month translated. It returns false when the text is not
// such a date.
func localDate(s string) (time.Time, bool) {
	fields := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(fields) > 0 && !unicode.IsDigit(rune(fields[0][0])) {
		fields = fields[1:] // the weekday
	}
	if len(fields) < 4 {
		return time.Time{}, false
	}
	month, ok := localMonths[foldAccents(fields[1])]
	if !ok {
		return time.Time{}, false
	}
	en := strings.Join(append([]string{fields[0], month.String()[:3]}, fields[2:]...), " ")
	for _, layout := range []string{
		"2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04 -0700",
		"2 Jan 2006 15:04 MST", "2 Jan 2006 15:04:05", "2 Jan 2006 15:04",
	} {
		if t, err := time.Parse(layout, en); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
