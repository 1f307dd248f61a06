package bot_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/watch"
)

// expect asks and fails unless every want is in the answer.
func (h *harness) expect(chat bottest.Chat, from bottest.User, text string, want ...string) bottest.Message {
	h.t.Helper()
	r := h.ask(chat, from, text)
	for _, w := range want {
		if !strings.Contains(r.Text, w) {
			h.t.Fatalf("%s answered:\n%s\nwant it to contain %q", text, r.Text, w)
		}
	}
	return r
}

// digestHeading matches a digest's first line in a language: its title, the date with the
// language's weekday and month names, and the story count in the right plural form.
func digestHeading(title, weekdays, months, count string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(title) + ` · (` + weekdays + `),? \d{1,2} (` + months + `), \d\d:\d\d · ` + regexp.QuoteMeta(count))
}

func TestAnItalianUserIsAnsweredInItalianUntilTheyChooseEnglish(t *testing.T) {
	h := newHarness(t, nil)
	chat := bottest.Chat{ID: 300, Type: "private"}
	marco := bottest.User{ID: 300, FirstName: "Marco", LanguageCode: "it"}

	h.expect(chat, marco, "/start", "Vedetta sorveglia le notizie per questa chat.", "Per cominciare:")
	h.expect(chat, marco, "/help", "Comandi di Vedetta", "/watch RICERCA — aggiunge un monitoraggio al riepilogo", "(ad es. /watch NATO ucrain*)", "Limiti: 50 monitoraggi per chat")
	h.expect(chat, marco, "/frobnicate", "Comando sconosciuto: /frobnicate. Invia /help per l'elenco.")
	h.expect(chat, marco, "/watch", "Cosa devo monitorare?", "ad es. /watch NATO")
	h.expect(chat, marco, "/timezone Marte/Olimpo", "Non conosco il fuso orario «Marte/Olimpo»")
	h.expect(chat, marco, "/watch NATO", "✅ Monitoraggio 1:", "Le nuove notizie corrispondenti arriveranno quando invii /digest")
	h.publish("ANSA", watch.Item{ID: "1", Title: "Vertice NATO a Bruxelles", URL: "https://example.org/1"})
	d := h.expect(chat, marco, "/digest", "Vertice NATO a Bruxelles")
	if !digestHeading("Riepilogo Vedetta", "dom|lun|mar|mer|gio|ven|sab", "gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic", "1 notizia").MatchString(d.Text) {
		t.Fatalf("Italian digest heading:\n%s", d.Text)
	}
	h.expect(chat, marco, "/digest", "Niente di nuovo per i tuoi monitoraggi")

	h.expect(chat, marco, "/language en", "Done: this chat now reads Vedetta in English.")
	h.expect(chat, marco, "/help", "Vedetta commands", "/watch QUERY — add a digest watch")
	h.expect(chat, marco, "/frobnicate", "Unknown command /frobnicate")
	h.publish("ANSA", watch.Item{ID: "2", Title: "NATO summit ends", URL: "https://example.org/2"})
	if d := h.ask(chat, marco, "/digest"); !strings.HasPrefix(d.Text, "Vedetta digest · ") || !strings.Contains(d.Text, "1 story") {
		t.Fatalf("after /language en the digest is:\n%s", d.Text)
	}
	// The choice outlives the user's Telegram language, and /language auto gives it back.
	h.expect(chat, marco, "/list", "Watches")
	h.expect(chat, marco, "/language auto", "Fatto: la lingua torna a essere scelta automaticamente")
	h.expect(chat, marco, "/list", "Monitoraggi")
}

func TestAUkrainianUserIsAnsweredInUkrainianWithItsPluralForms(t *testing.T) {
	h := newHarness(t, nil)
	chat := bottest.Chat{ID: 301, Type: "private"}
	olena := bottest.User{ID: 301, FirstName: "Олена", LanguageCode: "uk"}

	h.expect(chat, olena, "/start", "Vedetta стежить за новинами для цього чату.", "Почніть з:")
	h.expect(chat, olena, "/help", "Команди Vedetta", "/watch ЗАПИТ — додати підписку до дайджесту", "(напр. /watch NATO ucrain*)")
	h.expect(chat, olena, "/frobnicate", "Невідома команда /frobnicate.")
	h.expect(chat, olena, "/schedule щоранку", "Не можу прочитати цей розклад", "Приклади: /schedule 08:00")
	h.expect(chat, olena, "/watch NATO", "✅ Підписка 1:")
	h.publish("ANSA",
		watch.Item{ID: "1", Title: "Саміт NATO у Брюсселі", URL: "https://example.org/1"},
		watch.Item{ID: "2", Title: "NATO посилює східний фланг", URL: "https://example.org/2"},
	)
	d := h.expect(chat, olena, "/digest", "Саміт NATO у Брюсселі")
	if !digestHeading("Дайджест Vedetta", "нд|пн|вт|ср|чт|пт|сб", `січ\.|лют\.|бер\.|квіт\.|трав\.|черв\.|лип\.|серп\.|вер\.|жовт\.|лист\.|груд\.`, "2 новини").MatchString(d.Text) {
		t.Fatalf("Ukrainian digest heading:\n%s", d.Text)
	}
	// Five different events: the digest counts stories, and near-identical titles would be one.
	titles := []string{"NATO: навчання в Литві почалися", "NATO обирає нового генсека", "Витрати NATO на оборону зросли",
		"Літаки NATO перехопили бомбардувальник над Балтикою", "Фінляндія приймає штаб NATO"}
	items := make([]watch.Item, len(titles))
	for i, title := range titles {
		items[i] = watch.Item{ID: string(rune('a' + i)), Title: title, URL: "https://example.org/u" + string(rune('a'+i))}
	}
	h.publish("BBC", items...)
	if d := h.ask(chat, olena, "/digest"); !strings.Contains(d.Text, "· 5 новин\n") {
		t.Fatalf("five stories in Ukrainian:\n%s", d.Text)
	}
	// Alerts carry the item's time in Ukrainian.
	h.expect(chat, olena, "/alert Zelensky", "миттєвими сповіщеннями")
	n := len(h.tg.Messages(chat.ID))
	h.publish("ANSA", watch.Item{ID: "z", Title: "Zelensky a Roma", URL: "https://example.org/z", Published: time.Date(2026, time.November, 30, 7, 0, 0, 0, time.UTC)})
	if a := h.tg.WaitMessages(t, chat.ID, n+1, wait)[n]; !strings.Contains(a.Text, "ANSA, 30 лист., 08:00") {
		t.Fatalf("Ukrainian alert:\n%s", a.Text)
	}
	h.expect(chat, olena, "/language en", "Done: this chat now reads Vedetta in English.")
	h.expect(chat, olena, "/start", "Vedetta is watching the news for this chat.", "Welcome back: your 2 watches are still here")
}

