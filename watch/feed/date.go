package feed

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Dates. A feed's date is read here, not by gofeed: gofeed applies a zone abbreviation it
// does not know as UTC, and one it does know through the server's own time.Local (Go's
// time.Parse: "If the zone abbreviation is unknown, Parse records the time as being in a
// fabricated location with the given zone abbreviation and a zero offset"), so the same
// feed gave different instants on different servers. parseDate gives the instant the text
// states whatever time.Local is, or false; the caller then uses the time first seen. A
// wrong instant is worse than none: a date with a word it cannot place (an unknown zone)
// is not read.
//
// Shapes read: RFC 3339 and ISO 8601 (with or without a zone; none means UTC; zeros left
// out, "2023-3-4"), RFC 822 / RFC 1123 / RFC 850 and their variants (two-digit years, no
// seconds, "+00:00", "GMT-07:00", "UTC+3", "-0700 MST", "(Coordinated Universal Time)"),
// ctime ("Mon Jan  2 15:04:05 2006"), "Nov 16, 2022", "16th Nov 2022", "3:09pm",
// "16.11.2022", "30.10.23", "16/11/2022", "11/16/2022", Unix timestamps (seconds or
// milliseconds), month and day names in English, Italian, Portuguese, Spanish, French and
// German, zone abbreviations (zoneAbbrevs) and IANA zone names after the time
// ("… America/Los_Angeles"). A date in numbers whose day and month could be either way
// round ("03/04/2023") is read only when a weekday beside it settles it, or when it is
// dotted (day first); see numericParts.dayMonth. A month without a day ("Nov. 2020") is
// not an instant and is not read.

// localMonths names the months, abbreviated or in full, folded to lower case without
// accents, in English, Italian, Portuguese, Spanish, French and German.
var localMonths = map[string]time.Month{
	// en
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
	"sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
	"december": 12,
	// it
	"gen": 1, "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "mag": 5, "maggio": 5,
	"giu": 6, "giugno": 6, "lug": 7, "luglio": 7, "ago": 8, "agosto": 8, "set": 9,
	"settembre": 9, "ott": 10, "ottobre": 10, "novembre": 11, "dic": 12, "dicembre": 12,
	// pt
	"janeiro": 1, "fev": 2, "fevereiro": 2, "marco": 3, "abr": 4, "abril": 4, "mai": 5,
	"maio": 5, "junho": 6, "julho": 7, "setembro": 9, "out": 10, "outubro": 10,
	"novembro": 11, "dez": 12, "dezembro": 12,
	// es
	"ene": 1, "enero": 1, "febrero": 2, "mayo": 5, "junio": 6, "julio": 7,
	"septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
	// fr
	"janv": 1, "janvier": 1, "fevr": 2, "fevrier": 2, "mars": 3, "avr": 4, "avril": 4,
	"juin": 6, "juil": 7, "juillet": 7, "aout": 8, "septembre": 9, "octobre": 10,
	"decembre": 12,
	// de
	"januar": 1, "februar": 2, "marz": 3, "mrz": 3, "okt": 10, "oktober": 10,
	"dezember": 12,
}

// weekdays are the day names a date may start with; they are skipped (the date says
// which day it is). Folded like months.
var weekdays = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true, "wed": true,
	"wednesday": true, "thu": true, "thur": true, "thurs": true, "thursday": true, "fri": true,
	"friday": true, "sat": true, "saturday": true, "sun": true, "sunday": true,
	"lun": true, "lunedi": true, "mer": true, "mercoledi": true, "gio": true, "giovedi": true,
	"ven": true, "venerdi": true, "sab": true, "sabato": true, "dom": true, "domenica": true,
	"martedi": true, "seg": true, "segunda": true, "ter": true, "terca": true, "qua": true,
	"quarta": true, "qui": true, "quinta": true, "sex": true, "sexta": true, "domingo": true,
	"segunda-feira": true, "terca-feira": true, "quarta-feira": true, "quinta-feira": true,
	"sexta-feira": true, "lunes": true, "martes": true, "mie": true, "miercoles": true,
	"jue": true, "jueves": true, "vie": true, "viernes": true, "sabado": true, "mar": true,
	"lundi": true, "mardi": true, "mercredi": true, "jeu": true, "jeudi": true,
	"vendredi": true, "sam": true, "samedi": true, "dim": true, "dimanche": true, "mo": true,
	"di": true, "mi": true, "do": true, "fr": true, "sa": true, "so": true, "montag": true,
	"dienstag": true, "mittwoch": true, "donnerstag": true, "freitag": true, "samstag": true,
	"sonntag": true,
}

