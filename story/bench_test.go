package story_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/vedetta/vedetta/story"
)

// window100k is an assigner holding 100,000 stories of the last 48 hours: the labelled
// set's items as templates, with their people, organisations and places (the features many
// stories share) and numbers, names and title words drawn at random from large
// vocabularies (the features few share).
func window100k(b *testing.B) (*story.Assigner, []story.Features, *time.Time) {
	x := extractor(b)
	items := loadLabelled(b)
	var tmpl []story.Features
	for _, it := range items {
		tmpl = append(tmpl, x.Extract(it.title, it.summary, "", it.t))
	}
	end := time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)
	now := end.Add(-story.Window)
	a := story.NewAssigner(func() time.Time { return now })
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 100_000
	for i := range n {
		f := tmpl[i%len(tmpl)]
		now = end.Add(-story.Window + time.Duration(i)*story.Window/n)
		f.Time = now
		f.Numbers = []string{fmt.Sprint(rng.IntN(5000))}
		f.Names = []string{fmt.Sprintf("n%d", rng.IntN(50_000)), fmt.Sprintf("n%d", rng.IntN(50_000))}
		f.Words = nil
		for range 5 {
			f.Words = append(f.Words, fmt.Sprintf("w%d", rng.IntN(50_000)))
		}
		f.Dates = nil
		a.Assign(fmt.Sprint("fill", i), f)
	}
	if a.Len() < n/2 {
		b.Fatalf("%d stories in the window, want most of %d", a.Len(), n)
	}
	return a, tmpl, &now
}

// BenchmarkAssign100kStories is one item's assignment with 100,000 stories in the window:
// the features' posting lists are read (at most maxPostings stories each) and at most
// maxCandidates stories scored, however many the window holds.
func BenchmarkAssign100kStories(b *testing.B) {
	a, tmpl, now := window100k(b)
	b.ReportMetric(float64(a.Len()), "stories")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		f := tmpl[i%len(tmpl)]
		f.Time = *now
		a.Assign(fmt.Sprint("new", i), f)
		i++
	}
}

// BenchmarkExtract is the features of one item of the labelled set: two matches of the
// catalogue's index (the item, its title), the gazetteer, numbers, names and words.
func BenchmarkExtract(b *testing.B) {
	x := extractor(b)
	items := loadLabelled(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		it := items[i%len(items)]
		x.Extract(it.title, it.summary, "", it.t)
		i++
	}
}
