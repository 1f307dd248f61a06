package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/watch"
)

// memSources is a poller fake whose Remove removes and whose PollAll is counted.
type memSources struct {
	fakeSources
	polls atomic.Int32
}

func (m *memSources) Remove(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, s := range m.list {
		if s.Name == name {
			m.list = append(m.list[:i], m.list[i+1:]...)
			return
		}
	}
}

func (m *memSources) PollAll(ctx context.Context, force bool) { m.polls.Add(1) }

// clock is real time plus an offset a test moves forward (the sender paces by it, so it
// must keep running).
type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) advance(d time.Duration) { c.offset.Add(int64(d)) }

var bob = bottest.User{ID: 300, FirstName: "Bob"}

// checkButtons asserts that every inline button the bot sent or edited in carries
// callback_data of 1-64 bytes (Telegram's limit, docs/TELEGRAM.md, "Buttons").
func checkButtons(t *testing.T, tg *bottest.Server, chats ...int64) {
	t.Helper()
	var markups []string
	for _, id := range chats {
		for _, m := range tg.Messages(id) {
			markups = append(markups, string(m.ReplyMarkup))
		}
	}
	for _, method := range []string{"sendMessage", "editMessageText", "editMessageReplyMarkup"} {
		for _, r := range tg.Requests(method) {
			markups = append(markups, r.Params.Get("reply_markup"))
		}
	}
	n := 0
	for _, raw := range markups {
		if raw == "" {
			continue
		}
		var kb struct {
			InlineKeyboard [][]struct {
				Text         string  `json:"text"`
				CallbackData *string `json:"callback_data"`
			} `json:"inline_keyboard"`
		}
		if err := json.Unmarshal([]byte(raw), &kb); err != nil {
			t.Fatalf("markup %s: %v", raw, err)
		}
		for _, row := range kb.InlineKeyboard {
			for _, b := range row {
				if b.CallbackData != nil {
					n++
					if l := len(*b.CallbackData); l < 1 || l > 64 {
						t.Errorf("button %q has callback_data of %d bytes", b.Text, l)
					}
				}
			}
		}
	}
	if n == 0 {
		t.Error("no buttons were sent at all")
	}
}

// press presses a button and returns the answer to the callback query.
func (h *harness) press(chat bottest.Chat, from bottest.User, messageID int, data string) bottest.Answer {
	h.t.Helper()
	id := h.tg.Press(chat, from, messageID, data)
	var got bottest.Answer
	h.tg.WaitFor(h.t, wait, func(s *bottest.Server) bool {
		for _, a := range s.Answers() {
			if a.CallbackQueryID == id {
				got = a
				return true
			}
		}
		return false
	})
	return got
}

// message is the current state of a message (after edits).
// waitMessage waits until the bot's message id in the chat satisfies cond (an edit goes
// through the paced outbox, after the press is answered) and returns it.
func (h *harness) waitMessage(chatID int64, id int, cond func(bottest.Message) bool) bottest.Message {
	h.t.Helper()
	var got bottest.Message
	h.tg.WaitFor(h.t, wait, func(s *bottest.Server) bool {
		for _, m := range s.Messages(chatID) {
			if m.ID == id {
				got = m
				return cond(m)
			}
		}
		return false
	})
	return got
}

func (h *harness) message(chatID int64, id int) bottest.Message {
	for _, m := range h.tg.Messages(chatID) {
		if m.ID == id {
			return m
		}
	}
	h.t.Fatalf("no message %d in chat %d", id, chatID)
	return bottest.Message{}
}

