package bot

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/bot/trend"
	"github.com/vedetta/vedetta/store"
)

func chartSpec(t *testing.T) []byte {
	t.Helper()
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	tr := trend.Build("NATO", trend.Hours24, trend.BySource, now, time.UTC, []trend.Point{{At: now, Source: "ANSA", N: 3}})
	raw, err := trend.Spec{Trend: &tr}.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func fakeTransport(t *testing.T) (telegramTransport, *bottest.Server) {
	t.Helper()
	s := bottest.New(t, bottest.Options{})
	client := &httpClient{client: &http.Client{Timeout: 10 * time.Second}, redact: redactor{s.Token()}}
	api, err := tgbotapi.NewBotAPIWithClient(s.Token(), s.Endpoint(), client)
	if err != nil {
		t.Fatal(err)
	}
	return telegramTransport{api: api, endpoint: s.Endpoint()}, s
}

func TestSendChartUploadsAPhotoWithItsCaption(t *testing.T) {
	tp, s := fakeTransport(t)
	m := &store.Message{ChatID: 5, HTML: "<b>NATO</b> &amp; more", Chart: chartSpec(t)}
	if err := tp.send(context.Background(), m); err != nil {
		t.Fatalf("send: %v; violations %v", err, s.Violations())
	}
	ps := s.Photos(5)
	if len(ps) != 1 || ps[0].Format != "png" || ps[0].Width != trend.Width || ps[0].Caption != "NATO & more" || ps[0].FileName != "chart.png" {
		t.Fatalf("photos = %+v", ps)
	}
}

func TestAChartThatCannotBeDrawnGoesOutAsItsCaption(t *testing.T) {
	tp, s := fakeTransport(t)
	if err := tp.send(context.Background(), &store.Message{ChatID: 5, HTML: "<b>NATO</b>", Chart: []byte(`{"trend":{}}`)}); err != nil {
		t.Fatal(err)
	}
	if msgs := s.Messages(5); len(msgs) != 1 || msgs[0].Text != "NATO" || len(s.Photos(5)) != 0 {
		t.Fatalf("messages %+v", msgs)
	}
}

func TestARefusedPhotoCarriesTelegramsErrorCode(t *testing.T) {
	tp, _ := fakeTransport(t)
	// A caption over 1,024 characters: Telegram refuses it with a 400, which the sender
	// drops rather than retrying for ever.
	err := tp.send(context.Background(), &store.Message{ChatID: 5, HTML: strings.Repeat("x", 1100), Chart: chartSpec(t)})
	ae := classify(err)
	if ae == nil || ae.code != http.StatusBadRequest {
		t.Fatalf("send = %v, classified %+v; want a 400", err, ae)
	}
}

func TestSendChartKeepsTheTokenOutOfErrors(t *testing.T) {
	const token = "123456:SECRET-token"
	for name, endpoint := range map[string]string{
		"connection refused": "http://127.0.0.1:1/bot%s/%s",
		"malformed endpoint": "http://[::1/bot%s/%s",
	} {
		t.Run(name, func(t *testing.T) {
			client := &httpClient{client: &http.Client{Timeout: 5 * time.Second}, redact: redactor{token}}
			tp := telegramTransport{api: &tgbotapi.BotAPI{Token: token, Client: client}, endpoint: endpoint}
			err := tp.send(context.Background(), &store.Message{ChatID: 5, HTML: "x", Chart: chartSpec(t)})
			if err == nil || strings.Contains(err.Error(), "SECRET") {
				t.Fatalf("error %v", err)
			}
			var te *tgbotapi.Error
			if errors.As(err, &te) {
				t.Fatalf("a transport failure classified as a Telegram answer: %v", err)
			}
		})
	}
}