func TestGroupsReadTheConfiguredLanguageAndOnlyAdministratorsChangeIt(t *testing.T) {
	h := newHarness(t, func(o *bot.Options) { o.Language = "it" })
	group := bottest.Chat{ID: -500, Type: "group", Title: "Redazione"}
	boss := bottest.User{ID: 501, FirstName: "Capo", LanguageCode: "uk"}
	member := bottest.User{ID: 502, FirstName: "Membro", LanguageCode: "en"}
	h.tg.SetAdmins(group.ID, boss.ID)

	// A group reads ui.language, whatever its members' Telegram languages.
	h.expect(group, boss, "/start", "Vedetta sorveglia le notizie")
	h.expect(group, member, "/language en", "Qui solo gli amministratori del gruppo possono usare /language")
	r := h.expect(group, boss, "/language", "Questa chat usa Vedetta in italiano.", "/language CODICE (en, it, uk)")
	var markup struct {
		Rows [][]struct {
			Text string `json:"text"`
			Data string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal(r.ReplyMarkup, &markup); err != nil || len(markup.Rows) != 1 || len(markup.Rows[0]) != 3 {
		t.Fatalf("/language buttons: %s (%v)", r.ReplyMarkup, err)
	}
	if b := markup.Rows[0]; b[1].Text != "✔ Italiano" || b[2].Text != "Українська" || b[2].Data != "lang:uk" {
		t.Fatalf("/language buttons: %+v", b)
	}
	if a := h.press(group, member, r.ID, "lang:uk"); !strings.Contains(a.Text, "Solo gli amministratori") {
		t.Fatalf("a member's press was answered %q", a.Text)
	}
	if a := h.press(group, boss, r.ID, "lang:uk"); a.Text != "Готово: тепер цей чат читає Vedetta українською." {
		t.Fatalf("the administrator's press was answered %q", a.Text)
	}
	h.waitMessage(group.ID, r.ID, func(m bottest.Message) bool {
		return strings.Contains(m.Text, "українською") && !strings.Contains(string(m.ReplyMarkup), "callback_data")
	})
	h.expect(group, member, "/help", "Команди Vedetta")
	h.expect(group, boss, "/language de", "Я ще не розмовляю мовою «de»")

	// A private chat whose user's language Vedetta does not speak reads ui.language.
	pablo := bottest.User{ID: 503, FirstName: "Pablo", LanguageCode: "es"}
	h.expect(bottest.Chat{ID: 503, Type: "private"}, pablo, "/start", "Vedetta sorveglia le notizie")
}

func TestTheCommandMenuIsPublishedInEveryLanguage(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/start") // the bot is up: setMyCommands went before getUpdates
	scope := `{"type":"default"}`
	for lc, want := range map[string]string{
		"":   "add a digest watch (a catalogue name or a query)",
		"en": "add a digest watch (a catalogue name or a query)",
		"it": "aggiunge un monitoraggio al riepilogo (un nome del catalogo o una ricerca)",
		"uk": "додати підписку до дайджесту (назва з каталогу або запит)",
	} {
		cmds := h.tg.CommandsFor(scope, lc)
		found := false
		for _, c := range cmds {
			if c.Command == "watch" {
				found = c.Description == want
			}
			if c.Command == "addsource" {
				t.Errorf("%q: the administrators' /addsource is in the menu", lc)
			}
		}
		if !found {
			t.Errorf("language %q: /watch is described as %+v, want %q", lc, cmds, want)
		}
	}
}

func TestAdministratorsHearOfFailingSourcesInTheirLanguage(t *testing.T) {
	h := newHarness(t, nil)
	adminChat := bottest.Chat{ID: admin.ID, Type: "private"}
	h.ask(adminChat, bottest.User{ID: admin.ID, FirstName: "Admin", LanguageCode: "it"}, "/start")
	lastOK := time.Date(2026, time.November, 30, 8, 0, 0, 0, time.UTC)
	h.bot.SourceHealth(watch.Source{Name: "ANSA"}, watch.State{Failures: 3, LastError: "503 Service Unavailable", LastSuccess: lastOK}, true)
	msgs := h.tg.WaitMessages(t, adminChat.ID, 2, wait)
	if want := "⚠️ La fonte «ANSA» non funziona; ultimo successo: lun 30 nov, 08:00 UTC. Errore: 503 Service Unavailable"; msgs[1].Text != want {
		t.Fatalf("notice = %q, want %q", msgs[1].Text, want)
	}
}
