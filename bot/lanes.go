package bot

import "sync"

// lanes run a chat's updates off the update loop while one of them may wait on Telegram,
// keeping the chat's updates in order.
type lanes struct {
	mu   sync.Mutex
	busy map[int64][]func() // chat → updates waiting behind the one running
	wg   sync.WaitGroup
}

// run runs f now, on the caller's goroutine, unless the chat's lane is busy (f queues
// behind it) or mayBlock (f starts the lane).
func (l *lanes) run(chatID int64, mayBlock bool, f func()) {
	l.mu.Lock()
	if q, ok := l.busy[chatID]; ok {
		l.busy[chatID] = append(q, f)
		l.mu.Unlock()
		return
	}
	if !mayBlock {
		l.mu.Unlock()
		f()
		return
	}
	if l.busy == nil {
		l.busy = map[int64][]func(){}
	}
	l.busy[chatID] = nil
	l.wg.Add(1)
	l.mu.Unlock()
	go func() {
		defer l.wg.Done()
		for {
			f()
			l.mu.Lock()
			q := l.busy[chatID]
			if len(q) == 0 {
				delete(l.busy, chatID)
				l.mu.Unlock()
				return
			}
			f, l.busy[chatID] = q[0], q[1:]
			l.mu.Unlock()
		}
	}()
}

// wait waits until no lane runs.
func (l *lanes) wait() { l.wg.Wait() }
