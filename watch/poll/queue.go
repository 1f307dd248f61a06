package poll

import (
	"context"
	"net/url"
	"strings"
	"sync"

	"github.com/vedetta/vedetta/watch"
)

// queue holds the sources whose schedule fired and that wait for a worker, one FIFO per
// host, served host by host in turn. Workers take from it, so that 10,000 sources due at
// the same minute are 10,000 names in a queue, not 10,000 goroutines each holding a
// request and a parsed document at once (docs/PERFORMANCE.md); taking hosts in turn keeps
// the workers from all waiting on the fetcher's per-host limit behind one busy host.
type queue struct {
	mu     sync.Mutex
	byHost map[string][]string
	hosts  []string // hosts with names queued, in turn order
	queued map[string]bool
	ready  chan struct{} // signalled when a name is queued
}

func newQueue() *queue {
	return &queue{byHost: map[string][]string{}, queued: map[string]bool{}, ready: make(chan struct{}, 1)}
}

// hostOf is the host a source's reader fetches from: a feed URL's host, else the kind
// (every X source reads one API, every Telegram channel one site).
func hostOf(s watch.Source) string {
	if u, err := url.Parse(s.Target); err == nil && u.Host != "" {
		return strings.ToLower(u.Host)
	}
	return string(s.Kind)
}

// push queues a source unless it is queued already (its schedule fired again while it
// waited: one poll serves both).
func (q *queue) push(s watch.Source) {
	q.mu.Lock()
	if !q.queued[s.Name] {
		q.queued[s.Name] = true
		h := hostOf(s)
		if len(q.byHost[h]) == 0 {
			q.hosts = append(q.hosts, h)
		}
		q.byHost[h] = append(q.byHost[h], s.Name)
	}
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// pop takes the next host's oldest name, waiting until there is one or ctx or quit ends.
func (q *queue) pop(ctx, quit context.Context) (string, bool) {
	for {
		q.mu.Lock()
		if len(q.hosts) > 0 {
			h := q.hosts[0]
			names := q.byHost[h]
			name := names[0]
			q.hosts = q.hosts[1:]
			if len(names) > 1 {
				q.byHost[h] = names[1:]
				q.hosts = append(q.hosts, h) // its next name waits for the other hosts' turn
			} else {
				delete(q.byHost, h)
			}
			delete(q.queued, name)
			more := len(q.hosts) > 0
			q.mu.Unlock()
			if more { // wake another worker
				select {
				case q.ready <- struct{}{}:
				default:
				}
			}
			return name, true
		}
		q.mu.Unlock()
		select {
		case <-q.ready:
		case <-ctx.Done():
			return "", false
		case <-quit.Done():
			return "", false
		}
	}
}
