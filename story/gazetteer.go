package story

import "strings"

// place is one gazetteer entry: an id ("ua/odesa"; a country is "ua"), and its forms in
// normal form (match.Normalize: lower case, no diacritics), a trailing '*' marking a stem
// that takes case endings (Одес* covers Одеса, Одесу, Одесі; Warszaw* Warszawie).
type place struct {
	id    string
	forms string // space-separated; "_" joins the words of a two-word form
}

// gazetteer is the places a European news desk reads about, with their English, Italian,
// German, French, Spanish, Polish, Ukrainian and Russian forms. A city's id starts with its
// country's, so that a city implies its country ("ua/odesa" → "ua"). Stems are kept only
// where no common word starts with them (Рим is listed by its case forms: римский is not
// Rome). It is not meant to be complete: an unlisted place still counts as a proper noun
// (names.go), only without the Cyrillic↔Latin forms.
var gazetteer = []place{
	// Ukraine.
	{"ua", "ukraine ucraina ukraina ukrainy ukrainie ukraine* ukrain* ucrain* ucrania україн* украин*"},
	{"ua/kyiv", "kyiv kiev kiew kijow* kyjiw kyiw київ* києв* киев*"},
	{"ua/kharkiv", "kharkiv kharkov charkiw charkow* harkiv харків* харков* харьков*"},
	{"ua/odesa", "odesa odessa odess* odesy odese одес*"},
	{"ua/lviv", "lviv lvov lwow* lemberg leopoli львів* львов*"},
	{"ua/dnipro", "dnipro dnipr* dnepr* дніпр* днепр*"},
	{"ua/zaporizhzhia", "zaporizh* zaporozh* saporisch* zaporoz* zaporij* zaporiz* запоріж* запорож*"},
	{"ua/kherson", "kherson cherson* herson* херсон*"},
	{"ua/sumy", "sumy sumach суми сумах сумщин* сумы"},
	{"ua/mykolaiv", "mykolaiv nikolaev mikolajow* миколаїв* николаев*"},
	{"ua/donetsk", "donetsk donezk doniec* донецьк* донецк*"},
	{"ua/luhansk", "luhansk lugansk luhans* ługansk* луганськ* луганск*"},
	{"ua/pokrovsk", "pokrovsk pokrowsk* покровськ* покровск*"},
	{"ua/kramatorsk", "kramatorsk* краматорськ* краматорск*"},
	{"ua/chernihiv", "chernihiv chernigov czernihow* tschernihiw чернігів* чернігов* чернигов*"},
	{"ua/poltava", "poltava poltawa* полтав*"},
	{"ua/crimea", "crimea crimee crimeia krim krym* крим криму кримом кримськ* крым*"},
	{"ua/donbas", "donbas* донбас*"},
	{"ua/mariupol", "mariupol* маріупол* мариупол*"},
	// Russia and Belarus.
	{"ru", "russia russland russie rusia rosja rosji rosje rosja росія росії росію россия россии россию"},
	{"ru/moscow", "moscow mosca moskau moskw* moscou moscu москв*"},
	{"ru/petersburg", "petersburg* pietroburgo peterburg* петербург*"},
	{"ru/kursk", "kursk* курськ* курск*"},
	{"ru/belgorod", "belgorod* bilhorod* белгород* бєлгород*"},
	{"ru/saratov", "saratov saratow саратов*"},
	{"by", "belarus bielorussia weissrussland bialorus* білорус* беларус* белорус*"},
	{"by/minsk", "minsk* мінськ* минск*"},
	// Europe.
	{"be/brussels", "brussels bruxelles brussel brukse* брюссел*"},
	{"fr", "france francia frankreich francj* франці* франци*"},
	{"fr/paris", "paris parigi parys* париж*"},
	{"de", "germany germania deutschland niemc* niemiec німеччин* германи*"},
	{"de/berlin", "berlin* berlino берлін* берлин*"},
	{"de/munich", "munich munchen monachium мюнхен*"},
	{"it", "italy italia italien italie wloch* wlosz* італі* итали*"},
	{"it/rome", "rome roma rom rzym* рим риму римі римом риме"},
	{"it/milan", "milan milano mailand mediolan*"},
	{"it/sicily", "sicily sicilia sizilien sicile sycyli* сицилі* сицили*"},
	{"it/catania", "catania catanese catane"},
	{"pl", "poland polonia polen pologne polsk* polsc* польщ* польш*"},
	{"pl/warsaw", "warsaw varsavia warschau varsovie varsovia warszaw* варшав*"},
	{"pl/rzeszow", "rzeszow* жешув*"},
	{"pl/lublin", "lublin* люблін* люблин*"},
	{"pl/krakow", "krakow* cracovia krakau cracovie краків* краков*"},
	{"gb", "britain united_kingdom gran_bretagna grossbritannien brytani* британі* британи*"},
	{"gb/london", "london* londra londyn* лондон*"},
	{"us", "united_states usa stati_uniti vereinigte_staaten etats_unis estados_unidos stany_zjednoczone сша"},
	{"us/washington", "washington* waszyngton* вашингтон*"},
	{"us/white_house", "white_house casa_bianca weissen_haus weisse_haus maison_blanche casa_blanca bialym_domu bialy_dom білому_домі білий_дім белом_доме белый_дом"},
	{"us/miami", "miami маямі майами"},
	{"us/new_york", "new_york nowy_jork нью_йорк нью_йорку нью_йорке"},
	{"us/texas", "texas teksas техас*"},
	{"hu", "hungary ungheria ungarn hongrie hungria wegry wegier* угорщин* венгри*"},
	{"hu/budapest", "budapest* budapeszt* будапешт*"},
	{"cz", "czech czechia cechia tschechien czech* чехі* чехи*"},
	{"cz/prague", "prague praga prag prahy praze прага праги празі праге"},
	{"sk", "slovakia slovacchia slowakei slowacj* словаччин* словаки*"},
	{"ro", "romania rumanien roumanie rumuni* румуні* румыни*"},
	{"md", "moldova moldavia moldau moldawi* молдов* молдави*"},
	{"md/chisinau", "chisinau kiszyniow* кишинів* кишинев*"},
	{"lt", "lithuania lituania litauen litw* литв*"},
	{"lt/vilnius", "vilnius wilno wilna wilnie вільнюс* вильнюс*"},
	{"lv/riga", "riga ryga rydze rygi рига ризі риге риги"},
	{"ee/tallinn", "tallinn* таллінн* таллин*"},
	{"fi/helsinki", "helsinki helsink* гельсінк* хельсинк*"},
	{"dk", "denmark danimarca danemark danemark dinamarca dania danii данія данії дания дании"},
	{"dk/aalborg", "aalborg* ольборг*"},
	{"nl/amsterdam", "amsterdam* амстердам*"},
	{"nl/hague", "hague den_haag l_aia haga гаага гааге гаазі"},
	{"ch/geneva", "geneva ginevra genf geneve genew* женев*"},
	{"at/vienna", "vienna wien wieden* відень відні відня вена вене вены"},
	{"es", "spain spagna spanien espagne espana hiszpani* іспані* испани*"},
	{"es/madrid", "madrid* мадрид*"},
	{"es/valencia", "valencia walencj* валенсі* валенси*"},
	{"tr", "turkey turchia turkei turquie turquia turcj* туреччин* турци*"},
	{"tr/istanbul", "istanbul stambul* стамбул*"},
	{"tr/ankara", "ankara* анкар*"},
	{"tr/balikesir", "balikesir балыкесир* баликесір*"},
	{"tr/malatya", "malatya малатья"},
	{"ge/tbilisi", "tbilisi tiflis тбілісі тбилиси"},
	{"rs/belgrade", "belgrade belgrado belgrad* белград*"},
	// Middle East, Asia, Africa, Americas.
	{"il", "israel israele izrael* ізраїл* израил*"},
	{"ps/gaza", "gaza gazy gazie gazastreifen газа гази газі газу секторі_газа"},
	{"ps/rafah", "rafah рафах*"},
	{"il/jerusalem", "jerusalem gerusalemme jerozolim* єрусалим* иерусалим*"},
	{"ir", "iran* ірану іран иран*"},
	{"ir/tehran", "tehran teheran тегеран*"},
	{"sy", "syria siria syrien syrie syrii сирія сирії сирия сирии"},
	{"sy/damascus", "damascus damasco damaskus damas дамаск*"},
	{"lb/beirut", "beirut beyrouth bejrut* бейрут*"},
	{"qa/doha", "doha* доха дохе"},
	{"eg/cairo", "cairo kairo le_caire kair* каїр* каир*"},
	{"sa/riyadh", "riyadh riad rijad* ер_ріяд эр_рияд"},
	{"ae", "emirates emirati emiraten oae оае оаэ"},
	{"cn", "china cina chine chiny chin chinese cinese china* китай* китаю китая"},
	{"cn/beijing", "beijing pechino peking pekin* пекін* пекин*"},
	{"tw", "taiwan tajwan* тайван*"},
	{"jp", "japan giappone japon japoni* япон*"},
	{"jp/tokyo", "tokyo tokio tokyo токіо токио"},
	{"kp", "north_korea corea_del_nord nordkorea coree_du_nord korea_polnocna кндр"},
	{"in", "india indien inde indii indie індія індії индия индии"},
	{"za/johannesburg", "johannesburg* йоганнесбург* йоханнесбург*"},
	{"br/belem", "belem белен*"},
	{"br", "brazil brasile brasilien bresil brasil brazyli* бразилі* бразили*"},
	{"ca", "canada kanad* канад*"},
	{"alps", "alps alpi alpen alpes alpach альпах альпи альпы альпах"},
	{"it/ortler", "ortles ortler ортлер*"},
	{"it/south_tyrol", "alto_adige sudtirol sud_tirolo south_tyrol"},
	{"gb/wales", "wales galles walii уельс*"},
	{"ua/khmelnytskyi", "khmelnytsk* chmielnick* хмельницьк* хмельницк*"},
}

