package bottest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// DefaultToken is the bot token the fake accepts when Options.Token is empty.
const DefaultToken = "123456789:AAFakeTokenForVedettaTests_0123456789"

// DefaultBotUsername is the bot's username when Options.BotUsername is empty.
const DefaultBotUsername = "VedettaBot"

// Options configure a Server. The zero value is a fake with Telegram's
// limits, real time, the default token and lenient chat lookup.
type Options struct {
	// Token is the only token accepted; others get 401 Unauthorized.
	Token string
	// BotUsername is returned by getMe (default "VedettaBot").
	BotUsername string
	// BotID is the bot's user id (default 7000000001).
	BotID int64
	// Now is the clock for rate limits, retry_after windows and message
	// dates. A test that controls it must advance it past every retry_after
	// it expects the bot to wait. Long polls always wait in real time.
	Now func() time.Time
	// Limits are the sending limits; the zero value is Telegram's.
	Limits Limits
	// StrictChats answers 400 "chat not found" for chats that were never
	// introduced with AddChat, Say, Press or MigrateUpdate.
	StrictChats bool
	// FirstUpdateID is the update_id of the first queued update (default 1).
	FirstUpdateID int
}

// Server is a fake Telegram Bot API server on httptest. All its methods are
// safe for concurrent use.
type Server struct {
	ts       *httptest.Server
	token    string
	botID    int64
	username string
	now      func() time.Time
	limits   Limits
	strict   bool
	done     chan struct{}
	closeOne sync.Once

	mu         sync.Mutex
	notify     chan struct{} // closed and replaced on every change
	chats      map[int64]*chatState
	users      map[int64]User
	global     bucket
	paid       bucket // sends with allow_paid_broadcast
	updates    []queued
	nextUpdate int
	poller     *poller
	allowed    []string
	webhook    string
	requests   []Request
	violations []Violation
	callbacks  map[string]*callback
	nextQuery  int
	answers    []Answer
	commands   map[string][]BotCommand
	held       map[string]chan struct{} // lower-cased method → closed when released
	waiting    map[string]int           // lower-cased method → calls waiting on Hold
	documents  []Document
	photos     []Photo
	nextFile   int
	userFiles  map[string]userFile // file_id -> a file a user sent (SendFile)
}

// Request is one call the fake received, whatever its outcome.
type Request struct {
	Method string
	ChatID int64 // 0 when the method has no chat_id
	Params url.Values
	Status int // HTTP status of the answer
	At     time.Time
}

// Message is a message the bot sent (or edited) and the fake accepted.
type Message struct {
	ID             int
	ChatID         int64
	ThreadID       int
	Text           string // visible text after entity parsing
	HTML           string // raw text as sent
	ParseMode      string
	ReplyMarkup    json.RawMessage
	DisablePreview bool
	At             time.Time
	Edited         bool

	entities []entity
}

// Answer is one answerCallbackQuery call the fake accepted.
type Answer struct {
	CallbackQueryID string
	Data            string // the pressed button's callback_data
	Text            string
	ShowAlert       bool
	URL             string
	At              time.Time
}

// BotCommand is one entry of setMyCommands.
type BotCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// Document is a file the bot sent with sendDocument.
type Document struct {
	MessageID int
	ChatID    int64
	FileName  string
	Caption   string
	ParseMode string
	Data      []byte // nil when the bot referred to a file_id or URL
	At        time.Time
}

type callback struct {
	data     string
	answered bool
}

// New starts a fake Bot API server that is closed when the test ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	s := NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

