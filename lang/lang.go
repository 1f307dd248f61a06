// Package lang is Vedetta's interface language: the messages a person reads in a chat,
// one catalogue file per language (locales/*.toml, embedded in the binary), with CLDR plural
// rules and dates written the way each language writes them. The bot picks a Localizer per
// chat (docs/LANGUAGES.md); config checks ui.language with Check.
//
// Messages are plain text: the bot escapes them for Telegram's HTML parse mode and adds the
// bold and links itself, so a translator cannot break a message's markup.
package lang

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
)

// Default is the language of the source catalogue and of a chat that chose none.
const Default = "en"

// Language is one interface language.
type Language struct {
	Code string // ISO 639-1, as Telegram's language_code starts: "it"
	Name string // in the language itself: "Italiano"
}

// Supported lists the languages with a complete catalogue, in the order /language shows them.
var Supported = []Language{
	{"en", "English"},
	{"it", "Italiano"},
	{"uk", "Українська"},
}

//go:embed locales/*.toml
var files embed.FS

var (
	loadOnce   sync.Once
	bundle     *i18n.Bundle
	catalogues map[string][]*i18n.Message // code → messages, as the files hold them
	localizers map[string]*Localizer
	loadErr    error
)

// strict makes a message that names data it was not given fail (the test catches it)
// instead of printing "<no value>".
var strict = &template.TextParser{Option: "missingkey=error"}

func load() {
	bundle = i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	catalogues = map[string][]*i18n.Message{}
	localizers = map[string]*Localizer{}
	for _, l := range Supported {
		name := "locales/" + l.Code + ".toml"
		raw, err := files.ReadFile(name)
		if err != nil {
			loadErr = fmt.Errorf("lang: %w", err)
			return
		}
		mf, err := bundle.ParseMessageFileBytes(raw, path.Base(name))
		if err != nil {
			loadErr = fmt.Errorf("lang: %s: %w", name, err)
			return
		}
		catalogues[l.Code] = mf.Messages
	}
	for _, l := range Supported {
		lz := &Localizer{code: l.Code, name: l.Name, loc: i18n.NewLocalizer(bundle, l.Code)}
		lz.days = strings.Fields(lz.T("date.weekdays"))
		lz.months = strings.Fields(lz.T("date.months"))
		localizers[l.Code] = lz
	}
}

// Messages returns the catalogue of a supported language as its file holds it (tests and
// tools); nil for another code.
func Messages(code string) []*i18n.Message {
	loadOnce.Do(load)
	return catalogues[code]
}

// LoadError is the error of reading the embedded catalogues, nil when they are sound.
func LoadError() error {
	loadOnce.Do(load)
	return loadErr
}

// Match maps a Telegram language_code (an IETF language tag such as "it", "uk" or "pt-br",
// https://core.telegram.org/bots/api#user) to a supported language, or "" when none fits.
func Match(code string) string {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(code)), "-")
	base, _, _ = strings.Cut(base, "_")
	for _, l := range Supported {
		if l.Code == base {
			return l.Code
		}
	}
	return ""
}

// Check validates a language code given in config.yaml (ui.language) or with /language:
// nil when it names a supported language.
func Check(code string) error {
	if Match(code) == "" {
		return fmt.Errorf("unknown interface language %q; choose one of %s", code, Codes())
	}
	return nil
}

// Codes lists the supported codes: "en, it, uk".
func Codes() string {
	var cs []string
	for _, l := range Supported {
		cs = append(cs, l.Code)
	}
	return strings.Join(cs, ", ")
}

// For returns the Localizer of a language code (matched as Match does); the Default
// language's for a code no catalogue has.
func For(code string) *Localizer {
	loadOnce.Do(load)
	if l := localizers[Match(code)]; l != nil {
		return l
	}
	if l := localizers[Default]; l != nil {
		return l
	}
	return &Localizer{code: Default, name: "English"} // the catalogues failed to load: ids show
}

// Localizer speaks one language. It is safe for concurrent use.
type Localizer struct {
	code, name   string
	loc          *i18n.Localizer
	days, months []string
}

// Code is the language's code: "it".
func (l *Localizer) Code() string { return l.code }

// Name is the language's own name: "Italiano".
func (l *Localizer) Name() string { return l.name }

// T returns the message id with its placeholders filled from kv, pairs of a name and a
// value: T("watch.added", "ID", 3, "Query", q). A message that cannot be found or filled
// comes back as its id, never as a crash.
func (l *Localizer) T(id string, kv ...any) string {
	s, err := l.Lookup(id, nil, kv...)
	if err != nil && s == "" {
		return id
	}
	return s
}

// N is T for a message with plural forms, chosen for n by the language's CLDR plural rules
// (https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html);
// the message reads n as {{.Count}}.
func (l *Localizer) N(id string, n int, kv ...any) string {
	s, err := l.Lookup(id, &n, kv...)
	if err != nil && s == "" {
		return id
	}
	return s
}

