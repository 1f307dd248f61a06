package match

// figureSpecs are the figures whose forms and context rules are written out (rules.go);
// every other built-in entry gets rules made from its query (fromQuery). Each list is
// "|"-separated; see spec for what each field does.
var figureSpecs = []spec{
	{
		name: "Zelensky", kind: "person", desc: "Volodymyr Zelensky, President of Ukraine",
		latin:     "Zelensky|Zelenskyy|Zelenskiy|Zelenskyj|Zelenskij|Zelenskyi|Zelenski|Selenskyj|Selenskij|Selenski",
		pl:        "Zełenski",
		uk:        "Зеленський",
		ru:        "Зеленский",
		confirm:   "Volodymyr|Wolodymyr|Volodimir|Volodímir|Wołodymyr|Wołodymyra|Володимир|Володимира|Владимир|Владимира",
		notBefore: "Boy|Boya|Boyem|Tadeusz|Tadeusza|Władysław|Władysława|Olena|Olenа|Олена|Олени|Елена|Елены",
		notCues:   "pisarz*|tłumacz*|Proust*|literatur*|poet*|felieton*|kompozytor*",
		// The stems also find the name glued to the next word, as some feeds print it
		// ("Зеленскимзаконопроект"); they cannot catch a common word, only his wife's name.
		terms:    "Зеленськ*|Зеленск*",
		notForms: "Зеленська|Зеленської|Зеленській|Зеленську|Зеленською|Зеленская|Зеленской|Зеленскую|Зеленською",
	},
	{
		name: "NATO", kind: "organisation", desc: "North Atlantic Treaty Organization",
		terms: "NATO|OTAN|NAVO|НАТО|Alleanza Atlantica|Patto Atlantico|Atlantic Alliance|North Atlantic Alliance|" +
			"North Atlantic Treaty Organization|North Atlantic Treaty Organisation|Organizzazione del Trattato dell'Atlantico del Nord|" +
			"Nordatlantikpakt*|Nordatlantische* Bündnis*|Atlantische* Bündnis*|Alliance atlantique|Organisation du traité de l'Atlantique nord|" +
			"Alianza Atlántica|Organización del Tratado del Atlántico Norte|Aliança Atlântica|Organização do Tratado do Atlântico Norte|" +
			"Noord-Atlantische Verdragsorganisatie|Sojusz* Północnoatlantyck*|Pakt* Północnoatlantyck*|natowsk*|" +
			"Північноатлантичн* альянс*|Північноатлантичн* союз*|Північноатлантичн* блок*|натовськ*|натівськ*|" +
			"Североатлантическ* альянс*|Североатлантическ* союз*|Североатлантическ* блок*|натовск*",
		weak: "it:NATO|es:NATO!|pt:NATO!", // Italian "nato" (born); Spanish, Portuguese "nato" (innate), who write OTAN
		cues: "alleat*|alleanz*|vertic*|summit|difesa|militar*|truppe|soldat*|Stoltenberg|adesion*|membri|fianco|" +
			"esercitazion*|atlantic*|segretario|bruxelles|spese|spesa|armi|ucrain*|russi*|mosca|cremlino|kiev|guerra|missil*|baltic*|" +
			"caccia|jet|droni|drone|artico|articolo|deterrenza|nucleare|basi|base|comando",
		// Words of a life story: with them an Italian sentence that opens with "Nato" is about
		// someone's birth, whatever follows the word.
		weakCues: "it:cresciut*|it:laureat*|it:diplomat*|it:nacque|it:scompars*|it:decedut*|it:funerali|it:biografi*|it:infanzia|" +
			"it:giovinezza|it:pensione|it:sposat*|it:figlio|it:figlia|it:genitori|it:famiglia",
		notAfter: "it:a|it:ad|it:nel|it:nell|it:nella|it:negli|it:il|it:lo|it:l|it:da|it:e cresciuto|it:e cresciuta|it:e morto|it:prematuro|it:sotto|it:per|it:con|it:povero|it:ricco|it:libero|it:morto|it:in una|it:in un|it:in provincia|it:nei|it:dal|it:dalla",
	},
	{
		name: "Putin", kind: "person", desc: "Vladimir Putin, President of Russia",
		latin:   "Putin|Poutine|Poetin",
		pl:      "Putin",
		uk:      "Путін",
		ru:      "Путин",
		terms:   "poutiniste*|poutinien*|Putinism*|Putinist*",
		confirm: "Vladimir|Wladimir|Vladímir|Władimir|Władimira|Volodymyr|Володимир|Володимира|Владимир|Владимира|Владимиру|Владимиром",
		weak:    "fr:Poutine|ru:Путина|ru:Путину",
		cues: "Kremlin|Kreml|Cremlino|Кремл*|Russie|russe|russes|Moscou|Moscow|Москв*|Песков*|Peskov|Ukraine|Україн*|Украин*|" +
			"guerre|Europe|européen*|Occident*|armée|nucléaire|sanction*|санкци*|войн*|СВО|указ*|переговор*|саммит*|визит*|Ушаков*|" +
			"paix|frappe*|missile*|sommet|négociation*|Xi|Chine|Pékin|China|Beijing|Trump|Zelensky",
		// The dish and the fishing season: only against the common word at a sentence start.
		weakCues: "fr:frite*|fr:fromage|fr:sauce|fr:recette*|fr:Québec|fr:québécois*|fr:Montréal|fr:Montreal|fr:resto*|fr:cheddar|fr:casse-croûte|fr:food truck*|fr:restaurant*|fr:cuisine|fr:gastronom*|fr:plat|ru:лосос*|ru:рыб*|ru:нерест*|ru:улов*|ru:горбуш*|ru:кет*|ru:путинн*|ru:рыбак*|ru:рыболов*|ru:промысл*|ru:промысел|ru:Камчат*|ru:Сахалин*|ru:Приморь*|ru:Охотск*|ru:нерк*|ru:икр*|ru:путину открыли|ru:вылов*|ru:рыбн*|ru:кижуч*|ru:минтай*|ru:сельд*|ru:путинн*|ru:рыбопромысл*",
	},
	{
		name: "Lavrov", kind: "person", desc: "Sergei Lavrov, Foreign Minister of Russia",
		latin:   "Lavrov|Lawrow|Lavrow|Lavrof",
		pl:      "Ławrow",
		uk:      "Лавров",
		ru:      "Лавров",
		confirm: "Sergei|Sergey|Sergej|Serguei|Sergueï|Serghei|Siergiej|Siergieja|Сергій|Сергія|Сергей|Сергея|Сергеем",
		// Other Lavrovs: the actor Kirill, the philosopher Pyotr.
		notBefore: "Кирилл|Кирило|Kirill|Пётр|Петр|Петро|Pyotr|Piotr",
		// Ukrainian лавровий (of laurel) declines into four of his case forms: "Лаврове листя"
		// (bay leaves) at a sentence start is the spice.
		weak: "uk:Лаврове|uk:Лаврова|uk:Лаврову|uk:Лаврові",
		weakCues: "uk:лист*|uk:листя|uk:олі*|uk:гілк*|uk:він*|uk:дерев*|uk:кущ*|uk:спеці*|uk:приправ*|uk:страв*|" +
			"uk:борщ*|uk:рецепт*|uk:кулінар*|uk:аромат*|uk:лавр|uk:лаврами",
	},
	{
		name: "Rutte", kind: "person", desc: "Mark Rutte, Secretary General of NATO",
		latin:   "Rutte",
		pl:      "Rutte",
		uk:      "Рютте|Рутте",
		ru:      "Рютте|Рутте",
		confirm: "Mark|Markiem|Marka|Марк|Марка|Марком",
	},
	{
		name: "Meloni", kind: "person", desc: "Giorgia Meloni, Prime Minister of Italy", g: feminine,
		latin:     "Meloni",
		pl:        "Meloni",
		uk:        "Мелоні",
		ru:        "Мелони",
		terms:     "melonian*",
		confirm:   "Giorgia|Giorgii|Giorgię|Giorgią|Джорджа|Джорджі|Джорджія|Джорджії|Джорджия|Джорджии",
		weak:      "it:Meloni!",
		notBefore: "Arianna|Ariannа|Ariannie|Аріанна|Арианна|sorella",
		cues: "governo|chigi|FdI|centrodestra|maggioranza|Schlein|Salvini|Quirinale|esecutivo|opposizion*|parlamento|camera|senato|" +
			"elezion*|bruxelles|vertice|summit|presidente|ministri|premier|Giorgia|leader|decreto|manovra|Washington|Casa Bianca|Kiev|Ucraina|guerra",
		weakCues: "it:anguri*|it:frutta|it:frutt*|it:ortofrutt*|it:mercato ortofrutticolo|it:zucchin*|it:pomodor*|it:coltivazion*|it:raccolto|it:agricolt*|it:chilo|it:kg|it:ricett*|it:insalat*",
	},
	{
		name: "Trump", kind: "person", desc: "Donald Trump, President of the United States",
		latin:     "Trump",
		pl:        "Trump",
		uk:        "Трамп",
		ru:        "Трамп",
		terms:     "Trumpian*|trumpism*|trumpist*|MAGA",
		confirm:   "Donald|Donalda|Donaldem|Donaldowi|Дональд|Дональда|Дональду|Дональдом",
		weak:      "en:Trump|en:Trumps!",
		notBefore: "Melania|Melanii|Меланія|Меланії|Мелания|Мелании|Ivanka|Іванка|Иванка|Barron|Eric|Ерік|Эрик|Lara|Fred|Ivana|Tiffany",
		notAfter:  "card|cards|jr|junior|Tower|Towers|Organization|Organisation|Media|Jr",
		cues: "president|presidency|tariff*|administration|Republican*|Democrat*|Washington|Oval|Biden|election*|Congress|Senate|" +
			"Kremlin|sanction*|China|Beijing|Musk|impeach*|campaign*|America*|Ukraine|Russia|Putin|Zelensky|White|Mar-a-Lago|Truth|deal|ceasefire|talks|summit|NATO|trade|executive|order",
		weakCues: "en:card game*|en:playing cards|en:whist|en:poker|en:tarot|en:bridge player*",
	},
	{
		name: "Macron", kind: "person", desc: "Emmanuel Macron, President of France",
		latin:     "Macron",
		pl:        "Macron",
		uk:        "Макрон",
		ru:        "Макрон",
		terms:     "macronist*|Macronie|macronism*",
		confirm:   "Emmanuel|Emmanuela|Emmanuelem|Еммануель|Еммануеля|Эммануэль|Эммануэля",
		weak:      "en:Macron",
		notBefore: "Brigitte|Brigitty|Бріжит|Брижит|Брижитт",
		cues:      "France|French|Paris|Elysée|Élysée|Elysee|Europe|European|Ukraine|president|Kyiv|NATO|summit|talks|Le Pen|Bayrou|Lecornu|Starmer|Merz",
		weakCues:  "en:diacritic*|en:vowel*|en:typograph*|en:Latvian|en:Maori|en:Māori|en:Unicode|en:pronunciation|en:phonetic*",
	},
	{
		name: "Merz", kind: "person", desc: "Friedrich Merz, Chancellor of Germany",
		latin:     "Merz",
		pl:        "Merz",
		uk:        "Мерц",
		ru:        "Мерц",
		confirm:   "Friedrich|Friedricha|Friedrichem|Fryderyk|Фрідріх|Фрідріха|Фридрих|Фридриха",
		weak:      "uk:Мерці!",
		notBefore: "Mario|Marisa|Маріо|Марио|Мариса|Schwitters|Hans|Gerhard|Kurt",
		// Firms, and places named after other Merzes.
		notAfter: "Pharma|Therapeutics|Aesthetics|Group|GmbH|KGaA|Pharmaceuticals|Consumer|Spezial|Pharmazeutika|Aesthetic|" +
			"Schule|Gymnasium|Straße|Platz|Allee|Stiftung|Akademie|Galerie|Werke",
		notCues: "pharma*|farmac*|Arzneimittel*|Botox|Xeomin|cosmetic*|kosmety*|artista|artist|artists|artiste|Künstler*|povera|sculpt*|scultor*|" +
			"installazion*|museo|museum|musée|Ausstellung|galleri*|gallery|retrospettiv*|retrospective|dipint*|Merzbau|Kosmetik*",
		cues: "Kanzler|Bundeskanzler|CDU|Berlin|Deutschland|Germania|Germany|Німеччин*|Германи*|Bundestag|канцлер*|уряд*",
	},
	{
		name: "Kallas", kind: "person", desc: "Kaja Kallas, EU High Representative for Foreign Affairs", g: feminine,
		latin:     "Kallas",
		pl:        "Kallas",
		uk:        "Каллас",
		ru:        "Каллас",
		confirm:   "Kaja|Kaia|Kai|Kaję|Kają|Кая|Каї|Кайя|Кайи|Каи|Каю|Каєю|Каей|верховна|верховный|верховная|HR/VP|alta|haute|hohe|high",
		notBefore: "Siim|Siima|Сійм|Сійма|Сийм|Сийма|Maria|Marii|Marią|Марія|Марії|Мария|Марии|Марию|Марією|Марией",
		notCues:   "Siim|Сійм|Сийм|opera|oper|operą|опер*|soprano|сопрано|співачк*|певиц*|diva|дива|Onassis|Онассіс|Онассис|Callas|Джоли|Джолі|Jolie|Ларрейн*|Larraín",
	},
	{
		name: "von der Leyen", kind: "person", desc: "Ursula von der Leyen, President of the European Commission", g: feminine,
		latin:   "von der Leyen",
		pl:      "von der Leyen",
		uk:      "фон дер Ляєн|фон дер Ляйєн|фон дер Ляйен",
		ru:      "фон дер Ляйен|фон дер Ляен",
		confirm: "Ursula|Урсула",
	},
	{
		name: "Tusk", kind: "person", desc: "Donald Tusk, Prime Minister of Poland",
		latin:    "Tusk",
		pl:       "Tusk",
		uk:       "Туск",
		ru:       "Туск",
		confirm:  "Donald|Donalda|Donaldem|Donaldowi|Дональд|Дональда|Дональду|Дональдом",
		weak:     "en:Tusk|en:Tusks",
		cues:     "Poland|Polish|Warsaw|Europe|EU|European|Ukraine|NATO|minister|government|coalition|Nawrocki|Kaczyński|Brussels",
		weakCues: "en:elephant*|en:ivory|en:walrus*|en:narwhal*|en:mammoth*|en:boar*|en:tusked|en:poach*",
	},
}
