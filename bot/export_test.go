package bot

import "time"

// SetPollBackoff shortens the update loop's back-off for a test and returns the undo.
func SetPollBackoff(first, most time.Duration) (undo func()) {
	f, m := pollBackoff, pollBackoffMax
	pollBackoff, pollBackoffMax = first, most
	return func() { pollBackoff, pollBackoffMax = f, m }
}
