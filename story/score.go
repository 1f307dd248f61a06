package story

import "time"

// Weights of the evidence two items share, and the thresholds a link needs. A shared
// person or place is strong evidence, a shared organisation or number less (NATO, 2%), a
// shared country or topic little; title words count only between items of one language.
// The values were set on the development part of story/testdata/events.txt and are checked
// on its held-out part (docs/STORIES.md has the figures).
const (
	wPerson     = 3.0
	wOrg        = 1.5
	wTopic      = 0.5
	wCity       = 2.5
	wCountry    = 0.5
	wNumber     = 2.0
	wDate       = 2.0
	wName       = 1.5
	wWord       = 1.0
	wConcept    = 1.0 // a kind of event both name (concepts.go), up to maxConcepts
	maxConcepts = 3
	wSoon       = 1.0 // published within soonWithin of each other
	// wHeadline is added for each of person, place and number that both headlines name: it
	// is what both items are about, not a mention in passing.
	wHeadline = 1.0
	// sameLangMin is the score two items of one language need; crossLangMin the score of
	// items in two languages (or an unknown one), which must also agree on two kinds of
	// evidence among entity, place, number or date, and name.
	sameLangMin  = 5.0
	crossLangMin = 5.5
	soonWithin   = 12 * time.Hour
	// lateExtra is what both need on top when the items are more than lateAfter apart: a
	// day later, the same people and place are as often the next event (a second strike on
	// a city, a follow-up statement) as the same one told late.
	lateExtra = 2.0
	lateAfter = 24 * time.Hour
)

// Link scores the evidence that a and b tell one event, and says whether it is enough.
// It does not check conflicts (Conflict).
func Link(a, b *Features) (float64, bool) {
	dt := a.Time.Sub(b.Time)
	if dt < 0 {
		dt = -dt
	}
	if dt > Window {
		return 0, false
	}
	people := common(a.People, b.People)
	orgs := common(a.Orgs, b.Orgs)
	var cities, countries int
	for _, p := range a.Places {
		if has(b.Places, p) {
			if isCity(p) {
				cities++
			} else {
				countries++
			}
		}
	}
	numbers := common(a.Numbers, b.Numbers)
	dates := common(a.Dates, b.Dates)
	names := common(a.Names, b.Names)
	s := wPerson*float64(min(people, 2)) + wOrg*float64(min(orgs, 2)) +
		wTopic*float64(min(common(a.Topics, b.Topics), 2)) +
		wCity*float64(min(cities, 2)) + wCountry*float64(min(countries, 2)) +
		wNumber*float64(min(numbers, 2)) + wDate*float64(min(dates, 1)) +
		wName*float64(min(names, 3))
	// Concepts bridge languages; within one, the title words already count them.
	concepts := 0
	if a.Lang == "" || a.Lang != b.Lang {
		concepts = common(a.Concepts, b.Concepts)
		s += wConcept * float64(min(concepts, maxConcepts))
	}
	if dt <= soonWithin {
		s += wSoon
	}
	for _, both := range [][2][]string{{a.TitlePeople, b.TitlePeople}, {a.TitlePlaces, b.TitlePlaces}, {a.TitleNumbers, b.TitleNumbers}} {
		if common(both[0], both[1]) > 0 {
			s += wHeadline
		}
	}
	extra := 0.0
	if dt > lateAfter {
		extra = lateExtra
	}
	if a.Lang != "" && a.Lang == b.Lang {
		s += wWord * float64(min(common(a.Words, b.Words), 5))
		return s, s >= sameLangMin+extra
	}
	kinds := 0
	// A kind of event is evidence of where-and-what next to a place, a name or a number:
	// "drone strike" and Odesa, "earthquake" and 5.8. With a person alone one kind is what
	// that person often does (Zelensky and prisoners); two kinds (frozen assets and a loan)
	// say more.
	if cities+names+numbers == 0 && concepts < 2 {
		concepts = 0
	}
	for _, n := range []int{people + orgs, cities, numbers + dates, names, concepts} {
		if n > 0 {
			kinds++
		}
	}
	return s, kinds >= 2 && s >= crossLangMin+extra
}

// Conflict says whether a and b are about different events whatever else they share.
//
//   - People: a person in one headline whom the other item does not mention anywhere.
//     "Merz meets Macron" and "Merz meets Tusk" conflict (Macron, Tusk), and so do "Merz
//     meets Macron" and "Merz defends pension reform" (the second never names Macron);
//     "Zelensky meets Rutte" and "Rutte: talks with Zelensky and Sybiha" do not. One
//     exception: headlines in two languages that name different people, share no one, and
//     share a city are national outlets naming their own minister at one summit
//     ("Crosetto at the NATO meeting in Brussels", "Pistorius in Brussels").
//   - Places and numbers: each headline has one the other item does not mention anywhere
//     ("strike on Odesa" and "strike on Kharkiv"; "three killed" and "one killed").
func Conflict(a, b *Features) bool {
	people := (oneWay(a.TitlePeople, b.People) || oneWay(b.TitlePeople, a.People)) &&
		(common(a.People, b.People) > 0 || !shareCity(a, b) || a.Lang == b.Lang)
	return people ||
		oneWay(a.TitlePlaces, b.Places) && oneWay(b.TitlePlaces, a.Places) ||
		oneWay(a.TitleNumbers, b.Numbers) && oneWay(b.TitleNumbers, a.Numbers)
}

// oneWay says whether title holds something all does not.
func oneWay(title, all []string) bool {
	for _, v := range title {
		if !has(all, v) {
			return true
		}
	}
	return false
}

func has(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// common counts the distinct values both hold (each list is short).
func common(a, b []string) int {
	n := 0
	for i, v := range a {
		if has(b, v) && !has(a[:i], v) {
			n++
		}
	}
	return n
}

func shareCity(a, b *Features) bool {
	for _, p := range a.Places {
		if isCity(p) && has(b.Places, p) {
			return true
		}
	}
	return false
}
