// Package schedule is the one home of Vedetta's schedule rules: it parses and checks the
// cron specs sources are polled on, the digest schedules of chats ("08:00,20:00", cron specs,
// descriptors, "off") with their daylight-saving behaviour, and quiet hours; and it makes the
// scheduler jobs run on: Timers, one heap, for the sources and for the digests of any
// number of chats (robfig/cron parses the specs). `vedetta check`, the poller and the bot all call it, so a
// schedule one accepts the others accept too.
package schedule

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"
)

// Error is a schedule that cannot be used: Msg says why, Hint how to write it, in English
// (for logs and `vedetta check`). Code and Args say why for a program, so that the bot can
// say it in the chat's language (docs/LANGUAGES.md).
type Error struct {
	Spec string
	Msg  string
	Hint string
	Code Code
	Args []string // what the Code names, as the comments of the codes say
}

// Code is why a schedule cannot be used, for a program: a translation is keyed by it.
type Code string

// The codes of an Error; Args holds what the comment names.
const (
	CodeTimesNotCron    Code = "times_not_cron"    // a source's schedule written as times of day; Args: the cron spec to write
	CodeNever           Code = "never"             // no such date: it never fires
	CodeNotATime        Code = "not_a_time"        // Args: the part that is not a time of day
	CodeTooManyTimes    Code = "too_many_times"    // Args: the most times of day
	CodeZonePrefix      Code = "zone_prefix"       // a digest schedule with CRON_TZ=
	CodeTooOften        Code = "too_often"         // Args: MinDigestInterval in minutes
	CodeEmpty           Code = "empty"             // nothing to parse
	CodeZoneWithoutSpec Code = "zone_without_spec" // CRON_TZ= with no schedule after it
	CodeUnparsable      Code = "unparsable"        // anything else the cron parser refuses
	CodeFieldCount      Code = "field_count"       // Args: how many fields it has (not 5 or 6)
	CodeSeconds         Code = "seconds"           // 6 fields; Args: the spec without the seconds
	CodeDescriptor      Code = "descriptor"        // Args: the unknown @descriptor
	CodeEvery           Code = "every"             // Args: what follows @every, not a duration
	CodeField           Code = "field"             // Args: the field (a Field), its value, its least and greatest
	CodeZone            Code = "zone"              // Args: the unknown time zone
)

// Codes lists every Code an Error may carry (for a test that each has a translation).
var Codes = []Code{CodeTimesNotCron, CodeNever, CodeNotATime, CodeTooManyTimes, CodeZonePrefix, CodeTooOften,
	CodeEmpty, CodeZoneWithoutSpec, CodeUnparsable, CodeFieldCount, CodeSeconds, CodeDescriptor, CodeEvery,
	CodeField, CodeZone}

// The five fields of a cron spec, in order, as CodeField names them.
const (
	FieldMinute     = "minute"
	FieldHour       = "hour"
	FieldDayOfMonth = "day_of_month"
	FieldMonth      = "month"
	FieldDayOfWeek  = "day_of_week"
)

// fields are the cron fields with their ranges (robfig/cron's standard parser).
var fields = []struct {
	name     string
	min, max int
}{{FieldMinute, 0, 59}, {FieldHour, 0, 23}, {FieldDayOfMonth, 1, 31}, {FieldMonth, 1, 12}, {FieldDayOfWeek, 0, 6}}

func (e *Error) Error() string { return e.Msg }

// CronHint describes the cron specs every schedule accepts.
const CronHint = `a 5-field cron spec (minute hour day-of-month month day-of-week) such as "0 8,20 * * *", or @hourly, @daily, @every 10m`

// DigestHint describes the digest schedules, which also take times of day and "off".
const DigestHint = `a time of day such as 08:00, several (08:00,20:00), ` + CronHint + `, or off`

// MinDigestInterval is the shortest time between two digests: more often than that is
// noise for the chat and a disk sync each time for nothing.
const MinDigestInterval = 5 * time.Minute

// maxDailyDigests bounds the times of day of one digest schedule.
const maxDailyDigests = 24 * 4

var (
	reClock     = regexp.MustCompile(`^([01]?\d|2[0-3]):([0-5]\d)$`)
	reClockList = regexp.MustCompile(`^\d{1,2}:\d{2}(\s*,\s*\d{1,2}:\d{2})*$`)
)

