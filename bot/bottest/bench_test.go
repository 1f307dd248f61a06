package bottest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// digestHTML is a digest-sized message: 20 items with links and bold titles.
var digestHTML = strings.Repeat(`<b>NATO summit &amp; Ukraine</b> — <a href="https://example.org/a?id=1&amp;x=2">Reuters</a>
<i>Leaders met in Vilnius…</i> 🇺🇦
`, 20)

func BenchmarkParseHTML(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(digestHTML)))
	for b.Loop() {
		if _, _, err := parseHTML(digestHTML); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSendMessage measures the fake's throughput for a sender benchmark:
// one HTML digest message per op over loopback, limits off.
func BenchmarkSendMessage(b *testing.B) {
	s := NewServer(Options{Limits: Limits{Off: true}})
	defer s.Close()
	target := s.URL() + "/bot" + s.Token() + "/sendMessage"
	body := url.Values{"chat_id": {"42"}, "text": {digestHTML}, "parse_mode": {"HTML"}}.Encode()
	client := &http.Client{}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := client.Post(target, "application/x-www-form-urlencoded", strings.NewReader(body))
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("send: %v %v", err, resp)
		}
		resp.Body.Close()
	}
}

// BenchmarkSayAndPoll measures one user message through getUpdates with
// tgbotapi, the bot's receive path.
func BenchmarkSayAndPoll(b *testing.B) {
	s := NewServer(Options{})
	defer s.Close()
	bot, err := tgbotapi.NewBotAPIWithAPIEndpoint(s.Token(), s.Endpoint())
	if err != nil {
		b.Fatal(err)
	}
	chat, user := Chat{ID: 1, Type: "private"}, User{ID: 1, FirstName: "A"}
	offset := 0
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.Say(chat, user, "/search NATO "+strconv.Itoa(i))
		ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Timeout: 10})
		if err != nil || len(ups) != 1 {
			b.Fatalf("poll: %v, %d updates", err, len(ups))
		}
		offset = ups[0].UpdateID + 1
	}
}