func TestEveryCommandAnswersBadArgumentsWithAReasonAndAnExample(t *testing.T) {
	h := newHarness(t, func(o *bot.Options) {
		o.NewSource = func(_ context.Context, spec, name string) (watch.Source, error) {
			return watch.Source{}, errors.New("not a feed, X account or t.me link")
		}
		o.Commands = manyCommands // every command three times in a row
	})
	h.ask(private, admin, "/start")
	// Each command with its argument missing and with a wrong one; every answer names the
	// command in an example. The admin asks, so the administrators' commands answer too.
	tests := []struct{ cmd, wrong string }{
		{"watch", "NATO AND ("},
		{"alert", `"unclosed phrase`},
		{"unwatch", "7"},
		{"schedule", "25:99"},
		{"timezone", "Europe/Atlantis"},
		{"quiet", "all night"},
		{"follow", "0"},
		{"unfollow", "three"},
		{"search", "OR OR"},
		{"addsource", "ftp://example.org/feed"},
		{"delsource", "99"},
	}
	for _, tt := range tests {
		for _, arg := range []string{"", tt.wrong, strings.Repeat("ž", 5000)} {
			text := strings.TrimSpace("/" + tt.cmd + " " + arg)
			r := h.ask(private, admin, text)
			if !strings.Contains(r.Text, "/"+tt.cmd+" ") {
				t.Errorf("%q answered %q: no example of /%s", clip(text), r.Text, tt.cmd)
			}
			if arg == tt.wrong && len(arg) > 2 && !strings.Contains(r.Text, arg) && tt.cmd != "search" && tt.cmd != "watch" && tt.cmd != "alert" && tt.cmd != "follow" && tt.cmd != "unfollow" && tt.cmd != "delsource" && tt.cmd != "schedule" && tt.cmd != "addsource" {
				t.Errorf("%q answered %q: the reason does not say what was wrong", text, r.Text)
			}
		}
	}
	if r := h.ask(private, admin, "/catalogue zzzqqq"); !strings.Contains(r.Text, "/catalogue") {
		t.Errorf("/catalogue with no hit answered %q", r.Text)
	}
	if r := h.ask(private, alice, "hello"); !strings.Contains(r.Text, "/help") {
		t.Errorf("plain text answered %q", r.Text)
	}
	c, _ := h.db.Chat(private.ID)
	if len(c.Watches) != 0 || c.Timezone == "Europe/Atlantis" || c.Schedule != "" {
		t.Errorf("bad input changed the chat: %+v", c)
	}
}

// manyCommands lifts the per-chat command limits for tests that try every command.
var manyCommands = bot.CommandLimits{PerMinute: 1000, CostlyPerMinute: 1000}

func TestHelpStatesTheLimitsThatAreEnforced(t *testing.T) {
	h := newHarness(t, func(o *bot.Options) { o.Commands = manyCommands })
	help := h.ask(private, alice, "/help").Text
	m := regexp.MustCompile(`(\d+) watches per chat; a query has at most (\d+) bytes.* and (\d+) spellings once catalogue names are expanded; other arguments at most (\d+) characters`).FindStringSubmatch(help)
	if m == nil {
		t.Fatalf("/help does not state the limits:\n%s", help)
	}
	maxWatches, _ := strconv.Atoi(m[1])
	maxQuery, _ := strconv.Atoi(m[2])
	maxTerms, _ := strconv.Atoi(m[3])
	maxArg, _ := strconv.Atoi(m[4])
	for _, c := range []string{"/start", "/watch", "/alert", "/unwatch", "/list", "/digest", "/schedule", "/timezone", "/sources", "/follow", "/unfollow", "/search", "/pause", "/resume", "/stop", "/addsource", "/delsource", "/refresh", "/stats"} {
		if !strings.Contains(help, c) {
			t.Errorf("/help does not list %s", c)
		}
	}

	// A query of exactly the limit is taken; one byte more is refused with the limit.
	query := func(n int) string {
		q := strings.Repeat("ab ", (n-1)/3)
		return q + strings.Repeat("c", n-len(q))
	}
	if r := h.ask(private, alice, "/watch "+query(maxQuery)); !strings.Contains(r.Text, "Watch 1") {
		t.Fatalf("a %d-byte query answered %q", maxQuery, r.Text)
	}
	if r := h.ask(private, alice, "/watch "+query(maxQuery+1)); !strings.Contains(r.Text, fmt.Sprint(maxQuery)) || !strings.Contains(r.Text, "too long") {
		t.Fatalf("a %d-byte query answered %q", maxQuery+1, r.Text)
	}
	// A query that names a catalogue entry over and over is refused with the limit.
	if r := h.ask(private, alice, "/watch "+strings.Repeat("Trump ", 20)); !strings.Contains(r.Text, fmt.Sprint(maxTerms)) || !strings.Contains(r.Text, "spellings") {
		t.Fatalf("a query of twenty Trumps answered %q", r.Text)
	}
	// Other arguments: characters, not bytes.
	if r := h.ask(private, alice, "/catalogue "+strings.Repeat("ж", maxArg)); strings.Contains(r.Text, "too long") {
		t.Fatalf("a %d-character argument was refused: %q", maxArg, r.Text)
	}
	if r := h.ask(private, alice, "/catalogue "+strings.Repeat("ж", maxArg+1)); !strings.Contains(r.Text, fmt.Sprint(maxArg)) {
		t.Fatalf("a %d-character argument answered %q", maxArg+1, r.Text)
	}

	// Watches per chat.
	for i := 2; i <= maxWatches; i++ {
		h.tg.Say(private, alice, fmt.Sprintf("/watch word%d", i))
	}
	n := len(h.tg.Messages(private.ID))
	h.tg.WaitMessages(t, private.ID, n+maxWatches-1, wait)
	if r := h.ask(private, alice, "/watch one_too_many"); !strings.Contains(r.Text, fmt.Sprintf("at most %d watches", maxWatches)) {
		t.Fatalf("watch %d answered %q", maxWatches+1, r.Text)
	}
	if c, _ := h.db.Chat(private.ID); len(c.Watches) != maxWatches {
		t.Fatalf("%d watches, want %d", len(c.Watches), maxWatches)
	}
}

