package schedule

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/robfig/cron/v3"
)

// every is a schedule that fires d after each run.
type every time.Duration

func (d every) Next(t time.Time) time.Time { return t.Add(time.Duration(d)) }

// never is a schedule with no next time.
type never struct{}

func (never) Next(time.Time) time.Time { return time.Time{} }

func TestTimersRunJobsOnTheirSchedule(t *testing.T) {
	tm := NewTimers(nil, nil)
	ran := make(chan cron.EntryID, 10)
	var a, b cron.EntryID
	a = tm.Schedule(every(10*time.Millisecond), cron.FuncJob(func() { ran <- a }))
	b = tm.Schedule(every(time.Hour), cron.FuncJob(func() { ran <- b }))
	tm.Schedule(never{}, cron.FuncJob(func() { ran <- 0 }))
	if next := tm.Entry(b).Next; next.Before(time.Now().Add(59 * time.Minute)) {
		t.Errorf("Entry(b).Next = %v, want in an hour", next)
	}
	if (tm.Entry(999) != cron.Entry{}) {
		t.Error("an unknown id has an entry")
	}
	tm.Start()
	defer tm.Stop()
	for range 3 {
		select {
		case id := <-ran:
			if id != a {
				t.Fatalf("entry %d ran, want only %d", id, a)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the job did not run")
		}
	}
	if prev := tm.Entry(a).Prev; prev.IsZero() {
		t.Error("Entry(a).Prev is zero after runs")
	}
}

func TestTimersRemoveStopsAJob(t *testing.T) {
	tm := NewTimers(nil, nil)
	tm.Start()
	defer tm.Stop()
	ran := make(chan struct{}, 100)
	id := tm.Schedule(every(5*time.Millisecond), cron.FuncJob(func() { ran <- struct{}{} }))
	<-ran
	tm.Remove(id)
	if tm.Len() != 0 {
		t.Fatalf("Len = %d after Remove", tm.Len())
	}
	// A job of the same period added after the removal runs; the removed one must not
	// run again once the run in flight (if any) is drained.
	other := make(chan struct{}, 100)
	tm.Schedule(every(5*time.Millisecond), cron.FuncJob(func() { other <- struct{}{} }))
	for range 3 {
		<-other
	}
	for len(ran) > 0 {
		<-ran
	}
	for range 3 {
		<-other
	}
	if len(ran) > 0 {
		t.Fatal("a removed job ran again")
	}
}

func TestTimersRecoverAPanicAndSkipARunningJob(t *testing.T) {
	tm := NewTimers(nil, nil)
	var runs, concurrent, most atomic.Int32
	release := make(chan struct{})
	started := make(chan struct{}, 100)
	id := tm.Schedule(every(2*time.Millisecond), cron.FuncJob(func() {
		n := runs.Add(1)
		c := concurrent.Add(1)
		defer concurrent.Add(-1)
		if c > most.Load() {
			most.Store(c)
		}
		started <- struct{}{}
		if n == 1 {
			panic("job exploded")
		}
		if n == 2 {
			<-release // held while the schedule fires several more times
		}
	}))
	tm.Start()
	<-started // the panicking run
	<-started // the held run
	// The schedule comes due several times while the job is held: each time is skipped.
	heldAt := time.Now()
	tick := time.NewTicker(time.Millisecond)
	for tm.Entry(id).Prev.Before(heldAt.Add(10 * time.Millisecond)) {
		<-tick.C
	}
	tick.Stop()
	close(release)
	<-started // runs again after the held one
	<-tm.Stop().Done()
	if most.Load() != 1 {
		t.Fatalf("%d runs of one job at once, want 1", most.Load())
	}
}

func TestTimersStopWaitsForRunningJobs(t *testing.T) {
	tm := NewTimers(nil, nil)
	started, release := make(chan struct{}), make(chan struct{})
	var finished atomic.Bool
	tm.Schedule(every(time.Millisecond), cron.FuncJob(func() {
		select {
		case started <- struct{}{}:
		default:
			return
		}
		<-release
		finished.Store(true)
	}))
	tm.Start()
	<-started
	done := tm.Stop()
	select {
	case <-done.Done():
		t.Fatal("Stop's context ended while a job was running")
	default:
	}
	close(release)
	<-done.Done()
	if !finished.Load() {
		t.Fatal("Stop returned before the job finished")
	}
}

// The scheduler at 100,000 chats: one /schedule change (remove, add, read the next run, as
// bot/digest.go does), robfig/cron against Timers.
func benchmarkReschedule(b *testing.B, add func(cron.Schedule) cron.EntryID, remove func(cron.EntryID), entry func(cron.EntryID) cron.Entry) {
	rome, _ := time.LoadLocation("Europe/Rome")
	var ids []cron.EntryID
	for c := range 100_000 {
		s, err := Digest(fmt.Sprintf("%02d:%02d", (c/60)%24, c%60), rome)
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, add(s))
	}
	s, _ := Digest("08:00,20:00", rome)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		remove(ids[i])
		ids[i] = add(s)
		if entry(ids[i]).Next.IsZero() {
			b.Fatal("no next run")
		}
		i++
	}
}

func BenchmarkCronReschedule100000(b *testing.B) {
	c := cron.New()
	c.Start()
	defer c.Stop()
	benchmarkReschedule(b, func(s cron.Schedule) cron.EntryID { return c.Schedule(s, cron.FuncJob(func() {})) }, c.Remove, c.Entry)
}

func BenchmarkTimersReschedule100000(b *testing.B) {
	tm := NewTimers(nil, nil)
	tm.Start()
	defer tm.Stop()
	benchmarkReschedule(b, func(s cron.Schedule) cron.EntryID { return tm.Schedule(s, cron.FuncJob(func() {})) }, tm.Remove, tm.Entry)
}
