// Package poll runs the sources on their cron schedules: for each due source it reads the new
// items (feed, X or Telegram channel reader), drops the ones already seen, matches the rest
// against every chat's watches in one pass, and hands the lot to a Sink in one write. It
// keeps each source's health: exponential back-off on failure, the last error, and a word to
// the administrators when a source has been failing for long and when it recovers.
package poll

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/vedetta/vedetta/schedule"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/article"
)

// Reader reads one kind of source. It updates st (validators, cursors, NotBefore) and
// returns the items it found; the poller decides which are new.
type Reader interface {
	Poll(ctx context.Context, src watch.Source, st *watch.State) ([]watch.Item, error)
}

// Sink is where the poller hands what it finds (*route.Router, on top of the store).
type Sink interface {
	SourceState(name string) (watch.State, error)
	Unseen(items []watch.Item) ([]watch.Item, error)
	// Record saves the source's state and marks items seen and, when match is set, matches
	// them against the chats' watches and queues the matches, all in one transaction. It
	// returns how many items matched.
	Record(src watch.Source, st watch.State, items []watch.Item, match bool) (int, error)
}

// Articles reads the article pages of new items (*article.Enricher): it sets Item.Article
// where mode asks for it and says what it did.
type Articles interface {
	Enrich(ctx context.Context, mode article.Mode, items []watch.Item) article.Stats
}

// Options configure a Poller.
type Options struct {
	Readers         map[watch.Kind]Reader
	Sink            Sink
	DefaultSchedule string
	Timeout         time.Duration // per poll, on top of the fetcher's own timeout; 0 = 2 min
	// Health is told when a source has been failing for FailingAfter (failing=true), once,
	// and when it recovers after that (failing=false). May be nil.
	// Sends wait for the poll's context, so the reader must keep reading while polls run.
	Health       chan<- HealthChange
	FailingAfter time.Duration // 0 = 6h
	// Articles reads the new items' article pages before they are matched, under each
	// source's FullText policy; nil: items are matched on their feed text only.
	Articles Articles
	// FullText is the policy applied to a source (source.Mode); nil: article.ParseMode of
	// Source.FullText.
	FullText func(watch.Source) article.Mode
	// Classify sorts a reader's error into the kind /sources shows (source.Classify), with
	// the HTTP status of a watch.FailStatus; nil: every failure is watch.FailUnknown.
	Classify func(error) (watch.Failure, int)
	// Workers bounds the polls that run at once, scheduled ones and PollAll's apart;
	// 0 = DefaultWorkers.
	Workers int
	// Observe is told the outcome of every poll (metrics). May be nil.
	Observe func(o Observation)
	Log     *slog.Logger
	Now     func() time.Time
}

// HealthChange is a source that has been failing for long (Failing) or works again.
type HealthChange struct {
	Source  watch.Source
	State   watch.State
	Failing bool
}

func (p *Poller) health(ctx context.Context, c HealthChange) {
	if p.opts.Health == nil {
		return
	}
	select {
	case p.opts.Health <- c:
	case <-ctx.Done():
	}
}

// Observation is one poll's outcome.
type Observation struct {
	Source  watch.Source
	State   watch.State // after the poll
	Err     error
	Took    time.Duration
	Items   int // returned by the reader
	New     int // not seen before
	Matched int // new items that matched a watch
	// Articles is what reading the new items' article pages did (Options.Articles).
	Articles article.Stats
}

// Back-off after consecutive failures: 1 min doubling up to 6 h, with ±10% jitter.
const (
	backoffMin = time.Minute
	backoffMax = 6 * time.Hour
)

// DefaultWorkers is PollAll's concurrency when Options.Workers is 0: four times the
// fetcher's default concurrency (watch/fetch.DefaultConcurrency).
const DefaultWorkers = 32

// Poller schedules and polls the sources.
type Poller struct {
	opts    Options
	log     *slog.Logger
	timers  *schedule.Timers
	mu      sync.Mutex
	entries map[string]cron.EntryID
	sources map[string]watch.Source
	running sync.Map // source name -> *sync.Mutex: one poll of a source at a time
	due     *queue   // sources whose schedule fired, for the workers
	stop    context.CancelFunc
	workers sync.WaitGroup
	started bool // between Start and Stop (health checks)
}

// New returns a Poller; call Add for each source, then Start.
func New(opts Options) *Poller {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 2 * time.Minute
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.FailingAfter <= 0 {
		opts.FailingAfter = 6 * time.Hour
	}
	// One timer and a heap for every source's schedule: cron kept an entry, a goroutine
	// wrapper chain and a sort of all entries per firing, ~600 bytes and O(n log n) a
	// source (docs/PERFORMANCE.md, "10,000 sources").
	t := schedule.NewTimers(opts.Log.With("component", "schedule"), nil)
	return &Poller{opts: opts, log: opts.Log, timers: t, entries: map[string]cron.EntryID{}, sources: map[string]watch.Source{}, due: newQueue()}
}