func TestGroupAdministratorsAreCheckedOnceInFiveMinutes(t *testing.T) {
	var clk clock
	h := newHarness(t, func(o *bot.Options) { o.Now = clk.now })
	group := bottest.Chat{ID: -700, Type: "supergroup", Title: "Desk"}
	h.tg.SetAdmins(group.ID, alice.ID)
	checks := func() int {
		n := 0
		for _, r := range h.tg.Requests("getChatMember") {
			if r.ChatID == group.ID {
				n++
			}
		}
		return n
	}
	h.ask(group, alice, "/watch NATO")
	h.ask(group, alice, "/watch Lavrov")
	if n := checks(); n != 1 {
		t.Fatalf("%d getChatMember calls for two commands, want 1 (cached)", n)
	}
	// Alice loses her rights: the cache still lets her in for its five minutes …
	h.tg.SetAdmins(group.ID)
	if r := h.ask(group, alice, "/watch Zelensky"); !strings.Contains(r.Text, "Watch 3") {
		t.Fatalf("within the cache time /watch answered %q", r.Text)
	}
	// … and not after.
	clk.advance(5*time.Minute + time.Second)
	if r := h.ask(group, alice, "/watch Putin"); !strings.Contains(r.Text, "Only this group's administrators") {
		t.Fatalf("after the cache time /watch answered %q", r.Text)
	}
	if n := checks(); n != 2 {
		t.Fatalf("%d getChatMember calls, want 2", n)
	}
	// Reading needs no rights and no call.
	for _, cmd := range []string{"/list", "/sources", "/search NATO", "/help"} {
		if r := h.ask(group, bob, cmd); strings.Contains(r.Text, "Only this group's administrators") {
			t.Errorf("%s by a member answered %q", cmd, r.Text)
		}
	}
	if n := checks(); n != 2 {
		t.Fatalf("reading commands called getChatMember: %d calls", n)
	}
	// Every changing command is refused to a member, and changes nothing.
	for _, cmd := range []string{"/watch X", "/alert X", "/unwatch 1", "/schedule 08:00", "/timezone UTC", "/quiet off", "/follow 1", "/unfollow all", "/pause", "/resume", "/stop", "/start"} {
		if r := h.ask(group, bob, cmd); !strings.Contains(r.Text, "Only this group's administrators") {
			t.Errorf("%s by a member answered %q", cmd, r.Text)
		}
	}
	if c, err := h.db.Chat(group.ID); err != nil || len(c.Watches) != 3 || c.Paused {
		t.Fatalf("members changed the group: %+v, %v", c, err)
	}
}

