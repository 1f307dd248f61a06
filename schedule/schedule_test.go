package schedule

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// fires lists the times a digest schedule fires in [from, to).
func fires(t *testing.T, spec string, loc *time.Location, from, to time.Time) []time.Time {
	t.Helper()
	s, err := Digest(spec, loc)
	if err != nil {
		t.Fatalf("parse %q: %v", spec, err)
	}
	var out []time.Time
	for at := s.Next(from); !at.IsZero() && at.Before(to); at = s.Next(at) {
		out = append(out, at)
		if len(out) > 1000 {
			t.Fatal("runaway schedule")
		}
	}
	return out
}

func TestDigestAcrossDaylightSaving(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	kyiv, _ := time.LoadLocation("Europe/Kyiv")
	tests := []struct {
		name     string
		spec     string
		loc      *time.Location
		day      time.Time // local midnight of the transition day
		want     []string  // local times of the day's digests
		wantZone []string
	}{
		{"a digest at 02:30 on the spring-forward night comes once, at 03:30 summer time", "02:30", rome,
			time.Date(2026, 3, 29, 0, 0, 0, 0, rome), []string{"03:30"}, []string{"CEST"}},
		{"a digest at 02:30 on the fall-back night comes once, not twice", "02:30", rome,
			time.Date(2026, 10, 25, 0, 0, 0, 0, rome), []string{"02:30"}, []string{"CEST"}},
		{"08:00 and 20:00 both come on the spring-forward day", "08:00,20:00", rome,
			time.Date(2026, 3, 29, 0, 0, 0, 0, rome), []string{"08:00", "20:00"}, []string{"CEST", "CEST"}},
		{"the default cron spec 0 8,20 * * * behaves like 08:00,20:00 on the fall-back day", "0 8,20 * * *", rome,
			time.Date(2026, 10, 25, 0, 0, 0, 0, rome), []string{"08:00", "20:00"}, []string{"CET", "CET"}},
		{"03:30 in Kyiv on its spring-forward night comes once at 04:30", "03:30", kyiv,
			time.Date(2026, 3, 29, 0, 0, 0, 0, kyiv), []string{"04:30"}, []string{"EEST"}},
		{"03:30 in Kyiv on its fall-back night comes once", "03:30", kyiv,
			time.Date(2026, 10, 25, 0, 0, 0, 0, kyiv), []string{"03:30"}, []string{"EEST"}},
		// 29 March and 25 October 2026 are Sundays.
		{"a weekly digest at 02:30 on Sundays comes once on the spring-forward Sunday", "30 2 * * 0", rome,
			time.Date(2026, 3, 29, 0, 0, 0, 0, rome), []string{"03:30"}, []string{"CEST"}},
		{"a weekly digest at 02:30 on Sundays comes once on the fall-back Sunday", "30 2 * * 0", rome,
			time.Date(2026, 10, 25, 0, 0, 0, 0, rome), []string{"02:30"}, []string{"CEST"}},
		{"a monthly digest on the 29th at 02:30 comes once on 29 March", "30 2 29 * *", rome,
			time.Date(2026, 3, 29, 0, 0, 0, 0, rome), []string{"03:30"}, []string{"CEST"}},
		{"a monthly digest on the 25th at 02:30 comes once on 25 October", "30 2 25 * *", rome,
			time.Date(2026, 10, 25, 0, 0, 0, 0, rome), []string{"02:30"}, []string{"CEST"}},
		{"@weekly at midnight is untouched by a 02:00 change", "@weekly", rome,
			time.Date(2026, 3, 29, 0, 0, 0, 0, rome), []string{"00:00"}, []string{"CET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fires(t, tt.spec, tt.loc, tt.day.Add(-time.Second), tt.day.Add(26*time.Hour))
			var times, zones []string
			for _, g := range got {
				l := g.In(tt.loc)
				if l.Day() != tt.day.Day() {
					continue
				}
				times = append(times, l.Format("15:04"))
				z, _ := l.Zone()
				zones = append(zones, z)
			}
			if len(times) != len(tt.want) {
				t.Fatalf("fired at %v %v, want %v", times, zones, tt.want)
			}
			for i := range times {
				if times[i] != tt.want[i] || zones[i] != tt.wantZone[i] {
					t.Fatalf("fired at %v %v, want %v %v", times, zones, tt.want, tt.wantZone)
				}
			}
		})
	}
}

