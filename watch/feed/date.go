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
// Shapes read: RFC 3339 and ISO 8601 (with or without a zone; none means UTC), RFC 822 /
// RFC 1123 and their variants (two-digit years, no seconds, "+00:00", "GMT-07:00",
// "UTC+3"), ctime ("Mon Jan  2 15:04:05 2006"), "Nov 16, 2022", "16th Nov 2022",
// "16.11.2022", Unix timestamps (seconds or milliseconds), month and day names in English,
// Italian, Portuguese, Spanish, French and German, zone abbreviations (zoneAbbrevs) and
// IANA zone names after the time ("… America/Los_Angeles").

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
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	if len(s) > 10 && s[10] == ' ' && !strings.ContainsAny(s[11:], " ") { // "2022-11-16 10:00:00+01:00"
		s = s[:10] + "T" + s[11:]
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

// wordDate reads a date written as words and numbers in any order that names a day, a
// month (by name) and a year, with an optional time and zone.
func wordDate(s string) (time.Time, bool) {
	var (
		day, year, hour, minute, sec, nsec = -1, -1, 0, 0, 0, 0
		month                              time.Month
		haveTime, pm, am                   bool
		loc                                *time.Location
	)
	setZone := func(l *time.Location) bool {
		if loc != nil {
			return false
		}
		loc = l
		return true
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		switch {
		case f == "-" || f == "–" || f == "|" || f == "@" || f == "/":
		case f[0] == '(' && loc != nil: // "+0000 (UTC)": a comment repeating the zone
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
			if zone != "" {
				l, ok := zoneOf(zone)
				if !ok || !setZone(l) {
					return time.Time{}, false
				}
			}
		case f[0] == '+' || f[0] == '-':
			l, ok := offsetZone(f)
			if !ok || !setZone(l) {
				return time.Time{}, false
			}
		case f[0] >= '0' && f[0] <= '9':
			if d, m, y, ok := numericDate(f); ok {
				if day >= 0 || month != 0 || year >= 0 {
					return time.Time{}, false
				}
				day, month, year = d, m, y
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
			case len(digits) <= 2 && day < 0:
				day = n
			case len(digits) == 2 && year < 0 && day >= 0:
				year = 2000 + n // RFC 822 two-digit years; feeds with them are this century's
				if n >= 70 {
					year = 1900 + n
				}
			default:
				return time.Time{}, false
			}
		default:
			w := foldAccents(f)
			if m, ok := localMonths[w]; ok && month == 0 && !(weekdays[w] && day < 0 && i == 0) {
				month = m
				continue
			}
			switch {
			case weekdays[w] && day < 0 && month == 0:
			case fillers[w]:
			case w == "am" || w == "a.m":
				am = true
			case w == "pm" || w == "p.m":
				pm = true
			default:
				if !haveTime && day < 0 && month == 0 {
					continue // leading words: a weekday in another language, "Published:"
				}
				l, ok := zoneOf(f)
				if !ok || !setZone(l) {
					return time.Time{}, false
				}
			}
		}
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
	if m, err = strconv.Atoi(parts[1]); err != nil || len(parts[1]) != 2 {
		return 0, 0, 0, 0, false
	}
	if len(parts) == 3 {
		whole, frac, _ := strings.Cut(parts[2], ".")
		if sec, err = strconv.Atoi(whole); err != nil || len(whole) != 2 {
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

// numericDate reads "16.11.2022" (day first, as in German, Italian and Russian) and
// "2022-11-16" (ISO 8601).
func numericDate(f string) (int, time.Month, int, bool) {
	parts := strings.Split(strings.TrimSuffix(f, "."), ".")
	if len(parts) != 3 || len(parts[2]) != 4 {
		parts = strings.Split(f, "-")
		if len(parts) != 3 || len(parts[0]) != 4 || len(parts[2]) != 2 {
			return 0, 0, 0, false
		}
		parts[0], parts[2] = parts[2], parts[0]
	}
	d, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	y, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || m < 1 || m > 12 {
		return 0, 0, 0, false
	}
	return d, time.Month(m), y, true
}

// zoneOf reads a zone: an abbreviation of zoneAbbrevs, "GMT+2", "UTC-07:00", "Z", a
// numeric offset, or an IANA name ("Europe/Rome").
func zoneOf(z string) (*time.Location, bool) {
	z = strings.Trim(z, "()")
	if z == "" {
		return nil, false
	}
	if z[0] == '+' || z[0] == '-' {
		return offsetZone(z)
	}
	lower := strings.ToLower(z)
	for _, p := range []string{"gmt", "utc", "ut"} {
		if rest, ok := strings.CutPrefix(lower, p); ok && rest != "" && (rest[0] == '+' || rest[0] == '-') {
			return offsetZone(rest)
		}
	}
	if off, ok := zoneAbbrevs[lower]; ok {
		return time.FixedZone(strings.ToUpper(z), off*60), true
	}
	if strings.Contains(z, "/") {
		if l, err := time.LoadLocation(z); err == nil {
			return l, true
		}
	}
	return nil, false
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
