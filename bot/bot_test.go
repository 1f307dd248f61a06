package bot_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot"
	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/route"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/store/storetest"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/feed"
	"github.com/vedetta/vedetta/watch/fetch"
	"github.com/vedetta/vedetta/watch/match"
)

// Telegram's limits scaled 50 times faster on both sides, so that pacing is still checked
// by the fake but tests do not wait seconds.
var (
	fastTelegram = bottest.Limits{PerChat: 50, PerChatBurst: 3, PerGroupPerMinute: 1000, Global: 1500}
	fastBot      = bot.Limits{PerChat: 20 * time.Millisecond, PerGroup: 60 * time.Millisecond, Global: time.Millisecond, ReplyBurst: 2}
)

const wait = 10 * time.Second

type fakeSources struct {
	mu   sync.Mutex
	list []watch.Source
}

func (f *fakeSources) Sources() []watch.Source {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]watch.Source(nil), f.list...)
}
func (f *fakeSources) Add(s watch.Source) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = append(f.list, s)
	return nil
}
func (f *fakeSources) Remove(name string)                      {}
func (f *fakeSources) PollAll(ctx context.Context, force bool) {}

type harness struct {
	t      *testing.T
	tg     *bottest.Server
	db     *store.DB
	bot    *bot.Bot
	router *route.Router
	opts   bot.Options
	cancel context.CancelFunc
	done   chan error
}

func newHarness(t *testing.T, edit func(*bot.Options)) *harness {
	t.Helper()
	tg := bottest.New(t, bottest.Options{Limits: fastTelegram})
	db := storetest.Open(t, nil)
	opts := bot.Options{
		Token: tg.Token(), Endpoint: tg.Endpoint(), DB: db, Catalogue: match.Builtin(),
		Admins: []int64{1}, DigestSchedule: "off", Timezone: "Europe/Rome", Limits: fastBot,
		Sources: &fakeSources{list: []watch.Source{{Name: "ANSA", Kind: watch.KindFeed}, {Name: "BBC", Kind: watch.KindFeed}}},
	}
	if edit != nil {
		edit(&opts)
	}
	h := &harness{t: t, tg: tg, db: db, opts: opts}
	h.start()
	t.Cleanup(func() {
		h.stop()
		if v := tg.Violations(); len(v) > 0 {
			t.Errorf("the bot broke Telegram's rules: %v", v)
		}
	})
	return h
}

// start runs a new bot on the harness's database and fake.
func (h *harness) start() {
	h.t.Helper()
	opts := h.opts
	rt, err := route.New(route.Options{DB: h.db, Catalogue: opts.Catalogue})
	if err != nil {
		h.t.Fatal(err)
	}
	opts.Router = rt
	b, err := bot.New(opts)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go rt.Run(ctx)
	go func() { done <- b.Run(ctx) }()
	h.bot, h.router, h.cancel, h.done = b, rt, cancel, done
}

// stop stops the bot and waits until it has persisted the outcome of its sends in flight.
func (h *harness) stop() {
	h.t.Helper()
	if h.cancel == nil {
		return
	}
	h.cancel()
	if err := <-h.done; err != nil {
		h.t.Errorf("bot stopped with %v", err)
	}
	h.cancel = nil
}

// ask says text and returns the bot's next message in the chat.
func (h *harness) ask(chat bottest.Chat, from bottest.User, text string) bottest.Message {
	h.t.Helper()
	n := len(h.tg.Messages(chat.ID))
	h.tg.Say(chat, from, text)
	return h.tg.WaitMessages(h.t, chat.ID, n+1, wait)[n]
}

// publish hands items to the bot as the poller would, matched with the current watches.
func (h *harness) publish(source string, items ...watch.Item) {
	h.t.Helper()
	if err := h.router.Rebuild(); err != nil {
		h.t.Fatal(err)
	}
	for i := range items {
		items[i].Source = source
		if items[i].Published.IsZero() {
			items[i].Published = time.Now()
		}
	}
	if _, err := h.router.Record(watch.Source{Name: source}, watch.State{Primed: true}, items, true); err != nil {
		h.t.Fatal(err)
	}
}