// NewServer starts a fake Bot API server outside a test, e.g. for a
// benchmark or a load test. Close it with Close.
func NewServer(opts Options) *Server {
	s := &Server{
		token:      opts.Token,
		botID:      opts.BotID,
		username:   opts.BotUsername,
		now:        opts.Now,
		limits:     opts.Limits.withDefaults(),
		strict:     opts.StrictChats,
		done:       make(chan struct{}),
		notify:     make(chan struct{}),
		chats:      map[int64]*chatState{},
		users:      map[int64]User{},
		nextUpdate: opts.FirstUpdateID,
		callbacks:  map[string]*callback{},
		userFiles:  map[string]userFile{},
		commands:   map[string][]BotCommand{},
	}
	if s.token == "" {
		s.token = DefaultToken
	}
	if s.botID == 0 {
		s.botID = 7000000001
	}
	if s.username == "" {
		s.username = DefaultBotUsername
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.nextUpdate == 0 {
		s.nextUpdate = 1
	}
	s.ts = httptest.NewServer(s)
	return s
}

// Close ends pending long polls and shuts the server down. It is idempotent.
func (s *Server) Close() {
	s.closeOne.Do(func() {
		close(s.done)
		s.ts.Close()
	})
}

// URL is the server's base URL, e.g. http://127.0.0.1:40123.
func (s *Server) URL() string { return s.ts.URL }

// Endpoint is the tgbotapi endpoint format ("http://127.0.0.1:PORT/bot%s/%s")
// for NewBotAPIWithAPIEndpoint or the telegram.api_endpoint config key.
func (s *Server) Endpoint() string { return s.ts.URL + "/bot%s/%s" }

// Token is the token the server accepts.
func (s *Server) Token() string { return s.token }

// BotID is the bot's user id, as getMe reports it.
func (s *Server) BotID() int64 { return s.botID }

// BotUsername is the bot's username, as getMe reports it.
func (s *Server) BotUsername() string { return s.username }

// changed wakes every waiter; callers hold s.mu.
func (s *Server) changed() {
	close(s.notify)
	s.notify = make(chan struct{})
}

// call is one request being answered.
type call struct {
	ctx    context.Context
	method string
	params url.Values
	files  map[string]upload
	at     time.Time
	chatID int64
}

type upload struct {
	name string
	data []byte
}

// result is what a handler answers.
type result struct {
	status     int
	value      any
	desc       string
	retryAfter int
	migrateTo  int64
	rawBody    string // non-JSON answer, like a proxy's 502 page
}

func ok(v any) result { return result{status: http.StatusOK, value: v} }

func fail(status int, desc string) result { return result{status: status, desc: desc} }

func badRequest(format string, args ...any) result {
	return fail(http.StatusBadRequest, "Bad Request: "+fmt.Sprintf(format, args...))
}

type handler func(s *Server, c *call) result

var methods map[string]handler

func init() {
	methods = map[string]handler{
		"getme":                  (*Server).getMe,
		"getupdates":             (*Server).getUpdates,
		"sendmessage":            (*Server).sendMessage,
		"editmessagetext":        (*Server).editMessageText,
		"editmessagereplymarkup": (*Server).editMessageReplyMarkup,
		"answercallbackquery":    (*Server).answerCallbackQuery,
		"setmycommands":          (*Server).setMyCommands,
		"getmycommands":          (*Server).getMyCommands,
		"deletemycommands":       (*Server).deleteMyCommands,
		"deletemessage":          (*Server).deleteMessage,
		"getchatmember":          (*Server).getChatMember,
		"getchatadministrators":  (*Server).getChatAdministrators,
		"senddocument":           (*Server).sendDocument,
		"sendphoto":              (*Server).sendPhoto,
		"sendchataction":         (*Server).sendChatAction,
		"setwebhook":             (*Server).setWebhook,
		"deletewebhook":          (*Server).deleteWebhook,
		"getwebhookinfo":         (*Server).getWebhookInfo,
		"getchat":                (*Server).getChat,
		"getfile":                (*Server).getFile,
		"leavechat":              (*Server).leaveChat,
	}
}

// unmodelled are real Bot API methods the fake does not implement: they get
// 404 like an unknown method, with a violation that says so.
var unmodelled = map[string]bool{
	"forwardmessage": true, "copymessage": true, "sendaudio": true, "sendvideo": true,
	"sendanimation": true, "sendvoice": true, "sendmediagroup": true, "sendlocation": true, "sendpoll": true,
	"pinchatmessage": true, "unpinchatmessage": true, "unpinallchatmessages": true,
	"getchatmembercount": true, "banchatmember": true, "setmessagereaction": true, "editmessagecaption": true,
	"stoppoll": true, "answerinlinequery": true, "logout": true, "close": true, "setmydescription": true,
	"setmyname": true, "setchatmenubutton": true, "getuserprofilephotos": true, "sendsticker": true,
}

// ServeHTTP answers /bot<token>/<method> like api.telegram.org.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"); ok {
		s.serveFile(w, rest)
		return
	}
	rest, found := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, found2 := strings.Cut(rest, "/")
	if !found || !found2 {
		writeResult(w, fail(http.StatusNotFound, "Not Found"))
		return
	}
	c := &call{ctx: r.Context(), method: method, at: s.now()}
	var res result
	h, known := methods[strings.ToLower(method)]
	switch {
	case token != s.token:
		res = fail(http.StatusUnauthorized, "Unauthorized")
	case !known:
		res = fail(http.StatusNotFound, "Not Found")
	default:
		var err error
		c.params, c.files, err = readParams(r)
		if err != nil {
			res = badRequest("%v", err)
			break
		}
		if id := c.params.Get("chat_id"); id != "" {
			c.chatID, _ = strconv.ParseInt(id, 10, 64)
		}
		s.mu.Lock()
		hold := s.held[strings.ToLower(method)]
		s.mu.Unlock()
		if hold != nil {
			s.setWaiting(method, +1)
			select { // a slow Telegram: the call waits until the test releases it
			case <-hold:
			case <-r.Context().Done():
			case <-s.done:
			}
			s.setWaiting(method, -1)
		}
		res = h(s, c)
	}
	s.mu.Lock()
	switch res.status {
	case http.StatusUnauthorized:
		s.violateLocked(c, ViolationUnauthorized, "wrong bot token")
	case http.StatusNotFound:
		detail := fmt.Sprintf("unknown method %q", method)
		if unmodelled[strings.ToLower(method)] {
			detail = fmt.Sprintf("method %q exists in the Bot API but bottest does not model it", method)
		}
		s.violateLocked(c, ViolationUnknownMethod, detail)
	}
	s.requests = append(s.requests, Request{Method: method, ChatID: c.chatID, Params: c.params, Status: res.status, At: c.at})
	s.changed()
	s.mu.Unlock()
	writeResult(w, res)
}

