package bottest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	maxTextLength    = 4096    // code points after entity parsing (docs/TELEGRAM.md, "Message text")
	maxCaptionLength = 1024    // https://core.telegram.org/bots/api#senddocument
	maxRawText       = 1 << 15 // bytes before parsing, get_formatted_text (docs/TELEGRAM.md, "Message text")
	maxCallbackData  = 64      // bytes (docs/TELEGRAM.md, "Buttons")
)

// refusal is a 400 the fake answers for content, with the violation it records.
type refusal struct {
	kind   string
	detail string
	res    result
}

func refuse(kind, detail, format string, args ...any) *refusal {
	return &refusal{kind: kind, detail: detail, res: badRequest(format, args...)}
}

// checkText applies the text rules of sendMessage/editMessageText (and
// captions, with captionMode) and returns the visible text and entities.
func checkText(raw, parseMode string, caption bool) (string, []entity, *refusal) {
	if len(raw) > maxRawText {
		return "", nil, refuse(ViolationTooLong, fmt.Sprintf("raw text of %d bytes > %d", len(raw), maxRawText), "text is too long")
	}
	if !utf8.ValidString(raw) {
		return "", nil, refuse(ViolationBadRequest, "text is not UTF-8", "text must be encoded in UTF-8")
	}
	visible, ents := raw, []entity(nil)
	switch strings.ToLower(parseMode) {
	case "":
	case "html":
		var err error
		visible, ents, err = parseHTML(raw)
		if err != nil {
			return "", nil, refuse(ViolationHTML, fmt.Sprintf("%v in %s", err, clip(raw)), "can't parse entities: %v", err)
		}
	case "markdown", "markdownv2":
		// Not validated: the bot sends HTML (docs/DELIVERY.md).
	default:
		return "", nil, refuse(ViolationBadRequest, fmt.Sprintf("parse_mode %q", parseMode), "unsupported parse_mode")
	}
	n := utf8.RuneCountInString(visible)
	switch {
	case caption && n > maxCaptionLength:
		return "", nil, refuse(ViolationTooLong, fmt.Sprintf("caption of %d characters > %d", n, maxCaptionLength), "message caption is too long")
	case caption:
	case strings.TrimSpace(visible) == "":
		return "", nil, refuse(ViolationEmpty, "empty text", "message text is empty")
	case n > maxTextLength:
		return "", nil, refuse(ViolationTooLong, fmt.Sprintf("text of %d characters > %d", n, maxTextLength), "message is too long")
	}
	return visible, ents, nil
}

func clip(s string) string {
	if len(s) > 80 {
		for i := 80; i > 0; i-- {
			if utf8.RuneStart(s[i]) {
				return strconv.Quote(s[:i]) + "…"
			}
		}
	}
	return strconv.Quote(s)
}