var (
	private = bottest.Chat{ID: 100, Type: "private"}
	alice   = bottest.User{ID: 100, FirstName: "Alice"}
	admin   = bottest.User{ID: 1, FirstName: "Admin"}
)

func TestWatchThenDigestListsOnlyMatches(t *testing.T) {
	h := newHarness(t, nil)
	if r := h.ask(private, alice, "/start"); !strings.Contains(r.Text, "Vedetta is watching") {
		t.Fatalf("/start = %q", r.Text)
	}
	if r := h.ask(private, alice, "/watch NATO"); !strings.Contains(r.Text, "Watch 1") {
		t.Fatalf("/watch = %q", r.Text)
	}
	h.publish("ANSA",
		watch.Item{ID: "1", Title: "Vertice Nato a Bruxelles", URL: "https://example.org/1"},
		watch.Item{ID: "2", Title: "È nato un panda a Roma", URL: "https://example.org/2"},
		watch.Item{ID: "3", Title: "Renato Zero in tour", URL: "https://example.org/3"},
	)
	d := h.ask(private, alice, "/digest")
	if !strings.Contains(d.Text, "Vertice Nato a Bruxelles") || strings.Contains(d.Text, "panda") || strings.Contains(d.Text, "Renato") {
		t.Fatalf("digest:\n%s", d.Text)
	}
	if !d.DisablePreview {
		t.Error("digest has link previews on")
	}
	if r := h.ask(private, alice, "/digest"); !strings.Contains(r.Text, "Nothing new") {
		t.Fatalf("second /digest = %q", r.Text)
	}
	if len(h.tg.Commands()) == 0 {
		t.Error("setMyCommands was not called at start-up")
	}
}

func TestBadInputIsAlwaysAnsweredWithAReason(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/start")
	tests := []struct{ name, text, want string }{
		{"missing query", "/watch", "e.g."},
		{"broken query names the position", "/watch NATO AND (Ucraina", "expected"},
		{"5,000-character argument", "/watch " + strings.Repeat("x", 5000), "too long"},
		{"unknown command", "/frobnicate now", "Unknown command"},
		{"unknown time zone", "/timezone Mars/Olympus_Mons", "IANA"},
		{"unknown schedule", "/schedule every morning", "Examples"},
		{"watch number not in the list", "/unwatch 99", "/list"},
		{"source number not in the list", "/follow 42", "from 1 to 2"},
		{"quiet hours garbage", "/quiet later", "23:00-07:00"},
		{"HTML in the argument is escaped", "/unwatch <b>bold</b> & <i>", "<b>bold</b> & <i>"},
		{"admin command from a non-admin", "/addsource https://example.org/rss", "administrators"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.ask(private, alice, tt.text)
			if !strings.Contains(r.Text, tt.want) {
				t.Fatalf("%q answered %q, want it to contain %q", clip(tt.text), r.Text, tt.want)
			}
		})
	}
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func TestCommandsForAnotherBotAreIgnored(t *testing.T) {
	h := newHarness(t, nil)
	group := bottest.Chat{ID: -200, Type: "group", Title: "Desk"}
	h.tg.SetAdmins(group.ID, alice.ID)
	h.tg.Say(group, alice, "/watch@OtherBot NATO")
	r := h.ask(group, alice, "/watch@VedettaBot Zelensky")
	if !strings.Contains(r.Text, "Watch 1: ") {
		t.Fatalf("addressed /watch answered %q (was the other bot's command taken?)", r.Text)
	}
	c, err := h.db.Chat(group.ID)
	if err != nil || len(c.Watches) != 1 || c.Watches[0].Query != "Zelensky" {
		t.Fatalf("chat = %+v, %v", c, err)
	}
}

func TestOnlyGroupAdministratorsChangeSettings(t *testing.T) {
	h := newHarness(t, nil)
	group := bottest.Chat{ID: -300, Type: "supergroup", Title: "Newsroom"}
	bob := bottest.User{ID: 300, FirstName: "Bob"}
	h.tg.SetAdmins(group.ID, alice.ID)
	if r := h.ask(group, bob, "/watch NATO"); !strings.Contains(r.Text, "Only this group's administrators") {
		t.Fatalf("non-admin /watch answered %q", r.Text)
	}
	if r := h.ask(group, alice, "/watch NATO"); !strings.Contains(r.Text, "Watch 1") {
		t.Fatalf("admin /watch answered %q", r.Text)
	}
	if r := h.ask(group, bob, "/list"); !strings.Contains(r.Text, "1. NATO") {
		t.Fatalf("non-admin /list answered %q", r.Text)
	}
}