// fillers are words some dates put between their parts ("16 de noviembre de 2022",
// "16th of November", "le 16 nov.", "at 10:00").
var fillers = map[string]bool{"de": true, "of": true, "le": true, "at": true, "del": true, "um": true, "alle": true, "h": true}

// zoneAbbrevs maps the zone abbreviations news feeds write to their UTC offsets in
// minutes. RFC 822 §5.1 defines UT, GMT, Z and the North American zones; the others are
// those of the IANA time zone database for the zone the abbreviation is used in. Some
// abbreviations name several zones; the choice made, and the others, are:
//
//   - IST: India Standard Time, +05:30 (not Irish Standard Time +01:00 or Israel Standard
//     Time +02:00): far the most frequent in English-language news feeds.
//   - BST: British Summer Time, +01:00 (not Bangladesh Standard Time +06:00).
//   - CST: US Central Standard Time, −06:00, as RFC 822 defines it (not China Standard
//     Time +08:00 or Cuba −05:00).
//   - AST: Atlantic Standard Time, −04:00 (not Arabia Standard Time +03:00).
//   - GST: Gulf Standard Time, +04:00 (not South Georgia −02:00).
//   - CDT: US Central Daylight Time, −05:00 (not Cuba Daylight Time −04:00).
//
// An abbreviation not listed here makes the date unreadable: the item gets the time it
// was first seen rather than a guess.
var zoneAbbrevs = map[string]int{
	"ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 60, "bst": 60, "ist": 330,
	"cet": 60, "cest": 120, "met": 60, "mest": 120, "mez": 60, "mesz": 120, "eet": 120,
	"eest": 180, "msk": 180, "msd": 240, "trt": 180, "eat": 180, "cat": 120, "wat": 60,
	"sast": 120, "gst": 240, "irst": 210, "pkt": 300, "npt": 345, "ict": 420, "wib": 420,
	"wita": 480, "wit": 540, "sgt": 480, "hkt": 480, "pht": 480, "myt": 480, "awst": 480,
	"jst": 540, "kst": 540, "acst": 570, "acdt": 630, "aest": 600, "aedt": 660, "nzst": 720,
	"nzdt": 780, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
	"mdt": -360, "pst": -480, "pdt": -420, "akst": -540, "akdt": -480, "hst": -600,
	"ast": -240, "adt": -180, "nst": -210, "ndt": -150, "art": -180, "brt": -180,
	"brst": -120, "clt": -240, "clst": -180,
}

// foldAccents lower-cases the Latin letters of month and day names and drops their
// accents and a trailing dot ("Févr." → "fevr", "Mär" → "mar", "giovedì" → "giovedi").
func foldAccents(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSuffix(s, ".")) {
		switch r {
		case 'à', 'á', 'â', 'ä', 'ã':
			r = 'a'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'í', 'ì', 'î', 'ï':
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

// maxDateBytes: longer text is not a date (and is not scanned).
const maxDateBytes = 120

// parseDate reads a date as described at the top of this file. It returns false when the
// text is not a date it can place exactly.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxDateBytes {
		return time.Time{}, false
	}
	if t, ok := unixDate(s); ok {
		return t, true
	}
	if t, ok := isoDate(s); ok {
		return t, true
	}
	return wordDate(s)
}

