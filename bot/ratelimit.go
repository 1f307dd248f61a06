package bot

import (
	"sync"
	"time"
)

// CommandLimits bound the commands one chat may send. Telegram lets a group receive about
// 20 messages a minute (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this),
// so a flood of commands could only grow the chat's reply queue: past PerMinute the chat
// hears one "slow down" and further commands that minute are dropped. The costly commands
// (/search scans every kept item, /digest, /refresh polls every source) have a tighter
// limit of their own. Zero fields take DefaultCommandLimits'.
type CommandLimits struct {
	PerMinute       int
	CostlyPerMinute int
}

// DefaultCommandLimits are the limits of a running bot.
var DefaultCommandLimits = CommandLimits{PerMinute: 20, CostlyPerMinute: 3}

const limitWindow = time.Minute

// chatLimits counts each chat's recent commands.
type chatLimits struct {
	CommandLimits
	mu     sync.Mutex
	recent map[int64][]time.Time // all commands, within limitWindow
	costly map[int64][]time.Time // costly commands, within limitWindow
	warned map[int64]time.Time   // when the chat was last told to slow down
}

// within keeps the times after now-limitWindow.
func within(ts []time.Time, now time.Time) []time.Time {
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= limitWindow {
		i++
	}
	return ts[i:]
}

// allow records a command of the chat at now and says whether to run it; warn says the chat
// should be told to slow down (once per window); wait is how long until a costly command is
// allowed again.
func (l *chatLimits) allow(chatID int64, costly bool, now time.Time) (ok, warn bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.recent == nil {
		l.recent, l.costly, l.warned = map[int64][]time.Time{}, map[int64][]time.Time{}, map[int64]time.Time{}
	}
	if len(l.recent) > 10_000 { // bounded memory: forget idle chats
		for id, ts := range l.recent {
			if len(within(ts, now)) == 0 {
				delete(l.recent, id)
				delete(l.costly, id)
				delete(l.warned, id)
			}
		}
	}
	rs := within(l.recent[chatID], now)
	if len(rs) >= l.PerMinute {
		l.recent[chatID] = rs
		if now.Sub(l.warned[chatID]) >= limitWindow {
			l.warned[chatID] = now
			return false, true, 0
		}
		return false, false, 0
	}
	l.recent[chatID] = append(rs, now)
	if !costly {
		return true, false, 0
	}
	cs := within(l.costly[chatID], now)
	if len(cs) >= l.CostlyPerMinute {
		l.costly[chatID] = cs
		return false, false, limitWindow - now.Sub(cs[0])
	}
	l.costly[chatID] = append(cs, now)
	return true, false, 0
}