func TestBotAdministratorsNeedNoGroupRights(t *testing.T) {
	h := newHarness(t, nil)
	group := bottest.Chat{ID: -710, Type: "group", Title: "Ops"}
	h.tg.SetAdmins(group.ID, alice.ID)
	if r := h.ask(group, admin, "/watch NATO"); !strings.Contains(r.Text, "Watch 1") {
		t.Fatalf("telegram.admins user's /watch answered %q", r.Text)
	}
	if n := len(h.tg.Requests("getChatMember")); n != 0 {
		t.Fatalf("%d getChatMember calls for a configured administrator", n)
	}
	for _, cmd := range []string{"/addsource https://example.org/rss", "/delsource 1", "/refresh", "/stats"} {
		if r := h.ask(group, alice, cmd); !strings.Contains(r.Text, "administrators (telegram.admins") {
			t.Errorf("%s by a group admin who is not a bot admin answered %q", cmd, r.Text)
		}
	}
}

func TestAnonymousAdministratorsAndChannelPosts(t *testing.T) {
	h := newHarness(t, nil)
	channel := bottest.Chat{ID: -1000800, Type: "channel", Title: "Wire"}
	if r := h.ask(channel, bottest.User{}, "/watch NATO"); !strings.Contains(r.Text, "Watch 1") {
		t.Fatalf("channel post /watch answered %q", r.Text)
	}
	if r := h.ask(channel, bottest.User{}, "/list"); !strings.Contains(r.Text, "1. NATO") {
		t.Fatalf("channel /list answered %q", r.Text)
	}
	h.publish("ANSA", watch.Item{ID: "c1", Title: "NATO ministers meet", URL: "https://example.org/c1"})
	if r := h.ask(channel, bottest.User{}, "/digest"); !strings.Contains(r.Text, "NATO ministers meet") {
		t.Fatalf("channel digest = %q", r.Text)
	}
	if n := len(h.tg.Requests("getChatMember")); n != 0 {
		t.Fatalf("%d getChatMember calls for channel posts (only admins can post)", n)
	}
}

func TestChatsNotAllowedHearOneRefusal(t *testing.T) {
	h := newHarness(t, func(o *bot.Options) { o.Allowed = []int64{private.ID} })
	stranger := bottest.Chat{ID: 900, Type: "private"}
	eve := bottest.User{ID: 900, FirstName: "Eve"}
	r := h.ask(stranger, eve, "/start")
	if !strings.Contains(r.Text, "not allowed") || !strings.Contains(r.Text, "allowed_chats") {
		t.Fatalf("refusal = %q", r.Text)
	}
	h.tg.Say(stranger, eve, "/watch NATO")
	h.tg.Say(stranger, eve, "hello?")
	h.tg.Press(stranger, eve, r.ID, "rm:1")
	// The bot handles updates in order: once the allowed chat is answered, the stranger's
	// messages were handled too.
	if r := h.ask(private, alice, "/start"); !strings.Contains(r.Text, "Vedetta is watching") {
		t.Fatalf("allowed chat got %q", r.Text)
	}
	if n := len(h.tg.Messages(stranger.ID)); n != 1 {
		t.Fatalf("the chat that is not allowed got %d messages, want one refusal", n)
	}
	if _, err := h.db.Chat(stranger.ID); err == nil {
		t.Fatal("a chat that is not allowed was registered")
	}
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool { return len(s.Unanswered()) == 0 })
	// A configured administrator may use the bot from any chat.
	if p := h.askPhoto(bottest.Chat{ID: admin.ID, Type: "private"}, admin, "/stats"); !strings.Contains(p.Caption, "Chats:") {
		t.Fatalf("admin's /stats answered %q", p.Caption)
	}
}