// /help says which commands anyone in a group may use; every other one is refused to a
// member who is not an administrator — /digest too, which would empty the group's queue.
func TestGroupMembersMayUseOnlyWhatHelpSays(t *testing.T) {
	h := newHarness(t, nil)
	group := bottest.Chat{ID: -301, Type: "supergroup", Title: "Desk"}
	bob := bottest.User{ID: 301, FirstName: "Bob"}
	h.tg.SetAdmins(group.ID, alice.ID)
	help := h.ask(group, bob, "/help").Text
	const open = "anyone can use /help, /list, /sources, /catalogue, /story, /search and /trend."
	if !strings.Contains(help, open) {
		t.Fatalf("/help does not say %q:\n%s", open, help)
	}
	for _, cmd := range []string{"/digest", "/start", "/pause"} {
		if r := h.ask(group, bob, cmd); !strings.Contains(r.Text, "Only this group's administrators can use "+cmd) {
			t.Errorf("a member's %s answered %q", cmd, r.Text)
		}
	}
	for _, cmd := range []string{"/sources", "/catalogue", "/search NATO"} {
		if r := h.ask(group, bob, cmd); strings.Contains(r.Text, "Only this group's administrators") {
			t.Errorf("a member's %s was refused: %q", cmd, r.Text)
		}
	}
	if r := h.ask(group, alice, "/digest"); strings.Contains(r.Text, "Only this group's administrators") {
		t.Errorf("an administrator's /digest was refused: %q", r.Text)
	}
}

func TestForumTopicReceivesItsDigests(t *testing.T) {
	h := newHarness(t, nil)
	forum := bottest.Chat{ID: -400, Type: "supergroup", Title: "Forum", IsForum: true}
	h.tg.SetAdmins(forum.ID, alice.ID)
	h.tg.SayInThread(forum, alice, 77, "/start")
	h.tg.WaitMessages(t, forum.ID, 1, wait)
	h.tg.SayInThread(forum, alice, 77, "/watch NATO")
	h.tg.WaitMessages(t, forum.ID, 2, wait)
	h.publish("BBC", watch.Item{ID: "9", Title: "NATO allies meet", URL: "https://example.org/9"})
	h.tg.SayInThread(forum, alice, 77, "/digest")
	msgs := h.tg.WaitMessages(t, forum.ID, 3, wait)
	for _, m := range msgs {
		if m.ThreadID != 77 {
			t.Fatalf("message %q went to thread %d, want 77", m.Text, m.ThreadID)
		}
	}
	if !strings.Contains(msgs[2].Text, "NATO allies meet") {
		t.Fatalf("digest = %q", msgs[2].Text)
	}
}

func TestListButtonsRemoveAndSwitchWatches(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/watch NATO")
	h.ask(private, alice, "/watch Zelensky")
	list := h.ask(private, alice, "/list")
	if !strings.Contains(string(list.ReplyMarkup), `"rm:1"`) {
		t.Fatalf("no remove button: %s", list.ReplyMarkup)
	}
	answered := func(n int) bottest.Answer {
		h.tg.WaitFor(t, wait, func(s *bottest.Server) bool { return len(s.Answers()) >= n })
		return h.tg.Answers()[n-1]
	}
	h.tg.Press(private, alice, list.ID, "mode:2")
	if a := answered(1); a.Text != "Switched." {
		t.Fatalf("answer = %q", a.Text)
	}
	h.tg.Press(private, alice, list.ID, "rm:1")
	answered(2)
	c, _ := h.db.Chat(private.ID)
	if len(c.Watches) != 1 || c.Watches[0].Query != "Zelensky" || !c.Watches[0].Alert {
		t.Fatalf("watches after presses = %+v", c.Watches)
	}
	h.waitMessage(private.ID, list.ID, func(m bottest.Message) bool {
		return m.Edited && !strings.Contains(m.Text, "1. NATO") && strings.Contains(m.Text, "2. Zelensky — alert")
	})
	h.tg.Press(private, alice, list.ID, "rm:1")
	if a := answered(3); !strings.Contains(a.Text, "gone") {
		t.Fatalf("stale press answered %q", a.Text)
	}
	h.tg.Press(private, alice, list.ID, "'; DROP TABLE")
	if a := answered(4); !strings.Contains(a.Text, "don't know") {
		t.Fatalf("forged press answered %q", a.Text)
	}
}

