package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/bot/trend"
	"github.com/vedetta/vedetta/store"
)

// sendChart sends an outbox message that is a chart (store.Message.Chart): it draws the
// chart from its spec and uploads it with sendPhoto (https://core.telegram.org/bots/api#sendphoto),
// with the message's HTML as the caption. A spec that cannot be drawn is sent as its caption
// alone, so that a bad chart never blocks the chat's queue.
//
// The upload is ours rather than tgbotapi's UploadFiles, which takes no context and drops
// the error_code of a refusal (the sender sorts refusals by it: docs/DEPENDENCIES.md);
// it goes through the same HTTP client, which keeps the token out of errors.
func (t telegramTransport) sendChart(ctx context.Context, m *store.Message) error {
	png, err := drawChart(m.Chart)
	if err != nil {
		text := *m
		text.Chart = nil
		return t.send(ctx, &text)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fields := [][2]string{{"chat_id", strconv.FormatInt(m.ChatID, 10)}, {"caption", m.HTML}}
	if !m.Plain {
		fields = append(fields, [2]string{"parse_mode", tgbotapi.ModeHTML})
	}
	if m.ThreadID != 0 {
		fields = append(fields, [2]string{"message_thread_id", strconv.Itoa(m.ThreadID)})
	}
	if m.Markup != "" {
		fields = append(fields, [2]string{"reply_markup", m.Markup})
	}
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			return err
		}
	}
	part, err := w.CreateFormFile("photo", "chart.png")
	if err != nil {
		return err
	}
	if _, err := part.Write(png); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	endpoint := t.endpoint
	if endpoint == "" {
		endpoint = tgbotapi.APIEndpoint
	}
	red := redactor{t.api.Token}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf(endpoint, t.api.Token, "sendPhoto"), &body)
	if err != nil {
		return red.error(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := t.api.Client.Do(req)
	if err != nil {
		return red.error(err)
	}
	defer resp.Body.Close()
	var ar tgbotapi.APIResponse
	if err := json.NewDecoder(resp.Body).Decode(&ar); err != nil {
		return fmt.Errorf("sendPhoto answer: %w", err)
	}
	if !ar.Ok {
		e := &tgbotapi.Error{Code: ar.ErrorCode, Message: ar.Description}
		if ar.Parameters != nil {
			e.ResponseParameters = *ar.Parameters
		}
		return e
	}
	return nil
}

// drawChart draws a chart spec as PNG.
func drawChart(spec []byte) ([]byte, error) {
	s, err := trend.DecodeSpec(spec)
	if err != nil {
		return nil, err
	}
	return s.Render()
}
