package route

import (
	"github.com/vedetta/vedetta/store"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

// counts are the hourly counters of one poll (store.PollCounts): the poll itself; and for
// each item, once it is new, the bot's item and match counts at the time it is recorded,
// and one count under each catalogue name and each watch it matches, in the hour of its
// publication (the first time it was seen when the feed gives none: watch.Item.Published),
// grouped by its source and language. An item published in the future counts now; one
// older than the counters' retention is not counted under names and watches.
//
// A story counts once per key: an item counts under a name or a watch only if no earlier
// item of its story (as[n], from the story assigner) counted under it, so that an event
// told by ten outlets is one on the chart, not ten (stories.firstTime).
func (r *Router) counts(items []watch.Item, matched bool, hits []store.Hit, watchKeys [][]string, as []store.Assignment) store.PollCounts {
	now := r.db.Now()
	pc := store.PollCounts{Poll: []store.Tally{{Key: store.KeyPolls, At: now}}, Items: make([][]store.Tally, len(items))}
	chats := map[string]int{} // item key → chats it reached
	for _, h := range hits {
		chats[h.Item.Key()]++
	}
	for n := range items {
		it := &items[n]
		ts := []store.Tally{{Key: store.KeyItems, At: now}}
		if c := chats[it.Key()]; c > 0 {
			ts = append(ts, store.Tally{Key: store.KeyMatches, At: now, N: c})
		}
		at := it.Published
		if at.IsZero() || at.After(now) {
			at = now
		}
		if matched && now.Sub(at) < store.CountsRetention {
			var keys []string
			// the catalogue's names, for /trend NAME without scanning items: the story
			// extractor's index over the catalogue, compiled once for both
			for _, name := range r.stories.x.Names(it.Title, it.Body(), it.Language) {
				keys = append(keys, store.NameKey(name))
			}
			keys = append(keys, watchKeys[n]...)
			if n < len(as) {
				keys = r.stories.firstTime(as[n].Story, keys)
			}
			if len(keys) > 0 {
				group := store.CountGroup(it.Source, match.Language(it.Language, it.Title, it.Text))
				for _, k := range keys {
					ts = append(ts, store.Tally{Key: k, Group: group, At: at})
				}
			}
		}
		pc.Items[n] = ts
	}
	return pc
}
