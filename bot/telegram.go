package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// redactor keeps the bot token out of every error and log line: the Bot API URL contains the
// token and Go's transport errors contain the URL (docs/DEPENDENCIES.md, "go-telegram-bot-api v5").
type redactor struct{ token string }

func (r redactor) string(s string) string {
	if r.token == "" {
		return s
	}
	s = strings.ReplaceAll(s, r.token, "<token>")
	// The URL-escaped form too, should a client ever escape it.
	return strings.ReplaceAll(s, url.PathEscape(r.token), "<token>")
}

// redactedError carries a transport error without its URL.
type redactedError struct {
	msg string
	err error // the cause below *url.Error, which does not contain the URL
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func (r redactor) error(err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	cause := err
	if errors.As(err, &ue) {
		cause = ue.Err
	}
	return &redactedError{msg: r.string(err.Error()), err: cause}
}

// httpClient is the tgbotapi.HTTPClient Vedetta gives the library: a timeout (the library
// has none), a context that cancels in-flight calls, and errors with the token removed.
type httpClient struct {
	client *http.Client
	ctx    context.Context
	redact redactor
}

func (c *httpClient) Do(req *http.Request) (*http.Response, error) {
	if c.ctx != nil {
		req = req.WithContext(c.ctx)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, c.redact.error(err)
	}
	return resp, nil
}

// libLogger routes tgbotapi's own logging through slog, redacted.
type libLogger struct {
	log    *slog.Logger
	redact redactor
}

func (l libLogger) Println(v ...any) {
	l.log.Warn("telegram library", "message", l.redact.string(strings.TrimSpace(fmt.Sprintln(v...))))
}

func (l libLogger) Printf(format string, v ...any) {
	l.log.Warn("telegram library", "message", l.redact.string(fmt.Sprintf(format, v...)))
}

// pollTimeout is the getUpdates long-poll timeout; the server clamps it to 50 s (docs/TELEGRAM.md, "Receiving updates").
const pollTimeout = 50

// connect builds the Bot API client, calling getMe (tgbotapi does so at construction) until
// it answers, ctx ends, or the token is refused.
func connect(ctx context.Context, token, endpoint string, log *slog.Logger) (*tgbotapi.BotAPI, error) {
	red := redactor{token}
	tgbotapi.SetLogger(libLogger{log.With("component", "tgbotapi"), red})
	// Keep a connection for each concurrent send (and the long poll) alive: the default of
	// two idle connections per host would cost a TLS handshake for most messages.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32
	client := &httpClient{client: &http.Client{Timeout: 30 * time.Second, Transport: tr}, redact: red}
	delay := time.Second
	for {
		api, err := tgbotapi.NewBotAPIWithClient(token, endpoint, client)
		if err == nil {
			return api, nil
		}
		var te *tgbotapi.Error
		if errors.As(err, &te) && (te.Code == http.StatusUnauthorized || te.Code == http.StatusNotFound) {
			return nil, fmt.Errorf("%w: getMe answered %s", ErrUnauthorized, red.string(err.Error()))
		}
		log.Warn("telegram not reachable, retrying", "error", red.string(err.Error()), "retry_in", delay)
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("connect to telegram: %w", ctx.Err())
		case <-time.After(delay):
		}
		delay = min(delay*2, time.Minute)
	}
}

// apiError sorts a Bot API failure once (by Code, RetryAfter and MigrateToChatID).
type apiError struct {
	code       int
	desc       string
	retryAfter time.Duration
	migrateTo  int64
}

func classify(err error) *apiError {
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		return &apiError{code: te.Code, desc: te.Message, retryAfter: time.Duration(te.RetryAfter) * time.Second, migrateTo: te.MigrateToChatID}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &apiError{code: http.StatusBadGateway, desc: "non-JSON answer (proxy error?)"}
	}
	return nil
}

// isGone reports whether Telegram says the chat can no longer be written to.
func (e *apiError) isGone() bool {
	if e.code == http.StatusForbidden {
		return true
	}
	return e.code == http.StatusBadRequest && strings.Contains(strings.ToLower(e.desc), "chat not found")
}

// isNotModified is an edit that changes nothing (a button pressed twice): done already.
func (e *apiError) isNotModified() bool {
	return e.code == http.StatusBadRequest && strings.Contains(strings.ToLower(e.desc), "message is not modified")
}

func (e *apiError) isParseError() bool {
	return e.code == http.StatusBadRequest && strings.Contains(strings.ToLower(e.desc), "can't parse entities")
}