// unixDate reads seconds (10 digits) or milliseconds (13 digits) since 1970 between 1990
// and 2100; other numbers are not dates.
func unixDate(s string) (time.Time, bool) {
	if len(s) != 10 && len(s) != 13 {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	t := time.Unix(n, 0)
	if len(s) == 13 {
		t = time.UnixMilli(n)
	}
	if t.Year() < 1990 || t.Year() > 2100 {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// isoLayouts are RFC 3339 and the ISO 8601 shapes feeds write; a layout without a zone
// parses as UTC.
var isoLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.999999999Z07", "2006-01-02T15:04:05Z07",
	"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02",
}

func isoDate(s string) (time.Time, bool) {
	s = padISODate(s)
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	if len(s) > 19 && s[10] == 'T' { // "2023-11-16T21:07:05 -0500": a space before the offset
		if k := strings.LastIndexByte(s, ' '); k > 10 && k+1 < len(s) && (s[k+1] == '+' || s[k+1] == '-') {
			s = s[:k] + s[k+1:]
		}
	}
	if len(s) > 10 && s[10] == ' ' && !strings.ContainsAny(s[11:], " ") { // "2022-11-16 10:00:00+01:00"
		s = s[:10] + "T" + s[11:]
	}
	if n := len(s); n > 16 && s[n-1] == 'Z' && (s[n-7] == '+' || s[n-7] == '-') && s[n-4] == ':' {
		s = s[:n-1] // "2020-11-08T16:20:00-05:00Z": the offset, then a stray "Z"
	}
	if strings.HasSuffix(s, " UTC") || strings.HasSuffix(s, " GMT") {
		s = strings.TrimSuffix(strings.TrimSuffix(s, " UTC"), " GMT") + "Z"
		s = strings.Replace(s, " ", "T", 1)
	}
	for _, layout := range isoLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// padISODate writes "2023-3-4T09:07:05Z" as "2023-03-04T09:07:05Z": ISO 8601's order with
// its zeros left out.
func padISODate(s string) string {
	if len(s) < 8 || s[4] != '-' {
		return s
	}
	end := strings.IndexAny(s, "T ")
	if end < 0 {
		end = len(s)
	}
	parts := strings.Split(s[:end], "-")
	if len(parts) != 3 || len(parts[0]) != 4 {
		return s
	}
	for i, p := range parts[1:] {
		if p == "" || len(p) > 2 {
			return s
		}
		for _, c := range []byte(p) {
			if c < '0' || c > '9' {
				return s
			}
		}
		if len(p) == 1 {
			parts[i+1] = "0" + p
		}
	}
	return strings.Join(parts, "-") + s[end:]
}

// wordDate reads a date written as words and numbers in any order that names a day, a
// month (by name) and a year, with an optional time and zone.
func wordDate(s string) (time.Time, bool) {
	var (
		day, year, hour, minute, sec, nsec = -1, -1, 0, 0, 0, 0
		month                              time.Month
		haveTime, pm, am                   bool
		loc                                *time.Location
		numeric                            numericParts // a date written in numbers only
		year2                              = -1         // a two-digit year, as written
		weekday                            = time.Weekday(-1)
		offsetGiven                        bool // loc is a numeric offset
	)
	// setZone records the zone; a text may give it twice ("-0700 MST", "+0000 GMT"). A
	// numeric offset is exact and wins over a name beside it (RFC 822 §5: names are
	// "not recommended"), and two names are one too many.
	setZone := func(l *time.Location, numericOffset bool) bool {
		switch {
		case loc == nil:
			loc, offsetGiven = l, numericOffset
			return true
		case offsetGiven && !numericOffset:
			return true
		case !offsetGiven && numericOffset:
			loc, offsetGiven = l, true
			return true
		}
		return false
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		switch {
		case f == "-" || f == "–" || f == "|" || f == "@" || f == "/":
		case f[0] == '(' && loc != nil:
			// "+0000 (UTC)", "GMT+0000 (Coordinated Universal Time)": a comment
			// repeating the zone, to its closing parenthesis.
			for !strings.HasSuffix(fields[i], ")") && i+1 < len(fields) {
				i++
			}
		case f[0] >= '0' && f[0] <= '9' && strings.Contains(f, ":"):
			if haveTime {
				return time.Time{}, false
			}
			clock, zone := splitClock(f)
			var ok bool
			if hour, minute, sec, nsec, ok = parseClock(clock); !ok {
				return time.Time{}, false
			}
			haveTime = true
			switch strings.ToLower(zone) {
			case "":
			case "am", "a.m.", "a.m":
				am = true
			case "pm", "p.m.", "p.m":
				pm = true
			default:
				l, numericOffset, ok := zoneOf(zone)
				if !ok || !setZone(l, numericOffset) {
					return time.Time{}, false
				}
			}
		case f[0] == '+' || f[0] == '-':
			l, ok := offsetZone(f)
			if !ok || !setZone(l, true) {
				return time.Time{}, false
			}
		case f[0] >= '0' && f[0] <= '9' && strings.Count(f, "-") == 2 && localMonths[foldAccents(strings.Split(f, "-")[1])] != 0:
			// RFC 850: "Thursday, 16-Nov-23 21:07:05 EST"
			parts := strings.Split(f, "-")
			d, err1 := strconv.Atoi(parts[0])
			y, err2 := strconv.Atoi(parts[2])
			if err1 != nil || err2 != nil || len(parts[2]) != 2 && len(parts[2]) != 4 || day >= 0 || month != 0 || year >= 0 {
				return time.Time{}, false
			}
			if len(parts[2]) == 2 {
				y = fullYear(y)
			}
			day, month, year = d, localMonths[foldAccents(parts[1])], y
		case f[0] >= '0' && f[0] <= '9':
			if p, ok := numericDate(f); ok {
				if day >= 0 || month != 0 || year >= 0 || numeric.sep != 0 {
					return time.Time{}, false
				}
				numeric = p
				continue
			}
			digits := strings.TrimRight(f, ".")
			if n := len(digits); n > 2 {
				switch strings.ToLower(digits[n-2:]) {
				case "st", "nd", "rd", "th":
					digits = digits[:n-2]
				}
			}
			n, err := strconv.Atoi(digits)
			if err != nil {
				return time.Time{}, false
			}
			switch {
			case len(digits) == 4 && year < 0:
				year = n
			case len(digits) == 4 && year2 >= 0 && month == 0 && numeric.sep == 0:
				// "Sat, 11 04 2020": day and month in numbers, then the year; what looked
				// like a two-digit year was the second of them.
				numeric = numericParts{a: day, b: year2, year: n, sep: ' '}
				day, year, year2 = -1, n, -1
			case len(digits) <= 2 && day < 0:
				day = n
			case len(digits) == 2 && year < 0 && day >= 0:
				year, year2 = fullYear(n), n
			default:
				return time.Time{}, false
			}
		default:
			w := foldAccents(f)
			if m, ok := localMonths[w]; ok && month == 0 && !(weekdays[w] && day < 0 && i == 0 && monthFollows(fields[1:])) {
				month = m
				continue
			}
			switch {
			case weekdays[w] && day < 0 && month == 0:
				if d, ok := englishWeekdays[w]; ok {
					weekday = d
				}
			case fillers[w]:
			case w == "am" || w == "a.m":
				am = true
			case w == "pm" || w == "p.m":
				pm = true
			default:
				if !haveTime && day < 0 && month == 0 {
					continue // leading words: a weekday in another language, "Published:"
				}
				l, numericOffset, ok := zoneOf(f)
				if !ok || !setZone(l, numericOffset) {
					return time.Time{}, false
				}
			}
		}
	}
	if numeric.sep != 0 {
		if day >= 0 || month != 0 || year >= 0 && numeric.sep != ' ' {
			return time.Time{}, false
		}
		var ok bool
		if day, month, ok = numeric.dayMonth(weekday); !ok {
			return time.Time{}, false
		}
		year = numeric.year
	}
	if day < 1 || month == 0 || year < 0 {
		return time.Time{}, false
	}
	if pm || am {
		if hour < 1 || hour > 12 {
			return time.Time{}, false
		}
		if pm && hour < 12 {
			hour += 12
		} else if am && hour == 12 {
			hour = 0
		}
	}
	if loc == nil {
		loc = time.UTC
	}
	t := time.Date(year, month, day, hour, minute, sec, nsec, loc)
	if t.Day() != day || t.Month() != month || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}, false // "31 Feb", "25:00"
	}
	return t.UTC(), true
}

// monthFollows reports whether a month name comes among fields: then a first word that
// is both a weekday and a month ("mar", Tuesday in French, Italian and Spanish; March in
// English) is the weekday.
func monthFollows(fields []string) bool {
	for _, f := range fields {
		w := foldAccents(f)
		if localMonths[w] != 0 && !weekdays[w] {
			return true
		}
		if strings.Count(f, "-") == 2 && localMonths[foldAccents(strings.Split(f, "-")[1])] != 0 {
			return true
		}
	}
	return false
}

// splitClock splits "23:16:00+0100", "10:00:00Z" or "10:00GMT" into the clock and the zone.
func splitClock(f string) (clock, zone string) {
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c >= '0' && c <= '9' || c == ':' || c == '.' {
			continue
		}
		return f[:i], f[i:]
	}
	return f, ""
}