func TestWeeklyDigestKeepsItsDays(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	// Monday to Friday at 09:00, over the week of the spring-forward Sunday.
	got := fires(t, "0 9 * * 1-5", rome, time.Date(2026, 3, 27, 0, 0, 0, 0, rome), time.Date(2026, 4, 4, 0, 0, 0, 0, rome))
	var days []string
	for _, g := range got {
		days = append(days, g.In(rome).Format("Mon 02 15:04"))
	}
	want := "Fri 27 09:00,Mon 30 09:00,Tue 31 09:00,Wed 01 09:00,Thu 02 09:00,Fri 03 09:00"
	if strings.Join(days, ",") != want {
		t.Fatalf("fired %v, want %s", days, want)
	}
	// Day-of-month and day-of-week both set are ORed, as in cron: the 1st, and Sundays.
	got = fires(t, "0 9 1 * 0", rome, time.Date(2026, 3, 28, 0, 0, 0, 0, rome), time.Date(2026, 4, 6, 0, 0, 0, 0, rome))
	days = days[:0]
	for _, g := range got {
		days = append(days, g.In(rome).Format("Mon 02"))
	}
	if want := "Sun 29,Wed 01,Sun 05"; strings.Join(days, ",") != want {
		t.Fatalf("fired %v, want %s", days, want)
	}
}

func TestDigestSyntax(t *testing.T) {
	tests := []struct {
		name, spec string
		ok         bool
		errHas     string
	}{
		{"one time of day", "08:00", true, ""},
		{"two times of day", "08:00, 20:00", true, ""},
		{"a five-field cron spec", "0 */2 * * 1-5", true, ""},
		{"a descriptor", "@hourly", true, ""},
		{"every half hour", "@every 30m", true, ""},
		{"off", "off", true, ""},
		{"25:00 is not a time", "25:00", false, "time of day"},
		{"words are not a schedule", "every morning", false, "bad cron spec"},
		{"a bare CRON_TZ prefix does not panic", "CRON_TZ=UTC", false, "CRON_TZ"},
		{"CRON_TZ is refused: the zone is the chat's", "CRON_TZ=UTC 0 8 * * *", false, "zone from the chat"},
		{"six fields are refused", "0 0 8 * * *", false, "bad cron spec"},
		{"a date that never comes", "0 8 31 2 *", false, "never fires"},
		{"every second is refused", "@every 1s", false, "more often than every 5m"},
		{"every minute is refused", "* * * * *", false, "more often"},
		{"two times two minutes apart are refused", "08:00,08:02", false, "more often"},
		{"every five minutes is the limit", "*/5 * * * *", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Digest(tt.spec, time.UTC)
			if (err == nil) != tt.ok {
				t.Fatalf("Digest(%q) error = %v, want ok=%v", tt.spec, err, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), tt.errHas) {
				t.Fatalf("Digest(%q) error = %q, want it to mention %q", tt.spec, err, tt.errHas)
			}
			if err != nil && Hint(err) == "" {
				t.Errorf("Digest(%q): an error without a hint", tt.spec)
			}
		})
	}
}

func TestSourceSyntax(t *testing.T) {
	tests := []struct {
		name, spec string
		ok         bool
		hintHas    string
	}{
		{"every ten minutes", "@every 10m", true, ""},
		{"every second (tests)", "@every 1s", true, ""},
		{"a cron spec in a zone", "CRON_TZ=Europe/Kyiv */5 * * * *", true, ""},
		{"a bare CRON_TZ prefix is an error, not a panic", "CRON_TZ=UTC", false, ""},
		{"a bare TZ prefix is an error, not a panic", "TZ=0", false, ""},
		{"words", "every minute", false, ""},
		{"six fields: the hint drops the seconds", "0 0 8 * * *", false, `"0 8 * * *"`},
		{"a list of times: the hint gives the cron spec", "08:00,20:00", false, `"0 8,20 * * *"`},
		{"a date that never comes", "0 8 31 2 *", false, ""},
		{"empty", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Source(tt.spec)
			if (err == nil) != tt.ok {
				t.Fatalf("Source(%q) error = %v, want ok=%v", tt.spec, err, tt.ok)
			}
			var se *Error
			if err != nil && !errors.As(err, &se) {
				t.Fatalf("Source(%q) error %T, want *Error", tt.spec, err)
			}
			if !strings.Contains(Hint(err), tt.hintHas) {
				t.Errorf("Source(%q) hint = %q, want it to contain %q", tt.spec, Hint(err), tt.hintHas)
			}
		})
	}
}