// checkMarkup validates reply_markup; inline keyboards must have one action
// per button and callback_data of 1-64 bytes (docs/TELEGRAM.md, "Buttons").
func checkMarkup(raw string) (json.RawMessage, *refusal) {
	if raw == "" {
		return nil, nil
	}
	var m struct {
		InlineKeyboard [][]map[string]json.RawMessage `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return nil, refuse(ViolationButton, err.Error(), "can't parse reply keyboard markup JSON object")
	}
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			var text, data string
			json.Unmarshal(b["text"], &text)
			if text == "" {
				return nil, refuse(ViolationButton, "button without text", "can't parse inline keyboard button: Text must be non-empty")
			}
			if len(b) < 2 {
				return nil, refuse(ViolationButton, fmt.Sprintf("button %q has no action", text),
					"can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			}
			if cd, ok := b["callback_data"]; ok {
				json.Unmarshal(cd, &data)
				if len(data) == 0 || len(data) > maxCallbackData {
					return nil, refuse(ViolationButton, fmt.Sprintf("callback_data of %d bytes (1-%d)", len(data), maxCallbackData), "BUTTON_DATA_INVALID")
				}
			}
		}
	}
	return json.RawMessage(raw), nil
}

func disablePreview(c *call) bool {
	if v := c.params.Get("link_preview_options"); v != "" {
		var o struct {
			IsDisabled bool `json:"is_disabled"`
		}
		json.Unmarshal([]byte(v), &o)
		return o.IsDisabled
	}
	b, _ := strconv.ParseBool(c.params.Get("disable_web_page_preview"))
	return b
}

func (s *Server) getMe(*call) result {
	return ok(map[string]any{
		"id": s.botID, "is_bot": true, "first_name": "Vedetta", "username": s.username,
		"can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
	})
}

func (s *Server) sendMessage(c *call) result {
	text, parseMode := c.params.Get("text"), c.params.Get("parse_mode")
	visible, ents, bad := checkText(text, parseMode, false)
	markup, badMarkup := checkMarkup(c.params.Get("reply_markup"))
	thread, _ := strconv.Atoi(c.params.Get("message_thread_id"))
	s.mu.Lock()
	defer s.mu.Unlock()
	st, r, stop := s.accessLocked(c, false)
	if stop {
		return r
	}
	if bad == nil {
		bad = badMarkup
	}
	if bad == nil && thread != 0 && !st.IsForum {
		bad = refuse(ViolationBadRequest, fmt.Sprintf("message_thread_id %d in a chat without topics", thread), "message thread not found")
	}
	if bad != nil {
		s.violateLocked(c, bad.kind, bad.detail)
		return bad.res
	}
	if r, stop := s.rateLimitLocked(c, st); stop {
		return r
	}
	m := Message{ID: st.nextMsg, ChatID: st.ID, ThreadID: thread, Text: visible, HTML: text, ParseMode: parseMode,
		ReplyMarkup: markup, DisablePreview: disablePreview(c), At: c.at, entities: ents}
	st.nextMsg++
	st.messages = append(st.messages, m)
	return ok(s.apiMessage(st, m))
}

func (st *chatState) findLocked(id int) int {
	for i := range st.messages {
		if st.messages[i].ID == id {
			return i
		}
	}
	return -1
}

// editTarget finds the bot message an edit refers to.
func (s *Server) editTarget(c *call) (*chatState, int, result, bool) {
	if c.params.Get("inline_message_id") != "" {
		s.violateLocked(c, ViolationBadRequest, "inline messages are not modelled")
		return nil, 0, badRequest("MESSAGE_ID_INVALID"), true
	}
	st, r, stop := s.accessLocked(c, false)
	if stop {
		return nil, 0, r, true
	}
	id, _ := strconv.Atoi(c.params.Get("message_id"))
	i := st.findLocked(id)
	if i < 0 {
		return nil, 0, badRequest("message to edit not found"), true
	}
	return st, i, result{}, false
}

const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

func (s *Server) editMessageText(c *call) result {
	text, parseMode := c.params.Get("text"), c.params.Get("parse_mode")
	visible, ents, bad := checkText(text, parseMode, false)
	markup, badMarkup := checkMarkup(c.params.Get("reply_markup"))
	s.mu.Lock()
	defer s.mu.Unlock()
	st, i, r, stop := s.editTarget(c)
	if stop {
		return r
	}
	if bad == nil {
		bad = badMarkup
	}
	if bad != nil {
		s.violateLocked(c, bad.kind, bad.detail)
		return bad.res
	}
	m := &st.messages[i]
	if m.Text == visible && sameEntities(m.entities, ents) && bytes.Equal(m.ReplyMarkup, markup) {
		return badRequest(notModified)
	}
	if r, stop := s.rateLimitLocked(c, st); stop {
		return r
	}
	m.Text, m.HTML, m.ParseMode, m.entities = visible, text, parseMode, ents
	m.ReplyMarkup, m.DisablePreview, m.Edited, m.At = markup, disablePreview(c), true, c.at
	return ok(s.apiMessage(st, *m))
}

func sameEntities(a, b []entity) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (s *Server) editMessageReplyMarkup(c *call) result {
	markup, bad := checkMarkup(c.params.Get("reply_markup"))
	s.mu.Lock()
	defer s.mu.Unlock()
	st, i, r, stop := s.editTarget(c)
	if stop {
		return r
	}
	if bad != nil {
		s.violateLocked(c, bad.kind, bad.detail)
		return bad.res
	}
	m := &st.messages[i]
	if bytes.Equal(m.ReplyMarkup, markup) {
		return badRequest(notModified)
	}
	if r, stop := s.rateLimitLocked(c, st); stop {
		return r
	}
	m.ReplyMarkup, m.Edited, m.At = markup, true, c.at
	return ok(s.apiMessage(st, *m))
}

func (s *Server) deleteMessage(c *call) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, r, stop := s.accessLocked(c, false)
	if stop {
		return r
	}
	id, _ := strconv.Atoi(c.params.Get("message_id"))
	i := st.findLocked(id)
	if i < 0 {
		return badRequest("message to delete not found")
	}
	st.messages = append(st.messages[:i], st.messages[i+1:]...)
	return ok(true)
}

func (s *Server) sendChatAction(c *call) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, r, stop := s.accessLocked(c, false); stop {
		return r
	}
	if c.params.Get("action") == "" {
		s.violateLocked(c, ViolationBadRequest, "no action")
		return badRequest("wrong parameter action in request")
	}
	return ok(true)
}

func (s *Server) answerCallbackQuery(c *call) result {
	id := c.params.Get("callback_query_id")
	showAlert, _ := strconv.ParseBool(c.params.Get("show_alert"))
	s.mu.Lock()
	defer s.mu.Unlock()
	cb, found := s.callbacks[id]
	if !found || cb.answered {
		s.violateLocked(c, ViolationCallback, fmt.Sprintf("callback_query_id %q unknown or already answered", id))
		return badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	if n := utf8.RuneCountInString(c.params.Get("text")); n > 200 {
		s.violateLocked(c, ViolationTooLong, fmt.Sprintf("callback answer of %d characters > 200", n))
		return badRequest("MESSAGE_TOO_LONG")
	}
	cb.answered = true
	s.answers = append(s.answers, Answer{CallbackQueryID: id, Data: cb.data, Text: c.params.Get("text"),
		ShowAlert: showAlert, URL: c.params.Get("url"), At: c.at})
	return ok(true)
}

// commandsKey identifies a command list by scope and language
// (https://core.telegram.org/bots/api#setmycommands).
func commandsKey(c *call) (string, error) {
	scope := struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
		UserID int64           `json:"user_id"`
	}{Type: "default"}
	if raw := c.params.Get("scope"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &scope); err != nil {
			return "", err
		}
	}
	key := scope.Type
	if len(scope.ChatID) > 0 {
		key += ":" + strings.Trim(string(scope.ChatID), `"`)
	}
	if scope.UserID != 0 {
		key += ":" + strconv.FormatInt(scope.UserID, 10)
	}
	return key + "|" + c.params.Get("language_code"), nil
}

