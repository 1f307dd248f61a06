package trend

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-analyze/charts"
	"github.com/golang/freetype/truetype"

	"github.com/vedetta/vedetta/lang"
)

// Width and Height of every chart: 16:9, and 1280 px wide, the size Telegram keeps for
// photos, so that labels stay sharp on a phone
// (https://core.telegram.org/bots/api#sendphoto keeps width + height ≤ 10000, ratio ≤ 20).
const (
	Width  = 1280
	Height = 720
)

// fontFamily is the charts library's embedded Noto Sans Display Medium, which has Latin,
// Greek and Cyrillic glyphs (its Roboto is cut down to Latin): source names in Ukrainian
// or Russian render in the binary's own font, with no system fonts.
const fontFamily = charts.FontFamilyNotoSans

// palette: colour-blind-safe Okabe-Ito colours (https://jfly.uni-koeln.de/color/) for
// the named groups, and grey for "other".
var palette = []charts.Color{
	charts.ColorFromHex("#0072B2"), // blue
	charts.ColorFromHex("#E69F00"), // orange
	charts.ColorFromHex("#009E73"), // green
	charts.ColorFromHex("#CC79A7"), // purple
	charts.ColorFromHex("#56B4E9"), // sky
	charts.ColorFromHex("#D55E00"), // vermilion
}

var otherColor = charts.ColorFromHex("#A0A0A0")

var (
	textColor = charts.ColorFromHex("#222222")
	mutedText = charts.ColorFromHex("#555555")
)

// ErrNoData is returned by the renderers for a chart without bars.
var ErrNoData = errors.New("chart has no bars")

func font() *truetype.Font { return charts.GetFont(fontFamily) }

func style(size float64, c charts.Color) charts.FontStyle {
	return charts.FontStyle{FontSize: size, FontColor: c, Font: font()}
}

// theme is the light theme with the chart's series colours.
func theme(series []charts.Color) charts.ColorPalette {
	return charts.GetTheme(charts.ThemeLight).WithSeriesColors(series)
}

// Render draws t as a PNG of Width×Height: one bar per hour or day, stacked by source or
// language, with the query in the title, the time axis in t.Loc and the words in tr's
// language.
func Render(tr *lang.Localizer, t Trend) ([]byte, error) {
	tr = words(tr)
	n := len(t.Totals)
	if n == 0 || len(t.Bounds) != n+1 {
		return nil, ErrNoData
	}
	values := make([][]float64, 0, len(t.Groups))
	names := make([]string, 0, len(t.Groups))
	colors := make([]charts.Color, 0, len(t.Groups))
	for i, g := range t.Groups {
		row := make([]float64, n)
		for j, c := range g.Counts {
			row[j] = float64(c)
		}
		values = append(values, row)
		names = append(names, clipRunes(groupName(tr, g.Name), 24))
		if g.Name == OtherGroup {
			colors = append(colors, otherColor)
		} else {
			colors = append(colors, palette[i%len(palette)])
		}
	}
	if len(values) == 0 { // nothing matched: an empty, labelled chart
		values, names, colors = [][]float64{make([]float64, n)}, []string{tr.T("trend.no_items")}, []charts.Color{otherColor}
	}
	opt := charts.NewBarChartOptionWithData(values)
	opt.Theme = theme(colors)
	opt.StackSeries = charts.Ptr(true)
	opt.Padding = charts.Box{Top: 20, Right: 56, Bottom: 20, Left: 20}
	opt.Title.Show = charts.Ptr(false)
	opt.Legend = legend(names)
	opt.CategoryAxis = charts.CategoryAxisOption{
		Labels:         axisLabels(tr, t),
		LabelFontStyle: style(19, mutedText),
		LabelCount:     len(t.Totals),
		BoundaryGap:    charts.Ptr(true), // labels under their bars, not on the ticks between

	}
	opt.ValueAxis = []charts.ValueAxisOption{valueAxis(slices.Max(t.Totals))}
	opt.ValueFormatter = integer
	return draw(clipRunes(t.Query, 60), subtitle(tr, t), func(p *charts.Painter) error { return p.BarChart(opt) })
}

// draw paints a chart under a left-aligned title and subtitle (the library centres a
// subtitle under its title) and encodes it as PNG.
func draw(title, sub string, paint func(*charts.Painter) error) ([]byte, error) {
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputPNG, Width: Width, Height: Height, Font: font()})
	if err := paint(p); err != nil {
		return nil, fmt.Errorf("draw chart: %w", err)
	}
	bold := style(36, textColor)
	if f := charts.GetFont(charts.FontFamilyNotoSansBold); f != nil {
		bold.Font = f
	}
	p.Text(title, 24, 52, 0, bold)
	p.Text(sub, 24, 88, 0, style(21, mutedText))
	b, err := p.Bytes()
	if err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return b, nil
}

// legend is a row of the series' names under the title.
func legend(names []string) charts.LegendOption {
	return charts.LegendOption{
		SeriesNames: names,
		Offset:      charts.OffsetStr{Left: "4", Top: "96"},
		Padding:     charts.Box{Bottom: 16},
		FontStyle:   style(20, textColor),
	}
}

