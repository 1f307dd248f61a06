package bot

import "time"

// SetPollBackoff shortens the update loop's back-off for a test and returns the undo.
func SetPollBackoff(first, max time.Duration) (undo func()) {
	f, m := pollBackoff, pollBackoffMax
	pollBackoff, pollBackoffMax = first, max
	return func() { pollBackoff, pollBackoffMax = f, m }
}
