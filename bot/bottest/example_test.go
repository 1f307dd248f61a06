package bottest_test

import (
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/bot/bottest"
)

// A bot test: a user sends a command, the bot answers, the test inspects the
// answer and asserts that Telegram would have accepted everything. In a
// *testing.T use bottest.New(t, opts) and WaitMessages instead.
func Example() {
	s := bottest.NewServer(bottest.Options{})
	defer s.Close()

	bot, err := tgbotapi.NewBotAPIWithAPIEndpoint(s.Token(), s.Endpoint())
	if err != nil {
		panic(err)
	}
	chat := bottest.Chat{ID: -1001, Type: "supergroup", Title: "Desk"}
	s.Say(chat, bottest.User{ID: 7, FirstName: "Ana"}, "/help@VedettaBot")

	ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 5})
	in := ups[0].Message
	reply := tgbotapi.NewMessage(in.Chat.ID, "<b>/watch</b> QUERY — add a watch")
	reply.ParseMode = tgbotapi.ModeHTML
	bot.Send(reply)

	bad := tgbotapi.NewMessage(in.Chat.ID, "Q&A <br> done")
	bad.ParseMode = tgbotapi.ModeHTML
	_, err = bot.Send(bad)

	fmt.Println(in.Command(), "→", s.Messages(chat.ID)[0].Text)
	fmt.Println(err)
	fmt.Println(s.Violations())
	// Output:
	// help → /watch QUERY — add a watch
	// Bad Request: can't parse entities: Character "&" must be escaped as "&amp;" at byte offset 1
	// [html sendMessage chat -1001: Character "&" must be escaped as "&amp;" at byte offset 1 in "Q&A <br> done"]
}
