package poll_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
	"github.com/vedetta/vedetta/watch/poll"
)

// memSink is an in-memory poll.Sink.
type memSink struct {
	mu     sync.Mutex
	states map[string]watch.State
	seen   map[string]bool
	ix     *match.Index // matches "NATO", as the router would
	found  []watch.Item // the items matched, in order
}

func newSink() *memSink {
	ix, err := match.Compile([]match.Watch{{Query: "NATO"}}, match.Builtin())
	if err != nil {
		panic(err)
	}
	return &memSink{states: map[string]watch.State{}, seen: map[string]bool{}, ix: ix}
}

func (s *memSink) SourceState(name string) (watch.State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.states[name], nil
}

func (s *memSink) Unseen(items []watch.Item) ([]watch.Item, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []watch.Item
	for _, it := range items {
		if !s.seen[it.Key()] {
			out = append(out, it)
		}
	}
	return out, nil
}

func (s *memSink) Record(src watch.Source, st watch.State, items []watch.Item, match bool) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.states[src.Name] = st
	n := 0
	for _, it := range items {
		s.seen[it.Key()] = true
		if match && len(s.ix.Match(it.Title, it.Body())) > 0 {
			s.found = append(s.found, it)
			n++
		}
	}
	return n, nil
}

func (s *memSink) state(name string) watch.State {
	st, _ := s.SourceState(name)
	return st
}

// scripted is a Reader whose answers a test sets.
type scripted struct {
	mu    sync.Mutex
	items []watch.Item
	err   error
	calls chan struct{}
	block bool
	panic bool
}

func (r *scripted) Poll(ctx context.Context, src watch.Source, st *watch.State) ([]watch.Item, error) {
	r.mu.Lock()
	items, err, block, pnc := r.items, r.err, r.block, r.panic
	r.panic = false
	r.mu.Unlock()
	if r.calls != nil {
		select {
		case r.calls <- struct{}{}:
		default:
		}
	}
	if pnc {
		panic("reader exploded")
	}
	if block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	for i := range items {
		items[i].Source = src.Name
	}
	return items, err
}

func (r *scripted) set(items []watch.Item, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items, r.err = items, err
}

func item(id, title string) watch.Item { return watch.Item{ID: id, Title: title} }

func TestFirstPollRecordsTheBacklogWithoutMatching(t *testing.T) {
	sink, r := newSink(), &scripted{}
	p := poll.New(poll.Options{Readers: map[watch.Kind]poll.Reader{watch.KindFeed: r}, Sink: sink, DefaultSchedule: "@hourly"})
	p.Add(watch.Source{Name: "wire", Kind: watch.KindFeed, Target: "http://x"})

	r.set([]watch.Item{item("1", "NATO old news")}, nil)
	if _, err := p.Poll(context.Background(), "wire"); err != nil {
		t.Fatal(err)
	}
	if st := sink.state("wire"); len(sink.found) != 0 || !st.Primed || st.Backlog != 1 {
		t.Fatalf("first poll: found=%v state=%+v", sink.found, sink.state("wire"))
	}

	r.set([]watch.Item{item("1", "NATO old news"), item("2", "NATO new news"), item("3", "Renato sings")}, nil)
	n, err := p.Poll(context.Background(), "wire")
	if err != nil || n != 2 {
		t.Fatalf("second poll: new=%d err=%v, want 2 new", n, err)
	}
	if len(sink.found) != 1 || sink.found[0].ID != "2" {
		t.Fatalf("found = %+v, want only item 2", sink.found)
	}
	if _, err := p.Poll(context.Background(), "wire"); err != nil || len(sink.found) != 1 {
		t.Fatalf("a third poll matched again: %+v", sink.found)
	}
}

