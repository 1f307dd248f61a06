package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/watch"
)

// failingAndTruncated gives the harness's two sources the states /sources words: ANSA timed
// out twice, BBC's last poll was cut short and over the per-poll cap.
func failingAndTruncated(t *testing.T, h *harness) {
	t.Helper()
	next := time.Date(2026, time.November, 30, 9, 30, 0, 0, time.UTC)
	if err := h.db.SaveSourceState("ANSA", watch.State{Failures: 2, Failure: watch.FailTimeout,
		LastError: "get https://www.ansa.it/rss: timed out: no complete response within 30s", NextAttempt: next}); err != nil {
		t.Fatal(err)
	}
	if err := h.db.SaveSourceState("BBC", watch.State{Primed: true, Items: 7, LastSuccess: time.Now().Add(-5 * time.Minute),
		Truncated: true, Dropped: 3, Note: "the feed was truncated: read the 10 items before the cut"}); err != nil {
		t.Fatal(err)
	}
}

// refuse asks and fails unless the answer has every want and none of the English reasons.
func (h *harness) refuse(chat bottest.Chat, from bottest.User, text string, want ...string) bottest.Message {
	h.t.Helper()
	r := h.expect(chat, from, text, want...)
	for _, en := range []string{"unexpected", "expected", "missing", "timed out", "truncated", "bad cron spec", "Matches:", "Also, in", "Written with"} {
		if strings.Contains(r.Text, en) {
			h.t.Fatalf("%s answered with English %q:\n%s", text, en, r.Text)
		}
	}
	return r
}

func TestAnItalianUserReadsWhyAQueryOrScheduleIsWrongAndWhatSourcesAndTheCatalogueSay(t *testing.T) {
	h := newHarness(t, nil)
	chat := bottest.Chat{ID: 320, Type: "private"}
	marco := bottest.User{ID: 320, FirstName: "Marco", LanguageCode: "it"}
	h.ask(chat, marco, "/start")

	h.refuse(chat, marco, "/watch NATO (a OR b))",
		"Non riesco a leggere questa ricerca: «)» fuori posto (carattere 14); atteso: un termine, OR o la fine della ricerca.")
	h.refuse(chat, marco, "/alert (NATO OR Zelensky", "la «(» al carattere 1 non viene mai chiusa; atteso: «)».")
	h.refuse(chat, marco, "/search u*", "il prefisso «u*» è troppo corto (carattere 1); atteso: almeno 2 lettere prima di «*».")
	h.refuse(chat, marco, "/trend -Renato 7d", "la ricerca troverebbe notizie che non contengono nessuno dei suoi termini; atteso: almeno un termine non negato")
	h.refuse(chat, marco, "/schedule 0 25 * * *",
		"Non riesco a leggere questo orario: il campo «ora» vale «25», ma accetta valori da 0 a 23.")
	h.refuse(chat, marco, "/schedule 0 0 8 * * *", "i secondi non sono supportati: togli il primo campo, ad es. 0 8 * * *")
	h.refuse(chat, marco, "/schedule * * * * *", "i riepiloghi arriverebbero più spesso che ogni 5 minuti")
	h.expect(chat, marco, "/watch Zelensky ucrain* -Renato", "✅ Monitoraggio 1: Zelensky E ucrain* E NON Renato")

	c := h.refuse(chat, marco, "/catalogue Zelensky",
		"Zelensky — Volodymyr Zelensky, presidente dell'Ucraina\nTrova: Zelensky, Zelenskys,",
		"\nInoltre, in polacco: Zełenskiego", "\nInoltre, in ucraino: Зеленський", "\nInoltre, in russo: Зеленский",
		"\nScritto con l'iniziale maiuscola; un nome di battesimo o un titolo accanto (presidente, premier, Kanzler, президент…) lo conferma: Volodymyr, Wolodymyr",
		"\nNon subito dopo: Boy, Boya", "\nNon quando la notizia parla di (salvo conferma): pisarz*", "\nNon: Зеленська")
	if !strings.HasPrefix(c.HTML, "<b>Zelensky</b> — ") {
		t.Errorf("the entry's name is not bold: %q", c.HTML)
	}
	// The list, filtered by words of the chat's language.
	h.expect(chat, marco, "/catalogue ministro degli Esteri", "Lavrov — Sergei Lavrov, ministro degli Esteri della Russia", "Tajani — Antonio Tajani, ministro degli Esteri italiano")
	h.expect(chat, marco, "/catalogue Trattato", "NATO — Organizzazione del Trattato dell'Atlantico del Nord")

	failingAndTruncated(t, h)
	h.refuse(chat, marco, "/sources",
		"1. ANSA (feed) — ⚠️ in errore ×2: tempo scaduto; prossimo tentativo alle 09:30",
		"2. BBC (feed) — ✅ ok 5 min fa, 7 notizie; il feed si è interrotto: sono state lette le notizie prima dell'interruzione; 3 notizie oltre il limite di ogni lettura non sono state registrate")
}

