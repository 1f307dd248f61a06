package bot

import (
	"testing"
	"time"
)

// fires lists the times a schedule fires in [from, to).
func fires(t *testing.T, spec string, loc *time.Location, from, to time.Time) []time.Time {
	t.Helper()
	s, err := ParseSchedule(spec, loc)
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

func TestDigestScheduleAcrossDaylightSaving(t *testing.T) {
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

func TestScheduleSyntax(t *testing.T) {
	tests := []struct {
		name, spec string
		ok         bool
	}{
		{"one time of day", "08:00", true},
		{"two times of day", "08:00, 20:00", true},
		{"a five-field cron spec", "0 */2 * * 1-5", true},
		{"a descriptor", "@hourly", true},
		{"off", "off", true},
		{"25:00 is not a time", "25:00", false},
		{"words are not a schedule", "every morning", false},
		{"a bare CRON_TZ prefix does not panic", "CRON_TZ=UTC", false},
		{"six fields are refused", "0 0 8 * * *", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSchedule(tt.spec, time.UTC)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseSchedule(%q) error = %v, want ok=%v", tt.spec, err, tt.ok)
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
			q, end := quietNow(tt.spec, tt.at)
			if q != tt.quiet || !end.Equal(tt.endsAt) {
				t.Fatalf("quietNow(%q, %v) = %v, %v; want %v, %v", tt.spec, tt.at, q, end, tt.quiet, tt.endsAt)
			}
		})
	}
}