func TestAlertArrivesWithoutAskingAndOnlyOnce(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/alert Zelensky")
	h.publish("ANSA", watch.Item{ID: "z1", Title: "Зеленський зустрівся з прем'єр-міністром", URL: "https://example.org/z1"})
	msgs := h.tg.WaitMessages(t, private.ID, 2, wait)
	if !strings.Contains(msgs[1].Text, "Зеленський") || !strings.Contains(msgs[1].Text, "🔔") {
		t.Fatalf("alert = %q", msgs[1].Text)
	}
	if r := h.ask(private, alice, "/digest"); !strings.Contains(r.Text, "Nothing new") {
		t.Fatalf("the alert was also queued for the digest: %q", r.Text)
	}
}

func TestFloodControlIsHonouredExactly(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/start")
	h.tg.FloodNext(private.ID, 1)
	for i := range 3 {
		h.tg.Say(private, alice, fmt.Sprintf("/unwatch %d", 100+i))
	}
	msgs := h.tg.WaitMessages(t, private.ID, 4, wait)
	if got := len(msgs); got != 4 {
		t.Fatalf("%d messages, want 4", got)
	}
	if v := h.tg.Violations(); len(v) > 0 {
		t.Fatalf("violations: %v", v)
	}
	if gap := msgs[1].At.Sub(msgs[0].At); gap < time.Second {
		t.Fatalf("sent %v after a 429 with retry_after 1s", gap)
	}
}

func TestBlockedChatIsDeactivatedAndComesBackWithStart(t *testing.T) {
	h := newHarness(t, nil)
	h.ask(private, alice, "/watch NATO")
	h.tg.Block(private.ID)
	h.tg.Say(private, alice, "/list")
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool {
		for _, r := range s.Requests("sendMessage") {
			if r.ChatID == private.ID && r.Status == 403 {
				return true
			}
		}
		return false
	})
	h.stop() // Run returns once the 403's outcome is in the database.
	if c, err := h.db.Chat(private.ID); err != nil || !c.Inactive {
		t.Fatalf("chat after a 403 = %+v, %v; want inactive", c, err)
	}
	h.start()
	h.tg.Unblock(private.ID)
	// Updates are delivered at least once: a stop that cut the long poll before it reached
	// Telegram may bring /list again before /start, so look for /start's answer among them.
	n := len(h.tg.Messages(private.ID))
	h.tg.Say(private, alice, "/start")
	h.tg.WaitFor(t, wait, func(s *bottest.Server) bool {
		for _, m := range s.Messages(private.ID)[n:] {
			if strings.Contains(m.Text, "Welcome back") {
				return true
			}
		}
		return false
	})
	if c, _ := h.db.Chat(private.ID); c.Inactive || len(c.Watches) != 1 {
		t.Fatalf("chat after /start = %+v", c)
	}
}

func TestGroupMigratesToSupergroupWithItsWatches(t *testing.T) {
	h := newHarness(t, nil)
	group := bottest.Chat{ID: -500, Type: "group", Title: "Desk"}
	h.tg.SetAdmins(group.ID, alice.ID)
	h.ask(group, alice, "/watch NATO")
	h.publish("ANSA", watch.Item{ID: "n1", Title: "NATO summit", URL: "https://example.org/n1"})
	h.tg.Migrate(group.ID, -1000500)
	h.tg.Say(group, alice, "/digest")
	msgs := h.tg.WaitMessages(t, -1000500, 1, wait)
	if !strings.Contains(msgs[0].Text, "NATO summit") {
		t.Fatalf("digest in the supergroup = %q", msgs[0].Text)
	}
	c, err := h.db.Chat(-1000500)
	if err != nil || len(c.Watches) != 1 {
		t.Fatalf("migrated chat = %+v, %v", c, err)
	}
}