func TestAUkrainianUserReadsWhyAQueryOrScheduleIsWrongAndWhatSourcesAndTheCatalogueSay(t *testing.T) {
	h := newHarness(t, nil)
	chat := bottest.Chat{ID: 321, Type: "private"}
	olena := bottest.User{ID: 321, FirstName: "Олена", LanguageCode: "uk"}
	h.ask(chat, olena, "/start")

	h.refuse(chat, olena, "/watch NATO (a OR b))",
		"Не можу прочитати цей запит: «)» не на своєму місці (символ 14); очікувалося: слово, OR або кінець запиту.")
	h.refuse(chat, olena, `/alert NATO "Alleanza`, "фразу в лапках не закрито (символ 6); очікувалося: закривальна лапка.")
	h.refuse(chat, olena, "/search uc*rain", "«*» всередині слова (символ 3); очікувалося: «*» лише в кінці слова, як у ucrain*.")
	h.refuse(chat, olena, "/schedule 0 8 31 13 *",
		"Не можу прочитати цей розклад: поле «місяць» має значення «13», а допустимі — від 1 до 12.")
	h.refuse(chat, olena, "/schedule щоранку", "cron-специфікація має 5 полів (хвилина година день-місяця місяць день-тижня); полів тут: 1")
	h.refuse(chat, olena, "/schedule @fortnightly", "@fortnightly — невідомий дескриптор")
	h.refuse(chat, olena, "/schedule 0 8 31 2 *", "він ніколи не спрацює (такої дати немає)")
	h.expect(chat, olena, "/watch (NATO | OTAN) -Renato", "✅ Підписка 1: (NATO АБО OTAN) І НЕ Renato")

	h.refuse(chat, olena, "/catalogue Zelensky",
		"Zelensky — Володимир Зеленський, президент України\nЗбігається з: Zelensky, Zelenskys,",
		"\nТакож польською: Zełenskiego", "\nТакож українською: Зеленський", "\nТакож російською: Зеленский",
		"\nПишеться з великої літери; ім'я чи посада поруч (president, premier, Kanzler, президент…) це підтверджують: Volodymyr",
		"\nНе одразу після: Boy, Boya", "\nНе тоді, коли новина про (якщо немає підтвердження): pisarz*", "\nНе: Зеленська")
	h.expect(chat, olena, "/catalogue президентка", "Metsola — Роберта Мецола, президентка Європейського парламенту", "von der Leyen — Урсула фон дер Ляєн, президентка Європейської комісії")

	failingAndTruncated(t, h)
	h.refuse(chat, olena, "/sources",
		"1. ANSA (feed) — ⚠️ помилки ×2: час очікування вичерпано; наступна спроба о 09:30",
		"2. BBC (feed) — ✅ працює, 5 хв тому, 7 новин; стрічка обірвалася: прочитано новини до обриву; не записано новин понад ліміт одного опитування: 3")
}

// TestAnAdministratorAlsoReadsAFailuresOwnText: in an administrator's private chat /sources
// adds the failure's own words (for the log's sake, in English) after its kind.
func TestAnAdministratorAlsoReadsAFailuresOwnText(t *testing.T) {
	h := newHarness(t, nil)
	adminChat := bottest.Chat{ID: admin.ID, Type: "private"}
	it := bottest.User{ID: admin.ID, FirstName: "Admin", LanguageCode: "it"}
	h.ask(adminChat, it, "/start")
	failingAndTruncated(t, h)
	h.expect(adminChat, it, "/sources", "⚠️ in errore ×2: tempo scaduto (get https://www.ansa.it/rss: timed out: no complete response within 30s)")
	h.bot.SourceHealth(watch.Source{Name: "ANSA"}, watch.State{Failures: 3, Failure: watch.FailStatus, FailStatus: 503,
		LastError: "get https://www.ansa.it/rss: http status 503 Service Unavailable"}, true)
	msgs := h.tg.WaitMessages(t, adminChat.ID, 3, wait)
	if want := "Errore: il server risponde HTTP 503 (get https://www.ansa.it/rss: http status 503 Service Unavailable)"; !strings.Contains(msgs[2].Text, want) {
		t.Fatalf("notice = %q, want %q", msgs[2].Text, want)
	}
}