// Add schedules a source (replacing one of the same name).
func (p *Poller) Add(src watch.Source) error {
	spec := src.Schedule
	if spec == "" {
		spec = p.opts.DefaultSchedule
	}
	sched, err := schedule.Source(spec)
	if err != nil {
		return fmt.Errorf("source %s: %w", src.Name, err)
	}
	if _, ok := p.opts.Readers[src.Kind]; !ok {
		return fmt.Errorf("source %s: no reader for %s sources (is its token configured?)", src.Name, src.Kind)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if id, ok := p.entries[src.Name]; ok {
		p.timers.Remove(id)
	}
	name := src.Name // not src: the job holds a name, the source is kept once, in p.sources
	p.entries[name] = p.timers.Schedule(sched, cron.FuncJob(func() { p.queueDue(name) }))
	p.sources[src.Name] = src
	return nil
}

// queueDue queues a source whose schedule fired, as it is defined now.
func (p *Poller) queueDue(name string) {
	p.mu.Lock()
	src, ok := p.sources[name]
	p.mu.Unlock()
	if ok {
		p.due.push(src)
	}
}

// Remove unschedules a source.
func (p *Poller) Remove(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if id, ok := p.entries[name]; ok {
		p.timers.Remove(id)
	}
	delete(p.entries, name)
	delete(p.sources, name)
}

// Sources returns the scheduled sources.
func (p *Poller) Sources() []watch.Source {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]watch.Source, 0, len(p.sources))
	for _, s := range p.sources {
		out = append(out, s)
	}
	return out
}

// Source returns the scheduled source of that name.
func (p *Poller) Source(name string) (watch.Source, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.sources[name]
	return s, ok
}

// Start starts the schedule; scheduled polls run under ctx, Options.Workers at a time.
func (p *Poller) Start(ctx context.Context) {
	// Stop ends the workers' wait for names, not the polls they run: those finish.
	quit, stop := context.WithCancel(context.WithoutCancel(ctx))
	p.mu.Lock()
	p.stop = stop
	p.started = true
	p.mu.Unlock()
	for range p.opts.Workers {
		p.workers.Add(1)
		go func() {
			defer p.workers.Done()
			for {
				name, ok := p.due.pop(ctx, quit)
				if !ok {
					return
				}
				p.runDue(ctx, name)
			}
		}()
	}
	p.timers.Start()
}

