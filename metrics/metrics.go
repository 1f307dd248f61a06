// Package metrics is Vedetta's Prometheus metrics: it receives the poller's observations,
// the router's matches and the bot's sends, and reads the queue, outbox and database sizes
// at scrape time. admin serves its Handler on /metrics.
package metrics

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch/poll"
)

// Metric label bounds: a label value per source name is fine (an operator configures tens or
// hundreds), but watch queries come from chats, so only the first MaxWatchLabels distinct
// queries get their own series; later ones are counted under "other".
const (
	MaxWatchLabels   = 100
	maxWatchLabelLen = 64
	OtherWatchLabel  = "other"
)

// Histogram buckets in seconds: a poll is one HTTP fetch plus parsing (up to the 2 min poll
// timeout); a send is one Bot API call.
var (
	pollBuckets = []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}
	sendBuckets = []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}
)

// Metrics holds Vedetta's Prometheus metrics in a registry of its own (no global state). It
// receives the poller's observations (Observe) and the bot's events (bot.Observer); the
// queue, outbox and database figures are read at scrape time by stateCollector.
type Metrics struct {
	reg *prometheus.Registry

	sources      *sourceSeries // the vedetta_source_* series, one set per source (sources.go)
	pollDuration *prometheus.HistogramVec
	matches      *prometheus.CounterVec // watch, delivery
	sends        *prometheus.CounterVec // kind, result
	sendDuration *prometheus.HistogramVec
	rateLimited  prometheus.Counter
	articles     *prometheus.CounterVec // result

	watchQuery func(chatID int64, watchID int) (string, bool)
	mu         sync.Mutex
	watchCache map[[2]int64]string // (chat, watch) -> label
	watchSeen  map[string]bool     // labels handed out
}

// StateSource is what the scrape-time collector reads (*store.DB).
type StateSource interface {
	PendingCount() (int, time.Time, error)
	Outbox() ([]store.Message, error)
	Size() int64
}

// New registers every Vedetta metric, plus Go runtime and process metrics, in a new
// registry; version is the build's. db is read at each scrape and names a chat's watch for
// the per-watch match counter. AddLiveness adds the scheduler and Telegram gauges once those
// exist.
func New(db *store.DB, version string) *Metrics {
	return NewFor(db, dbWatchQuery(db), version)
}

