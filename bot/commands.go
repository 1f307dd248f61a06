package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch/match"
)

// incoming is a text message, from Telegram or the console.
type incoming struct {
	chatID         int64
	chatType       string // private, group, supergroup, channel, console
	title          string
	threadID       int
	userID         int64
	text           string
	anonymousAdmin bool // sent by the group itself (an anonymous administrator)
	// lang is the sender's Telegram language_code ("it", "uk", "pt-br"); tr is the language
	// the chat reads (Bot.chatLang), set by handleMessage.
	lang string
	tr   *lang.Localizer
}

func (in incoming) isGroup() bool {
	return in.chatType == "group" || in.chatType == "supergroup" || in.chatType == "channel"
}

// Limits stated in /help.
const (
	maxArgRunes    = 600
	maxWatches     = 50
	maxCommandText = 4096
)

// command is one chat command (README.md, "Chat commands").
type command struct {
	name    string
	usage   string // arguments, for /help
	help    string
	example string
	// admin: only the configured administrators (telegram.admins).
	admin bool
	// open: anyone in a group may use it (it only reads). Every other command is for the
	// group's administrators, as /help says.
	open bool
	// costly: scans many items, sends a digest or polls every source; limited per chat.
	costly bool
	run    func(b *Bot, ctx context.Context, in incoming, arg string) error
}

var commands []*command

func init() {
	commands = []*command{
		{name: "start", help: "register this chat and see what Vedetta does", run: (*Bot).cmdStart},
		{name: "help", help: "the commands, with examples", open: true, run: (*Bot).cmdHelp},
		{name: "watch", usage: "QUERY", help: "add a digest watch (a catalogue name or a query)", example: `/watch NATO ucrain*`, run: (*Bot).cmdWatch},
		{name: "alert", usage: "QUERY", help: "add an instant watch: each new match at once", example: `/alert Zelensky AND (Trump OR Putin)`, run: (*Bot).cmdAlert},
		{name: "unwatch", usage: "N|QUERY", help: "remove a watch", example: "/unwatch 2", run: (*Bot).cmdUnwatch},
		{name: "list", help: "this chat's watches and settings, with buttons", open: true, run: (*Bot).cmdList},
		{name: "digest", help: "send the pending digest now", costly: true, run: (*Bot).cmdDigest},
		{name: "schedule", usage: "SPEC", help: "when digests come: 08:00, 08:00,20:00, a cron spec, @hourly, off", example: "/schedule 08:00,20:00", run: (*Bot).cmdSchedule},
		{name: "timezone", usage: "ZONE", help: "the chat's time zone", example: "/timezone Europe/Kyiv", run: (*Bot).cmdTimezone},
		{name: "quiet", usage: "HH:MM-HH:MM|off", help: "quiet hours: alerts are held and sent together after", example: "/quiet 23:00-07:00", run: (*Bot).cmdQuiet},
		{name: "sources", help: "the sources, their numbers and health", open: true, run: (*Bot).cmdSources},
		{name: "follow", usage: "N", help: "receive only from the sources you follow", example: "/follow 3", run: (*Bot).cmdFollow},
		{name: "unfollow", usage: "N|all", help: "stop following a source (all: every source again)", example: "/unfollow 3", run: (*Bot).cmdUnfollow},
		{name: "catalogue", usage: "[NAME]", help: "the figures and topics /watch NAME knows; with a name, what it matches and excludes", example: "/catalogue Kallas", open: true, run: (*Bot).cmdCatalogue},
		{name: "search", usage: "QUERY", help: "matching items of the last days, newest first (a dry run before /watch)", example: "/search Lavrov", open: true, costly: true, run: (*Bot).cmdSearch},
		{name: "trend", usage: "QUERY|NAME [24h|7d|30d] [by language]", help: "a chart of matching items per hour or day, by source or language, with totals", example: "/trend NATO 7d", open: true, costly: true, run: (*Bot).cmdTrend},
		{name: "surge", usage: "N|QUERY on|off", help: "one message with a chart when a watch's hourly volume surges (at least 3× the usual and 10 items)", example: "/surge NATO on", run: (*Bot).cmdSurge},
		{name: "pause", help: "stop deliveries, keep the watches", run: (*Bot).cmdPause},
		{name: "resume", help: "restart deliveries", run: (*Bot).cmdResume},
		{name: "stop", help: "forget this chat", run: (*Bot).cmdStop},
		{name: "addsource", usage: "URL|x:@user|t.me/channel [NAME] [full_text=auto|always|never]", help: "add a source (administrators)", example: "/addsource https://www.ansa.it/sito/ansait_rss.xml ANSA", admin: true, run: (*Bot).cmdAddSource},
		{name: "delsource", usage: "N", help: "remove a source added from chat (administrators)", example: "/delsource 12", admin: true, run: (*Bot).cmdDelSource},
		{name: "refresh", help: "poll every source now (administrators)", admin: true, costly: true, run: (*Bot).cmdRefresh},
		{name: "stats", help: "counters and health (administrators)", admin: true, run: (*Bot).cmdStats},
		{name: "exportsources", help: "the feeds as an OPML file; send an .opml file to import (administrators)", admin: true, run: (*Bot).cmdExportSources},
		{name: "language", usage: "[CODE]", help: "the chat's language: with a code, set it; alone, the choices", example: "/language it", run: (*Bot).cmdLanguage},
	}
}