func TestSourcesButtonsFollowAndUnfollowInPlace(t *testing.T) {
	src := &memSources{}
	src.list = []watch.Source{{Name: "BBC", Kind: watch.KindFeed}, {Name: "Reuters", Kind: watch.KindFeed}}
	h := newHarness(t, func(o *bot.Options) {
		o.Sources = src
		o.NewSource = func(_ context.Context, spec, name string) (watch.Source, error) {
			return watch.Source{Name: name, Kind: watch.KindFeed, Target: spec}, nil
		}
	})
	h.ask(private, alice, "/start")
	list := h.ask(private, alice, "/sources")
	var kb struct {
		InlineKeyboard [][]struct {
			Text string `json:"text"`
			Data string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal(list.ReplyMarkup, &kb); err != nil || len(kb.InlineKeyboard) != 2 {
		t.Fatalf("/sources buttons = %s (%v)", list.ReplyMarkup, err)
	}
	followReuters := kb.InlineKeyboard[1][0].Data
	if !strings.Contains(kb.InlineKeyboard[1][0].Text, "Reuters") {
		t.Fatalf("second button = %q", kb.InlineKeyboard[1][0].Text)
	}
	// A source added later renumbers the list; the old button still means Reuters.
	h.ask(private, admin, "/addsource https://example.org/ansa.xml ANSA")
	if a := h.press(private, alice, list.ID, followReuters); a.Text != "Following Reuters." {
		t.Fatalf("follow press answered %q", a.Text)
	}
	c, _ := h.db.Chat(private.ID)
	if len(c.Follow) != 1 || c.Follow[0] != "Reuters" {
		t.Fatalf("follows %v, want [Reuters]", c.Follow)
	}
	h.waitMessage(private.ID, list.ID, func(m bottest.Message) bool {
		return m.Edited && strings.Contains(m.Text, "✔ Reuters") && strings.Contains(string(m.ReplyMarkup), "Unfollow 3. Reuters")
	})
	unfollow := strings.Replace(followReuters, "fo:", "uf:", 1)
	if a := h.press(private, alice, list.ID, unfollow); a.Text != "Unfollowed Reuters." {
		t.Fatalf("unfollow press answered %q", a.Text)
	}
	if c, _ := h.db.Chat(private.ID); len(c.Follow) != 0 {
		t.Fatalf("follows %v after unfollow", c.Follow)
	}
	h.waitMessage(private.ID, list.ID, func(m bottest.Message) bool { return !strings.Contains(m.Text, "✔") })
	// A source removed since: a polite answer.
	h.ask(private, admin, "/delsource 3")
	if a := h.press(private, alice, list.ID, followReuters); !strings.Contains(a.Text, "gone") {
		t.Fatalf("press for a removed source answered %q", a.Text)
	}
	for _, forged := range []string{"fo:", "fo:s0000000z", "uf:../../etc", "mode:x", "rm:", ":", strings.Repeat("z", 64)} {
		if a := h.press(private, alice, list.ID, forged); a.Text == "" || strings.HasPrefix(a.Text, "Following") {
			t.Fatalf("forged %q answered %q", forged, a.Text)
		}
	}
	if u := h.tg.Unanswered(); len(u) > 0 {
		t.Fatalf("unanswered presses: %v", u)
	}
	checkButtons(t, h.tg, private.ID)
}

func TestButtonsInGroupsAreForAdministrators(t *testing.T) {
	h := newHarness(t, nil)
	group := bottest.Chat{ID: -720, Type: "supergroup", Title: "Desk", IsForum: true}
	h.tg.SetAdmins(group.ID, alice.ID)
	h.tg.SayInThread(group, alice, 5, "/watch "+strings.Repeat("ucraina OR ", 40)+"NATO")
	h.tg.WaitMessages(t, group.ID, 1, wait)
	h.tg.SayInThread(group, bob, 5, "/list")
	list := h.tg.WaitMessages(t, group.ID, 2, wait)[1]
	if list.ThreadID != 5 {
		t.Fatalf("/list went to thread %d, want 5", list.ThreadID)
	}
	if a := h.press(group, bob, list.ID, "rm:1"); !strings.Contains(a.Text, "administrators") {
		t.Fatalf("member's press answered %q", a.Text)
	}
	if c, _ := h.db.Chat(group.ID); len(c.Watches) != 1 {
		t.Fatal("a member's press removed the watch")
	}
	if a := h.press(group, alice, list.ID, "mode:1"); a.Text != "Switched." {
		t.Fatalf("admin's press answered %q", a.Text)
	}
	h.waitMessage(group.ID, list.ID, func(m bottest.Message) bool { return m.Edited && strings.Contains(m.Text, "— alert") })
	checkButtons(t, h.tg, group.ID)
}

func TestSearchIsADryRunNewestFirst(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/start")
	h.publish("ANSA", watch.Item{ID: "s1", Title: "NATO summit opens in Vilnius", URL: "https://example.org/s1"})
	h.publish("BBC", watch.Item{ID: "s2", Title: "Renato Zero sings in Rome", URL: "https://example.org/s2"})
	h.publish("BBC", watch.Item{ID: "s3", Title: "L'OTAN renforce son flanc est", URL: "https://example.org/s3"})
	r := h.ask(private, alice, "/search NATO")
	first, second := strings.Index(r.Text, "L'OTAN renforce"), strings.Index(r.Text, "NATO summit")
	if first < 0 || second < 0 || first > second {
		t.Fatalf("/search NATO, want the OTAN item then the summit:\n%s", r.Text)
	}
	if strings.Contains(r.Text, "Renato") {
		t.Fatalf("/search NATO lists Renato:\n%s", r.Text)
	}
	if !strings.Contains(r.Text, "2 matches") {
		t.Errorf("/search does not count the matches:\n%s", r.Text)
	}
	if r := h.ask(private, alice, "/search NATO AND ("); !strings.Contains(r.Text, "can't read that query") || !strings.Contains(r.Text, "/search ") {
		t.Fatalf("broken query answered %q", r.Text)
	}
	if r := h.ask(private, alice, "/search Kissinger"); r.Text == "" {
		t.Fatal("no answer for a search without results")
	}
	if c, _ := h.db.Chat(private.ID); len(c.Watches) != 0 {
		t.Fatalf("/search added watches: %+v", c.Watches)
	}
	// The same query then works as a watch.
	if r := h.ask(private, alice, "/watch NATO"); !strings.Contains(r.Text, "Watch 1") {
		t.Fatalf("/watch after /search answered %q", r.Text)
	}
}

func TestAdministratorCommands(t *testing.T) {
	src := &memSources{}
	src.list = []watch.Source{{Name: "BBC", Kind: watch.KindFeed}}
	var mu sync.Mutex
	var specs []string
	h := newHarness(t, func(o *bot.Options) {
		o.Sources = src
		o.Configured = func(name string) bool { return name == "BBC" }
		o.NewSource = func(_ context.Context, spec, name string) (watch.Source, error) {
			mu.Lock()
			specs = append(specs, spec)
			mu.Unlock()
			if strings.Contains(spec, "127.0.0.1") {
				return watch.Source{}, errors.New("127.0.0.1 is a private address")
			}
			if name == "" {
				name = "example.org"
			}
			return watch.Source{Name: name, Kind: watch.KindFeed, Target: spec}, nil
		}
	})
	chat := bottest.Chat{ID: admin.ID, Type: "private"}
	if r := h.ask(chat, admin, "/addsource http://127.0.0.1:8080/feed"); !strings.Contains(r.Text, "private address") || !strings.Contains(r.Text, "/addsource https://") {
		t.Fatalf("loopback /addsource answered %q", r.Text)
	}
	if r := h.ask(chat, admin, "/addsource https://example.org/rss.xml Example <Wire>"); !strings.Contains(r.Text, "Added Example <Wire>") {
		t.Fatalf("/addsource answered %q", r.Text)
	}
	if r := h.ask(chat, admin, "/addsource https://example.org/other.xml example <wire>"); !strings.Contains(r.Text, "already a source") {
		t.Fatalf("duplicate name answered %q", r.Text)
	}
	if r := h.ask(chat, admin, "/sources"); !strings.Contains(r.Text, "2. Example <Wire>") {
		t.Fatalf("/sources after adding:\n%s", r.Text)
	}
	if added, _ := h.db.AddedSources(); len(added) != 1 {
		t.Fatalf("added sources in the store: %+v", added)
	}
	if r := h.ask(chat, admin, "/delsource 1"); !strings.Contains(r.Text, "config.yaml") {
		t.Fatalf("/delsource of a configured source answered %q", r.Text)
	}
	if r := h.ask(chat, admin, "/delsource 2"); !strings.Contains(r.Text, "Removed Example <Wire>") {
		t.Fatalf("/delsource answered %q", r.Text)
	}
	if added, _ := h.db.AddedSources(); len(added) != 0 {
		t.Fatalf("the removed source is still in the store: %+v", added)
	}
	if r := h.ask(chat, admin, "/refresh"); !strings.Contains(r.Text, "Polling") {
		t.Fatalf("/refresh answered %q", r.Text)
	}
	if msgs := h.tg.WaitMessages(t, chat.ID, len(h.tg.Messages(chat.ID))+1, wait); !strings.Contains(msgs[len(msgs)-1].Text, "Done") {
		t.Fatalf("/refresh did not report: %q", msgs[len(msgs)-1].Text)
	}
	if n := src.polls.Load(); n != 1 {
		t.Fatalf("PollAll called %d times", n)
	}
	if p := h.askPhoto(chat, admin, "/stats"); !strings.Contains(p.Caption, "Chats: 1") || !strings.Contains(p.Caption, "Sources: 1") || !strings.Contains(p.Caption, "Outbox:") {
		t.Fatalf("/stats answered %q", p.Caption)
	}
	for _, cmd := range []string{"/addsource https://example.org/x.xml", "/delsource 1", "/refresh", "/stats"} {
		if r := h.ask(private, alice, cmd); !strings.Contains(r.Text, "administrators") {
			t.Errorf("%s by a user answered %q", cmd, r.Text)
		}
	}
	if n := src.polls.Load(); n != 1 {
		t.Fatalf("a user's /refresh polled")
	}
}

func TestButtonEditsWaitOutFloodControl(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/watch NATO")
	list := h.ask(private, alice, "/list")
	h.tg.FloodNext(private.ID, 1)
	h.tg.Say(private, alice, "/help") // refused with retry_after 1
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool {
		for _, r := range s.Requests("sendMessage") {
			if r.Status == 429 {
				return true
			}
		}
		return false
	})
	if a := h.press(private, alice, list.ID, "mode:1"); a.Text != "Switched." {
		t.Fatalf("press answered %q", a.Text)
	}
	h.waitMessage(private.ID, list.ID, func(m bottest.Message) bool { return m.Edited && strings.Contains(m.Text, "— alert") })
	var flooded, edited time.Time
	for _, r := range h.tg.Requests("") {
		switch {
		case r.Status == 429:
			flooded = r.At
		case r.Method == "editMessageText":
			edited = r.At
		}
	}
	if edited.Sub(flooded) < time.Second {
		t.Fatalf("the edit went out %v after a 429 with retry_after 1", edited.Sub(flooded))
	}
	if v := h.tg.ViolationsOf(bottest.ViolationRetryAfter); len(v) > 0 {
		t.Fatalf("requests inside the retry_after window: %v", v)
	}
}

// A flood of commands in a group gets one "slow down", not one reply per command; costly
// commands have a tighter limit with the time to wait.
func TestCommandFloodsAreAnsweredOnce(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	h := newHarness(t, func(o *bot.Options) {
		o.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		o.Commands = bot.CommandLimits{PerMinute: 5, CostlyPerMinute: 2}
	})
	group := bottest.Chat{ID: -500, Type: "supergroup", Title: "Flood"}
	h.tg.SetAdmins(group.ID, alice.ID)
	h.ask(group, alice, "/start")
	if r := h.ask(group, alice, "/search NATO"); strings.Contains(r.Text, "times a minute") {
		t.Fatalf("first /search refused: %q", r.Text)
	}
	h.ask(group, alice, "/search NATO")
	if r := h.ask(group, alice, "/search NATO"); !strings.Contains(r.Text, "/search can run 2 times a minute in a chat; try again in 60 s") {
		t.Fatalf("third /search answered %q", r.Text)
	}
	if r := h.ask(group, alice, "/list"); !strings.Contains(r.Text, "Digest:") {
		t.Fatalf("fifth command answered %q", r.Text)
	}
	if r := h.ask(group, alice, "/list"); !strings.Contains(r.Text, "Slow down") {
		t.Fatalf("sixth command answered %q, want one slow down", r.Text)
	}
	n := len(h.tg.Messages(group.ID))
	for range 10 {
		h.tg.Say(group, alice, "/list")
	}
	// Updates are dispatched in order, one loop for every chat: once another chat has its
	// answer and no chat's lane runs, the flood has been handled, and any reply to it is
	// sent or in the outbox.
	h.ask(private, alice, "/help")
	h.bot.WaitLanesForTest()
	out, err := h.db.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	replies := len(h.tg.Messages(group.ID)) - n
	for _, m := range out {
		if m.ChatID == group.ID {
			replies++
		}
	}
	if replies != 0 {
		t.Fatalf("the flood got %d replies, want none after the one slow down", replies)
	}
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	if r := h.ask(group, alice, "/list"); !strings.Contains(r.Text, "Digest:") {
		t.Fatalf("a minute later /list answered %q", r.Text)
	}
}

// /search reads at most a bounded number of items, newest first, so one chat's search never
// holds the update loop for every other chat, and says how far it looked.
func TestSearchReadsABoundedNumberOfItems(t *testing.T) {
	defer bot.SetSearchScanLimit(3)()
	h := newHarness(t, nil)
	h.ask(private, alice, "/start")
	h.publish("ANSA", watch.Item{ID: "old", Title: "NATO summit opens in Vilnius"})
	for i := range 5 {
		h.publish("ANSA", watch.Item{ID: fmt.Sprint("new", i), Title: fmt.Sprint("Weather report ", i)})
	}
	r := h.ask(private, alice, "/search NATO")
	if !strings.Contains(r.Text, "No item of the newest 3 items matches NATO") {
		t.Fatalf("/search over the scan limit answered %q", r.Text)
	}
}

// TestCatalogueNameShowsWhatItMatchesAndExcludes: /catalogue NAME answers with the forms a
// catalogue name matches, what confirms it and the namesakes it leaves out; a word that is
// no name still filters the list.
func TestCatalogueNameShowsWhatItMatchesAndExcludes(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/start")
	r := h.ask(private, alice, "/catalogue kallas")
	for _, want := range []string{"Kallas — Kaja Kallas", "Matches: Kallas, Каллас", "Not right after: Siim", "opera"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("/catalogue kallas lacks %q:\n%s", want, r.Text)
		}
	}
	r = h.ask(private, alice, "/catalogue Chancellor")
	if !strings.Contains(r.Text, "Merz — Friedrich Merz") || strings.Contains(r.Text, "Matches:") {
		t.Errorf("/catalogue Chancellor should list the entries that mention it:\n%s", r.Text)
	}
}

// TestRepliesNeverOverfillAChatsOutbox: while Telegram is slow, replies beyond the chat's
// outbox cap are dropped rather than queued without bound.
func TestRepliesNeverOverfillAChatsOutbox(t *testing.T) {
	t.Cleanup(bot.SetOutboxCap(2)) // after the harness's own cleanup has stopped the bot
	h := newHarness(t, nil)
	release := h.tg.Hold("sendMessage")
	defer release()
	desk := bottest.Chat{ID: -501, Type: "supergroup", Title: "Desk"}
	for range 6 {
		h.tg.Say(desk, alice, "/help")
	}
	// A press in another chat is answered without sendMessage: once it is, the flood
	// before it has been read, and once no lane runs, handled.
	h.press(private, alice, 1, "fo:")
	h.bot.WaitLanesForTest()
	out, err := h.db.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range out {
		if m.ChatID == desk.ID {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d replies wait for the chat, want the cap of 2", n)
	}
}
