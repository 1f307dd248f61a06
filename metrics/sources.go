package metrics

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/common/expfmt"

	"github.com/vedetta/vedetta/watch/poll"
)

// sourceSeries keeps the per-source series as plain numbers, one small record per source,
// and writes them as text at scrape time, after the registry's series (WriteText).
//
// They are not a prometheus.Collector: client_golang's Gather builds every series of a
// scrape as a protobuf message before encoding any, and the seven series of 10,000 sources
// made each scrape hold ~22 MB of heap at once — the largest part of the peak at that size
// (docs/PERFORMANCE.md, "Memory, second pass"). No library writes Prometheus' text format from
// a stream of records, so this one is written here: the format is a line per series
// (prometheus.io/docs/instrumenting/exposition_formats), parsed back by expfmt's own
// parser in the tests. The series and their values are those the CounterVecs gave: a
// source's polls_total by result once a poll had that result, its failures once polled,
// last_success once it succeeded, its item counters once a poll succeeded.
type sourceSeries struct {
	mu    sync.Mutex
	stats map[string]*sourceStats // source name → its series
}

type sourceStats struct {
	ok, failed            uint64  // polls by result
	items, fresh, matched uint64  // items returned, new, new and matched: successful polls
	failures              float64 // consecutive failures, as the last poll left them
	lastSuccess           float64 // Unix seconds; 0: never
}

// sourceFamily is one vedetta_source_* metric: its name, help, type, and the samples of
// one source (label values after source=, value; none when the source has no such series).
type sourceFamily struct {
	name, help, typ string
	samples         func(st *sourceStats, emit func(result string, v float64))
}

// sourceFamilies are the per-source metrics, in name order; names are part of the product's
// contract (docs/OPERATIONS.md).
var sourceFamilies = []sourceFamily{
	{"vedetta_source_consecutive_failures", "Failed polls of a source since its last success.", "gauge",
		func(st *sourceStats, emit func(string, float64)) { emit("", st.failures) }},
	{"vedetta_source_items_total", "Items a source returned, new or not.", "counter",
		func(st *sourceStats, emit func(string, float64)) {
			if st.ok > 0 {
				emit("", float64(st.items))
			}
		}},
	{"vedetta_source_last_success_timestamp_seconds", "When a source was last polled successfully (Unix time).", "gauge",
		func(st *sourceStats, emit func(string, float64)) {
			if st.lastSuccess != 0 {
				emit("", st.lastSuccess)
			}
		}},
	{"vedetta_source_matched_items_total", "New items of a source that matched at least one watch.", "counter",
		func(st *sourceStats, emit func(string, float64)) {
			if st.ok > 0 {
				emit("", float64(st.matched))
			}
		}},
	{"vedetta_source_new_items_total", "Items a source returned that were not seen before.", "counter",
		func(st *sourceStats, emit func(string, float64)) {
			if st.ok > 0 {
				emit("", float64(st.fresh))
			}
		}},
	{"vedetta_source_polls_total", "Polls of a source, by result (ok or error).", "counter",
		func(st *sourceStats, emit func(string, float64)) {
			if st.failed > 0 {
				emit("error", float64(st.failed))
			}
			if st.ok > 0 {
				emit("ok", float64(st.ok))
			}
		}},
}

func (c *sourceSeries) observe(o poll.Observation) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.stats[o.Source.Name]
	if st == nil {
		st = &sourceStats{}
		c.stats[o.Source.Name] = st
	}
	st.failures = float64(o.State.Failures)
	if !o.State.LastSuccess.IsZero() {
		st.lastSuccess = float64(o.State.LastSuccess.UnixNano()) / 1e9
	}
	if o.Err != nil {
		st.failed++
		return
	}
	st.ok++
	st.items += uint64(max(o.Items, 0))
	st.fresh += uint64(max(o.New, 0))
	st.matched += uint64(max(o.Matched, 0))
}

func (c *sourceSeries) forget(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.stats, name)
}

// namedStats is a copy of one source's record.
type namedStats struct {
	name string
	sourceStats
}

// snapshot copies the records under the lock, in name order, so that a scrape does not
// hold up the polls that report meanwhile.
func (c *sourceSeries) snapshot() []namedStats {
	c.mu.Lock()
	all := make([]namedStats, 0, len(c.stats))
	for name, st := range c.stats {
		all = append(all, namedStats{name, *st})
	}
	c.mu.Unlock()
	slices.SortFunc(all, func(a, b namedStats) int { return strings.Compare(a.name, b.name) })
	return all
}

var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

// writeText writes the per-source series in the text format, family by family.
func (c *sourceSeries) writeText(w *bufio.Writer) error {
	all := c.snapshot()
	var line []byte
	for _, f := range sourceFamilies {
		header := false
		for i := range all {
			st := &all[i]
			f.samples(&st.sourceStats, func(result string, v float64) {
				if !header {
					fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", f.name, helpEscaper.Replace(f.help), f.name, f.typ)
					header = true
				}
				line = append(line[:0], f.name...)
				line = append(line, '{')
				if result != "" { // label names in order, as client_golang writes them
					line = append(line, `result="`...)
					line = append(line, result...)
					line = append(line, `",`...)
				}
				line = append(line, `source="`...)
				line = append(line, labelEscaper.Replace(st.name)...)
				line = append(line, `"} `...)
				line = appendFloat(line, v)
				line = append(line, '\n')
				w.Write(line)
			})
		}
	}
	return w.Flush()
}

// appendFloat writes a value as expfmt does.
func appendFloat(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, 1):
		return append(b, "+Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// registryText is the registry's series in the text format (version 0.0.4). They are a few
// hundred lines; the per-source ones, thousands, are written straight to the client.
func (m *Metrics) registryText() ([]byte, error) {
	mfs, err := m.reg.Gather()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := expfmt.NewEncoder(&b, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

// Handler serves the /metrics page in the text format, gzipped when the client accepts it.
// The registry is read first, within timeout: its state gauges read the database, and a
// database that does not answer gets 503 rather than a scrape that hangs; one that fails
// gets 500 with the error, as promhttp answers.
func (m *Metrics) Handler(timeout time.Duration, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		type gathered struct {
			text []byte
			err  error
		}
		done := make(chan gathered, 1)
		go func() {
			text, err := m.registryText()
			done <- gathered{text, err}
		}()
		var g gathered
		select {
		case g = <-done:
		case <-ctx.Done():
			http.Error(w, "metrics: the database did not answer in time", http.StatusServiceUnavailable)
			return
		}
		if g.err != nil {
			log.Error("metrics", "error", g.err)
			http.Error(w, "An error has occurred while serving metrics:\n\n"+g.err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", string(expfmt.NewFormat(expfmt.TypeTextPlain)))
		var out io.Writer = w
		if acceptsGzip(r) {
			w.Header().Set("Content-Encoding", "gzip")
			gz := gzip.NewWriter(w)
			defer gz.Close()
			out = gz
		}
		bw := bufio.NewWriterSize(out, 32<<10)
		bw.Write(g.text)
		if err := m.sources.writeText(bw); err != nil {
			log.Debug("metrics: write", "error", err) // the scraper went away
		}
	})
}

// acceptsGzip reports whether the request's Accept-Encoding lists gzip.
func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		if enc, _, _ := strings.Cut(strings.TrimSpace(part), ";"); enc == "gzip" {
			return true
		}
	}
	return false
}
