package trend

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/vedetta/vedetta/lang"
)

// Spec is what the outbox keeps of a chart (store.Message.Chart): the numbers it draws,
// a few hundred bytes, not the PNG. The sender draws it when the message goes out, so a
// chart waiting in the outbox survives a restart and is drawn after it.
//
// Lang is the code of the language the chart is drawn in (lang.For); a spec stored before
// charts spoke languages has none and is drawn in English.
type Spec struct {
	Trend *Trend `json:"trend,omitempty"`
	Stats *Stats `json:"stats,omitempty"`
	Lang  string `json:"lang,omitempty"`
}

// ErrBadSpec is wrapped by the errors of a spec that cannot be drawn.
var ErrBadSpec = errors.New("bad chart spec")

// Render draws the spec's chart as PNG, in the spec's language.
func (s Spec) Render() ([]byte, error) {
	tr := lang.For(s.Lang)
	switch {
	case s.Trend != nil:
		return Render(tr, *s.Trend)
	case s.Stats != nil:
		return RenderStats(tr, *s.Stats)
	}
	return nil, fmt.Errorf("%w: no chart", ErrBadSpec)
}

// Marshal encodes the spec for the outbox.
func (s Spec) Marshal() (json.RawMessage, error) { return json.Marshal(s) }

// DecodeSpec reads a spec from the outbox and checks that its series fit together, so that
// drawing it cannot fail on their shapes.
func DecodeSpec(raw []byte) (Spec, error) {
	var s Spec
	if err := json.Unmarshal(raw, &s); err != nil {
		return Spec{}, fmt.Errorf("%w: %w", ErrBadSpec, err)
	}
	switch {
	case s.Trend != nil:
		t := s.Trend
		n := len(t.Totals)
		if n == 0 || len(t.Bounds) != n+1 {
			return Spec{}, fmt.Errorf("%w: %d bars and %d bounds", ErrBadSpec, n, len(t.Bounds))
		}
		for _, g := range t.Groups {
			if len(g.Counts) != n {
				return Spec{}, fmt.Errorf("%w: group %q has %d counts for %d bars", ErrBadSpec, clipRunes(g.Name, 40), len(g.Counts), n)
			}
		}
	case s.Stats != nil:
		st := s.Stats
		n := len(st.Polls)
		if n == 0 || len(st.Items) != n || len(st.Matches) != n || len(st.Sends) != n || len(st.Bounds) != n+1 {
			return Spec{}, fmt.Errorf("%w: uneven stats series", ErrBadSpec)
		}
	default:
		return Spec{}, fmt.Errorf("%w: no chart", ErrBadSpec)
	}
	return s, nil
}

// trendJSON is a Trend with its zone by name; Sources keeps the ones a caption names.
type trendJSON struct {
	Query    string      `json:"query"`
	Period   Period      `json:"period"`
	Zone     string      `json:"zone"`
	By       By          `json:"by"`
	Now      time.Time   `json:"now"`
	Bounds   []time.Time `json:"bounds"`
	Groups   []Group     `json:"groups,omitempty"`
	Totals   []int       `json:"totals"`
	Total    int         `json:"total"`
	Sources  []NameCount `json:"sources,omitempty"`
	Previous int         `json:"previous"`
}

// MarshalJSON writes the trend with its time zone's name.
func (t Trend) MarshalJSON() ([]byte, error) {
	return json.Marshal(trendJSON{Query: t.Query, Period: t.Period, Zone: zoneName(t.Loc), By: t.By, Now: t.Now,
		Bounds: t.Bounds, Groups: t.Groups, Totals: t.Totals, Total: t.Total,
		Sources: t.Sources[:min(len(t.Sources), topSources)], Previous: t.Previous})
}

// UnmarshalJSON reads a trend written by MarshalJSON; an unknown zone is UTC.
func (t *Trend) UnmarshalJSON(b []byte) error {
	var j trendJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*t = Trend{Query: j.Query, Period: j.Period, Loc: location(j.Zone), By: j.By, Now: j.Now, Bounds: j.Bounds,
		Groups: j.Groups, Totals: j.Totals, Total: j.Total, Sources: j.Sources, Previous: j.Previous}
	return nil
}

type statsJSON struct {
	Bounds  []time.Time `json:"bounds"`
	Zone    string      `json:"zone"`
	Polls   []int       `json:"polls"`
	Items   []int       `json:"items"`
	Matches []int       `json:"matches"`
	Sends   []int       `json:"sends"`
}

// MarshalJSON writes the stats with their time zone's name.
func (s Stats) MarshalJSON() ([]byte, error) {
	return json.Marshal(statsJSON{s.Bounds, zoneName(s.Loc), s.Polls, s.Items, s.Matches, s.Sends})
}

// UnmarshalJSON reads stats written by MarshalJSON; an unknown zone is UTC.
func (s *Stats) UnmarshalJSON(b []byte) error {
	var j statsJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*s = Stats{Bounds: j.Bounds, Loc: location(j.Zone), Polls: j.Polls, Items: j.Items, Matches: j.Matches, Sends: j.Sends}
	return nil
}

func location(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.UTC
}
