package route

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/story"
	"github.com/vedetta/vedetta/watch"
)

// stories assigns a poll's new items to stories (package story): the assigner keeps the
// stories of the window in memory, rebuilt from the store at start, and each poll's
// assignments are written in the poll's own transaction (store.RecordPoll).
type stories struct {
	x   *story.Extractor
	a   *story.Assigner
	now func() time.Time

	mu      sync.Mutex
	counted map[uint64]*countedKeys // story → the counter keys it counted under
	swept   time.Time
}

// countedKeys are the counter keys a story has counted under, and when it last did.
type countedKeys struct {
	keys map[string]bool
	last time.Time
}

// firstTime returns the keys under which the story has not counted yet, and remembers them.
// The memory lasts the story window (story.Window after a story's last count) and is not
// kept over a restart: a story that goes on across one may count once more per key.
func (s *stories) firstTime(id uint64, keys []string) []string {
	if len(keys) == 0 || id == 0 {
		return keys
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if s.counted == nil {
		s.counted = map[uint64]*countedKeys{}
	}
	if now.Sub(s.swept) > time.Hour {
		for sid, c := range s.counted {
			if now.Sub(c.last) > story.Window {
				delete(s.counted, sid)
			}
		}
		s.swept = now
	}
	c := s.counted[id]
	if c == nil {
		c = &countedKeys{keys: map[string]bool{}}
		s.counted[id] = c
	}
	c.last = now
	out := keys[:0:0]
	for _, k := range keys {
		if !c.keys[k] {
			c.keys[k] = true
			out = append(out, k)
		}
	}
	return out
}

func newStories(r *Router) (*stories, error) {
	x, err := story.NewExtractor(r.opts.Catalogue)
	if err != nil {
		return nil, err
	}
	now := r.opts.Now
	if now == nil {
		now = time.Now
	}
	s := &stories{x: x, a: story.NewAssigner(now), now: now}
	err = r.db.RecentStories(now().Add(-story.Window), func(st *store.Story) bool {
		var keys []string
		var fs []story.Features
		for _, it := range st.Items {
			var f story.Features
			if json.Unmarshal(it.Features, &f) != nil {
				continue // written by another version: the item still lists, it just takes no part
			}
			keys, fs = append(keys, it.Key), append(fs, f)
		}
		s.a.Restore(st.ID, st.Last, keys, fs)
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("load stories: %w", err)
	}
	return s, nil
}

// assign returns the items' stories. An item that was assigned before (a poll whose write
// failed and that comes again) keeps its story.
func (s *stories) assign(items []watch.Item) []store.Assignment {
	out := make([]store.Assignment, 0, len(items))
	for _, it := range items {
		t := it.Published
		if now := s.now(); t.IsZero() || t.After(now) {
			t = now
		}
		f := s.x.Extract(it.Title, it.Text, it.Language, t)
		id, _ := s.a.Assign(it.Key(), f)
		raw, _ := json.Marshal(f) // plain data: cannot fail
		out = append(out, store.Assignment{Story: id, Item: it, Lang: f.Lang, Features: raw})
	}
	return out
}