// Lookup is T (n nil) or N, with the error: a missing message, a missing plural form, a
// placeholder without data.
func (l *Localizer) Lookup(id string, n *int, kv ...any) (string, error) {
	if l.loc == nil {
		return "", fmt.Errorf("lang: no catalogue: %v", LoadError())
	}
	data := make(map[string]any, len(kv)/2+1)
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		data[k] = kv[i+1]
	}
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data, TemplateParser: strict}
	if n != nil {
		cfg.PluralCount = *n
		data["Count"] = *n
	}
	return l.loc.Localize(cfg)
}

// clock is the time of day, 24-hour, as every supported language writes it.
func clock(t time.Time) string { return t.Format("15:04") }

func (l *Localizer) dateData(t time.Time) []any {
	wd, mo := t.Weekday().String()[:3], t.Month().String()[:3]
	if len(l.days) == 7 {
		wd = l.days[t.Weekday()]
	}
	if len(l.months) == 12 {
		mo = l.months[t.Month()-1]
	}
	return []any{"Weekday", wd, "Day", t.Day(), "Month", mo, "Year", t.Year(), "Time", clock(t)}
}

// DateTime writes a moment with its weekday, day and month: "Mon 30 Nov, 08:00",
// "lun 30 nov, 08:00", "пн, 30 лист., 08:00". The weekday and month names are the
// catalogue's (date.weekdays, date.months: CLDR's abbreviated format names).
func (l *Localizer) DateTime(t time.Time) string { return l.T("date.datetime", l.dateData(t)...) }

// DayTime writes a moment with its day and month: "30 Nov, 08:00".
func (l *Localizer) DayTime(t time.Time) string { return l.T("date.daytime", l.dateData(t)...) }

// WeekdayTime writes a moment within the week: "Mon 08:00".
func (l *Localizer) WeekdayTime(t time.Time) string {
	return l.T("date.weekdaytime", l.dateData(t)...)
}

// Date writes a day with its weekday and month: "Tue 1 Dec", "mar 1 dic", "вт, 1 груд.".
func (l *Localizer) Date(t time.Time) string { return l.T("date.date", l.dateData(t)...) }

// DayMonth writes a day and its month: "1 Dec", "1 груд.".
func (l *Localizer) DayMonth(t time.Time) string { return l.T("date.daymonth", l.dateData(t)...) }

// DayMonthYear writes a date in full: "1 Dec 2026", "1 груд. 2026 р.".
func (l *Localizer) DayMonthYear(t time.Time) string {
	return l.T("date.daymonthyear", l.dateData(t)...)
}

// WeekdayDay writes a day of the month with its weekday, for a chart's axis: "Tue 1",
// "вт, 1".
func (l *Localizer) WeekdayDay(t time.Time) string { return l.T("date.weekdayday", l.dateData(t)...) }

// Number writes n with the language's thousands separator: 1,234 · 1.234 · 1 234.
func (l *Localizer) Number(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := l.T("number.thousands")
	if sep == "number.thousands" || sep == "" {
		sep = ","
	}
	var parts []string
	for len(s) > 3 {
		parts = append([]string{s[len(s)-3:]}, parts...)
		s = s[:len(s)-3]
	}
	parts = append([]string{s}, parts...)
	out := strings.Join(parts, sep)
	if neg {
		out = "-" + out
	}
	return out
}

// Decimal writes f with prec digits after the language's decimal separator: 1.5 · 1,5.
func (l *Localizer) Decimal(f float64, prec int) string {
	s := strconv.FormatFloat(f, 'f', prec, 64)
	if sep := l.T("number.decimal"); sep != "number.decimal" && sep != "." {
		s = strings.Replace(s, ".", sep, 1)
	}
	return s
}

// Duration writes d, rounded to the minute, in the language's units: "2 d 3 h",
// "1 h 5 min", "5 min".
func (l *Localizer) Duration(d time.Duration) string {
	d = d.Round(time.Minute)
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	if days > 0 {
		parts = append(parts, l.T("duration.days", "Count", days))
	}
	if hours > 0 {
		parts = append(parts, l.T("duration.hours", "Count", hours))
	}
	if mins > 0 && days == 0 || len(parts) == 0 {
		parts = append(parts, l.T("duration.minutes", "Count", mins))
	}
	return strings.Join(parts, " ")
}

// And joins names as the language lists them: "a, b and c".
func (l *Localizer) And(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return l.T("list.and", "Items", strings.Join(names[:len(names)-1], ", "), "Last", names[len(names)-1])
}

// Placeholders lists the {{.Name}} placeholders of a message text, sorted, each once.
func Placeholders(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			out = append(out, "<unclosed>")
			break
		}
		out = append(out, strings.TrimSpace(s[i+2:i+j]))
		s = s[i+j+2:]
	}
	slices.Sort(out)
	return slices.Compact(out)
}
