package store

import "github.com/vedetta/vedetta/watch"

// ItemHashForTest is the seen-set key of an item, for tests that write old file layouts.
func ItemHashForTest(it *watch.Item) []byte { return itemHash(it) }