// runDue polls a source whose schedule fired. A panicking reader is logged and its source
// polled again next time, as a panicking job on the timers is.
func (p *Poller) runDue(ctx context.Context, name string) {
	defer func() {
		if r := recover(); r != nil {
			p.log.Error("poll panicked", "source", name, "error", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	p.Poll(ctx, name)
}

// Running reports whether the schedule runs: Start was called and Stop was not.
func (p *Poller) Running() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.started
}

// Stop stops scheduling and waits, up to ctx, for running polls to finish.
func (p *Poller) Stop(ctx context.Context) {
	p.mu.Lock()
	p.started = false
	stop := p.stop
	p.mu.Unlock()
	<-p.timers.Stop().Done() // the jobs only queue names: they end at once
	done := make(chan struct{})
	go func() {
		p.workers.Wait()
		close(done)
	}()
	if stop != nil {
		stop() // workers take no new name and return once their poll is done
	}
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// PollAll polls every source now, Options.Workers at a time, and waits. Sources in
// back-off are skipped unless force is set.
//
// It runs at start-up, when every source of a new database returns its whole backlog: with
// one goroutine per source, every parsed document waited for its write at once (the peak
// memory of docs/PERFORMANCE.md). A few workers keep the fetcher busy (they outnumber its
// slots) while the items in memory stay those of a few polls; sources are taken host by
// host in turn, so that workers seldom wait on the fetcher's per-host limit together.
func (p *Poller) PollAll(ctx context.Context, force bool) {
	next := make(chan string)
	var wg sync.WaitGroup
	for range p.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range next {
				p.poll(ctx, name, force)
			}
		}()
	}
	for _, name := range interleaveHosts(p.Sources()) {
		select {
		case next <- name:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(next)
	wg.Wait()
}

// interleaveHosts orders sources one per host in turn (a feed's host, else its kind:
// every X source reads one API), in name order within a host.
func interleaveHosts(srcs []watch.Source) []string {
	byHost := map[string][]string{}
	var hosts []string
	slices.SortFunc(srcs, func(a, b watch.Source) int { return strings.Compare(a.Name, b.Name) })
	for _, s := range srcs {
		h := string(s.Kind)
		if u, err := url.Parse(s.Target); err == nil && u.Host != "" {
			h = strings.ToLower(u.Host)
		}
		if byHost[h] == nil {
			hosts = append(hosts, h)
		}
		byHost[h] = append(byHost[h], s.Name)
	}
	out := make([]string, 0, len(srcs))
	for len(out) < len(srcs) {
		for _, h := range hosts {
			if names := byHost[h]; len(names) > 0 {
				out = append(out, names[0])
				byHost[h] = names[1:]
			}
		}
	}
	return out
}

// Poll polls the named source now unless it is backing off; it returns the number of new
// items. Polls of one source never overlap.
func (p *Poller) Poll(ctx context.Context, name string) (int, error) { return p.poll(ctx, name, false) }

// ErrBackingOff means the source is waiting for its next attempt.
var ErrBackingOff = errors.New("source is backing off")

func (p *Poller) poll(ctx context.Context, name string, force bool) (int, error) {
	src, ok := p.Source(name)
	if !ok {
		return 0, fmt.Errorf("poll %s: no such source", name)
	}
	mu, _ := p.running.LoadOrStore(name, &sync.Mutex{})
	if !mu.(*sync.Mutex).TryLock() {
		return 0, nil
	}
	defer mu.(*sync.Mutex).Unlock()

	log := p.log.With("source", name)
	st, err := p.opts.Sink.SourceState(name)
	if err != nil {
		log.Error("read source state", "error", err)
		return 0, err
	}
	now := p.opts.Now()
	if !force && (now.Before(st.NextAttempt) || now.Before(st.NotBefore)) {
		return 0, ErrBackingOff
	}
	ctx, cancel := context.WithTimeout(ctx, p.opts.Timeout)
	defer cancel()

	start := time.Now()
	// The reader works on a copy: what it learnt is kept only as this one rule says.
	read := st
	items, err := p.opts.Readers[src.Kind].Poll(ctx, src, &read)
	if err != nil {
		// A failed poll keeps the old validators and cursor, so that the next poll asks for
		// the whole document again instead of being answered 304 and counted healthy; what
		// it learnt about waiting (Retry-After, rate-limit reset) and spending (the X
		// budget) stays.
		read.ETag, read.LastModified, read.Cursor = st.ETag, st.LastModified, st.Cursor
	}
	st = read
	st.LastAttempt = now
	if err != nil {
		wasFailing := st.Alerted
		st.Failures++
		st.LastError = watch.RedactText(err.Error())     // for administrators and logs
		st.Failure, st.FailStatus = watch.FailUnknown, 0 // its kind, for /sources
		if p.opts.Classify != nil {
			st.Failure, st.FailStatus = p.opts.Classify(err)
		}
		delay := min(backoffMin<<min(st.Failures-1, 20), backoffMax)
		delay += time.Duration((rand.Float64()*0.2 - 0.1) * float64(delay))
		st.NextAttempt = now.Add(delay)
		failingFor := now.Sub(st.LastSuccess)
		if st.LastSuccess.IsZero() {
			failingFor = time.Duration(st.Failures) * backoffMin
		}
		if !wasFailing && failingFor >= p.opts.FailingAfter && p.opts.Health != nil {
			st.Alerted = true
			p.health(ctx, HealthChange{src, st, true})
		}
		log.Warn("poll failed", "error", st.LastError, "failures", st.Failures, "next_attempt", st.NextAttempt)
		if _, serr := p.opts.Sink.Record(src, st, nil, false); serr != nil {
			log.Error("save source state", "error", serr)
		}
		p.observe(Observation{Source: src, State: st, Err: err, Took: time.Since(start)})
		return 0, err
	}
	recovered := st.Alerted
	st.Failures, st.LastError, st.NextAttempt, st.Alerted = 0, "", time.Time{}, false
	st.Failure, st.FailStatus = "", 0
	st.LastSuccess = now

	fresh, err := p.opts.Sink.Unseen(items)
	if err != nil {
		log.Error("read seen set", "error", err)
		return 0, err
	}
	primed := st.Primed
	if !primed && len(items) > 0 {
		// The first poll of a new source records its backlog as seen, so that adding a source
		// does not flood the chats with old news.
		st.Primed, st.Backlog = true, len(fresh)
		log.Info("source primed", "backlog", len(fresh))
	}
	var arts article.Stats
	if primed && len(fresh) > 0 && p.opts.Articles != nil {
		// Only new items, and not the backlog a first poll records unseen: their articles
		// are read once, before matching. Failures leave an item its feed text.
		arts = p.opts.Articles.Enrich(ctx, p.fullText(src), fresh)
		st.ArticlesRead += arts.Fetched
		st.ArticlesFailed += arts.Failed
		st.ArticlesCapped += arts.Capped
		st.ArticlesDisallowed += arts.Disallowed
	}
	matched, err := p.opts.Sink.Record(src, st, fresh, primed)
	if err != nil {
		log.Error("record poll", "error", err)
		return 0, err
	}
	if recovered {
		p.health(ctx, HealthChange{src, st, false})
	}
	log.Debug("polled", "items", len(items), "new", len(fresh), "matched", matched, "articles_read", arts.Fetched, "duration", time.Since(start))
	p.observe(Observation{Source: src, State: st, Took: time.Since(start), Items: len(items), New: len(fresh), Matched: matched, Articles: arts})
	return len(fresh), nil
}

// fullText is the policy for src's articles.
func (p *Poller) fullText(src watch.Source) article.Mode {
	if p.opts.FullText != nil {
		return p.opts.FullText(src)
	}
	m, err := article.ParseMode(src.FullText)
	if err != nil {
		return article.Auto
	}
	return m
}

func (p *Poller) observe(o Observation) {
	if p.opts.Observe != nil {
		p.opts.Observe(o)
	}
}
