package story

import "strings"

// stopwords are the words of a title that say nothing about its event, in normal form, in
// the languages the matcher tells apart: function words, and the verbs and nouns every
// headline uses ("says", "news", "live"). Title-word overlap counts the others.
var stopwords = wordSet(`
a an and are as at be by for from has have he her his in into is it its of on or over
says said say that the their them they this to up was were will with after before about
new more than not no but all also how why what when who which amid against could would
may can just out off our we you your live update updates latest news report reports
il lo la le gli i un una uno di da del della dei delle dello degli al alla alle ai agli
dal dalla dai dalle nel nella nei nelle sul sulla sui sulle che e ed in per con non
come tra fra piu anche dopo ma se si ci ha hanno sono era essere stato stata dice
der die das den dem des ein eine einen einem einer und oder mit von zu zum zur im in
auf fur aus bei nach vor uber unter ist sind war hat haben wird werden nicht auch als
sich dass wie bis gegen beim vom am
le la les un une des du de et en au aux pour par sur dans avec sans est sont a ont qui
que ne pas plus apres selon entre son sa ses leur
el la los las un una unos unas de del y en con por para al se es son ha que como tras segun sobre
i w z na sie nie do ze o to od po za oraz dla przez jak co tak juz ale jego ich przed czy jest sa
і й та що не на це від для до за як його про під після також вже які який буде але чи щодо
з у в із зі до по про через під над біля як ще
и что не на это от для до за как его про под после также уже которые который будет но ли или
с у в из со по через над около как еще
`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// numberWords are the numbers from 1 to 12 written as words, in normal form, with the
// case forms Polish, Ukrainian and Russian headlines use ("троє загиблих", "trzy osoby").
// One is English "one" only: "un", "uno", "ein", "один" are articles or pronouns as often.
var numberWords = func() map[string]string {
	m := map[string]string{}
	for n, ws := range map[string]string{
		"1":  "one",
		"2":  "two due zwei zweier zwischen_ deux dos dwa dwie dwoch dwaj два дві двоє двох две двое двух",
		"3":  "three tre drei trois tres trzy trzech trzej три троє трьох трое троих трех",
		"4":  "four quattro vier quatre cuatro cztery czterech чотири чотирьох четыре четверо четырех",
		"5":  "five cinque funf cinq cinco piec pieciu пять пятеро пяти пʼять пять п'ять пятьох",
		"6":  "six sei sechs seis szesc szesciu шість шести шесть",
		"7":  "seven sette sieben sept siete siedem siedmiu сім семи семь",
		"8":  "eight otto acht huit ocho osiem osmiu вісім вісьмох восемь восьми",
		"9":  "nine nove neun neuf nueve dziewiec dziewieciu девять девяти дев'ять девʼять",
		"10": "ten dieci zehn dix diez dziesiec dziesieciu десять десяти",
		"11": "eleven undici elf onze once jedenascie одинадцять одиннадцать",
		"12": "twelve dodici zwolf douze doce dwanascie дванадцять двенадцать",
	} {
		for _, w := range strings.Fields(ws) {
			if !strings.HasSuffix(w, "_") {
				m[w] = n
			}
		}
	}
	return m
}()

// months are the month names and their stems (genitives: "7 listopada", "7 листопада",
// "7 ноября"), in normal form, by month number.
var months = func() map[string]int {
	m := map[string]int{}
	for i, ws := range []string{
		"january gennaio januar janvier enero stycznia styczen січня січень января январь",
		"february febbraio februar fevrier febrero lutego luty лютого лютий февраля февраль",
		"march marzo marz mars marca marzec березня березень марта март",
		"april aprile avril abril kwietnia kwiecien квітня квітень апреля апрель",
		"may maggio mai mayo maja травня травень мая май",
		"june giugno juni juin junio czerwca czerwiec червня червень июня июнь",
		"july luglio juli juillet julio lipca lipiec липня липень июля июль",
		"august agosto aout sierpnia sierpien серпня серпень августа август",
		"september settembre septembre septiembre wrzesnia wrzesien вересня вересень сентября сентябрь",
		"october ottobre oktober octobre octubre pazdziernika pazdziernik жовтня жовтень октября октябрь",
		"november novembre noviembre listopada listopad листопада листопад ноября ноябрь",
		"december dicembre dezember decembre diciembre grudnia grudzien грудня грудень декабря декабрь",
	} {
		for _, w := range strings.Fields(ws) {
			m[w] = i + 1
		}
	}
	return m
}()