// openCommands lists the commands anyone in a group may use: "/help, /list … and /search".
func openCommands(tr *lang.Localizer) string {
	var names []string
	for _, c := range commands {
		if c.open {
			names = append(names, "/"+c.name)
		}
	}
	return tr.And(names)
}

// helpIn is the command's /help line in a language: the catalogue's cmd.NAME.help, else
// the table's English.
func (c *command) helpIn(tr *lang.Localizer) string {
	if s, err := tr.Lookup("cmd."+c.name+".help", nil); err == nil {
		return s
	}
	return c.help
}

// usageIn is the command's arguments as /help names them in a language (cmd.NAME.usage).
func (c *command) usageIn(tr *lang.Localizer) string {
	if c.usage == "" {
		return ""
	}
	if s, err := tr.Lookup("cmd."+c.name+".usage", nil); err == nil {
		return s
	}
	return c.usage
}

// tooLong is the refusal of an argument over the limits /help states, or "".
func (c *command) tooLong(arg string, tr *lang.Localizer) string {
	if strings.Contains(c.usage, "QUERY") && len(arg) > match.MaxQueryLen {
		return tr.T("error.query_too_long", "Bytes", len(arg), "Max", match.MaxQueryLen, "Example", c.example)
	}
	if n := utf8.RuneCountInString(arg); n > maxArgRunes {
		return tr.T("error.arg_too_long", "Runes", n, "Command", c.name, "Max", maxArgRunes, "Example", c.exampleOr())
	}
	return ""
}

func (c *command) exampleOr() string {
	if c.example != "" {
		return c.example
	}
	return "/" + c.name
}

func findCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// userError is a refusal the user should read: a reason and an example.
type userError struct{ msg string }

func (e *userError) Error() string { return e.msg }

func userErrorf(format string, args ...any) error { return &userError{fmt.Sprintf(format, args...)} }

// userErr is a refusal already worded, in the chat's language.
func userErr(msg string) error { return &userError{msg} }

// splitCommand reads "/name@bot args": the name lower-cased, the bot name, and the rest.
func splitCommand(text string) (name, at, arg string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", "", false
	}
	head, arg, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		arg = head[i+1:] + " " + arg
		head = head[:i]
	}
	name, at, _ = strings.Cut(head, "@")
	return strings.ToLower(name), at, strings.TrimSpace(arg), name != ""
}

