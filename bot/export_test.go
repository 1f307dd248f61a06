package bot

import "time"

// SetPollBackoff shortens the update loop's back-off for a test and returns the undo.
func SetPollBackoff(first, most time.Duration) (undo func()) {
	f, m := pollBackoff, pollBackoffMax
	pollBackoff, pollBackoffMax = first, most
	return func() { pollBackoff, pollBackoffMax = f, m }
}

// SetSearchScanLimit lowers how many items one /search reads, for a test, and returns the undo.
func SetSearchScanLimit(n int) (undo func()) {
	old := maxSearchScanned
	maxSearchScanned = n
	return func() { maxSearchScanned = old }
}

// SetOutboxCap lowers how many messages may wait for one chat, for a test, and returns the undo.
func SetOutboxCap(n int) (undo func()) {
	old := maxOutboxPerChat
	maxOutboxPerChat = n
	return func() { maxOutboxPerChat = old }
}

// CheckSurges runs one surge check at the bot's clock (Options.Now), as the ticker does.
func (b *Bot) CheckSurges() { b.checkSurges() }
