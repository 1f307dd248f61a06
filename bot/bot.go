// Package bot is Vedetta's Telegram side: it reads chat commands (its own getUpdates loop, or
// the console), keeps each chat's watches and settings in the store, turns queued matches
// into HTML digests and alerts on each chat's schedule, and delivers them through a durable,
// paced outbox.
package bot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/robfig/cron/v3"

	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/route"
	"github.com/vedetta/vedetta/schedule"
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
	"github.com/vedetta/vedetta/watch/poll"
)

// Sources is what the bot needs of the poller (*poll.Poller).
type Sources interface {
	Sources() []watch.Source
	Add(src watch.Source) error
	Remove(name string)
	PollAll(ctx context.Context, force bool)
}

// Options configure a Bot.
type Options struct {
	Token    string // empty: console mode
	Endpoint string // tgbotapi endpoint format, "https://api.telegram.org/bot%s/%s"
	Admins   []int64
	Allowed  []int64 // chats allowed to use the bot; empty: all

	DB        *store.DB
	Catalogue *match.Catalogue
	// Router routes the poller's findings into the chats' queues; the bot tells it when a
	// chat's watches change and is woken by it when matches are queued. Nil: the bot makes
	// one over DB (tests, `vedetta once`).
	Router  *route.Router
	Sources Sources
	// Health brings the poller's word that a source fails for long or works again; the
	// administrators are told. May be nil.
	Health <-chan poll.HealthChange
	// Configured reports whether a source name comes from config.yaml (not deletable from chat).
	Configured func(name string) bool
	// NewSource validates and builds a source added with /addsource.
	NewSource func(ctx context.Context, spec, name string) (watch.Source, error)

	DigestSchedule string        // default for new chats
	Timezone       string        // default for new chats
	MaxItems       int           // per digest
	SearchWindow   time.Duration // how far back /search looks; 0: store.SearchWindow
	XMonthlyBudget int           // x.monthly_post_budget, shown in /sources
	// Language is ui.language: the language of groups and the console until /language, and
	// of private chats whose user's Telegram language Vedetta does not speak. "": English.
	Language string

	Limits Limits
	// AlertWindow is how long a chat's alerts wait after the router woke the bot for more
	// of the same poll cycle, so that they go out as one message: the window closes
	// AlertWindow after the chat's last wake-up, at most 10 AlertWindows after its first.
	// Zero: DefaultAlertWindow; negative: no window, each commit's alerts go out at once.
	AlertWindow time.Duration
	// PaidBroadcast sends with allow_paid_broadcast and, when Limits is zero, paces with
	// PaidBroadcastLimits (config telegram.allow_paid_broadcast; off by default).
	PaidBroadcast bool
	// Commands bounds the commands of one chat; zero fields take DefaultCommandLimits'.
	Commands CommandLimits
	// Observer is told about deliveries and matches (metrics). May be nil.
	Observer Observer
	Log      *slog.Logger
	Now      func() time.Time

	// Console mode: commands from In, messages to Out, Banner first.
	In     io.Reader
	Out    io.Writer
	Banner string
}

// Observer receives the bot's events for metrics.
type Observer interface {
	// Sent is told each send attempt's outcome: "ok", "retry_after" (429), "gone"
	// (403 or chat not found), "migrated", "refused" (other 4xx), "parse_fallback" or
	// "error" (5xx, network); kind is digest, alert, alert_edit, reply, notice or edit.
	Sent(kind, result string, took time.Duration)
}

// Bot is a running Vedetta bot.
type Bot struct {
	opts      Options
	db        *store.DB
	log       *slog.Logger
	now       func() time.Time
	router    *route.Router
	ownRouter bool // made by New: Run runs its rebuilds
	sender    *Sender
	tp        transport
	api       *tgbotapi.BotAPI // nil in console mode
	name      string           // the bot's username, for /cmd@name
	sched     *schedule.Timers // digests: one heap, however many chats (schedule.Timers)

	mu      sync.Mutex
	digests map[int64]cron.EntryID
	admins  adminCache
	limits  chatLimits
	lanes   lanes
	// alertChats are the chats that may have alerts queued (held in quiet hours, paused):
	// the minute's sweep reads only theirs.
	alertChats map[int64]bool
	// closeWindow asks runAlerts to send every alert in its window now (tests).
	closeWindow chan chan struct{}
	wg          sync.WaitGroup
	lastOK      time.Time // Telegram answered
}

