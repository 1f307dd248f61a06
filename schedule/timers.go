package schedule

import (
	"container/heap"
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// Timers runs jobs on cron.Schedules with one timer and one heap ordered by next run, for
// the sources and the digests. It does what robfig/cron did — Schedule, Remove, Entry,
// Start, Stop; a job still running is skipped, a panicking one logged and run again next time — at a cost
// that does not grow with the number of entries: cron sorts all its entries each time one
// fires and each time one is added or removed, and its Entry copies them all, which at
// 100,000 chats is tens of milliseconds per digest and per /schedule
// (docs/PERFORMANCE.md, "Digest scheduling"). Schedules are still parsed by Digest and
// Source, with their daylight-saving rules: Timers only asks each one for its Next time.
type Timers struct {
	log     *slog.Logger
	now     func() time.Time
	workers int

	mu      sync.Mutex
	h       timerHeap
	byID    map[cron.EntryID]*timer
	nextID  cron.EntryID
	wake    chan struct{} // the earliest entry changed
	running bool
	stop    context.CancelFunc
	done    chan struct{} // closed when Stop's jobs have all ended
	jobs    sync.WaitGroup
	due     chan *timer
}

type timer struct {
	id    cron.EntryID
	sched cron.Schedule
	job   cron.Job
	next  time.Time
	prev  time.Time
	index int  // in the heap; -1 once removed
	busy  bool // running now: a firing meanwhile is skipped
}

// TimersWorkers is how many jobs run at once: due jobs wait for a worker rather than each
// starting a goroutine, so 100,000 digests due at 08:00 are a queue, not 100,000 goroutines.
const TimersWorkers = 4

// NewTimers returns a stopped Timers; now is the clock (nil: time.Now).
func NewTimers(log *slog.Logger, now func() time.Time) *Timers {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Timers{log: log, now: now, workers: TimersWorkers, byID: map[cron.EntryID]*timer{},
		wake: make(chan struct{}, 1)}
}

// Schedule adds a job; it first runs at s.Next(now). A schedule that never fires is kept,
// and never runs.
func (t *Timers) Schedule(s cron.Schedule, job cron.Job) cron.EntryID {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.nextID++
	e := &timer{id: t.nextID, sched: s, job: job, next: s.Next(t.now())}
	t.byID[e.id] = e
	if !e.next.IsZero() {
		heap.Push(&t.h, e)
		if e.index == 0 {
			t.poke()
		}
	} else {
		e.index = -1
	}
	return e.id
}

// Remove removes an entry; a run in progress finishes.
func (t *Timers) Remove(id cron.EntryID) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.byID[id]
	if !ok {
		return
	}
	delete(t.byID, id)
	if e.index >= 0 {
		heap.Remove(&t.h, e.index)
		e.index = -1
	}
}

// Entry returns the entry's next and previous run (zero values for an unknown id).
func (t *Timers) Entry(id cron.EntryID) cron.Entry {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.byID[id]
	if !ok {
		return cron.Entry{}
	}
	return cron.Entry{ID: e.id, Schedule: e.sched, Next: e.next, Prev: e.prev, Job: e.job}
}

// Len returns the number of entries.
func (t *Timers) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.byID)
}

// poke wakes the loop: the earliest entry changed. Called with mu held.
func (t *Timers) poke() {
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// Start starts the loop and the workers; a second Start does nothing.
func (t *Timers) Start() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.running {
		return
	}
	t.running = true
	ctx, stop := context.WithCancel(context.Background())
	t.stop, t.done, t.due = stop, make(chan struct{}), make(chan *timer)
	var loops sync.WaitGroup
	loops.Add(1 + t.workers)
	go func() { defer loops.Done(); t.loop(ctx) }()
	for range t.workers {
		go func() { defer loops.Done(); t.work(ctx) }()
	}
	done := t.done
	go func() {
		loops.Wait()
		t.jobs.Wait()
		close(done)
	}()
}

// Stop stops firing and returns a context that ends once the jobs running have finished,
// as cron.Cron.Stop does.
func (t *Timers) Stop() context.Context {
	t.mu.Lock()
	running, stop, done := t.running, t.stop, t.done
	t.running = false
	t.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	if !running {
		cancel()
		return ctx
	}
	stop()
	go func() {
		<-done
		cancel()
	}()
	return ctx
}

// loop waits for the earliest entry, hands every due one to the workers and schedules its
// next run.
func (t *Timers) loop(ctx context.Context) {
	tk := time.NewTimer(time.Hour)
	defer tk.Stop()
	for {
		t.mu.Lock()
		now := t.now()
		var due []*timer
		for len(t.h) > 0 && !t.h[0].next.After(now) {
			e := t.h[0]
			if !e.busy {
				e.busy = true
				due = append(due, e)
			} // else: still running, this run is skipped (cron.SkipIfStillRunning)
			e.prev, e.next = e.next, e.sched.Next(now)
			if e.next.IsZero() {
				heap.Pop(&t.h)
				e.index = -1
			} else {
				heap.Fix(&t.h, 0)
			}
		}
		wait := time.Hour
		if len(t.h) > 0 {
			wait = t.h[0].next.Sub(now)
		}
		t.mu.Unlock()
		for _, e := range due {
			t.jobs.Add(1)
			select {
			case t.due <- e:
			case <-ctx.Done():
				t.jobs.Done()
				t.mu.Lock()
				e.busy = false
				t.mu.Unlock()
			}
		}
		tk.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-t.wake:
		case <-tk.C:
		}
	}
}

func (t *Timers) work(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case e := <-t.due:
			t.run(e)
		}
	}
}

// run runs one job; a panic is logged and the job runs again at its next time.
func (t *Timers) run(e *timer) {
	defer func() {
		if r := recover(); r != nil {
			t.log.Error("scheduled job panicked", "error", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
		t.mu.Lock()
		e.busy = false
		t.mu.Unlock()
		t.jobs.Done()
	}()
	e.job.Run()
}

// timerHeap orders entries by next run (container/heap).
type timerHeap []*timer

func (h timerHeap) Len() int           { return len(h) }
func (h timerHeap) Less(i, j int) bool { return h[i].next.Before(h[j].next) }
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *timerHeap) Push(x any) {
	e := x.(*timer)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *timerHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}
