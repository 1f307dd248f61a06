package story

import "strings"

// concepts are the words news use for the kind of event, in the languages of the labelled
// set, each under a language-independent id: a drone strike, a blackout, an oil depot on
// fire read the same in eight languages. A word counts when it starts with one of the
// prefixes (normal form: lower case, Latin diacritics folded) or, for "=" entries, is the
// word itself. They are weak evidence (wConcept each) that joins items which already share
// a person, place, number or name; alone they never link two items (Link asks for two
// kinds of evidence across languages, and a concept is one kind).
var concepts = conceptIndex(map[string]string{
	"drone":      "drone dron drohne дрон беспилотн безпілотн bezzalog",
	"missile":    "missil misil rakete raketen rakiet ракет balist ballist балистич балістич",
	"attack":     "attack attacc attaque atak angriff ataque атак удар =strike =strikes =raid налет",
	"killed":     "=killed =dead =morti =morto =tote getotet =muertos =mortos =morts zabit zgin погиб загин убит вбит",
	"injured":    "injur wound ferit verletz blesse herid rann ранен поранен",
	"power":      "blackout stromausfall =strom electric elettric electricite elektr електр электр світла =свет",
	"energy":     "energ енерг энерг",
	"fire":       "=fire =blaze incendi пожар пожеж pozar",
	"oil":        "=oil oldepot petrol нефт нафт naft",
	"explosion":  "explos explod esplos esplod exploz вибух взрыв взорв detonac детонац",
	"parliament": "parliament parlament парламент =sejm bundestag",
	"election":   "elect elegg elezion =wahl gewahlt wybor выбор вибор избра",
	"speaker":    "speaker spiker спикер спікер",
	"prisoners":  "prison prigion gefangen jenc пленн полон",
	"exchange":   "exchang =swap scambi austausch wymian обмен обмін",
	"border":     "border confin grenz granic границ кордон frontier frontera",
	"ceasefire":  "ceasefire truce tregua waffenruh rozejm перемир cessez",
	"gas":        "=gas =gaz =газ =lng =gnl спг скраплен",
	"tariffs":    "tariff =dazi zoll arancel пошлин",
	"earthquake": "earthquake terremot erdbeben trzesien землетрус sisma seism sism magnitud",
	"flood":      "flood alluvion inondaz hochwasser powodz наводн повін",
	"protest":    "protest протест manifestaz",
	"resign":     "resign dimett dimiss rucktritt dymisj отставк відставк",
	"summit":     "summit vertice gipfel sommet szczyt саміт саммит cumbre cimeira",
	"sanctions":  "sanction sanzion sanktion sankcj санкци санкці",
	"ammunition": "ammunit munition munizion amunic боеприпас боєприпас",
	"assets":     "asset aktyw aktiv актив vermog",
	"frozen":     "frozen congel zamroz eingefror заморож immobil",
	"loan":       "=loan prestit pozyczk кредит kredit darlehen =pret",
	"strike":     "huelga sciopero =greve streik strajk забастовк страйк",
	"jets":       "=jets fighter mysliw kampfjet caccia винищувач истребит",
	"airspace":   "airspace luftraum przestrzen spazio повітрян воздушн",
	"farmers":    "farmer agricolt agricult bauer landwirt rolnik фермер аграри аграрі tractor trattor traktor трактор",
})

// conceptWords holds whole words and prefixes, each with its concept.
type conceptWords struct {
	exact    map[string]string
	prefixes map[string]string // keyed by the prefix
	maxLen   int               // the longest prefix, in bytes
}

func conceptIndex(src map[string]string) conceptWords {
	c := conceptWords{exact: map[string]string{}, prefixes: map[string]string{}}
	for id, words := range src {
		for _, w := range strings.Fields(words) {
			if exact, ok := strings.CutPrefix(w, "="); ok {
				c.exact[exact] = id
				continue
			}
			c.prefixes[w] = id
			c.maxLen = max(c.maxLen, len(w))
		}
	}
	return c
}

// lookup returns the concept of a word in normal form, or "".
func (c conceptWords) lookup(w string) string {
	if id, ok := c.exact[w]; ok {
		return id
	}
	for n := min(len(w), c.maxLen); n >= 3; n-- {
		if id, ok := c.prefixes[w[:n]]; ok {
			return id
		}
	}
	return ""
}
