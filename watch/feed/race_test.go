//go:build race

package feed

// raceEnabled: the race detector slows the parse some twentyfold.
const raceEnabled = true
