// Package match decides which watches a news item matches. In the pipeline it sits after
// fetch, parse and dedup and before the per-chat queue: the poller compiles every chat's
// watches into one Index (Compile), rebuilding it in the background when watches change,
// and calls Index.Match once per new item; the bot calls Check on /watch and words the
// *ParseError's Code for the user in the chat's language; the digest renderer calls Snippet to show the matched words in
// bold. The package is pure: no I/O, no goroutines, no global state beyond immutable tables.
//
// # Query language
//
// A term is a word, a "quoted phrase" or a prefix (ucrain*). Space or AND is and; OR, | and
// , are or; -term and NOT term are not; parentheses group. AND, OR and NOT are operators
// only in capitals: "or" is a word. Typographic quotes (“…”, «…», „…“) work as quotes, since
// phone keyboards type them. A word or phrase that is a catalogue name expands into the
// entry's query: `NATO Ucraina` is `(catalogue NATO) AND Ucraina`; a whole query that is a
// name with spaces (`von der Leyen`) expands too. Inside a catalogue entry's query, names
// are plain terms: expansion never recurses, so an entry can use its own name. A query must
// contain a term that is not negated (`-Renato` alone is refused): the index evaluates only
// the watches that have a term in the item. Queries are at most MaxQueryLen bytes; errors
// name the 1-based rune position and what was expected: "unexpected ')' at 14, expected a
// term, OR, or the end of the query". Evaluation is a walk of the parsed tree over the
// set of terms found: no regular expression is ever built from user input.
//
// # Normalisation
//
// One normaliser (Normalize) serves the item text, the query terms and catalogue lookup, so
// both sides always agree. It is a single table-driven pass over the UTF-8 text:
//
//   - Case folding to lower case, and diacritics removed by Unicode decomposition
//     (é→e, ü→u, ç→c, ά→α, Cyrillic stress marks dropped); ß→ss, æ→ae, œ→oe, ø→o, ł→l,
//     đ→d, ı→i, final ς→σ.
//   - Cyrillic letters of their own stay distinct: й is not и (мой ≠ мои), ї is not і
//     (їх ≠ іх), ў is not у. Folding them would create matches a Ukrainian or Russian
//     reader finds wrong. ё folds to е, because ordinary Russian text writes е for ё
//     (Горбачёв and Горбачев are one name), so a reader expects them to match.
//     Ukrainian ґ stays ґ (Unicode has no decomposition for it, and ґ ≠ г).
//   - Words are maximal runs of letters and digits, in every script. Everything else
//     separates words, so whole-word matching holds in Latin, Cyrillic and Greek alike:
//     NATO never matches Renato, donation or донатов.
//   - Hyphens split compounds: NATO-led, Zelensky-Trump and Nato-Gipfel contain the words
//     nato and zelensky. A hyphenated query word (Nato-Gipfel) is the phrase "nato gipfel".
//   - Apostrophes (', ’, ‘, ʼ, `, ´) split elisions and possessives: dell'Alleanza is
//     dell alleanza, L'OTAN is l otan, NATO's is nato s. Between two Cyrillic letters the
//     apostrophe is part of the word and is dropped, as Ukrainian spelling wants:
//     м'ясо, В'ячеслав, об'єкт are one word each.
//   - HTML tags are dropped and entities decoded (&amp;, &#233;, &eacute;), for text that
//     still carries them; soft hyphens, zero-width spaces and joiners, the word joiner, the
//     byte-order mark and bidirectional marks inside words are ignored (NA\u200bTO is NATO).
//
// # Catalogue names
//
// A built-in catalogue name is not matched by its query alone but by rules (rules.go,
// entity.go, inflect.go), so that a name is found in every language a European newsroom
// reads and namesakes are not:
//
//   - Forms are generated per language from each entry's base spellings: the German and
//     Dutch genitive (Selenskyjs, Poetins), Polish declension (Zełenskim, Putina, Tuskiem,
//     Ruttego) and relational adjectives (putinowski, natowskie), Ukrainian and Russian
//     declension (Мерцові, Путіним, Лавровым), possessive and relational adjectives
//     (Трампів, путінський, натовский), Italian and French ones (trumpiano, macroniste).
//     An added name gets them without a list. Prefixes (Зеленськ*) are kept only where no
//     common word starts with them.
//   - A surname counts only when written with a capital letter (путина, meloni, tusk never).
//   - Exclusions per entry: a word right before (Siim Kallas, Arianna Meloni, Mario Merz,
//     Boy-Żeleński, die Firma Merz), right after with no punctuation between (Merz Pharma,
//     Trump card), or words anywhere in the item that make an unconfirmed mention someone
//     else (opera for «Каллас», arte povera for Merz). A first name, a title or a headline
//     verb next to a mention confirms it (Giorgia, premier, Kanzler, президент, incontra).
//   - Where a form is also a common word in the item's language (Italian Nato "born" and
//     Meloni "melons", French poutine, English Trumps and tusk, Russian путина, Ukrainian
//     мерці), a capital at the start of a sentence or in a title-case headline is no
//     evidence. There the form is the common word when what follows says so (Nato a Cuneo,
//     Nato nel 1941) or the item has words of the common word's world (frites, лосось,
//     angurie, laureato). For the commonest words (Meloni, Trumps, Мерці) the item must also
//     confirm the name: a quoted colon (Meloni: «…»), words of the figure's world, or another
//     catalogue figure or organisation.
//   - The item's language is the feed's, given to MatchLang; without one it is detected from
//     stop words, endings and letters (lang.go), only when a rule needs it.
//
// A user's own terms, and catalogue entries from config `watches`, keep the query language
// exactly as written above. Catalogue.Explain returns what a name matches and excludes, as
// data the bot words for /catalogue NAME. The catalogue is dated (Reviewed); ReviewWarning says when it is more than
// six months old, and docs/CATALOGUE.md how to review it. testdata/relevance.tsv holds 550
// labelled headlines in ten languages, a fifth of them traps; TestRelevance prints precision
// and recall per name.
//
// # Acronym rule
//
// A query word typed in capitals, with at least two letters and none lower-case (NATO, UE,
// ONU, НАТО), does not match a word written all in lower case: `NATO` matches NATO, Nato and
// NATO's but not Italian "è nato" (born). A word with any capital letter counts, so
// sentence-initial "Nato" in Italian still matches a user's NATO. One capital letter alone
// (X) is not an acronym. The built-in catalogue also uses the rule on purpose for a few
// surnames that are common lower-case words: RUBIO (blond), MODI (Italian "ways").
//
// # Index
//
// Compile gives every distinct term an id and puts each term's first normalised word into
// one of two open-addressing hash tables: whole words, and prefixes (with a 64-bit mask of
// the prefix lengths in use). Match normalises title and text once into a buffer of words,
// hashes each word byte by byte with FNV-1a — probing the prefix table at the lengths in the
// mask and the word table at the end — and verifies the rest of a phrase and the acronym rule
// only on a hit. The watches that use the terms found are then evaluated. The cost per item
// is linear in its length and in the number of hits, not in the number of watches: see
// BENCHMARKS.md for figures at 10, 1,000 and 10,000 terms.
package match