func TestQuietHours(t *testing.T) {
	day := func(h, m int) time.Time { return time.Date(2026, 11, 25, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		spec   string
		at     time.Time
		quiet  bool
		endsAt time.Time
	}{
		{"23:30 is inside 23:00-07:00 and ends tomorrow at 07:00", "23:00-07:00", day(23, 30), true, day(31, 0)},
		{"06:59 is inside 23:00-07:00 and ends at 07:00", "23:00-07:00", day(6, 59), true, day(7, 0)},
		{"07:00 is outside 23:00-07:00", "23:00-07:00", day(7, 0), false, time.Time{}},
		{"13:00 is inside 12:00-14:00", "12:00-14:00", day(13, 0), true, day(14, 0)},
		{"no quiet hours", "", day(3, 0), false, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, end := QuietAt(tt.spec, tt.at)
			if q != tt.quiet || !end.Equal(tt.endsAt) {
				t.Fatalf("QuietAt(%q, %v) = %v, %v; want %v, %v", tt.spec, tt.at, q, end, tt.quiet, tt.endsAt)
			}
		})
	}
}

// TestErrorsSayWhyForAProgram: each refusal carries the code and arguments the bot words in
// the chat's language, while Error() stays the English `vedetta check` prints.
func TestErrorsSayWhyForAProgram(t *testing.T) {
	tests := []struct {
		name, spec string
		digest     bool
		code       Code
		args       []string
	}{
		{"25:00 is not a time of day", "25:00", true, CodeNotATime, []string{"25:00"}},
		{"words are three fields", "every morning now", true, CodeFieldCount, []string{"3"}},
		{"six fields name the spec without seconds", "0 0 8 * * *", true, CodeSeconds, []string{"0 8 * * *"}},
		{"an hour out of range names the field and its range", "0 25 * * *", true, CodeField, []string{FieldHour, "25", "0", "23"}},
		{"a month that is not a number", "0 8 1 jun-x *", true, CodeField, []string{FieldMonth, "jun-x", "1", "12"}},
		{"an unknown descriptor", "@fortnightly", true, CodeDescriptor, []string{"@fortnightly"}},
		{"@every without a duration", "@every often", true, CodeEvery, []string{"often"}},
		{"a zone prefix in a digest", "CRON_TZ=UTC 0 8 * * *", true, CodeZonePrefix, nil},
		{"a date that never comes", "0 8 31 2 *", true, CodeNever, nil},
		{"too often", "* * * * *", true, CodeTooOften, []string{"5"}},
		{"a list of times for a source", "08:00,20:00", false, CodeTimesNotCron, []string{"0 8,20 * * *"}},
		{"an unknown zone for a source", "CRON_TZ=Mars/Olympus 0 8 * * *", false, CodeZone, []string{"Mars/Olympus"}},
		{"an empty source schedule", "", false, CodeEmpty, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.digest {
				_, err = Digest(tt.spec, time.UTC)
			} else {
				_, err = Source(tt.spec)
			}
			se, ok := errors.AsType[*Error](err)
			if !ok {
				t.Fatalf("%q: %v, want an *Error", tt.spec, err)
			}
			if se.Code != tt.code || !slices.Equal(se.Args, tt.args) {
				t.Errorf("%q: code %q %q, want %q %q (%v)", tt.spec, se.Code, se.Args, tt.code, tt.args, err)
			}
			if !slices.Contains(Codes, se.Code) {
				t.Errorf("%q: code %q is not in Codes", tt.spec, se.Code)
			}
		})
	}
}
