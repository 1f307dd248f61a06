package match

import "strings"

// anyOf writes the alternatives of a catalogue query one per line, for the reader.
func anyOf(terms ...string) string { return strings.Join(terms, " OR ") }

// builtinEntries are the built-in catalogue's figures, organisations and topics written as
// queries of alternatives, with their spellings in en/it/de/fr/es/pt/nl/pl and Ukrainian and
// Russian (uk before ru). The figures of figureSpecs (specs.go) replace the entries of the
// same name; every other entry gets its rules from its query (fromQuery in rules.go): a
// person's single-word surnames are declined as the specs' are.
//
// How to read and extend it:
//   - Cyrillic names decline; a stem with '*' covers the case forms where no common word
//     starts with it (Зеленськ*). Otherwise the base is given and the forms are generated:
//     Трамп* would match трамплін, Мерц* мерцание, Туск* тусклый, Крим* кримінальний.
//   - A surname that is also a common word, a first name or another public figure's name
//     is matched only with the first name: "Anthony Albanese" (Italian "albanese"),
//     "António Costa", "Robert Fico" (Roberto Fico is an Italian politician), "Rafael
//     Grossi", "Nicușor Dan"; or, for the figures of figureSpecs, by context rules.
//   - Bare "UN" and "WHO" are left out: sentence-initial "Un" in Italian, French and
//     Spanish and English "Who" would match them. "the UN", ONU, ООН and the full names
//     cover the news.
//   - Office holders are those of the date in Reviewed (review.go); docs/CATALOGUE.md says
//     how to review them. Configuration can override any entry by name.
var builtinEntries = []Entry{
	// Ukraine.
	{Name: "Zelensky", Kind: "person", Description: "Volodymyr Zelensky, President of Ukraine", Query: anyOf(
		"Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyj", "Zelenskij", "Zelenski", "Selenskyj",
		"Зеленськ*", "Зеленск*")},
	{Name: "Svyrydenko", Kind: "person", Description: "Yulia Svyrydenko, Prime Minister of Ukraine", Query: anyOf(
		"Svyrydenko", "Sviridenko", "Swyrydenko", "Swiridenko", "Svyrydenkó",
		"Свириденко")},
	{Name: "Sybiha", Kind: "person", Description: "Andrii Sybiha, Foreign Minister of Ukraine", Query: anyOf(
		"Sybiha", "Sybiga", "Sybyha",
		"Сибіг*", "Сибізі", "Сибиг*", "Сибиге")},
	{Name: "Shmyhal", Kind: "person", Description: "Denys Shmyhal, Defence Minister of Ukraine", Query: anyOf(
		"Shmyhal", "Shmygal", "Schmyhal", "Chmyhal", "Szmyhal",
		"Шмигал*", "Шмыгал*")},
	{Name: "Syrskyi", Kind: "person", Description: "Oleksandr Syrskyi, Commander-in-Chief of the Armed Forces of Ukraine", Query: anyOf(
		"Syrskyi", "Syrsky", "Syrskyj", "Syrskij", "Syrski", "Syrskiy",
		"Сирськ*", "Сырск*")},
	{Name: "Budanov", Kind: "person", Description: "Kyrylo Budanov, Ukrainian military intelligence (HUR)", Query: anyOf(
		"Budanov", "Budanow", "Boudanov",
		"Буданов*")},
	{Name: "Umerov", Kind: "person", Description: "Rustem Umerov, Secretary of Ukraine's National Security and Defence Council", Query: anyOf(
		"Umerov", "Umjerow", "Umerow", "Oumerov",
		"Умєров*", "Умеров*")},

	// Russia and Belarus.
	{Name: "Putin", Kind: "person", Description: "Vladimir Putin, President of Russia", Query: anyOf(
		"Putin", "POUTINE", "Putins",
		"Путін*", "Путин*")},
	{Name: "Mishustin", Kind: "person", Description: "Mikhail Mishustin, Prime Minister of Russia", Query: anyOf(
		"Mishustin", "Mischustin", "Michoustine", "Mišustin",
		"Мішустін*", "Мишустин*")},
	{Name: "Lavrov", Kind: "person", Description: "Sergei Lavrov, Foreign Minister of Russia", Query: anyOf(
		"Lavrov", "Lawrow",
		"Лавров*")},
	{Name: "Belousov", Kind: "person", Description: "Andrei Belousov, Defence Minister of Russia", Query: anyOf(
		"Belousov", "Belousow", "Belussow", "Beloussov",
		"Білоусов*", "Белоусов*")},
	{Name: "Peskov", Kind: "person", Description: "Dmitry Peskov, Kremlin spokesman", Query: anyOf(
		"Peskov", "Peskow",
		"Пєсков*", "Песков*")},
	{Name: "Medvedev", Kind: "person", Description: "Dmitry Medvedev, deputy head of Russia's Security Council", Query: anyOf(
		"Medvedev", "Medwedew", "Medvédev", "Miedwiediew",
		"Медведєв*", "Медведев*")},
	{Name: "Shoigu", Kind: "person", Description: "Sergei Shoigu, Secretary of Russia's Security Council", Query: anyOf(
		"Shoigu", "Schoigu", "Choïgou", "Shoigú", "Šojgu",
		"Шойгу", "Шойґу")},
	{Name: "Lukashenko", Kind: "person", Description: "Alexander Lukashenko, President of Belarus", Query: anyOf(
		"Lukashenko", "Lukaschenko", "Loukachenko", "Lukashenka", "Lukašenko", "Lukaszenka",
		"Лукашенк*")},

	// United States.
	{Name: "Trump", Kind: "person", Description: "Donald Trump, President of the United States", Query: anyOf(
		"Trump", "Trumps",
		"Трамп", "Трампа", "Трампу", "Трампом", "Трампі", "Трампові", "Трампе")},
	{Name: "Vance", Kind: "person", Description: "JD Vance, Vice President of the United States", Query: anyOf(
		`"JD Vance"`, `"J.D. Vance"`, "Vance",
		"Венс", "Венса", "Венсу", "Венсом", "Венсі", "Вэнс", "Вэнса", "Вэнсу", "Вэнсом", "Вэнсе")},
	{Name: "Rubio", Kind: "person", Description: "Marco Rubio, US Secretary of State", Query: anyOf(
		`"Marco Rubio"`, "RUBIO",
		"Рубіо", "Рубио")},
	{Name: "Hegseth", Kind: "person", Description: "Pete Hegseth, US Secretary of Defense", Query: anyOf(
		"Hegseth",
		"Гегсет*", "Хегсет*")},
	{Name: "Witkoff", Kind: "person", Description: "Steve Witkoff, US special envoy", Query: anyOf(
		"Witkoff",
		"Віткоф*", "Уиткоф*", "Уиткофф*")},

	// European Union.
	{Name: "von der Leyen", Kind: "person", Description: "Ursula von der Leyen, President of the European Commission", Query: anyOf(
		`"von der Leyen"`,
		`"фон дер Ляєн"`, `"фон дер Ляйен"`, `"фон дер Ляен"`)},
	{Name: "Costa", Kind: "person", Description: "António Costa, President of the European Council", Query: anyOf(
		`"António Costa"`,
		`"Антоніу Кошта"`, `"Антоніо Кошта"`, `"Антониу Кошта"`, `"Антонио Кошта"`)},
	{Name: "Kallas", Kind: "person", Description: "Kaja Kallas, EU High Representative for Foreign Affairs", Query: anyOf(
		"Kallas",
		"Каллас")},
	{Name: "Metsola", Kind: "person", Description: "Roberta Metsola, President of the European Parliament", Query: anyOf(
		"Metsola",
		"Мецола", "Метсола")},

	// G20 and G7 heads of state and government, foreign and defence ministers.
	{Name: "Macron", Kind: "person", Description: "Emmanuel Macron, President of France", Query: anyOf(
		"Macron", "Macrons",
		"Макрон*")},
	{Name: "Barrot", Kind: "person", Description: "Jean-Noël Barrot, Foreign Minister of France", Query: anyOf(
		`"Jean-Noël Barrot"`, "Barrot",
		"Барро")},
	{Name: "Merz", Kind: "person", Description: "Friedrich Merz, Chancellor of Germany", Query: anyOf(
		"Merz",
		"Мерц", "Мерца", "Мерцу", "Мерцом", "Мерцем", "Мерці", "Мерце")},
	{Name: "Steinmeier", Kind: "person", Description: "Frank-Walter Steinmeier, President of Germany", Query: anyOf(
		"Steinmeier",
		"Штайнмаєр*", "Штайнмайер*", "Штайнмайєр*")},
	{Name: "Wadephul", Kind: "person", Description: "Johann Wadephul, Foreign Minister of Germany", Query: anyOf(
		"Wadephul",
		"Вадефул*")},
	{Name: "Pistorius", Kind: "person", Description: "Boris Pistorius, Defence Minister of Germany", Query: anyOf(
		"Pistorius",
		"Пісторіус*", "Писториус*")},
	{Name: "Meloni", Kind: "person", Description: "Giorgia Meloni, Prime Minister of Italy", Query: anyOf(
		`"Giorgia Meloni"`, "MELONI",
		"Мелоні", "Мелони")},
	{Name: "Mattarella", Kind: "person", Description: "Sergio Mattarella, President of Italy", Query: anyOf(
		"Mattarella",
		"Маттарелл*")},
	{Name: "Tajani", Kind: "person", Description: "Antonio Tajani, Foreign Minister of Italy", Query: anyOf(
		"Tajani",
		"Таяні", "Таяни")},
	{Name: "Crosetto", Kind: "person", Description: "Guido Crosetto, Defence Minister of Italy", Query: anyOf(
		"Crosetto",
		"Крозетто")},
	{Name: "Starmer", Kind: "person", Description: "Keir Starmer, Prime Minister of the United Kingdom", Query: anyOf(
		"Starmer",
		"Стармер*")},
	{Name: "Cooper", Kind: "person", Description: "Yvette Cooper, Foreign Secretary of the United Kingdom", Query: anyOf(
		`"Yvette Cooper"`,
		`"Іветт Купер"`, `"Иветт Купер"`)},
	{Name: "Healey", Kind: "person", Description: "John Healey, Defence Secretary of the United Kingdom", Query: anyOf(
		`"John Healey"`,
		`"Джон Гілі"`, `"Джон Хили"`)},
	{Name: "Carney", Kind: "person", Description: "Mark Carney, Prime Minister of Canada", Query: anyOf(
		`"Mark Carney"`, "Carney",
		`"Марк Карні"`, `"Марк Карни"`)},
	{Name: "Takaichi", Kind: "person", Description: "Sanae Takaichi, Prime Minister of Japan", Query: anyOf(
		"Takaichi",
		"Такаїті", "Такаічі", "Такаити", "Такаичи")},
	{Name: "Xi Jinping", Kind: "person", Description: "Xi Jinping, President of China", Query: anyOf(
		`"Xi Jinping*"`,
		`"Сі Цзіньпін*"`, `"Си Цзиньпин*"`)},
	{Name: "Wang Yi", Kind: "person", Description: "Wang Yi, Foreign Minister of China", Query: anyOf(
		`"Wang Yi"`,
		`"Ван І"`, `"Ван И"`)},
	{Name: "Modi", Kind: "person", Description: "Narendra Modi, Prime Minister of India", Query: anyOf(
		`"Narendra Modi"`, "MODI",
		`"Нарендра Моді"`, `"Нарендра Моди"`, "МОДІ", "МОДИ")},
	{Name: "Erdogan", Kind: "person", Description: "Recep Tayyip Erdoğan, President of Turkey", Query: anyOf(
		"Erdogan", "Erdogans",
		"Ердоган*", "Эрдоган*")},
	{Name: "Fidan", Kind: "person", Description: "Hakan Fidan, Foreign Minister of Turkey", Query: anyOf(
		`"Hakan Fidan"`,
		`"Хакан Фідан*"`, `"Хакан Фидан*"`)},
	{Name: "Lula", Kind: "person", Description: "Luiz Inácio Lula da Silva, President of Brazil", Query: anyOf(
		"Lula",
		"Лула")},
	{Name: "Milei", Kind: "person", Description: "Javier Milei, President of Argentina", Query: anyOf(
		"Milei",
		"Мілей", "Мілея", "Мілею", "Мілеєм", "Милей", "Милея", "Милею", "Милеем")},
	{Name: "Sheinbaum", Kind: "person", Description: "Claudia Sheinbaum, President of Mexico", Query: anyOf(
		"Sheinbaum",
		"Шейнбаум")},
	{Name: "Albanese", Kind: "person", Description: "Anthony Albanese, Prime Minister of Australia", Query: anyOf(
		`"Anthony Albanese"`,
		`"Ентоні Албаніз*"`, `"Энтони Албаниз*"`)},
	{Name: "Lee Jae-myung", Kind: "person", Description: "Lee Jae-myung, President of South Korea", Query: anyOf(
		`"Lee Jae-myung"`,
		`"Лі Дже Мьон*"`, `"Лі Чже Мьон*"`, `"Ли Чжэ Мён*"`, `"Ли Дже Мён*"`)},
	{Name: "Prabowo", Kind: "person", Description: "Prabowo Subianto, President of Indonesia", Query: anyOf(
		"Prabowo",
		"Прабово")},
	{Name: "Ramaphosa", Kind: "person", Description: "Cyril Ramaphosa, President of South Africa", Query: anyOf(
		"Ramaphosa",
		"Рамафос*")},
	{Name: "Mohammed bin Salman", Kind: "person", Description: "Mohammed bin Salman, Crown Prince and Prime Minister of Saudi Arabia", Query: anyOf(
		`"Mohammed bin Salman"`, `"Mohammad bin Salman"`, `"Mohammed ben Salmane"`, `"Mohamed bin Salmán"`, "MBS",
		`"Мухаммед бін Салман*"`, `"Мухаммед бин Салман*"`, `"Мохаммед бин Салман*"`)},

	// Ukraine's neighbours.
	{Name: "Tusk", Kind: "person", Description: "Donald Tusk, Prime Minister of Poland", Query: anyOf(
		"TUSK",
		"Туск", "Туска", "Туску", "Туском", "Туске", "Тускові")},
	{Name: "Nawrocki", Kind: "person", Description: "Karol Nawrocki, President of Poland", Query: anyOf(
		"Nawrocki", "Nawrockis",
		"Навроцьк*", "Навроцк*")},
	{Name: "Sandu", Kind: "person", Description: "Maia Sandu, President of Moldova", Query: anyOf(
		"Sandu",
		"Санду")},
	{Name: "Nicusor Dan", Kind: "person", Description: "Nicușor Dan, President of Romania", Query: anyOf(
		`"Nicușor Dan"`,
		`"Нікушор Дан*"`, `"Никушор Дан*"`)},
	{Name: "Orban", Kind: "person", Description: "Viktor Orbán, Prime Minister of Hungary", Query: anyOf(
		"Orbán", "Orbans",
		"Орбан*")},
	{Name: "Fico", Kind: "person", Description: "Robert Fico, Prime Minister of Slovakia (not Roberto Fico)", Query: anyOf(
		`"Robert Fico"`,
		`"Роберт Фіцо"`, `"Роберт Фицо"`, "Фіцо", "Фицо")},

	// Middle East and Asia.
	{Name: "Netanyahu", Kind: "person", Description: "Benjamin Netanyahu, Prime Minister of Israel", Query: anyOf(
		"Netanyahu", "Netanjahu", "Netanyahou",
		"Нетаньягу", "Нетаньяху", "Нетаніягу")},
	{Name: "Khamenei", Kind: "person", Description: "Ali Khamenei, Supreme Leader of Iran", Query: anyOf(
		"Khamenei", "Chamenei", "Jamenei",
		"Хаменеї", "Хаменеи")},
	{Name: "Pezeshkian", Kind: "person", Description: "Masoud Pezeshkian, President of Iran", Query: anyOf(
		"Pezeshkian", "Peseschkian",
		"Пезешкіан*", "Пезешкиан*")},
	{Name: "Kim Jong Un", Kind: "person", Description: "Kim Jong Un, leader of North Korea", Query: anyOf(
		`"Kim Jong Un"`, `"Kim Jong-un"`, `"Kim Dzong Un"`,
		`"Кім Чен Ин*"`, `"Ким Чен Ын*"`)},

	// International organisations.
	{Name: "Rutte", Kind: "person", Description: "Mark Rutte, Secretary General of NATO", Query: anyOf(
		"Rutte",
		"Рютте")},
	{Name: "Guterres", Kind: "person", Description: "António Guterres, Secretary-General of the United Nations", Query: anyOf(
		"Guterres",
		"Гутерр*")},
	{Name: "Grossi", Kind: "person", Description: "Rafael Grossi, Director General of the IAEA", Query: anyOf(
		`"Rafael Grossi"`, `"Rafael Mariano Grossi"`,
		`"Рафаель Гроссі"`, `"Рафаэль Гросси"`, "Гроссі", "Гросси")},
	{Name: "NATO", Kind: "organisation", Description: "North Atlantic Treaty Organization", Query: anyOf(
		"NATO", "OTAN", `"Alleanza Atlantica"`, `"Atlantic Alliance"`, `"North Atlantic Treaty Organization"`,
		`"Alliance atlantique"`, `"Alianza Atlántica"`, "Nordatlantikpakt*",
		"НАТО", `"Північноатлантичн* альянс*"`, `"Североатлантическ* альянс*"`)},
	{Name: "EU", Kind: "organisation", Description: "European Union", Query: anyOf(
		"EU", "UE", `"European Union"`, `"Unione europea"`, `"Europäische* Union"`, `"Union européenne"`, `"Unión Europea"`,
		"ЄС", "Євросоюз*", `"Європейськ* союз*"`, "ЕС", "Евросоюз*", `"Европейск* союз*"`,
		`"Unia Europejska"`, `"Unii Europejskiej"`, `"Unię Europejską"`, `"Unią Europejską"`, `"Europese Unie"`, `"União Europeia"`, "UE")},
	{Name: "European Commission", Kind: "organisation", Description: "European Commission", Query: anyOf(
		`"European Commission"`, `"Commissione europea"`, `"EU-Kommission"`, `"Europäische* Kommission"`,
		`"Commission européenne"`, `"Comisión Europea"`,
		"Єврокомісі*", `"Європейськ* комісі*"`, "Еврокомисси*", `"Европейск* комисси*"`,
		`"Komisja Europejska"`, `"Komisji Europejskiej"`, `"Komisję Europejską"`, `"Europese Commissie"`, `"Comissão Europeia"`)},
	{Name: "European Parliament", Kind: "organisation", Description: "European Parliament", Query: anyOf(
		`"European Parliament"`, `"Parlamento europeo"`, "Europaparlament*", `"Europäische* Parlament*"`,
		`"Parlement européen"`,
		"Європарламент*", `"Європейськ* парламент*"`, "Европарламент*", `"Европейск* парламент*"`,
		`"Parlament Europejski"`, `"Parlamentu Europejskiego"`, `"Parlamencie Europejskim"`, `"Europees Parlement"`, `"Parlamento Europeu"`, `"Parlamento Europeo"`)},
	{Name: "UN", Kind: "organisation", Description: "United Nations", Query: anyOf(
		`"the UN"`, `"UN Security Council"`, `"UN General Assembly"`, `"UN chief"`, `"UN Secretary-General"`,
		"ONU", `"United Nations"`, `"Nazioni Unite"`, `"Vereinte* Nationen"`, `"Nations unies"`, `"Naciones Unidas"`,
		"ООН",
		"ONZ", "VN", `"Verenigde Naties"`, `"Nações Unidas"`, `"Narody Zjednoczone"`, `"Narodów Zjednoczonych"`, `"Organizacja Narodów Zjednoczonych"`)},
	{Name: "UN Security Council", Kind: "organisation", Description: "United Nations Security Council", Query: anyOf(
		`"Security Council"`, `"Consiglio di sicurezza"`, "UN-Sicherheitsrat*", "Weltsicherheitsrat*",
		`"Conseil de sécurité"`, `"Consejo de Seguridad"`,
		`"Рад* безпеки ООН"`, `"Радбез* ООН"`, `"Совет* безопасности ООН"`, `"Совбез* ООН"`,
		`"Rada Bezpieczeństwa"`, `"Rady Bezpieczeństwa"`, "Veiligheidsraad", `"Conselho de Segurança"`)},
	{Name: "G7", Kind: "organisation", Description: "Group of Seven", Query: anyOf(
		"G7", `"G-7"`, `"Group of Seven"`,
		"Г7", `"Г-7"`, `"Велик* сімк*"`, `"Больш* семерк*"`,
		`"Grupa Siedmiu"`, `"Grupy Siedmiu"`)},
	{Name: "G20", Kind: "organisation", Description: "Group of Twenty", Query: anyOf(
		"G20", `"G-20"`, `"Group of Twenty"`,
		"Г20", `"Г-20"`, `"Велик* двадцятк*"`, `"Больш* двадцатк*"`,
		`"Grupa Dwudziestu"`, `"Grupy Dwudziestu"`)},
	{Name: "IAEA", Kind: "organisation", Description: "International Atomic Energy Agency", Query: anyOf(
		"IAEA", "AIEA", "IAEO", "OIEA", `"International Atomic Energy Agency"`,
		`"Agenzia internazionale per l'energia atomica"`, `"Internationale* Atomenergie*"`,
		`"Agence internationale de l'énergie atomique"`, `"Organismo Internacional de Energía Atómica"`,
		"МАГАТЕ", "МАГАТЭ",
		"MAEA", "IAEA", "AIEA", `"Międzynarodowa Agencja Energii Atomowej"`, `"Internationaal Atoomenergieagentschap"`, `"Agência Internacional de Energia Atómica"`, `"Agência Internacional de Energia Atômica"`)},
	{Name: "ICC", Kind: "organisation", Description: "International Criminal Court", Query: anyOf(
		"ICC", `"International Criminal Court"`, `"Corte penale internazionale"`,
		`"Internationale* Strafgerichtshof*"`, "IStGH", `"Cour pénale internationale"`, `"Corte Penal Internacional"`,
		`"Міжнародн* кримінальн* суд*"`, `"Международн* уголовн* суд*"`, "МУС",
		"MTK", `"Międzynarodowy Trybunał Karny"`, `"Międzynarodowego Trybunału Karnego"`, `"Internationaal Strafhof"`, `"Tribunal Penal Internacional"`, "TPI")},
	{Name: "OSCE", Kind: "organisation", Description: "Organization for Security and Co-operation in Europe", Query: anyOf(
		"OSCE", "OSZE", `"Organization for Security and Co-operation in Europe"`,
		"ОБСЄ", "ОБСЕ",
		"OBWE", "OVSE", "OSCE", `"Organização para a Segurança e Cooperação na Europa"`)},
	{Name: "Council of Europe", Kind: "organisation", Description: "Council of Europe", Query: anyOf(
		`"Council of Europe"`, `"Consiglio d'Europa"`, "Europarat*", `"Conseil de l'Europe"`, `"Consejo de Europa"`,
		`"Рад* Європи"`, `"Совет* Европы"`,
		`"Rada Europy"`, `"Rady Europy"`, `"Raad van Europa"`, `"Conselho da Europa"`)},
	{Name: "Kremlin", Kind: "organisation", Description: "The Kremlin, seat of the Russian presidency", Query: anyOf(
		"Kremlin", "Cremlino", "Kreml",
		"Кремл*",
		"Kreml", "Kremla", "Kremlu", "Kremlem", "Kremlinem", "Kremlim")},
	{Name: "White House", Kind: "organisation", Description: "The White House, seat of the US presidency", Query: anyOf(
		`"White House"`, `"Casa Bianca"`, `"Weiß* Haus*"`, `"Maison Blanche"`, `"Casa Blanca"`,
		`"Біл* дім"`, `"Біл* дом*"`, `"Бел* дом*"`,
		`"Biały Dom"`, `"Białego Domu"`, `"Białym Domu"`, `"Witte Huis"`, `"Casa Branca"`)},
	{Name: "Pentagon", Kind: "organisation", Description: "US Department of Defense", Query: anyOf(
		"Pentagon", "Pentagono", "Pentagone", "Pentágono",
		"Пентагон*",
		"Pentagonu", "Pentagonem", "Pentágono")},
	{Name: "IMF", Kind: "organisation", Description: "International Monetary Fund", Query: anyOf(
		"IMF", "FMI", "IWF", `"International Monetary Fund"`, `"Fondo monetario internazionale"`,
		`"Internationale* Währungsfonds"`, `"Fonds monétaire international"`, `"Fondo Monetario Internacional"`,
		"МВФ",
		"MFW", "IMF", `"Międzynarodowy Fundusz Walutowy"`, `"Międzynarodowego Funduszu Walutowego"`, `"Internationaal Monetair Fonds"`, `"Fundo Monetário Internacional"`)},
	{Name: "World Bank", Kind: "organisation", Description: "World Bank", Query: anyOf(
		`"World Bank"`, `"Banca mondiale"`, "Weltbank*", `"Banque mondiale"`, `"Banco Mundial"`,
		`"Світов* банк*"`, `"Всемирн* банк*"`,
		`"Bank Światowy"`, `"Banku Światowego"`, "Wereldbank", `"Banco Mundial"`)},
	{Name: "WHO", Kind: "organisation", Description: "World Health Organization", Query: anyOf(
		`"World Health Organization"`, "OMS", `"Organizzazione mondiale della sanità"`, "Weltgesundheitsorganisation",
		`"Organisation mondiale de la santé"`, `"Organización Mundial de la Salud"`,
		"ВООЗ", "ВОЗ",
		`"Światowa Organizacja Zdrowia"`, `"Światowej Organizacji Zdrowia"`, "Wereldgezondheidsorganisatie", `"Organização Mundial da Saúde"`)},
	{Name: "ECB", Kind: "organisation", Description: "European Central Bank", Query: anyOf(
		"ECB", "BCE", "EZB", `"European Central Bank"`, `"Banca centrale europea"`, `"Europäische* Zentralbank"`,
		`"Banque centrale européenne"`, `"Banco Central Europeo"`,
		"ЄЦБ", "ЕЦБ",
		"EBC", `"Europejski Bank Centralny"`, `"Europejskiego Banku Centralnego"`, `"Europese Centrale Bank"`, `"Banco Central Europeu"`)},
	{Name: "BRICS", Kind: "organisation", Description: "BRICS group of emerging economies", Query: anyOf(
		"BRICS",
		"БРІКС", "БРИКС")},
	{Name: "OPEC", Kind: "organisation", Description: "Organization of the Petroleum Exporting Countries", Query: anyOf(
		"OPEC", "OPEP",
		"ОПЕК")},
	{Name: "Red Cross", Kind: "organisation", Description: "International Committee of the Red Cross", Query: anyOf(
		"ICRC", "CICR", "IKRK", `"Red Cross"`, `"Croce Rossa"`, `"Rote* Kreuz*"`, `"Croix-Rouge"`, `"Cruz Roja"`,
		`"Червон* Хрест*"`, `"Красн* Крест*"`,
		"MKCK", `"Czerwony Krzyż"`, `"Czerwonego Krzyża"`, `"Rode Kruis"`, `"Cruz Vermelha"`)},
	{Name: "Rosatom", Kind: "organisation", Description: "Russian state nuclear corporation", Query: anyOf(
		"Rosatom",
		"Росатом*",
		"Rosatomu", "Rosatomem")},

	// Topics.
	{Name: "Ukraine", Kind: "topic", Description: "Ukraine, in every language", Query: anyOf(
		"ukrain*", "ucrain*", "Oekraïne",
		"Україн*", "Украин*",
		"Ukrain*", "Oekraïn*", "Ucrânia", "ucranian*")},
	{Name: "Russia", Kind: "topic", Description: "Russia, in every language", Query: anyOf(
		"Russia", "Russian", "Russians", "Russland", "russisch*", "Russie", "Rusia", "ruso", "rusa", "rusos",
		"Росі*", "Російськ*", "Росси*", "Российск*",
		"Rosja", "Rosji", "Rosję", "Rosją", "rosyjsk*", "Rusland", "Russisch*", "Rússia", "russo", "russa", "russos", "russas")},
	{Name: "Kyiv", Kind: "topic", Description: "Kyiv (Kiev)", Query: anyOf(
		"Kyiv", "Kiev", "Kiew", "Kyjiw", "Kyïv",
		"Київ*", "Києв*", "Киев*",
		"Kijów", "Kijowa", "Kijowie", "Kijowem", "Kiev", "Kiëv", "Kyiv", "Quieve")},
	{Name: "Crimea", Kind: "topic", Description: "Crimea", Query: anyOf(
		"Crimea", "Krim", "Crimée",
		"Крим", "Криму", "Кримом", "Кримськ*", "Крым*",
		"Krym", "Krymu", "Krymie", "Krim", "Crimeia")},
	{Name: "Donbas", Kind: "topic", Description: "Donbas (Donetsk and Luhansk)", Query: anyOf(
		"Donbas", "Donbass",
		"Донбас*",
		"Donbas*")},
	{Name: "Zaporizhzhia", Kind: "topic", Description: "Zaporizhzhia and its nuclear plant", Query: anyOf(
		"Zaporizhzhia", "Zaporizhia", "Zaporozhye", "Zaporizhzhya", "Saporischschja", "Saporischja", "Zaporijjia", "Zaporiyia", "ZNPP",
		"Запоріж*", "ЗАЕС", "Запорож*", "ЗАЭС",
		"Zaporoże", "Zaporoża", "Zaporożu", "Zaporizja", "Zaporíjia", "Zaporíjia")},
	{Name: "Black Sea", Kind: "topic", Description: "Black Sea", Query: anyOf(
		`"Black Sea"`, `"Mar Nero"`, `"Schwarze* Meer*"`, `"mer Noire"`, `"Mar Negro"`,
		`"Чорн* мор*"`, `"Черн* мор*"`,
		`"Morze Czarne"`, `"Morza Czarnego"`, `"Morzu Czarnym"`, `"Zwarte Zee"`, `"Mar Negro"`)},
	{Name: "Sanctions", Kind: "topic", Description: "Sanctions", Query: anyOf(
		"sanction*", "sanzion*", "Sanktion*", "sancion*",
		"санкці*", "санкци*",
		"sankcj*", "sancties", "sanctie", "sanções", "sanção")},
	{Name: "Gaza", Kind: "topic", Description: "Gaza", Query: anyOf(
		"Gaza", "Gazastreifen",
		`"Сектор* Газ*"`,
		"Gazy", "Gazie", "Gazą", "Gazastrook", `"Faixa de Gaza"`, `"Strefa Gazy"`, `"Strefie Gazy"`)},
	{Name: "Taiwan", Kind: "topic", Description: "Taiwan", Query: anyOf(
		"Taiwan", "Taïwan", "Taiwán",
		"Тайван*",
		"Tajwan", "Tajwanu", "Tajwanie", "Taiwan")},
}