// parseClock reads "15:04", "15:04:05" or "15:04:05.000".
func parseClock(s string) (h, m, sec, nsec int, ok bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, 0, false
	}
	var err error
	if h, err = strconv.Atoi(parts[0]); err != nil || len(parts[0]) > 2 {
		return 0, 0, 0, 0, false
	}
	if m, err = strconv.Atoi(parts[1]); err != nil || len(parts[1]) > 2 { // "21:7:5" too
		return 0, 0, 0, 0, false
	}
	if len(parts) == 3 {
		whole, frac, _ := strings.Cut(parts[2], ".")
		if sec, err = strconv.Atoi(whole); err != nil || len(whole) > 2 {
			return 0, 0, 0, 0, false
		}
		if frac != "" {
			if len(frac) > 9 {
				frac = frac[:9]
			}
			f, err := strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
			if err != nil {
				return 0, 0, 0, 0, false
			}
			nsec = f
		}
	}
	return h, m, sec, nsec, h <= 24 && m <= 59 && sec <= 60
}

// numericParts is a date written in numbers only: a and b are the day and the month in an
// order the separator alone may not tell, sep is '.', '/', '-' or ' ' (0: none).
type numericParts struct {
	a, b, year int
	sep        byte
	ymd        bool // year first, as in ISO 8601: a is the month, b the day
}

