package poll_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/poll"
)

// stateSink keeps only the sources' states.
type stateSink struct {
	mu     sync.Mutex
	states map[string]watch.State
}

func (s *stateSink) SourceState(name string) (watch.State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.states[name], nil
}
func (s *stateSink) Unseen(items []watch.Item) ([]watch.Item, error) { return items, nil }
func (s *stateSink) Record(src watch.Source, st watch.State, _ []watch.Item, _ bool) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.states[src.Name] = st
	return 0, nil
}

// leakyReader fails with an error that names its URL in full, as net/http's errors do.
type leakyReader struct{}

func (leakyReader) Poll(ctx context.Context, src watch.Source, st *watch.State) ([]watch.Item, error) {
	return nil, fmt.Errorf("Get %q: %w", src.Target, errors.New("connection refused"))
}

// TestFailingSourceErrorKeepsItsSecretsOutOfStateNoticesAndLogs: what /sources shows
// (State.LastError), what administrators are told (the Health hook) and the log line of a
// failed poll never carry a credential from the source URL.
func TestFailingSourceErrorKeepsItsSecretsOutOfStateNoticesAndLogs(t *testing.T) {
	var logs bytes.Buffer
	sink := &stateSink{states: map[string]watch.State{}}
	health := make(chan poll.HealthChange, 1)
	p := poll.New(poll.Options{
		Readers:      map[watch.Kind]poll.Reader{watch.KindFeed: leakyReader{}},
		Sink:         sink,
		FailingAfter: time.Nanosecond,
		Health:       health,
		Log:          slog.New(slog.NewJSONHandler(&logs, nil)),
	})
	src := watch.Source{Name: "Paywalled wire", Kind: watch.KindFeed, Target: "https://reader:SECRET@news.example/rss?apikey=SECRET&lang=it", Schedule: "@every 1h"}
	if err := p.Add(src); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Poll(t.Context(), src.Name); err == nil {
		t.Fatal("the poll did not fail")
	}
	st, _ := sink.SourceState(src.Name)
	if !strings.Contains(st.LastError, "news.example/rss?apikey=REDACTED&lang=it") {
		t.Errorf("LastError = %q, want the redacted URL", st.LastError)
	}
	var notice poll.HealthChange
	select {
	case notice = <-health:
	default:
		t.Fatal("administrators were not told the source is failing")
	}
	for what, s := range map[string]string{"LastError": st.LastError, "notice": notice.State.LastError, "log": logs.String()} {
		if strings.Contains(s, "SECRET") {
			t.Errorf("%s shows the secret: %s", what, s)
		}
	}
	if !strings.Contains(logs.String(), "poll failed") {
		t.Errorf("no poll failed line in the log:\n%s", logs.String())
	}
}