// handleMessage runs a command and always answers it.
func (b *Bot) handleMessage(ctx context.Context, in incoming) {
	name, at, arg, ok := splitCommand(in.text)
	if ok && at != "" && !strings.EqualFold(at, b.name) {
		return // addressed to another bot
	}
	if !ok && in.chatType != "private" && in.chatType != "console" {
		return // group talk
	}
	in.tr = b.langOf(in)
	if !b.allowed(in) {
		if b.firstRefusal(in.chatID) {
			b.reply(in.chatID, in.threadID, in.tr.T("error.not_allowed", "ChatID", strconv.FormatInt(in.chatID, 10)))
		}
		return
	}
	if !ok {
		b.reply(in.chatID, in.threadID, in.tr.T("error.commands_only"))
		return
	}
	log := b.log.With("chat_id", in.chatID, "command", name)
	cmd := findCommand(name)
	allowed, warn, wait := b.limits.allow(in.chatID, cmd != nil && cmd.costly, b.now())
	switch {
	case warn:
		b.reply(in.chatID, in.threadID, in.tr.N("error.slow_down", b.limits.PerMinute))
		return
	case !allowed && wait > 0:
		b.reply(in.chatID, in.threadID, in.tr.N("error.costly_wait", b.limits.CostlyPerMinute, "Command", cmd.name, "Seconds", int(wait.Seconds()+0.999)))
		return
	case !allowed:
		return // told to slow down already
	}
	if cmd == nil {
		b.reply(in.chatID, in.threadID, in.tr.T("error.unknown_command", "Command", clip(name, 32)))
		return
	}
	if msg := cmd.tooLong(arg, in.tr); msg != "" {
		b.reply(in.chatID, in.threadID, msg)
		return
	}
	if cmd.admin && !b.isBotAdmin(in.userID) {
		b.reply(in.chatID, in.threadID, in.tr.T("error.bot_admins_only", "Command", cmd.name))
		return
	}
	if !cmd.open && in.isGroup() && !b.isBotAdmin(in.userID) && !b.isGroupAdmin(in) {
		b.reply(in.chatID, in.threadID, in.tr.T("error.group_admins_only", "Command", cmd.name, "Open", openCommands(in.tr)))
		return
	}
	if cmd.name != "start" && cmd.name != "help" && cmd.name != "catalogue" {
		if _, err := b.db.Chat(in.chatID); errors.Is(err, store.ErrNoChat) {
			if err := b.register(in); err != nil {
				log.Error("register chat", "error", err)
			}
		}
	}
	err := cmd.run(b, ctx, in, arg)
	var ue *userError
	switch {
	case err == nil:
	case errors.As(err, &ue):
		b.reply(in.chatID, in.threadID, ue.msg)
	default:
		log.Error("command failed", "error", err)
		b.reply(in.chatID, in.threadID, in.tr.T("error.internal"))
	}
}

func (b *Bot) allowed(in incoming) bool {
	if len(b.opts.Allowed) == 0 || in.chatType == "console" {
		return true
	}
	return slices.Contains(b.opts.Allowed, in.chatID) || slices.Contains(b.opts.Allowed, in.userID) || b.isBotAdmin(in.userID)
}

// firstRefusal reports whether a chat that is not allowed has not been told so yet since
// the start: it hears one refusal, not one per message.
func (b *Bot) firstRefusal(chatID int64) bool {
	b.admins.mu.Lock()
	defer b.admins.mu.Unlock()
	if b.admins.refused == nil {
		b.admins.refused = map[int64]bool{}
	}
	if b.admins.refused[chatID] {
		return false
	}
	b.admins.refused[chatID] = true
	return true
}

func (b *Bot) isBotAdmin(userID int64) bool {
	return b.api == nil || slices.Contains(b.opts.Admins, userID)
}

// adminCache remembers a group's administrators for a short time (getChatMember is a call
// per command otherwise).
type adminCache struct {
	mu sync.Mutex
	m  map[[2]int64]adminEntry
	// refused: chats not allowed (telegram.allowed_chats) that were told so once.
	refused map[int64]bool
}

type adminEntry struct {
	admin bool
	at    time.Time
}

const adminCacheTTL = 5 * time.Minute