func (s *Server) setMyCommands(c *call) result {
	key, err := commandsKey(c)
	var cmds []BotCommand
	if err == nil {
		err = json.Unmarshal([]byte(c.params.Get("commands")), &cmds)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.violateLocked(c, ViolationBadRequest, err.Error())
		return badRequest("can't parse commands JSON object")
	}
	if lc := c.params.Get("language_code"); !validLanguageCode(lc) {
		s.violateLocked(c, ViolationBadRequest, fmt.Sprintf("language_code %q: empty or a two-letter ISO 639-1 code", lc))
		return badRequest("language code is invalid")
	}
	if len(cmds) > 100 {
		s.violateLocked(c, ViolationBadRequest, fmt.Sprintf("%d commands > 100", len(cmds)))
		return badRequest("too many commands")
	}
	for _, cmd := range cmds {
		if !validCommand(cmd.Command) {
			s.violateLocked(c, ViolationBadRequest, fmt.Sprintf("command %q: 1-32 of a-z, 0-9, _", cmd.Command))
			return badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf8.RuneCountInString(cmd.Description); n < 1 || n > 256 {
			s.violateLocked(c, ViolationBadRequest, fmt.Sprintf("command %q: description of %d characters (1-256)", cmd.Command, n))
			return badRequest("command description must be 1-256 characters")
		}
	}
	s.commands[key] = cmds
	return ok(true)
}

// validLanguageCode: setMyCommands' language_code is "A two-letter ISO 639-1 language code.
// If empty, commands will be applied to all users from the given scope, for whose language
// there are no dedicated commands" (https://core.telegram.org/bots/api#setmycommands).
func validLanguageCode(lc string) bool {
	return lc == "" || len(lc) == 2 && lc[0] >= 'a' && lc[0] <= 'z' && lc[1] >= 'a' && lc[1] <= 'z'
}

// validCommand: "1-32 characters. Can contain only lowercase English letters,
// digits and underscores" (docs/TELEGRAM.md, "Commands in groups").
func validCommand(cmd string) bool {
	if len(cmd) < 1 || len(cmd) > 32 {
		return false
	}
	for i := 0; i < len(cmd); i++ {
		c := cmd[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func (s *Server) getMyCommands(c *call) result {
	key, err := commandsKey(c)
	if err != nil {
		return badRequest("can't parse BotCommandScope JSON object")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cmds := append([]BotCommand{}, s.commands[key]...)
	return ok(cmds)
}

func (s *Server) deleteMyCommands(c *call) result {
	key, err := commandsKey(c)
	if err != nil {
		return badRequest("can't parse BotCommandScope JSON object")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands, key)
	return ok(true)
}

type apiMember struct {
	Status        string  `json:"status"`
	User          apiUser `json:"user"`
	IsAnonymous   bool    `json:"is_anonymous"`
	CanManageChat bool    `json:"can_manage_chat,omitempty"`
	CanBeEdited   bool    `json:"can_be_edited,omitempty"`
}

func (s *Server) memberLocked(st *chatState, userID int64) apiMember {
	u, found := s.users[userID]
	if !found {
		u = User{ID: userID, FirstName: "User" + strconv.FormatInt(userID, 10)}
	}
	m := apiMember{Status: "member", User: u.api()}
	if userID == s.botID {
		m.User = apiUser{ID: s.botID, IsBot: true, FirstName: "Vedetta", Username: s.username}
	}
	for i, a := range st.admins {
		if a == userID {
			m.Status, m.CanManageChat = "administrator", true
			if i == 0 {
				m.Status = "creator"
			}
		}
	}
	return m
}

func (s *Server) getChatMember(c *call) result {
	userID, err := strconv.ParseInt(c.params.Get("user_id"), 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	st, r, stop := s.accessLocked(c, true)
	if stop {
		return r
	}
	if err != nil || userID == 0 {
		s.violateLocked(c, ViolationBadRequest, "no user_id")
		return badRequest("invalid user_id specified")
	}
	return ok(s.memberLocked(st, userID))
}

func (s *Server) getChatAdministrators(c *call) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, r, stop := s.accessLocked(c, true)
	if stop {
		return r
	}
	if st.Type == "private" {
		return badRequest("there are no administrators in the private chat")
	}
	admins := []apiMember{}
	for _, id := range st.admins {
		admins = append(admins, s.memberLocked(st, id))
	}
	return ok(admins)
}

type apiDocument struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileName     string `json:"file_name,omitempty"`
	FileSize     int    `json:"file_size,omitempty"`
}

func (s *Server) sendDocument(c *call) result {
	caption, parseMode := c.params.Get("caption"), c.params.Get("parse_mode")
	visible, ents, bad := checkText(caption, parseMode, true)
	markup, badMarkup := checkMarkup(c.params.Get("reply_markup"))
	file, uploaded := c.files["document"]
	if !uploaded {
		file.name = c.params.Get("document")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, r, stop := s.accessLocked(c, false)
	if stop {
		return r
	}
	if bad == nil {
		bad = badMarkup
	}
	if bad == nil && file.name == "" && !uploaded {
		bad = refuse(ViolationBadRequest, "no document", "there is no document in the request")
	}
	if bad != nil {
		s.violateLocked(c, bad.kind, bad.detail)
		return bad.res
	}
	if r, stop := s.rateLimitLocked(c, st); stop {
		return r
	}
	s.nextFile++
	d := Document{MessageID: st.nextMsg, ChatID: st.ID, FileName: file.name, Caption: visible, ParseMode: parseMode, Data: file.data, At: c.at}
	st.nextMsg++
	s.documents = append(s.documents, d)
	m := s.apiMessage(st, Message{ID: d.MessageID, ChatID: st.ID, ReplyMarkup: markup, At: c.at})
	m.Caption, m.CaptionEntities = visible, ents
	m.Document = &apiDocument{FileID: "BQACAgQAAxkDAAI" + strconv.Itoa(s.nextFile), FileUniqueID: "AgAD" + strconv.Itoa(s.nextFile),
		FileName: file.name, FileSize: len(file.data)}
	return ok(m)
}

func (s *Server) setWebhook(c *call) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhook = c.params.Get("url")
	return ok(true)
}

func (s *Server) deleteWebhook(c *call) result {
	drop, _ := strconv.ParseBool(c.params.Get("drop_pending_updates"))
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhook = ""
	if drop {
		s.updates = nil
	}
	return ok(true)
}

func (s *Server) getWebhookInfo(*call) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ok(map[string]any{"url": s.webhook, "has_custom_certificate": false, "pending_update_count": len(s.updates)})
}

func (s *Server) getChat(c *call) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, r, stop := s.accessLocked(c, true)
	if stop {
		return r
	}
	return ok(st.api())
}

func (s *Server) leaveChat(c *call) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, r, stop := s.accessLocked(c, true)
	if stop {
		return r
	}
	if st.Type == "private" {
		return badRequest("chat member status can't be changed in private chats")
	}
	st.kicked, st.told = true, true
	return ok(true)
}