// Hold makes calls of method wait, as a slow Telegram would, until release is called (or
// the caller gives up). Calls already waiting when release is called go on.
func (s *Server) Hold(method string) (release func()) {
	ch := make(chan struct{})
	s.mu.Lock()
	if s.held == nil {
		s.held = map[string]chan struct{}{}
	}
	s.held[strings.ToLower(method)] = ch
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			delete(s.held, strings.ToLower(method))
			s.mu.Unlock()
			close(ch)
		})
	}
}

// Held is the number of calls of method waiting on Hold. A WaitFor on it wakes when a call
// starts waiting.
func (s *Server) Held(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.waiting[strings.ToLower(method)]
}

func (s *Server) setWaiting(method string, d int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.waiting == nil {
		s.waiting = map[string]int{}
	}
	s.waiting[strings.ToLower(method)] += d
	s.changed()
}

type responseParameters struct {
	MigrateToChatID int64 `json:"migrate_to_chat_id,omitempty"`
	RetryAfter      int   `json:"retry_after,omitempty"`
}

type envelope struct {
	OK          bool                `json:"ok"`
	Result      any                 `json:"result,omitempty"`
	ErrorCode   int                 `json:"error_code,omitempty"`
	Description string              `json:"description,omitempty"`
	Parameters  *responseParameters `json:"parameters,omitempty"`
}

// writeResult writes the envelope of https://core.telegram.org/bots/api#making-requests
// with the HTTP status equal to error_code (docs/TELEGRAM.md, "Errors").
func writeResult(w http.ResponseWriter, res result) {
	if res.rawBody != "" {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(res.status)
		io.WriteString(w, res.rawBody)
		return
	}
	env := envelope{OK: res.status == http.StatusOK, Result: res.value}
	if !env.OK {
		env.ErrorCode, env.Description = res.status, res.desc
		if res.retryAfter > 0 || res.migrateTo != 0 {
			env.Parameters = &responseParameters{RetryAfter: res.retryAfter, MigrateToChatID: res.migrateTo}
		}
	}
	body, err := json.Marshal(env)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(res.status)
	w.Write(body)
}

// readParams merges query, form-urlencoded, multipart and JSON bodies into
// one set of string values, as the Bot API accepts all of them
// (https://core.telegram.org/bots/api#making-requests). JSON objects and
// arrays stay JSON-serialised, as they would be in a form.
func readParams(r *http.Request) (url.Values, map[string]upload, error) {
	params := url.Values{}
	for k, v := range r.URL.Query() {
		params[k] = v
	}
	if r.Method != http.MethodPost {
		return params, nil, nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil, nil, fmt.Errorf("can't parse form: %w", err)
		}
		for k, v := range r.PostForm {
			params[k] = v
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(64 << 20); err != nil {
			return nil, nil, fmt.Errorf("can't parse multipart form: %w", err)
		}
		for k, v := range r.MultipartForm.Value {
			params[k] = v
		}
		files := map[string]upload{}
		for k, fhs := range r.MultipartForm.File {
			f, err := fhs[0].Open()
			if err != nil {
				return nil, nil, fmt.Errorf("open part %s: %w", k, err)
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return nil, nil, fmt.Errorf("read part %s: %w", k, err)
			}
			files[k] = upload{name: fhs[0].Filename, data: data}
		}
		return params, files, nil
	case "application/json":
		var body map[string]json.RawMessage
		dec := json.NewDecoder(r.Body)
		if err := dec.Decode(&body); err != nil && err != io.EOF {
			return nil, nil, fmt.Errorf("can't parse JSON object: %w", err)
		}
		for k, raw := range body {
			var str string
			if json.Unmarshal(raw, &str) == nil {
				params.Set(k, str)
				continue
			}
			params.Set(k, string(raw))
		}
	}
	return params, nil, nil
}