// DefaultMaxItems is how many matches one digest lists when Options.MaxItems is 0
// (config.yaml's digest.max_items).
const DefaultMaxItems = 30

// ConsoleChatID is the chat id of console mode.
const ConsoleChatID = 1

// New prepares a bot; Run connects it.
func New(opts Options) (*Bot, error) {
	if opts.DB == nil || opts.Catalogue == nil {
		return nil, errors.New("bot: DB and Catalogue are required")
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxItems <= 0 {
		opts.MaxItems = DefaultMaxItems
	}
	if opts.SearchWindow <= 0 {
		opts.SearchWindow = store.SearchWindow
	}
	if opts.Limits == (Limits{}) {
		opts.Limits = TelegramLimits
		if opts.PaidBroadcast {
			opts.Limits = PaidBroadcastLimits
		}
	}
	if opts.AlertWindow == 0 {
		opts.AlertWindow = DefaultAlertWindow
	}
	if opts.Timezone == "" {
		opts.Timezone = "UTC"
	}
	if opts.Commands.PerMinute <= 0 {
		opts.Commands.PerMinute = DefaultCommandLimits.PerMinute
	}
	if opts.Commands.CostlyPerMinute <= 0 {
		opts.Commands.CostlyPerMinute = DefaultCommandLimits.CostlyPerMinute
	}
	own := opts.Router == nil
	if own {
		r, err := route.New(route.Options{DB: opts.DB, Catalogue: opts.Catalogue, Log: opts.Log.With("component", "route")})
		if err != nil {
			return nil, err
		}
		opts.Router = r
	}
	b := &Bot{opts: opts, db: opts.DB, log: opts.Log, now: opts.Now, router: opts.Router,
		ownRouter: own, digests: map[int64]cron.EntryID{}, limits: chatLimits{CommandLimits: opts.Commands},
		closeWindow: make(chan chan struct{})}
	b.sender = newSender(b.db, nil, b.opts.Limits, b.log.With("component", "sender"))
	b.sender.observer = b.opts.Observer
	b.sender.onGone = b.chatGone
	b.sender.onMigrate = b.migrate
	b.sched = schedule.NewTimers(opts.Log.With("component", "digest"), nil)
	return b, nil
}

// Run connects to Telegram (or the console), then serves commands, digests and alerts until
// ctx ends. On the way out it stops scheduling, lets the sends in flight finish and returns;
// the caller closes the store.
func (b *Bot) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var updates func(ctx context.Context) error
	if b.opts.Token == "" {
		c := newConsole(b, b.opts.In, b.opts.Out)
		b.tp = c
		updates = c.run
		b.name = "console"
	} else {
		api, err := connect(ctx, b.opts.Token, b.opts.Endpoint, b.log)
		if err != nil {
			return err
		}
		b.api = api
		b.name = api.Self.UserName
		b.tp = telegramTransport{api: api, endpoint: b.opts.Endpoint, paid: b.opts.PaidBroadcast}
		b.setLastOK()
		b.log.Info("connected to telegram", "bot", b.name)
		b.publishCommands()
		updates = b.pollUpdates
	}
	// The sender exists from New on, so that pollers may enqueue notices before Run; its
	// transport and pacing are known only now, before its loop starts.
	b.sender.tp = b.tp
	if b.opts.Token == "" {
		b.sender.limits = Limits{Off: true} // the console has no limits
	}

	start := time.Now()
	if err := b.scheduleAllDigests(); err != nil {
		return err
	}
	b.sched.Start()
	b.log.Info("digests scheduled", "chats", b.sched.Len(), "took", time.Since(start).Round(time.Millisecond))
	if b.ownRouter {
		b.wg.Add(1)
		go func() { defer b.wg.Done(); b.router.Run(ctx) }()
	}

	senderDone := make(chan error, 1)
	sendCtx, stopSending := context.WithCancel(context.WithoutCancel(ctx))
	go func() { senderDone <- b.sender.Run(sendCtx) }()
	b.wg.Add(1)
	go func() { defer b.wg.Done(); b.runAlerts(ctx) }()
	b.wg.Add(1)
	go func() { defer b.wg.Done(); b.runSurges(ctx) }()
	if b.opts.Health != nil {
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case c := <-b.opts.Health:
					b.SourceHealth(c.Source, c.State, c.Failing)
				}
			}
		}()
	}

	err := updates(ctx)
	b.lanes.wait() // updates handed to a chat's lane are handled, not dropped
	cancel()
	// Shut down in order: no new digests, then the sender finishes what is in flight.
	<-b.sched.Stop().Done()
	b.wg.Wait()
	stopSending()
	serr := <-senderDone
	if errors.Is(err, context.Canceled) || errors.Is(err, errConsoleEOF) {
		err = nil
	}
	return errors.Join(err, serr)
}

