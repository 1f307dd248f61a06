package story_test

import (
	"testing"
	"time"

	"github.com/vedetta/vedetta/story"
	"github.com/vedetta/vedetta/watch/match"
)

func extractor(t testing.TB) *story.Extractor {
	x, err := story.NewExtractor(match.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	return x
}

var friday = time.Date(2025, 11, 7, 9, 0, 0, 0, time.UTC)

func TestPairs(t *testing.T) {
	x := extractor(t)
	type it struct{ title, text string }
	for _, c := range []struct {
		name  string
		a, b  it
		apart time.Duration
		same  bool
	}{
		{"Merz meets Macron and Merz meets Tusk stay apart",
			it{"Merz meets Macron on Friday", "The chancellor travels to Paris."},
			it{"Merz meets Tusk on Friday", "The chancellor travels to Warsaw."}, time.Hour, false},
		{"one meeting told in Italian and Ukrainian is one story",
			it{"Merz da Macron a Parigi: al centro la difesa europea", "Il cancelliere Friedrich Merz incontra venerdì all'Eliseo il presidente Emmanuel Macron."},
			it{"Мерц зустрівся з Макроном у Парижі", "Канцлер Німеччини Фрідріх Мерц і президент Франції Емманюель Макрон обговорили оборону."}, 2 * time.Hour, true},
		{"strikes on two cities the same night stay apart",
			it{"Three killed in Russian drone attack on Odesa", "A night-time attack on the port city."},
			it{"Russian missile strike on Kharkiv injures 12", "Ballistic missiles hit the city overnight."}, time.Hour, false},
		{"a different toll in the headline is another event",
			it{"Three killed in Russian drone attack on Odesa", "Eight were injured."},
			it{"One killed as Russian drones hit Odesa port again", "A grain terminal was damaged."}, 40 * time.Hour, false},
		{"the same numbers and place across scripts are one story",
			it{"Terremoto di magnitudo 6.1 in Turchia, avvertito a Istanbul", "Epicentro a Sindirgi, nella provincia di Balikesir."},
			it{"В Турции произошло землетрясение магнитудой 6,1", "Эпицентр в провинции Балыкесир, толчки ощущались в Стамбуле."}, time.Hour, true},
		{"items more than 48 hours apart are never one story",
			it{"Merz meets Macron in Paris", "Talks on defence."},
			it{"Merz meets Macron in Paris", "Talks on defence."}, 49 * time.Hour, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			fa := x.Extract(c.a.title, c.a.text, "", friday)
			fb := x.Extract(c.b.title, c.b.text, "", friday.Add(c.apart))
			_, link := story.Link(&fa, &fb)
			if got := link && !story.Conflict(&fa, &fb); got != c.same {
				t.Errorf("same story = %v, want %v\n%+v\n%+v", got, c.same, fa, fb)
			}
		})
	}
}

// TestAssign: items join the story they belong to, a repeated item keeps its story, and a
// story no item joined for the window is forgotten.
func TestAssign(t *testing.T) {
	x := extractor(t)
	now := friday
	a := story.NewAssigner(func() time.Time { return now })
	f1 := x.Extract("Merz meets Macron in Paris on Friday", "Friedrich Merz and Emmanuel Macron talk defence at the Elysee.", "", now)
	id1, fresh := a.Assign("a", f1)
	if !fresh {
		t.Fatal("the first item does not start a story")
	}
	f2 := x.Extract("Merz da Macron a Parigi", "Il cancelliere Friedrich Merz incontra Emmanuel Macron all'Eliseo.", "", now.Add(time.Hour))
	if id, fresh := a.Assign("b", f2); id != id1 || fresh {
		t.Errorf("the Italian item got story %d (fresh %v), want %d", id, fresh, id1)
	}
	f3 := x.Extract("Merz meets Tusk in Warsaw on Friday", "Friedrich Merz and Donald Tusk discuss border checks.", "", now.Add(time.Hour))
	if id, _ := a.Assign("c", f3); id == id1 {
		t.Error("Merz meets Tusk joined Merz meets Macron")
	}
	if id, fresh := a.Assign("a", f1); id != id1 || fresh {
		t.Errorf("a repeated item got story %d (fresh %v), want %d", id, fresh, id1)
	}
	now = now.Add(story.Window + 24*time.Hour)
	later := x.Extract("Merz meets Macron in Paris on Friday", "Friedrich Merz and Emmanuel Macron talk defence at the Elysee.", "", now)
	if id, fresh := a.Assign("d", later); id == id1 || !fresh {
		t.Errorf("an item after the window joined story %d", id)
	}
	if n := a.Len(); n != 1 {
		t.Errorf("%d stories in memory after the window, want 1", n)
	}
}

func TestNumbersAndPlaces(t *testing.T) {
	x := extractor(t)
	f := x.Extract("ЦБ России снизил ключевую ставку до 16,5%", "Рада: 1,000 депутатів, 7 листопада у Києві, G20", "", friday)
	for _, want := range []struct {
		what string
		in   []string
		v    string
	}{
		{"decimal comma", f.Numbers, "16.5"},
		{"thousands separator", f.Numbers, "1000"},
		{"date", f.Dates, "11-07"},
		{"Cyrillic city in a case form", f.Places, "ua/kyiv"},
		{"its country", f.Places, "ua"},
		{"a code", f.Names, "#g20"},
	} {
		found := false
		for _, v := range want.in {
			found = found || v == want.v
		}
		if !found {
			t.Errorf("%s: %q not in %v", want.what, want.v, want.in)
		}
	}
}

// TestNames: the extractor names the catalogue entries an item matches (the router counts
// them hourly for /trend), and none for an item about nothing in the catalogue.
func TestNames(t *testing.T) {
	x := extractor(t)
	got := x.Names("NATO summit opens", "Zelensky meets the allies", "en")
	has := map[string]bool{}
	for _, n := range got {
		has[n] = true
	}
	if !has["NATO"] || !has["Zelensky"] {
		t.Errorf("Names = %q, want NATO and Zelensky among them", got)
	}
	if got := x.Names("Local bakery wins a prize", "The bread was good", "en"); len(got) != 0 {
		t.Errorf("Names of an item about nothing in the catalogue = %q, want none", got)
	}
}