func TestOutboxSurvivesARestart(t *testing.T) {
	tg := bottest.New(t, bottest.Options{Limits: fastTelegram})
	db := storetest.Open(t, nil)
	// Messages written to the outbox by an earlier run that stopped before sending them.
	if _, err := db.Enqueue(store.Message{ChatID: 100, HTML: "first <b>unsent</b>"}, store.Message{ChatID: 100, HTML: "second"}); err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(bot.Options{Token: tg.Token(), Endpoint: tg.Endpoint(), DB: db, Catalogue: match.Builtin(), Limits: fastBot})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	msgs := tg.WaitMessages(t, 100, 2, wait)
	if msgs[0].Text != "first unsent" || msgs[1].Text != "second" {
		t.Fatalf("resent = %q, %q", msgs[0].Text, msgs[1].Text)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if out, _ := db.Outbox(); len(out) != 0 {
		t.Fatalf("outbox after the sends were confirmed: %+v", out)
	}
}

func TestSourcesSayANewSourcesBacklogWasNotSent(t *testing.T) {
	h := newHarness(t, nil)
	st := watch.State{Primed: true, Backlog: 12, Items: 12, LastSuccess: time.Now()}
	if err := h.db.SaveSourceState("ANSA", st); err != nil {
		t.Fatal(err)
	}
	r := h.ask(private, alice, "/sources")
	if !strings.Contains(r.Text, "the 12 already there when it was added were recorded as seen, not sent") {
		t.Fatalf("/sources = %q", r.Text)
	}
}

func TestAdministratorsHearOnceWhenASourceFailsAndWhenItRecovers(t *testing.T) {
	h := newHarness(t, nil)
	adminChat := bottest.Chat{ID: admin.ID, Type: "private"}
	h.ask(adminChat, admin, "/start")
	src := watch.Source{Name: "ANSA", Kind: watch.KindFeed}
	h.bot.SourceHealth(src, watch.State{Failures: 9, LastError: "get https://ansa.it/rss: 503 Service Unavailable", LastSuccess: time.Now().Add(-7 * time.Hour)}, true)
	msgs := h.tg.WaitMessages(t, adminChat.ID, 2, wait)
	if !strings.Contains(msgs[1].Text, `Source "ANSA" has been failing`) || !strings.Contains(msgs[1].Text, "503") {
		t.Fatalf("failing notice = %q", msgs[1].Text)
	}
	h.bot.SourceHealth(src, watch.State{}, false)
	if msgs := h.tg.WaitMessages(t, adminChat.ID, 3, wait); !strings.Contains(msgs[2].Text, `Source "ANSA" works again`) {
		t.Fatalf("recovery notice = %q", msgs[2].Text)
	}
	if n := len(h.tg.Messages(private.ID)); n != 0 {
		t.Fatalf("a non-admin chat got %d notices", n)
	}
}

func TestSourcesShowTheXBudgetOfThisMonth(t *testing.T) {
	h := newHarness(t, func(o *bot.Options) {
		o.XMonthlyBudget = 10000
		o.Sources = &fakeSources{list: []watch.Source{{Name: "NATO on X", Kind: watch.KindXUser, Target: "NATO"}, {Name: "Old X", Kind: watch.KindXSearch, Target: "NATO"}}}
	})
	now := time.Now().UTC()
	h.db.SaveSourceState("NATO on X", watch.State{BudgetMonth: now.Format("2006-01"), BudgetUsed: 42, LastSuccess: now, Primed: true})
	h.db.SaveSourceState("Old X", watch.State{BudgetMonth: "2001-01", BudgetUsed: 999, LastSuccess: now, Primed: true})
	r := h.ask(private, alice, "/sources")
	if !strings.Contains(r.Text, "X posts read this month: 42 of 10000") {
		t.Fatalf("/sources = %q", r.Text)
	}
	if strings.Contains(r.Text, "999") || !strings.Contains(r.Text, "X posts read this month: 0 of 10000") {
		t.Fatalf("last month's count shown as this month's: %q", r.Text)
	}
}

func TestSearchListsByTheItemsOwnTimeNewestFirst(t *testing.T) {
	h := newHarness(t, nil)
	now := time.Now()
	h.publish("ANSA",
		watch.Item{ID: "2", Title: "NATO two days ago", URL: "https://example.org/2", Published: now.Add(-48 * time.Hour)},
		watch.Item{ID: "1", Title: "NATO an hour ago", URL: "https://example.org/1", Published: now.Add(-time.Hour)})
	// Seen last, published first: a feed that lists an old story late.
	h.publish("BBC", watch.Item{ID: "3", Title: "NATO three days ago", URL: "https://example.org/3", Published: now.Add(-72 * time.Hour)})
	r := h.ask(private, alice, "/search NATO")
	i1, i2, i3 := strings.Index(r.Text, "an hour ago"), strings.Index(r.Text, "two days ago"), strings.Index(r.Text, "three days ago")
	if i1 < 0 || i2 < 0 || i3 < 0 || !(i1 < i2 && i2 < i3) {
		t.Fatalf("/search order is not newest first:\n%s", r.Text)
	}
}

// A slow getChatMember (a group member's admin status, not cached) holds up only that
// group: other chats are answered meanwhile, and the group's commands keep their order.
func TestASlowAdminCheckDoesNotHoldUpOtherChats(t *testing.T) {
	h := newHarness(t, nil)
	group := bottest.Chat{ID: -600, Type: "supergroup", Title: "Slow"}
	bob := bottest.User{ID: 600, FirstName: "Bob"}
	h.tg.SetAdmins(group.ID, alice.ID)
	release := h.tg.Hold("getChatMember")
	defer release()
	h.tg.Say(group, bob, "/watch NATO")
	h.tg.Say(group, bob, "/sources")
	if r := h.ask(private, alice, "/help"); !strings.Contains(r.Text, "/watch") {
		t.Fatalf("another chat's /help answered %q while the group's check hung", r.Text)
	}
	if n := len(h.tg.Messages(group.ID)); n != 0 {
		t.Fatalf("the group got %d answers before its admin check returned", n)
	}
	release()
	msgs := h.tg.WaitMessages(t, group.ID, 2, wait)
	if !strings.Contains(msgs[0].Text, "Only this group's administrators") || !strings.Contains(msgs[1].Text, "ANSA") {
		t.Fatalf("the group's answers, in order: %q, %q", msgs[0].Text, msgs[1].Text)
	}
}

// TestSourcesSayAFeedWasTruncatedOrCapped: what the feed reader found wrong with its last
// poll — a body cut short, items over the per-poll cap — is shown by /sources.
func TestSourcesSayAFeedWasTruncatedOrCapped(t *testing.T) {
	var items strings.Builder
	for i := range 5 {
		fmt.Fprintf(&items, "<item><title>NATO %d</title><link>https://example.org/%d</link></item>", i, i)
	}
	whole := `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>` + items.String() + `</channel></rss>`
	for _, tc := range []struct {
		name, body string
		maxItems   int
		want       string
	}{
		{"truncated", whole[:len(whole)-40], 0, "the feed was cut short: the items before the cut were read"},
		{"capped", whole, 2, "3 items over the per-poll cap were not recorded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, tc.body) }))
			defer srv.Close()
			r := &feed.Reader{Fetch: fetch.New(fetch.Options{AllowPrivateNetworks: true}), MaxItems: tc.maxItems}
			st := watch.State{Primed: true}
			if _, err := r.Poll(t.Context(), watch.Source{Name: "ANSA", Kind: watch.KindFeed, Target: srv.URL}, &st); err != nil {
				t.Fatal(err)
			}
			st.LastSuccess = time.Now()
			h := newHarness(t, nil)
			if err := h.db.SaveSourceState("ANSA", st); err != nil {
				t.Fatal(err)
			}
			if got := h.ask(private, alice, "/sources"); !strings.Contains(got.Text, tc.want) {
				t.Fatalf("/sources = %q, want %q", got.Text, tc.want)
			}
		})
	}
}