func (b *Bot) setLastOK() {
	b.mu.Lock()
	b.lastOK = b.now()
	b.mu.Unlock()
}

// LastContact is when Telegram last answered (zero in console mode before any).
func (b *Bot) LastContact() time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.lastOK
}

// Flush waits until the outbox is empty or ctx ends (console and tests).
func (b *Bot) Flush(ctx context.Context) error { return b.sender.WaitIdle(ctx) }

// chatGone deactivates a chat Telegram will not deliver to; its watches stay for /start.
func (b *Bot) chatGone(chatID int64, reason string) {
	_, err := b.db.UpdateChat(chatID, false, func(c *store.Chat) error {
		c.Inactive, c.Reason = true, reason
		return nil
	})
	if err != nil && !errors.Is(err, store.ErrNoChat) {
		b.log.Error("deactivate chat", "chat_id", chatID, "error", err)
	}
	b.unscheduleDigest(chatID)
}

// migrate moves a group that became a supergroup to its new id, with all it had.
func (b *Bot) migrate(from, to int64) error {
	if err := b.db.MigrateChat(from, to); err != nil {
		return err
	}
	b.unscheduleDigest(from)
	if c, err := b.db.Chat(to); err == nil {
		b.scheduleDigest(c)
	}
	b.router.Changed(from, to)
	return nil
}

// notifyAdmins sends a notice to every configured administrator who uses the bot, each in
// the language of their chat.
func (b *Bot) notifyAdmins(notice func(tr *lang.Localizer) string) {
	for _, id := range b.opts.Admins {
		c, err := b.db.Chat(id)
		if err != nil || !c.Receives() {
			continue
		}
		h := &htmlText{}
		h.text(notice(b.trFor(c)))
		if err := b.sender.Enqueue(store.Message{ChatID: id, HTML: h.String(), Kind: "notice"}); err != nil {
			b.log.Error("notify admin", "error", err)
		}
	}
}

// SourceHealth tells of a source's health change (Options.Health): administrators hear once when a source has
// been failing for long, and again when it recovers.
func (b *Bot) SourceHealth(src watch.Source, st watch.State, failing bool) {
	if failing {
		b.notifyAdmins(func(tr *lang.Localizer) string {
			since := tr.DateTime(st.LastSuccess) + " " + st.LastSuccess.Format("MST")
			if st.LastSuccess.IsZero() {
				since = tr.T("notice.never")
			}
			why := st.LastError // administrators read the failure's own text, after its kind
			if st.Failure != "" {
				why = failure(tr, st) + " (" + st.LastError + ")"
			}
			return tr.T("notice.source_failing", "Source", src.Name, "Since", since, "Error", why)
		})
	} else {
		b.notifyAdmins(func(tr *lang.Localizer) string { return tr.T("notice.source_works", "Source", src.Name) })
	}
}