// Source parses the schedule a source is polled on: a 5-field cron spec, a descriptor
// (@hourly, @every 10m), optionally after CRON_TZ=Zone.
func Source(spec string) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	if reClockList.MatchString(spec) {
		return nil, &Error{spec, fmt.Sprintf("%q is a list of times, not a cron spec", spec), fmt.Sprintf("write %q", clockToCron(spec)), CodeTimesNotCron, []string{clockToCron(spec)}}
	}
	s, err := parseCron(spec)
	if err != nil {
		return nil, err
	}
	if s.Next(time.Now()).IsZero() {
		return nil, &Error{spec, fmt.Sprintf("cron spec %q never runs (no such date)", spec), CronHint, CodeNever, nil}
	}
	return s, nil
}

// Digest parses a chat's digest schedule in the chat's zone loc: "08:00", "08:00,20:00", a
// 5-field cron spec or a descriptor; "off" (or "") returns nil. A schedule that fires at set
// times of day (times, "0 8 * * 1", "@daily") keeps wall-clock time across daylight saving:
// a time that does not exist on a spring-forward day (02:30 in Rome on the last Sunday of
// March) fires once, an hour later by the clock, and a time that happens twice on a
// fall-back day fires once, at its first occurrence — daily, weekly and monthly alike. The
// zone is the chat's: a CRON_TZ= prefix is refused. Digests more frequent than
// MinDigestInterval are refused.
func Digest(spec string, loc *time.Location) (cron.Schedule, error) {
	key := digestKey{strings.TrimSpace(spec), loc}
	if v, ok := digests.Load(key); ok {
		d := v.(parsedDigest)
		return d.s, d.err
	}
	s, err := parseDigest(key.spec, loc)
	if digestsLen.Load() < maxCachedDigests {
		digestsLen.Add(1)
		digests.Store(key, parsedDigest{s, err})
	}
	return s, err
}

// Parsed digest schedules by spec and zone: at start-up the bot schedules every chat's
// digest, and 100,000 chats share a few specs ("08:00", the default); checkInterval alone
// walks 48 runs of each. Schedules are values nobody changes once parsed, so chats share
// them. The cache stops growing at maxCachedDigests distinct specs.
var (
	digests    sync.Map // digestKey → parsedDigest
	digestsLen atomic.Int64
)

const maxCachedDigests = 10_000

type digestKey struct {
	spec string
	loc  *time.Location
}

type parsedDigest struct {
	s   cron.Schedule
	err error
}

func parseDigest(spec string, loc *time.Location) (cron.Schedule, error) {
	if spec == "" || strings.EqualFold(spec, "off") {
		return nil, nil
	}
	var s cron.Schedule
	if reClockList.MatchString(spec) || reClock.MatchString(strings.TrimSpace(strings.Split(spec, ",")[0])) {
		var minutes []int
		for p := range strings.SplitSeq(spec, ",") {
			m := reClock.FindStringSubmatch(strings.TrimSpace(p))
			if m == nil {
				return nil, &Error{spec, fmt.Sprintf("%q is not a time of day like 08:00", strings.TrimSpace(p)), DigestHint, CodeNotATime, []string{strings.TrimSpace(p)}}
			}
			h, _ := strconv.Atoi(m[1])
			mm, _ := strconv.Atoi(m[2])
			minutes = append(minutes, h*60+mm)
		}
		if len(minutes) > maxDailyDigests {
			return nil, &Error{spec, fmt.Sprintf("at most %d digests a day", maxDailyDigests), DigestHint, CodeTooManyTimes, []string{strconv.Itoa(maxDailyDigests)}}
		}
		slices.Sort(minutes)
		s = wallClock{loc: loc, minutes: slices.Compact(minutes)}
	} else {
		if strings.Contains(spec, "TZ=") {
			return nil, &Error{spec, "a digest schedule takes its zone from the chat, not from CRON_TZ", "drop the CRON_TZ= prefix; set the zone with /timezone in a chat, or digest.timezone for new chats", CodeZonePrefix, nil}
		}
		c, err := parseCron(spec)
		if err != nil {
			return nil, err
		}
		s = inZone(c, loc)
	}
	if err := checkInterval(spec, s); err != nil {
		return nil, err
	}
	return s, nil
}

