package match

import "strings"

// anyOf writes the alternatives of a catalogue query one per line, for the reader.
func anyOf(terms ...string) string { return strings.Join(terms, " OR ") }

// builtinEntries is the built-in catalogue: figures and organisations news monitoring needs,
// with their spellings in en/it/de/fr/es and Ukrainian and Russian (uk before ru).
//
// How to read and extend it:
//   - Cyrillic names decline, so a stem with '*' covers the case forms (Зеленськ* matches
//     Зеленський, Зеленського, Зеленському). Where the stem begins ordinary words, the forms
//     are listed instead: Трамп* would match трамплін, Мерц* мерцание, Туск* тусклый,
//     Крим* кримінальний.
//   - A surname that is also a lower-case word is written in capitals, so the acronym rule
//     asks for a capital letter in the text: MELONI (Italian "meloni", melons), TUSK (tusk),
//     RUBIO (Spanish "rubio", blond), POUTINE (the dish), MODI (Italian "modi", ways).
//   - A surname that is also a common word with a capital letter, a first name or another
//     public figure's name is matched only with the first name: "Anthony Albanese"
//     (Italian "albanese"), "António Costa", "Robert Fico" (Roberto Fico is an Italian
//     politician), "Rafael Grossi", "Nicușor Dan".
//   - Bare "UN" is left out: sentence-initial "Un" in Italian, French and Spanish would match
//     it. "the UN", "UN Security Council", ONU, ООН and the full names cover the news.
//   - Names are those in office at the time of writing (2025); configuration can override
//     any entry by name.
var builtinEntries = []Entry{
	// Ukraine.
	{"Zelensky", "person", "Volodymyr Zelensky, President of Ukraine", anyOf(
		"Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyj", "Zelenskij", "Zelenski", "Selenskyj",
		"Зеленськ*", "Зеленск*")},
	{"Svyrydenko", "person", "Yulia Svyrydenko, Prime Minister of Ukraine", anyOf(
		"Svyrydenko", "Sviridenko", "Swyrydenko", "Swiridenko", "Svyrydenkó",
		"Свириденко")},
	{"Sybiha", "person", "Andrii Sybiha, Foreign Minister of Ukraine", anyOf(
		"Sybiha", "Sybiga", "Sybyha",
		"Сибіг*", "Сибізі", "Сибиг*", "Сибиге")},
	{"Shmyhal", "person", "Denys Shmyhal, Defence Minister of Ukraine", anyOf(
		"Shmyhal", "Shmygal", "Schmyhal", "Chmyhal", "Szmyhal",
		"Шмигал*", "Шмыгал*")},
	{"Syrskyi", "person", "Oleksandr Syrskyi, Commander-in-Chief of the Armed Forces of Ukraine", anyOf(
		"Syrskyi", "Syrsky", "Syrskyj", "Syrskij", "Syrski", "Syrskiy",
		"Сирськ*", "Сырск*")},
	{"Budanov", "person", "Kyrylo Budanov, Ukrainian military intelligence (HUR)", anyOf(
		"Budanov", "Budanow", "Boudanov",
		"Буданов*")},
	{"Umerov", "person", "Rustem Umerov, Secretary of Ukraine's National Security and Defence Council", anyOf(
		"Umerov", "Umjerow", "Umerow", "Oumerov",
		"Умєров*", "Умеров*")},

	// Russia and Belarus.
	{"Putin", "person", "Vladimir Putin, President of Russia", anyOf(
		"Putin", "POUTINE", "Putins",
		"Путін*", "Путин*")},
	{"Mishustin", "person", "Mikhail Mishustin, Prime Minister of Russia", anyOf(
		"Mishustin", "Mischustin", "Michoustine", "Mišustin",
		"Мішустін*", "Мишустин*")},
	{"Lavrov", "person", "Sergei Lavrov, Foreign Minister of Russia", anyOf(
		"Lavrov", "Lawrow",
		"Лавров*")},
	{"Belousov", "person", "Andrei Belousov, Defence Minister of Russia", anyOf(
		"Belousov", "Belousow", "Belussow", "Beloussov",
		"Білоусов*", "Белоусов*")},
	{"Peskov", "person", "Dmitry Peskov, Kremlin spokesman", anyOf(
		"Peskov", "Peskow",
		"Пєсков*", "Песков*")},
	{"Medvedev", "person", "Dmitry Medvedev, deputy head of Russia's Security Council", anyOf(
		"Medvedev", "Medwedew", "Medvédev", "Miedwiediew",
		"Медведєв*", "Медведев*")},
	{"Shoigu", "person", "Sergei Shoigu, Secretary of Russia's Security Council", anyOf(
		"Shoigu", "Schoigu", "Choïgou", "Shoigú", "Šojgu",
		"Шойгу", "Шойґу")},
	{"Lukashenko", "person", "Alexander Lukashenko, President of Belarus", anyOf(
		"Lukashenko", "Lukaschenko", "Loukachenko", "Lukashenka", "Lukašenko", "Lukaszenka",
		"Лукашенк*")},

	// United States.
	{"Trump", "person", "Donald Trump, President of the United States", anyOf(
		"Trump", "Trumps",
		"Трамп", "Трампа", "Трампу", "Трампом", "Трампі", "Трампові", "Трампе")},
	{"Vance", "person", "JD Vance, Vice President of the United States", anyOf(
		`"JD Vance"`, `"J.D. Vance"`, "Vance",
		"Венс", "Венса", "Венсу", "Венсом", "Венсі", "Вэнс", "Вэнса", "Вэнсу", "Вэнсом", "Вэнсе")},
	{"Rubio", "person", "Marco Rubio, US Secretary of State", anyOf(
		`"Marco Rubio"`, "RUBIO",
		"Рубіо", "Рубио")},
	{"Hegseth", "person", "Pete Hegseth, US Secretary of Defense", anyOf(
		"Hegseth",
		"Гегсет*", "Хегсет*")},
	{"Witkoff", "person", "Steve Witkoff, US special envoy", anyOf(
		"Witkoff",
		"Віткоф*", "Уиткоф*", "Уиткофф*")},

	// European Union.
	{"von der Leyen", "person", "Ursula von der Leyen, President of the European Commission", anyOf(
		`"von der Leyen"`,
		`"фон дер Ляєн"`, `"фон дер Ляйен"`, `"фон дер Ляен"`)},
	{"Costa", "person", "António Costa, President of the European Council", anyOf(
		`"António Costa"`,
		`"Антоніу Кошта"`, `"Антоніо Кошта"`, `"Антониу Кошта"`, `"Антонио Кошта"`)},
	{"Kallas", "person", "Kaja Kallas, EU High Representative for Foreign Affairs", anyOf(
		"Kallas",
		"Каллас")},
	{"Metsola", "person", "Roberta Metsola, President of the European Parliament", anyOf(
		"Metsola",
		"Мецола", "Метсола")},

	// G20 and G7 heads of state and government, foreign and defence ministers.
	{"Macron", "person", "Emmanuel Macron, President of France", anyOf(
		"Macron", "Macrons",
		"Макрон*")},
	{"Barrot", "person", "Jean-Noël Barrot, Foreign Minister of France", anyOf(
		`"Jean-Noël Barrot"`, "Barrot",
		"Барро")},
	{"Merz", "person", "Friedrich Merz, Chancellor of Germany", anyOf(
		"Merz",
		"Мерц", "Мерца", "Мерцу", "Мерцом", "Мерцем", "Мерці", "Мерце")},
	{"Steinmeier", "person", "Frank-Walter Steinmeier, President of Germany", anyOf(
		"Steinmeier",
		"Штайнмаєр*", "Штайнмайер*", "Штайнмайєр*")},
	{"Wadephul", "person", "Johann Wadephul, Foreign Minister of Germany", anyOf(
		"Wadephul",
		"Вадефул*")},
	{"Pistorius", "person", "Boris Pistorius, Defence Minister of Germany", anyOf(
		"Pistorius",
		"Пісторіус*", "Писториус*")},
	{"Meloni", "person", "Giorgia Meloni, Prime Minister of Italy", anyOf(
		`"Giorgia Meloni"`, "MELONI",
		"Мелоні", "Мелони")},
	{"Mattarella", "person", "Sergio Mattarella, President of Italy", anyOf(
		"Mattarella",
		"Маттарелл*")},
	{"Tajani", "person", "Antonio Tajani, Foreign Minister of Italy", anyOf(
		"Tajani",
		"Таяні", "Таяни")},
	{"Crosetto", "person", "Guido Crosetto, Defence Minister of Italy", anyOf(
		"Crosetto",
		"Крозетто")},
	{"Starmer", "person", "Keir Starmer, Prime Minister of the United Kingdom", anyOf(
		"Starmer",
		"Стармер*")},
	{"Cooper", "person", "Yvette Cooper, Foreign Secretary of the United Kingdom", anyOf(
		`"Yvette Cooper"`,
		`"Іветт Купер"`, `"Иветт Купер"`)},
	{"Healey", "person", "John Healey, Defence Secretary of the United Kingdom", anyOf(
		`"John Healey"`,
		`"Джон Гілі"`, `"Джон Хили"`)},
	{"Carney", "person", "Mark Carney, Prime Minister of Canada", anyOf(
		`"Mark Carney"`, "Carney",
		`"Марк Карні"`, `"Марк Карни"`)},
	{"Takaichi", "person", "Sanae Takaichi, Prime Minister of Japan", anyOf(
		"Takaichi",
		"Такаїті", "Такаічі", "Такаити", "Такаичи")},
	{"Xi Jinping", "person", "Xi Jinping, President of China", anyOf(
		`"Xi Jinping*"`,
		`"Сі Цзіньпін*"`, `"Си Цзиньпин*"`)},
	{"Wang Yi", "person", "Wang Yi, Foreign Minister of China", anyOf(
		`"Wang Yi"`,
		`"Ван І"`, `"Ван И"`)},
	{"Modi", "person", "Narendra Modi, Prime Minister of India", anyOf(
		`"Narendra Modi"`, "MODI",
		`"Нарендра Моді"`, `"Нарендра Моди"`, "МОДІ", "МОДИ")},
	{"Erdogan", "person", "Recep Tayyip Erdoğan, President of Turkey", anyOf(
		"Erdogan", "Erdogans",
		"Ердоган*", "Эрдоган*")},
	{"Fidan", "person", "Hakan Fidan, Foreign Minister of Turkey", anyOf(
		`"Hakan Fidan"`,
		`"Хакан Фідан*"`, `"Хакан Фидан*"`)},
	{"Lula", "person", "Luiz Inácio Lula da Silva, President of Brazil", anyOf(
		"Lula",
		"Лула")},
	{"Milei", "person", "Javier Milei, President of Argentina", anyOf(
		"Milei",
		"Мілей", "Мілея", "Мілею", "Мілеєм", "Милей", "Милея", "Милею", "Милеем")},
	{"Sheinbaum", "person", "Claudia Sheinbaum, President of Mexico", anyOf(
		"Sheinbaum",
		"Шейнбаум")},
	{"Albanese", "person", "Anthony Albanese, Prime Minister of Australia", anyOf(
		`"Anthony Albanese"`,
		`"Ентоні Албаніз*"`, `"Энтони Албаниз*"`)},
	{"Lee Jae-myung", "person", "Lee Jae-myung, President of South Korea", anyOf(
		`"Lee Jae-myung"`,
		`"Лі Дже Мьон*"`, `"Лі Чже Мьон*"`, `"Ли Чжэ Мён*"`, `"Ли Дже Мён*"`)},
	{"Prabowo", "person", "Prabowo Subianto, President of Indonesia", anyOf(
		"Prabowo",
		"Прабово")},
	{"Ramaphosa", "person", "Cyril Ramaphosa, President of South Africa", anyOf(
		"Ramaphosa",
		"Рамафос*")},
	{"Mohammed bin Salman", "person", "Mohammed bin Salman, Crown Prince and Prime Minister of Saudi Arabia", anyOf(
		`"Mohammed bin Salman"`, `"Mohammad bin Salman"`, `"Mohammed ben Salmane"`, `"Mohamed bin Salmán"`, "MBS",
		`"Мухаммед бін Салман*"`, `"Мухаммед бин Салман*"`, `"Мохаммед бин Салман*"`)},

	// Ukraine's neighbours.
	{"Tusk", "person", "Donald Tusk, Prime Minister of Poland", anyOf(
		"TUSK",
		"Туск", "Туска", "Туску", "Туском", "Туске", "Тускові")},
	{"Nawrocki", "person", "Karol Nawrocki, President of Poland", anyOf(
		"Nawrocki", "Nawrockis",
		"Навроцьк*", "Навроцк*")},
	{"Sandu", "person", "Maia Sandu, President of Moldova", anyOf(
		"Sandu",
		"Санду")},
	{"Nicusor Dan", "person", "Nicușor Dan, President of Romania", anyOf(
		`"Nicușor Dan"`,
		`"Нікушор Дан*"`, `"Никушор Дан*"`)},
	{"Orban", "person", "Viktor Orbán, Prime Minister of Hungary", anyOf(
		"Orbán", "Orbans",
		"Орбан*")},
	{"Fico", "person", "Robert Fico, Prime Minister of Slovakia (not Roberto Fico)", anyOf(
		`"Robert Fico"`,
		`"Роберт Фіцо"`, `"Роберт Фицо"`, "Фіцо", "Фицо")},

	// Middle East and Asia.
	{"Netanyahu", "person", "Benjamin Netanyahu, Prime Minister of Israel", anyOf(
		"Netanyahu", "Netanjahu", "Netanyahou",
		"Нетаньягу", "Нетаньяху", "Нетаніягу")},
	{"Khamenei", "person", "Ali Khamenei, Supreme Leader of Iran", anyOf(
		"Khamenei", "Chamenei", "Jamenei",
		"Хаменеї", "Хаменеи")},
	{"Pezeshkian", "person", "Masoud Pezeshkian, President of Iran", anyOf(
		"Pezeshkian", "Peseschkian",
		"Пезешкіан*", "Пезешкиан*")},
	{"Kim Jong Un", "person", "Kim Jong Un, leader of North Korea", anyOf(
		`"Kim Jong Un"`, `"Kim Jong-un"`, `"Kim Dzong Un"`,
		`"Кім Чен Ин*"`, `"Ким Чен Ын*"`)},

	// International organisations.
	{"Rutte", "person", "Mark Rutte, Secretary General of NATO", anyOf(
		"Rutte",
		"Рютте")},
	{"Guterres", "person", "António Guterres, Secretary-General of the United Nations", anyOf(
		"Guterres",
		"Гутерр*")},
	{"Grossi", "person", "Rafael Grossi, Director General of the IAEA", anyOf(
		`"Rafael Grossi"`, `"Rafael Mariano Grossi"`,
		`"Рафаель Гроссі"`, `"Рафаэль Гросси"`, "Гроссі", "Гросси")},
	{"NATO", "organisation", "North Atlantic Treaty Organization", anyOf(
		"NATO", "OTAN", `"Alleanza Atlantica"`, `"Atlantic Alliance"`, `"North Atlantic Treaty Organization"`,
		`"Alliance atlantique"`, `"Alianza Atlántica"`, "Nordatlantikpakt*",
		"НАТО", `"Північноатлантичн* альянс*"`, `"Североатлантическ* альянс*"`)},
	{"EU", "organisation", "European Union", anyOf(
		"EU", "UE", `"European Union"`, `"Unione europea"`, `"Europäische* Union"`, `"Union européenne"`, `"Unión Europea"`,
		"ЄС", "Євросоюз*", `"Європейськ* союз*"`, "ЕС", "Евросоюз*", `"Европейск* союз*"`)},
	{"European Commission", "organisation", "European Commission", anyOf(
		`"European Commission"`, `"Commissione europea"`, `"EU-Kommission"`, `"Europäische* Kommission"`,
		`"Commission européenne"`, `"Comisión Europea"`,
		"Єврокомісі*", `"Європейськ* комісі*"`, "Еврокомисси*", `"Европейск* комисси*"`)},
	{"European Parliament", "organisation", "European Parliament", anyOf(
		`"European Parliament"`, `"Parlamento europeo"`, "Europaparlament*", `"Europäische* Parlament*"`,
		`"Parlement européen"`,
		"Європарламент*", `"Європейськ* парламент*"`, "Европарламент*", `"Европейск* парламент*"`)},
	{"UN", "organisation", "United Nations", anyOf(
		`"the UN"`, `"UN Security Council"`, `"UN General Assembly"`, `"UN chief"`, `"UN Secretary-General"`,
		"ONU", `"United Nations"`, `"Nazioni Unite"`, `"Vereinte* Nationen"`, `"Nations unies"`, `"Naciones Unidas"`,
		"ООН")},
	{"UN Security Council", "organisation", "United Nations Security Council", anyOf(
		`"Security Council"`, `"Consiglio di sicurezza"`, "UN-Sicherheitsrat*", "Weltsicherheitsrat*",
		`"Conseil de sécurité"`, `"Consejo de Seguridad"`,
		`"Рад* безпеки ООН"`, `"Радбез* ООН"`, `"Совет* безопасности ООН"`, `"Совбез* ООН"`)},
	{"G7", "organisation", "Group of Seven", anyOf(
		"G7", `"G-7"`, `"Group of Seven"`,
		"Г7", `"Г-7"`, `"Велик* сімк*"`, `"Больш* семерк*"`)},
	{"G20", "organisation", "Group of Twenty", anyOf(
		"G20", `"G-20"`, `"Group of Twenty"`,
		"Г20", `"Г-20"`, `"Велик* двадцятк*"`, `"Больш* двадцатк*"`)},
	{"IAEA", "organisation", "International Atomic Energy Agency", anyOf(
		"IAEA", "AIEA", "IAEO", "OIEA", `"International Atomic Energy Agency"`,
		`"Agenzia internazionale per l'energia atomica"`, `"Internationale* Atomenergie*"`,
		`"Agence internationale de l'énergie atomique"`, `"Organismo Internacional de Energía Atómica"`,
		"МАГАТЕ", "МАГАТЭ")},
	{"ICC", "organisation", "International Criminal Court", anyOf(
		"ICC", `"International Criminal Court"`, `"Corte penale internazionale"`,
		`"Internationale* Strafgerichtshof*"`, "IStGH", `"Cour pénale internationale"`, `"Corte Penal Internacional"`,
		`"Міжнародн* кримінальн* суд*"`, `"Международн* уголовн* суд*"`, "МУС")},
	{"OSCE", "organisation", "Organization for Security and Co-operation in Europe", anyOf(
		"OSCE", "OSZE", `"Organization for Security and Co-operation in Europe"`,
		"ОБСЄ", "ОБСЕ")},
	{"Council of Europe", "organisation", "Council of Europe", anyOf(
		`"Council of Europe"`, `"Consiglio d'Europa"`, "Europarat*", `"Conseil de l'Europe"`, `"Consejo de Europa"`,
		`"Рад* Європи"`, `"Совет* Европы"`)},
	{"Kremlin", "organisation", "The Kremlin, seat of the Russian presidency", anyOf(
		"Kremlin", "Cremlino", "Kreml",
		"Кремл*")},
	{"White House", "organisation", "The White House, seat of the US presidency", anyOf(
		`"White House"`, `"Casa Bianca"`, `"Weiß* Haus*"`, `"Maison Blanche"`, `"Casa Blanca"`,
		`"Біл* дім"`, `"Біл* дом*"`, `"Бел* дом*"`)},
	{"Pentagon", "organisation", "US Department of Defense", anyOf(
		"Pentagon", "Pentagono", "Pentagone", "Pentágono",
		"Пентагон*")},
	{"IMF", "organisation", "International Monetary Fund", anyOf(
		"IMF", "FMI", "IWF", `"International Monetary Fund"`, `"Fondo monetario internazionale"`,
		`"Internationale* Währungsfonds"`, `"Fonds monétaire international"`, `"Fondo Monetario Internacional"`,
		"МВФ")},
	{"World Bank", "organisation", "World Bank", anyOf(
		`"World Bank"`, `"Banca mondiale"`, "Weltbank*", `"Banque mondiale"`, `"Banco Mundial"`,
		`"Світов* банк*"`, `"Всемирн* банк*"`)},
	{"WHO", "organisation", "World Health Organization", anyOf(
		`"World Health Organization"`, "OMS", `"Organizzazione mondiale della sanità"`, "Weltgesundheitsorganisation",
		`"Organisation mondiale de la santé"`, `"Organización Mundial de la Salud"`,
		"ВООЗ", "ВОЗ")},
	{"ECB", "organisation", "European Central Bank", anyOf(
		"ECB", "BCE", "EZB", `"European Central Bank"`, `"Banca centrale europea"`, `"Europäische* Zentralbank"`,
		`"Banque centrale européenne"`, `"Banco Central Europeo"`,
		"ЄЦБ", "ЕЦБ")},
	{"BRICS", "organisation", "BRICS group of emerging economies", anyOf(
		"BRICS",
		"БРІКС", "БРИКС")},
	{"OPEC", "organisation", "Organization of the Petroleum Exporting Countries", anyOf(
		"OPEC", "OPEP",
		"ОПЕК")},
	{"Red Cross", "organisation", "International Committee of the Red Cross", anyOf(
		"ICRC", "CICR", "IKRK", `"Red Cross"`, `"Croce Rossa"`, `"Rote* Kreuz*"`, `"Croix-Rouge"`, `"Cruz Roja"`,
		`"Червон* Хрест*"`, `"Красн* Крест*"`)},
	{"Rosatom", "organisation", "Russian state nuclear corporation", anyOf(
		"Rosatom",
		"Росатом*")},

	// Topics.
	{"Ukraine", "topic", "Ukraine, in every language", anyOf(
		"ukrain*", "ucrain*", "Oekraïne",
		"Україн*", "Украин*")},
	{"Russia", "topic", "Russia, in every language", anyOf(
		"Russia", "Russian", "Russians", "Russland", "russisch*", "Russie", "Rusia", "ruso", "rusa", "rusos",
		"Росі*", "Російськ*", "Росси*", "Российск*")},
	{"Kyiv", "topic", "Kyiv (Kiev)", anyOf(
		"Kyiv", "Kiev", "Kiew", "Kyjiw", "Kyïv",
		"Київ*", "Києв*", "Киев*")},
	{"Crimea", "topic", "Crimea", anyOf(
		"Crimea", "Krim", "Crimée",
		"Крим", "Криму", "Кримом", "Кримськ*", "Крым*")},
	{"Donbas", "topic", "Donbas (Donetsk and Luhansk)", anyOf(
		"Donbas", "Donbass",
		"Донбас*")},
	{"Zaporizhzhia", "topic", "Zaporizhzhia and its nuclear plant", anyOf(
		"Zaporizhzhia", "Zaporizhia", "Zaporozhye", "Zaporizhzhya", "Saporischschja", "Saporischja", "Zaporijjia", "Zaporiyia", "ZNPP",
		"Запоріж*", "ЗАЕС", "Запорож*", "ЗАЭС")},
	{"Black Sea", "topic", "Black Sea", anyOf(
		`"Black Sea"`, `"Mar Nero"`, `"Schwarze* Meer*"`, `"mer Noire"`, `"Mar Negro"`,
		`"Чорн* мор*"`, `"Черн* мор*"`)},
	{"Sanctions", "topic", "Sanctions", anyOf(
		"sanction*", "sanzion*", "Sanktion*", "sancion*",
		"санкці*", "санкци*")},
	{"Gaza", "topic", "Gaza", anyOf(
		"Gaza", "Gazastreifen",
		`"Сектор* Газ*"`)},
	{"Taiwan", "topic", "Taiwan", anyOf(
		"Taiwan", "Taïwan", "Taiwán",
		"Тайван*")},
}