// NewFor is New over any StateSource, with the watch-query lookup passed in.
func NewFor(state StateSource, watchQuery func(chatID int64, watchID int) (string, bool), version string) *Metrics {
	m := &Metrics{
		reg:     prometheus.NewRegistry(),
		sources: &sourceSeries{stats: map[string]*sourceStats{}},
		pollDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "vedetta_poll_duration_seconds",
			Help: "Time to poll one source: fetch, parse, dedup, match and record.", Buckets: pollBuckets}, []string{"kind"}),
		matches: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vedetta_watch_matches_total",
			Help: "Matches queued for a watch, by the watch's query (the first 100 distinct; later ones as \"other\") and delivery (alert or digest)."},
			[]string{"watch", "delivery"}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vedetta_telegram_sends_total",
			Help: "Bot API send attempts, by message kind and result (ok, retry_after, gone, migrated, refused, parse_fallback, error)."},
			[]string{"kind", "result"}),
		sendDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "vedetta_telegram_send_duration_seconds",
			Help: "Time of one Bot API send attempt.", Buckets: sendBuckets}, []string{"kind"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{Name: "vedetta_telegram_rate_limited_total",
			Help: "Send attempts Telegram refused with 429 Too Many Requests."}),
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vedetta_articles_total",
			Help: "Article pages of new items (a source's full_text), by result: read (matched on), failed (timeout, error, no text), capped (over the per-poll cap), disallowed (robots.txt), repeated (already read once). All but read are matched on their feed text."},
			[]string{"result"}),
		watchQuery: watchQuery,
		watchCache: map[[2]int64]string{},
		watchSeen:  map[string]bool{},
	}
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "vedetta_build_info",
		Help: "Always 1; the version label is the running build."}, []string{"version"})
	build.WithLabelValues(version).Set(1)
	m.reg.MustRegister(m.pollDuration, m.matches, m.sends, m.sendDuration, m.rateLimited, m.articles, build,
		&stateCollector{state: state, now: time.Now},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Observe is poll.Options.Observe.
func (m *Metrics) Observe(o poll.Observation) {
	m.sources.observe(o)
	m.pollDuration.WithLabelValues(string(o.Source.Kind)).Observe(o.Took.Seconds())
	if o.Err == nil {
		a := o.Articles
		for _, r := range []struct {
			result string
			n      int
		}{{"read", a.Fetched}, {"failed", a.Failed}, {"capped", a.Capped}, {"disallowed", a.Disallowed}, {"repeated", a.Repeated}} {
			if r.n > 0 {
				m.articles.WithLabelValues(r.result).Add(float64(r.n))
			}
		}
	}
}

// ForgetSource drops a removed source's series, so that /metrics does not report a source
// that no longer exists.
func (m *Metrics) ForgetSource(name string) {
	m.sources.forget(name)
}

// Registry is the registry of every series but the per-source ones, which Handler and
// WriteText write after it.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Sent is bot.Observer.
func (m *Metrics) Sent(kind, result string, took time.Duration) {
	if kind == "" {
		kind = "other"
	}
	m.sends.WithLabelValues(kind, result).Inc()
	m.sendDuration.WithLabelValues(kind).Observe(took.Seconds())
	if result == "retry_after" {
		m.rateLimited.Inc()
	}
}

// Matched is route.Options.Observe.
func (m *Metrics) Matched(chatID int64, watchID int, alert bool) {
	delivery := "digest"
	if alert {
		delivery = "alert"
	}
	m.matches.WithLabelValues(m.watchLabel(chatID, watchID), delivery).Inc()
}

// watchLabel is the watch's query text, cut to maxWatchLabelLen runes, while fewer than
// MaxWatchLabels distinct labels exist; "other" after that or when the watch is unknown.
func (m *Metrics) watchLabel(chatID int64, watchID int) string {
	key := [2]int64{chatID, int64(watchID)}
	m.mu.Lock()
	label, ok := m.watchCache[key]
	m.mu.Unlock()
	if ok {
		return label
	}
	label = OtherWatchLabel
	if m.watchQuery != nil {
		if q, ok := m.watchQuery(chatID, watchID); ok && q != "" {
			if r := []rune(q); len(r) > maxWatchLabelLen {
				q = string(r[:maxWatchLabelLen])
			}
			label = q
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.watchSeen[label] {
		if len(m.watchSeen) >= MaxWatchLabels {
			label = OtherWatchLabel
		} else {
			m.watchSeen[label] = true
		}
	}
	if len(m.watchCache) >= 10*MaxWatchLabels*MaxWatchLabels {
		clear(m.watchCache) // bounded memory; entries are cheap to look up again
	}
	m.watchCache[key] = label
	return label
}

// dbWatchQuery looks a chat's watch up in the store.
func dbWatchQuery(db *store.DB) func(chatID int64, watchID int) (string, bool) {
	return func(chatID int64, watchID int) (string, bool) {
		c, err := db.Chat(chatID)
		if err != nil {
			return "", false
		}
		for _, w := range c.Watches {
			if w.ID == watchID {
				return w.Query, true
			}
		}
		return "", false
	}
}

// Liveness is what /healthz checks, read at scrape time; nil funcs are left out.
type Liveness struct {
	Scheduler   func() bool      // the poll scheduler runs
	LastContact func() time.Time // the Bot API last answered
	Healthy     func() bool      // /healthz answers 200
}

// AddLiveness registers the scheduler, Telegram and health gauges.
func (m *Metrics) AddLiveness(l Liveness) {
	m.reg.MustRegister(livenessCollector{l})
}

// stateCollector reads the queue, the outbox and the database at scrape time, so that the
// figures are those of the file, not of counters that a restart resets.
type stateCollector struct {
	state StateSource
	now   func() time.Time
}

var (
	descPending       = prometheus.NewDesc("vedetta_pending_matches", "Matches queued for digests and alerts, all chats.", nil, nil)
	descPendingAge    = prometheus.NewDesc("vedetta_pending_oldest_age_seconds", "Age of the oldest queued match (0 when none).", nil, nil)
	descOutbox        = prometheus.NewDesc("vedetta_outbox_messages", "Messages written to the outbox and not yet confirmed by Telegram.", nil, nil)
	descOutboxAge     = prometheus.NewDesc("vedetta_outbox_oldest_age_seconds", "Age of the oldest outbox message (0 when none).", nil, nil)
	descDBSize        = prometheus.NewDesc("vedetta_database_size_bytes", "Size of the bbolt database file.", nil, nil)
	descScheduler     = prometheus.NewDesc("vedetta_scheduler_running", "1 while the poll scheduler runs.", nil, nil)
	descTelegramSeen  = prometheus.NewDesc("vedetta_telegram_last_contact_timestamp_seconds", "When the Bot API last answered (Unix time; absent in console mode before any answer).", nil, nil)
	descHealthy       = prometheus.NewDesc("vedetta_healthy", "1 when /healthz answers 200.", nil, nil)
	stateDescriptions = []*prometheus.Desc{descPending, descPendingAge, descOutbox, descOutboxAge, descDBSize}
)

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range stateDescriptions {
		ch <- d
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	now := c.now()
	age := func(t time.Time) float64 {
		if t.IsZero() {
			return 0
		}
		return max(0, now.Sub(t).Seconds())
	}
	if n, oldest, err := c.state.PendingCount(); err != nil {
		ch <- prometheus.NewInvalidMetric(descPending, err)
	} else {
		ch <- prometheus.MustNewConstMetric(descPending, prometheus.GaugeValue, float64(n))
		ch <- prometheus.MustNewConstMetric(descPendingAge, prometheus.GaugeValue, age(oldest))
	}
	if msgs, err := c.state.Outbox(); err != nil {
		ch <- prometheus.NewInvalidMetric(descOutbox, err)
	} else {
		var oldest time.Time
		for _, m := range msgs {
			if oldest.IsZero() || m.Created.Before(oldest) {
				oldest = m.Created
			}
		}
		ch <- prometheus.MustNewConstMetric(descOutbox, prometheus.GaugeValue, float64(len(msgs)))
		ch <- prometheus.MustNewConstMetric(descOutboxAge, prometheus.GaugeValue, age(oldest))
	}
	ch <- prometheus.MustNewConstMetric(descDBSize, prometheus.GaugeValue, float64(c.state.Size()))
}

// livenessCollector exports what /healthz checks.
type livenessCollector struct{ l Liveness }

func (c livenessCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descScheduler
	ch <- descTelegramSeen
	ch <- descHealthy
}

func (c livenessCollector) Collect(ch chan<- prometheus.Metric) {
	b2f := func(b bool) float64 {
		if b {
			return 1
		}
		return 0
	}
	if c.l.Scheduler != nil {
		ch <- prometheus.MustNewConstMetric(descScheduler, prometheus.GaugeValue, b2f(c.l.Scheduler()))
	}
	if c.l.LastContact != nil {
		if t := c.l.LastContact(); !t.IsZero() {
			ch <- prometheus.MustNewConstMetric(descTelegramSeen, prometheus.GaugeValue, float64(t.UnixNano())/1e9)
		}
	}
	if c.l.Healthy != nil {
		ch <- prometheus.MustNewConstMetric(descHealthy, prometheus.GaugeValue, b2f(c.l.Healthy()))
	}
}