func TestFailuresBackOffExponentiallyAndRecover(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	var told []bool
	health := make(chan poll.HealthChange, 10) // more than the test's changes: Poll never waits
	drain := func() {
		for {
			select {
			case c := <-health:
				told = append(told, c.Failing)
			default:
				return
			}
		}
	}
	sink, r := newSink(), &scripted{}
	p := poll.New(poll.Options{Readers: map[watch.Kind]poll.Reader{watch.KindFeed: r}, Sink: sink,
		DefaultSchedule: "@hourly", Now: clock, FailingAfter: 3 * time.Minute, Health: health,
		Classify: func(error) (watch.Failure, int) { return watch.FailStatus, 503 }})
	p.Add(watch.Source{Name: "wire", Kind: watch.KindFeed})

	r.set(nil, errors.New("503 Service Unavailable"))
	var delays []time.Duration
	for i := 0; i < 4; i++ {
		if _, err := p.Poll(context.Background(), "wire"); err == nil {
			t.Fatal("want the reader's error")
		}
		st := sink.state("wire")
		delays = append(delays, st.NextAttempt.Sub(clock()))
		if _, err := p.Poll(context.Background(), "wire"); !errors.Is(err, poll.ErrBackingOff) {
			t.Fatalf("poll during back-off: %v", err)
		}
		advance(st.NextAttempt.Sub(clock()))
	}
	for i := 1; i < len(delays); i++ {
		if ratio := float64(delays[i]) / float64(delays[i-1]); ratio < 1.6 || ratio > 2.5 {
			t.Fatalf("delays %v do not double", delays)
		}
	}
	if st := sink.state("wire"); st.Failures != 4 || st.LastError == "" || st.Failure != watch.FailStatus || st.FailStatus != 503 {
		t.Fatalf("state = %+v, want the failure and its kind kept", st)
	}
	drain()
	if len(told) != 1 || !told[0] {
		t.Fatalf("admins told %v, want once failing", told)
	}

	r.set([]watch.Item{item("1", "x")}, nil)
	if _, err := p.Poll(context.Background(), "wire"); err != nil {
		t.Fatal(err)
	}
	if st := sink.state("wire"); st.Failures != 0 || st.LastError != "" || st.Failure != "" || st.FailStatus != 0 || !st.NextAttempt.IsZero() {
		t.Fatalf("after recovery state = %+v", st)
	}
	drain()
	if len(told) != 2 || told[1] {
		t.Fatalf("admins told %v, want failing then recovered", told)
	}
}

func TestAPanickingSourceKeepsItsSchedule(t *testing.T) {
	sink := newSink()
	r := &scripted{panic: true, calls: make(chan struct{}, 1)}
	p := poll.New(poll.Options{Readers: map[watch.Kind]poll.Reader{watch.KindFeed: r}, Sink: sink})
	p.Add(watch.Source{Name: "wire", Kind: watch.KindFeed, Schedule: "@every 1s"})
	p.Start(context.Background())
	defer p.Stop(context.Background())
	for i := 0; i < 2; i++ { // the panicking run, then a normal one
		select {
		case <-r.calls:
		case <-time.After(10 * time.Second):
			t.Fatalf("run %d never came", i+1)
		}
	}
}

func TestAHangingSourceDoesNotDelayAnother(t *testing.T) {
	sink := newSink()
	hang := &scripted{block: true}
	fine := &scripted{calls: make(chan struct{}, 1)}
	p := poll.New(poll.Options{
		Readers: map[watch.Kind]poll.Reader{watch.KindTelegram: hang, watch.KindFeed: fine},
		Sink:    sink, Timeout: time.Minute,
	})
	p.Add(watch.Source{Name: "hanging", Kind: watch.KindTelegram, Schedule: "@every 1s"})
	p.Add(watch.Source{Name: "healthy", Kind: watch.KindFeed, Schedule: "@every 1s"})
	ctx, cancel := context.WithCancel(context.Background())
	p.Start(ctx)
	for i := 0; i < 3; i++ {
		select {
		case <-fine.calls:
		case <-time.After(10 * time.Second):
			t.Fatalf("healthy source polled %d times while the other hangs", i)
		}
	}
	cancel()
	p.Stop(context.Background())
}

// validating is a Reader that learns validators, a cursor and a wait, then fails.
type validating struct{}

func (validating) Poll(ctx context.Context, src watch.Source, st *watch.State) ([]watch.Item, error) {
	st.ETag, st.LastModified, st.Cursor = `"new"`, "Tue, 01 Dec 2026 10:00:00 GMT", "99"
	st.NotBefore = time.Date(2026, 12, 1, 11, 0, 0, 0, time.UTC)
	return nil, errors.New("malformed page")
}

func TestAFailedPollKeepsTheOldValidatorsAndTheWait(t *testing.T) {
	sink := newSink()
	sink.states["page"] = watch.State{ETag: `"old"`, Cursor: "7", Primed: true}
	p := poll.New(poll.Options{Readers: map[watch.Kind]poll.Reader{watch.KindTelegram: validating{}}, Sink: sink, DefaultSchedule: "@hourly"})
	p.Add(watch.Source{Name: "page", Kind: watch.KindTelegram, Target: "chan"})
	if _, err := p.Poll(context.Background(), "page"); err == nil {
		t.Fatal("the reader's error was lost")
	}
	st := sink.state("page")
	if st.ETag != `"old"` || st.LastModified != "" || st.Cursor != "7" {
		t.Errorf("after a failed poll: etag %q, last-modified %q, cursor %q; want the old ones", st.ETag, st.LastModified, st.Cursor)
	}
	if st.NotBefore.IsZero() || st.Failures != 1 || st.LastError == "" {
		t.Errorf("after a failed poll: not before %v, failures %d, error %q; want the wait and the failure kept", st.NotBefore, st.Failures, st.LastError)
	}
}