// gazIndex is the gazetteer as lookup tables.
type gazIndex struct {
	exact  map[string]string // a word, or two joined by '_' → id
	stems  map[string]string // a stem → id; found by trying a word's prefixes
	maxLen int               // the longest stem, in bytes
}

var places = func() gazIndex {
	g := gazIndex{exact: map[string]string{}, stems: map[string]string{}}
	for _, p := range gazetteer {
		for _, f := range strings.Fields(p.forms) {
			if s, ok := strings.CutSuffix(f, "*"); ok {
				g.stems[s] = p.id
				g.maxLen = max(g.maxLen, len(s))
			} else {
				g.exact[f] = p.id
			}
		}
	}
	return g
}()

// minStem is the shortest prefix of a word tried against the stems.
const minStem = 3

// lookup finds the place a word (or the word and the next, joined by '_') names. It
// returns the id and how many words the form took, or "" and 0.
func (g *gazIndex) lookup(w, next string) (string, int) {
	if next != "" {
		if id, ok := g.exact[w+"_"+next]; ok {
			return id, 2
		}
	}
	if id, ok := g.exact[w]; ok {
		return id, 1
	}
	for n := min(len(w), g.maxLen); n >= minStem; n-- {
		if id, ok := g.stems[w[:n]]; ok {
			return id, 1
		}
	}
	return "", 0
}

// country is the country of a place id: "ua" for "ua/odesa"; a place with no country
// (alps) is its own.
func country(id string) string {
	if i := strings.IndexByte(id, '/'); i >= 0 {
		return id[:i]
	}
	return id
}

// isCity says whether a place id names a city or region rather than a country.
func isCity(id string) bool { return strings.IndexByte(id, '/') >= 0 || len(id) > 2 }