// valueAxis is a count axis from 0 to a round number above top, with round steps.
func valueAxis(top int) charts.ValueAxisOption {
	step, n := niceSteps(top)
	return charts.ValueAxisOption{
		LabelFontStyle:      style(19, mutedText),
		Min:                 charts.Ptr(0.0),
		Max:                 charts.Ptr(float64(step * n)),
		LabelCount:          n + 1,
		PreferNiceIntervals: charts.Ptr(false),
	}
}

// niceSteps returns a step of 1, 2 or 5 × 10^k and a number of steps (at most 6) that
// reach at least top.
func niceSteps(top int) (step, n int) {
	top = max(top, 1)
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * mag
			if n = (top + step - 1) / step; n <= 6 {
				return step, max(n, 1)
			}
		}
	}
}

func integer(f float64) string { return strconv.FormatFloat(f, 'f', 0, 64) }

// subtitle says what a bar is, the dates, the time zone and the split: "items per day ·
// 24 Nov – 30 Nov 2026 · Europe/Rome · by source".
func subtitle(tr *lang.Localizer, t Trend) string {
	unit := tr.T("trend.per_day")
	if t.Period.Hourly() {
		unit = tr.T("trend.per_hour")
	}
	first, last := t.Bounds[0].In(t.Loc), t.Bounds[len(t.Bounds)-1].Add(-time.Nanosecond).In(t.Loc)
	span := tr.DayMonth(first) + " – " + tr.DayMonthYear(last)
	if t.Period.Hourly() {
		span = tr.DayTime(first) + " – " + tr.DayTime(last.Add(time.Nanosecond))
	}
	by := tr.T("trend.by_source")
	if t.By == ByLanguage {
		by = tr.T("trend.by_language")
	}
	return strings.Join([]string{unit, span, zoneName(t.Loc), by}, " · ")
}

func zoneName(loc *time.Location) string {
	if loc == nil || loc.String() == "" || loc.String() == "Local" {
		return "UTC"
	}
	return loc.String()
}

// axisLabels are the bars' start times in t.Loc: "15:00" every third hour, "Mon 30" (in
// tr's language) for a week's days and the day of the month for a month's (the subtitle gives the months). The
// other hours get an empty label, so that the library's own thinning never drops the
// current hour or crowds two labels together; each label fits in its bar's width.
func axisLabels(tr *lang.Localizer, t Trend) []string {
	n := len(t.Totals)
	out := make([]string, n)
	for i := range out {
		at := t.Bounds[i].In(t.Loc)
		switch t.Period {
		case Hours24:
			if at.Hour()%3 == 0 {
				out[i] = at.Format("15:04")
			}
		case Days7:
			out[i] = tr.WeekdayDay(at)
		default:
			out[i] = at.Format("2")
		}
	}
	return out
}

// Stats is what /stats charts for administrators: polls, new items, matches and sends per
// hour over the last day.
type Stats struct {
	Bounds  []time.Time // len(Polls)+1 hour boundaries, e.g. Hours24.Bounds(now, loc)
	Loc     *time.Location
	Polls   []int
	Items   []int
	Matches []int
	Sends   []int
}

// RenderStats draws s as a PNG line chart of Width×Height with one line per counter, the
// hours in s.Loc and the words in tr's language.
func RenderStats(tr *lang.Localizer, s Stats) ([]byte, error) {
	tr = words(tr)
	n := len(s.Polls)
	if n == 0 || len(s.Items) != n || len(s.Matches) != n || len(s.Sends) != n || len(s.Bounds) != n+1 {
		return nil, ErrNoData
	}
	loc := s.Loc
	if loc == nil {
		loc = time.UTC
	}
	values := [][]float64{floats(s.Polls), floats(s.Items), floats(s.Matches), floats(s.Sends)}
	opt := charts.NewLineChartOptionWithData(values)
	opt.Theme = theme(palette[:4])
	opt.Padding = charts.Box{Top: 20, Right: 56, Bottom: 20, Left: 20}
	first, last := s.Bounds[0].In(loc), s.Bounds[n].In(loc)
	opt.Title.Show = charts.Ptr(false)
	sub := strings.Join([]string{tr.T("trend.stats_per_hour"), tr.DayTime(first) + " – " + tr.DayTime(last), zoneName(loc)}, " · ")
	opt.Legend = legend([]string{tr.T("trend.stats_polls"), tr.T("trend.stats_items"), tr.T("trend.stats_matches"), tr.T("trend.stats_sends")})
	labels := axisLabels(tr, Trend{Period: Hours24, Loc: loc, Bounds: s.Bounds, Totals: s.Polls})
	opt.XAxis = charts.XAxisOption{Labels: labels, LabelFontStyle: style(19, mutedText), LabelCount: n}
	opt.YAxis = []charts.YAxisOption{valueAxis(slices.Max(slices.Concat(s.Polls, s.Items, s.Matches, s.Sends)))}
	opt.ValueFormatter = integer
	opt.LineStrokeWidth = 4
	opt.Symbol = charts.Symbol{Shape: charts.SymbolNone}
	return draw(tr.T("trend.stats_title"), sub, func(p *charts.Painter) error { return p.LineChart(opt) })
}

func floats(v []int) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