// checkInterval refuses a schedule that never fires or fires twice within MinDigestInterval.
func checkInterval(spec string, s cron.Schedule) error {
	// From a fixed instant, so that the answer does not depend on the day it is asked.
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	next := s.Next(at)
	if next.IsZero() {
		return &Error{spec, fmt.Sprintf("schedule %q never fires (no such date)", spec), "e.g. 0 8 1 * * for the first of each month", CodeNever, nil}
	}
	for range 48 {
		after := s.Next(next)
		if after.IsZero() {
			break
		}
		if after.Sub(next) < MinDigestInterval {
			return &Error{spec, fmt.Sprintf("schedule %q sends digests more often than every %s", spec, MinDigestInterval), "use alerts (/alert) for news at once, or e.g. @every 30m or @hourly", CodeTooOften, []string{strconv.Itoa(int(MinDigestInterval.Minutes()))}}
		}
		next = after
	}
	return nil
}

// inZone is a parsed cron schedule read in loc; one with set hours becomes a wallClock,
// which keeps its daylight-saving promise (robfig/cron skips a time in a spring-forward gap
// on weekly and monthly specs).
func inZone(c cron.Schedule, loc *time.Location) cron.Schedule {
	spec, ok := c.(*cron.SpecSchedule)
	if !ok {
		return c // @every: a constant delay, no wall clock
	}
	const allHours = 1<<24 - 1
	if spec.Hour&allHours == allHours {
		spec.Location = loc
		return spec // every hour: a repeated or skipped hour is one of many
	}
	var minutes []int
	for h := range 24 {
		if spec.Hour&(1<<h) == 0 {
			continue
		}
		for m := range 60 {
			if spec.Minute&(1<<m) != 0 {
				minutes = append(minutes, h*60+m)
			}
		}
	}
	return wallClock{loc: loc, minutes: minutes, day: spec}
}

// starBit marks a cron field written as "*" (robfig/cron's own flag, bit 63).
const starBit = 1 << 63

// wallClock fires at fixed wall-clock times in a zone on the days its day filter accepts.
type wallClock struct {
	loc     *time.Location
	minutes []int              // minutes after midnight, sorted
	day     *cron.SpecSchedule // day-of-month, month and day-of-week fields; nil: every day
}

// dayMatches is robfig/cron's rule: day-of-month and day-of-week are ANDed when either is
// "*", else ORed (as in Vixie cron).
func (w wallClock) dayMatches(d time.Time) bool {
	s := w.day
	if s == nil {
		return true
	}
	if s.Month&(1<<uint(d.Month())) == 0 {
		return false
	}
	dom := s.Dom&(1<<uint(d.Day())) != 0
	dow := s.Dow&(1<<uint(d.Weekday())) != 0
	if s.Dom&starBit != 0 || s.Dow&starBit != 0 {
		return dom && dow
	}
	return dom || dow
}

// Next implements cron.Schedule. Like robfig/cron it gives up after five years.
func (w wallClock) Next(t time.Time) time.Time {
	y, m, d := t.In(w.loc).Date()
	for dd := 0; dd < 5*366+2; dd++ {
		if !w.dayMatches(time.Date(y, m, d+dd, 12, 0, 0, 0, w.loc)) {
			continue
		}
		for _, mins := range w.minutes {
			// time.Date normalises a time in a spring-forward gap to after the gap. In a
			// fall-back overlap it may pick either occurrence, so take the earlier one.
			c := time.Date(y, m, d+dd, mins/60, mins%60, 0, 0, w.loc)
			if e := c.Add(-time.Hour); e.In(w.loc).Hour() == c.Hour() && e.In(w.loc).Minute() == c.Minute() {
				c = e
			}
			if c.After(t) && !sameSlot(c, t, w.loc) {
				return c
			}
		}
	}
	return time.Time{}
}

// sameSlot reports whether a and b read the same wall-clock minute of the same day: the
// second 02:30 of a fall-back night is the slot already served.
func sameSlot(a, b time.Time, loc *time.Location) bool {
	return a.In(loc).Format("2006-01-02 15:04") == b.In(loc).Format("2006-01-02 15:04")
}

// parseCron is cron.ParseStandard without its panic on a CRON_TZ=/TZ= prefix with nothing
// after it (robfig/cron issues #470 and #554), with errors that say how to fix the spec.
func parseCron(spec string) (sched cron.Schedule, err error) {
	if spec == "" {
		return nil, &Error{spec, "empty schedule", CronHint, CodeEmpty, nil}
	}
	if strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=") {
		if i := strings.IndexAny(spec, " \t"); i < 0 || strings.TrimSpace(spec[i:]) == "" {
			return nil, &Error{spec, fmt.Sprintf("bad cron spec %q: time zone prefix without a schedule after it", spec), CronHint, CodeZoneWithoutSpec, nil}
		}
	}
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, &Error{spec, fmt.Sprintf("bad cron spec %q: unparsable (%v)", spec, r), CronHint, CodeUnparsable, nil}
		}
	}()
	sched, err = cron.ParseStandard(spec)
	if err != nil {
		hint := CronHint
		code, args := cronCode(spec, err)
		if code == CodeSeconds {
			hint = "seconds are not supported: drop the first field, e.g. " + strconv.Quote(args[0])
		}
		why, _, _ := strings.Cut(err.Error(), ": [") // robfig/cron repeats the spec in brackets
		return nil, &Error{spec, fmt.Sprintf("bad cron spec %q: %s", spec, why), hint, code, args}
	}
	return sched, nil
}