// numericDate reads "16.11.2022", "30.10.23", "03/30/2020", "26/06/2020", "10/30/23",
// "2022-11-16", "2022/11/16" and "16-11-2022"; which part is the day is settled by
// numericParts.dayMonth.
func numericDate(f string) (numericParts, bool) {
	f = strings.TrimSuffix(f, ".")
	sep := byte(0)
	for _, c := range []byte{'.', '/', '-'} {
		if strings.Count(f, string(c)) == 2 {
			sep = c
			break
		}
	}
	if sep == 0 {
		return numericParts{}, false
	}
	parts := strings.Split(f, string(sep))
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || p == "" || p[0] == '+' || p[0] == '-' || len(p) > 4 || len(p) == 3 {
			return numericParts{}, false
		}
		n[i] = v
	}
	switch {
	case len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
		return numericParts{a: n[1], b: n[2], year: n[0], sep: sep, ymd: true}, true
	case len(parts[0]) <= 2 && len(parts[1]) <= 2 && len(parts[2]) == 4:
		return numericParts{a: n[0], b: n[1], year: n[2], sep: sep}, true
	case len(parts[0]) <= 2 && len(parts[1]) <= 2 && len(parts[2]) == 2 && sep != '-':
		return numericParts{a: n[0], b: n[1], year: fullYear(n[2]), sep: sep}, true
	}
	return numericParts{}, false
}