// adminKnown reports whether the user's admin status in the chat is cached.
func (b *Bot) adminKnown(chatID, userID int64) bool {
	b.admins.mu.Lock()
	defer b.admins.mu.Unlock()
	e, ok := b.admins.m[[2]int64{chatID, userID}]
	return ok && b.now().Sub(e.at) < adminCacheTTL
}

func (b *Bot) isGroupAdmin(in incoming) bool {
	if in.anonymousAdmin {
		return true
	}
	if b.api == nil {
		return true
	}
	key := [2]int64{in.chatID, in.userID}
	b.admins.mu.Lock()
	if e, ok := b.admins.m[key]; ok && b.now().Sub(e.at) < adminCacheTTL {
		b.admins.mu.Unlock()
		return e.admin
	}
	b.admins.mu.Unlock()
	member, err := b.api.GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: in.chatID, UserID: in.userID}})
	if err != nil {
		b.log.Warn("get chat member", "chat_id", in.chatID, "error", err)
		return false
	}
	admin := member.Status == "creator" || member.Status == "administrator"
	b.admins.mu.Lock()
	if b.admins.m == nil {
		b.admins.m = map[[2]int64]adminEntry{}
	}
	if len(b.admins.m) > 10000 { // forget expired entries now and then
		for k, e := range b.admins.m {
			if b.now().Sub(e.at) >= adminCacheTTL {
				delete(b.admins.m, k)
			}
		}
	}
	b.admins.m[key] = adminEntry{admin, b.now()}
	b.admins.mu.Unlock()
	return admin
}

// register creates (or reactivates) the chat from a message.
func (b *Bot) register(in incoming) error {
	c, err := b.db.UpdateChat(in.chatID, true, func(c *store.Chat) error {
		c.Type, c.Title = in.chatType, in.title
		if in.chatType == "private" && in.lang != "" {
			c.UserLanguage = in.lang
		}
		if in.threadID != 0 {
			c.ThreadID = in.threadID
		}
		c.Inactive, c.Reason = false, ""
		return nil
	})
	if err != nil {
		return err
	}
	b.scheduleDigest(c)
	return nil
}

// reply sends plain text (escaped) to a chat through the outbox.
func (b *Bot) reply(chatID int64, threadID int, text string) error {
	h := &htmlText{}
	h.text(text)
	return b.replyHTML(chatID, threadID, h.String(), "")
}

func (b *Bot) replyHTML(chatID int64, threadID int, html, markup string) error {
	if b.sender.QueuedFor(chatID) >= maxOutboxPerChat {
		b.log.Warn("reply dropped: the chat's outbox is full", "chat_id", chatID)
		return nil
	}
	return b.sender.Enqueue(store.Message{ChatID: chatID, ThreadID: threadID, HTML: html, Markup: markup, Kind: "reply"})
}

// replyLong sends rendered entries, split into as many messages as Telegram needs.
func (b *Bot) replyLong(in incoming, header *htmlText, entries []*htmlText) error {
	for _, part := range splitMessages(header, entries, nil) {
		if err := b.replyHTML(in.chatID, in.threadID, part, ""); err != nil {
			return err
		}
	}
	return nil
}

// publishCommands tells Telegram the command list for its menu (setMyCommands): once for
// every supported language_code with the descriptions in that language, and once without
// one — in the configured default language — for users whose language Vedetta does not
// speak (https://core.telegram.org/bots/api#setmycommands).
func (b *Bot) publishCommands() {
	set := func(tr *lang.Localizer, code string) {
		var cmds []tgbotapi.BotCommand
		for _, c := range commands {
			if c.admin {
				continue
			}
			cmds = append(cmds, tgbotapi.BotCommand{Command: c.name, Description: clip(c.helpIn(tr), 256)})
		}
		cfg := tgbotapi.NewSetMyCommands(cmds...)
		cfg.LanguageCode = code
		if _, err := b.api.Request(cfg); err != nil {
			b.log.Warn("set my commands", "language", code, "error", err)
		}
	}
	set(lang.For(b.opts.Language), "")
	for _, l := range lang.Supported {
		set(lang.For(l.Code), l.Code)
	}
}