// cronCode says which rule a spec that robfig/cron refused breaks: its parser's errors are
// English sentences, so the spec is looked at again rather than the sentence read.
func cronCode(spec string, err error) (Code, []string) {
	zone := ""
	if strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=") {
		i := strings.IndexAny(spec, " \t")
		_, zone, _ = strings.Cut(spec[:i], "=")
		spec = strings.TrimSpace(spec[i:])
	}
	if zone != "" {
		if _, lerr := time.LoadLocation(zone); lerr != nil {
			return CodeZone, []string{zone}
		}
	}
	if d, ok := strings.CutPrefix(spec, "@"); ok {
		if every, ok := strings.CutPrefix(d, "every "); ok {
			return CodeEvery, []string{strings.TrimSpace(every)}
		}
		return CodeDescriptor, []string{"@" + d}
	}
	f := strings.Fields(spec)
	switch {
	case len(f) == 6:
		return CodeSeconds, []string{strings.Join(f[1:], " ")}
	case len(f) != 5:
		return CodeFieldCount, []string{strconv.Itoa(len(f))}
	}
	// Parse each field alone, the others "*", to find the one that is wrong.
	for i, fd := range fields {
		one := []string{"*", "*", "*", "*", "*"}
		one[i] = f[i]
		if _, ferr := cron.ParseStandard(strings.Join(one, " ")); ferr != nil {
			return CodeField, []string{fd.name, f[i], strconv.Itoa(fd.min), strconv.Itoa(fd.max)}
		}
	}
	return CodeUnparsable, nil
}

// clockToCron turns "08:00,20:30" into the equivalent cron spec, for a hint.
func clockToCron(s string) string {
	var mins, hours []string
	for part := range strings.SplitSeq(s, ",") {
		h, m, _ := strings.Cut(strings.TrimSpace(part), ":")
		hn, _ := strconv.Atoi(h)
		mn, _ := strconv.Atoi(m)
		hours = append(hours, strconv.Itoa(hn))
		mins = append(mins, strconv.Itoa(mn))
	}
	if len(slices.Compact(slices.Clone(mins))) == 1 {
		return mins[0] + " " + strings.Join(hours, ",") + " * * *"
	}
	return mins[0] + " " + hours[0] + " * * * (one cron spec per distinct minute)"
}

// Quiet parses quiet hours "HH:MM-HH:MM" into minutes after midnight; ok is false for
// anything else, and for an empty range.
func Quiet(spec string) (from, to int, ok bool) {
	a, z, found := strings.Cut(spec, "-")
	ma, mz := reClock.FindStringSubmatch(strings.TrimSpace(a)), reClock.FindStringSubmatch(strings.TrimSpace(z))
	if !found || ma == nil || mz == nil {
		return 0, 0, false
	}
	h1, _ := strconv.Atoi(ma[1])
	m1, _ := strconv.Atoi(ma[2])
	h2, _ := strconv.Atoi(mz[1])
	m2, _ := strconv.Atoi(mz[2])
	from, to = h1*60+m1, h2*60+m2
	return from, to, from != to
}

// QuietAt reports whether t (in the chat's zone) falls in the quiet hours spec, and when
// they end.
func QuietAt(spec string, t time.Time) (bool, time.Time) {
	from, to, ok := Quiet(spec)
	if !ok {
		return false, time.Time{}
	}
	y, m, d := t.Date()
	loc := t.Location()
	at := func(day, mins int) time.Time { return time.Date(y, m, d+day, mins/60, mins%60, 0, 0, loc) }
	now := t.Hour()*60 + t.Minute()
	switch {
	case from < to && now >= from && now < to:
		return true, at(0, to)
	case from > to && now >= from:
		return true, at(1, to)
	case from > to && now < to:
		return true, at(0, to)
	}
	return false, time.Time{}
}

// Hint returns the hint of a schedule error, or "".
func Hint(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Hint
	}
	return ""
}