// dayMonth settles which of a and b is the day. Year first is ISO 8601's order (month,
// day). Otherwise a part over 12 is the day; when both could be the month, a weekday named
// in the text picks the reading that falls on it; failing that, a dotted date is day
// first, as in German, Italian and Russian, and any other is not read: "03/04/2020" is
// 3 April in Europe and 4 March in the United States.
func (p numericParts) dayMonth(wd time.Weekday) (int, time.Month, bool) {
	valid := func(d, m int) bool {
		return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(time.Month(m), p.year)
	}
	if p.ymd {
		return p.b, time.Month(p.a), valid(p.b, p.a)
	}
	dayFirst, monthFirst := valid(p.a, p.b), valid(p.b, p.a)
	switch {
	case dayFirst && monthFirst && p.a != p.b:
		onDay := func(d, m int) bool {
			return wd >= 0 && time.Date(p.year, time.Month(m), d, 12, 0, 0, 0, time.UTC).Weekday() == wd
		}
		switch {
		case onDay(p.a, p.b) && !onDay(p.b, p.a):
			return p.a, time.Month(p.b), true
		case onDay(p.b, p.a) && !onDay(p.a, p.b):
			return p.b, time.Month(p.a), true
		case p.sep == '.':
			return p.a, time.Month(p.b), true
		}
		return 0, 0, false
	case dayFirst:
		return p.a, time.Month(p.b), true
	case monthFirst:
		return p.b, time.Month(p.a), true
	}
	return 0, 0, false
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// fullYear reads a two-digit year (RFC 822 allows them): 70-99 are the 1900s, the others
// this century.
func fullYear(n int) int {
	if n >= 70 {
		return 1900 + n
	}
	return 2000 + n
}

// englishWeekdays are the day names whose day dayMonth may use to settle a numeric date.
var englishWeekdays = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday, "mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday, "thu": time.Thursday,
	"thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday, "sat": time.Saturday, "saturday": time.Saturday,
}

// zoneOf reads a zone: an abbreviation of zoneAbbrevs, "GMT+2", "UTC-07:00", "Z", a
// numeric offset, or an IANA name ("Europe/Rome"). numericOffset says the zone was given
// as an offset. A name joined to an offset ("MST-07:00") is read when they agree.
func zoneOf(z string) (loc *time.Location, numericOffset, ok bool) {
	z = strings.Trim(z, "()")
	if z == "" {
		return nil, false, false
	}
	if z[0] == '+' || z[0] == '-' {
		l, ok := offsetZone(z)
		return l, true, ok
	}
	lower := strings.ToLower(z)
	for _, p := range []string{"gmt", "utc", "ut"} {
		if rest, ok := strings.CutPrefix(lower, p); ok && rest != "" && (rest[0] == '+' || rest[0] == '-') {
			l, ok := offsetZone(rest)
			return l, true, ok
		}
	}
	if off, ok := zoneAbbrevs[lower]; ok {
		return time.FixedZone(strings.ToUpper(z), off*60), false, true
	}
	if k := strings.IndexAny(lower, "+-"); k > 0 && !strings.Contains(z, "/") {
		// "MST-07:00": not POSIX TZ, where "EST+5" means five hours behind; read only
		// when the name and the offset say the same.
		l, ok := offsetZone(lower[k:])
		if off, known := zoneAbbrevs[lower[:k]]; ok && known {
			if _, o := time.Date(2000, 1, 1, 0, 0, 0, 0, l).Zone(); o == off*60 {
				return l, true, true
			}
		}
		return nil, false, false
	}
	if strings.Contains(z, "/") {
		if l, err := time.LoadLocation(z); err == nil {
			return l, false, true
		}
	}
	return nil, false, false
}

// offsetZone reads "+0100", "+01:00", "-07", "+5:30", "+3".
func offsetZone(z string) (*time.Location, bool) {
	sign := 1
	switch z[0] {
	case '-':
		sign = -1
	case '+':
	default:
		return nil, false
	}
	z = z[1:]
	var h, m int
	var err1, err2 error
	switch {
	case strings.Contains(z, ":"):
		hs, ms, _ := strings.Cut(z, ":")
		h, err1 = strconv.Atoi(hs)
		m, err2 = strconv.Atoi(ms)
		if len(hs) > 2 || len(ms) != 2 {
			return nil, false
		}
	case len(z) == 4:
		h, err1 = strconv.Atoi(z[:2])
		m, err2 = strconv.Atoi(z[2:])
	case len(z) == 1 || len(z) == 2:
		h, err1 = strconv.Atoi(z)
	default:
		return nil, false
	}
	if err1 != nil || err2 != nil || h > 14 || m > 59 {
		return nil, false
	}
	return time.FixedZone("", sign*(h*3600+m*60)), true
}
