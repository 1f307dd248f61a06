package trend

import (
	"testing"
	"time"
)

// history is a week of hourly counts: base items in every hour of the previous 7 days, and
// last items in the hour that contains now.
func history(now time.Time, base, last int) Hourly {
	h := Hourly{}
	cur := now.UTC().Truncate(time.Hour)
	for i := 1; i <= 8*24; i++ {
		h[cur.Add(-time.Duration(i)*time.Hour)] = base
	}
	h[cur] = last
	return h
}

func TestSurgeRule(t *testing.T) {
	// Checks run at 10:59:59.999, so that the last hour is the 10:00 hour alone (the
	// millisecond of 09:00 in the window rounds down to no item).
	now := time.Date(2026, 12, 3, 10, 59, 59, 999_000_000, time.UTC)
	r := DefaultSurgeRule
	for _, tc := range []struct {
		name      string
		h         Hourly
		lastAlert time.Time
		want      bool
		count     int
		usual     int
	}{
		{"three times the usual level and ten items surges", history(now, 4, 12), time.Time{}, true, 12, 4},
		{"just under three times the usual level does not", history(now, 4, 11), time.Time{}, false, 11, 4},
		{"three times the usual but under ten items does not", history(now, 3, 9), time.Time{}, false, 9, 3},
		{"ten items where there are usually none surges", history(now, 0, 10), time.Time{}, true, 10, 0},
		{"nine items where there are usually none does not", history(now, 0, 9), time.Time{}, false, 9, 0},
		{"a busy hour that is busy every day does not", history(now, 40, 45), time.Time{}, false, 45, 40},
		{"a second surge within 6 hours is not sent", history(now, 4, 40), now.Add(-5*time.Hour - 59*time.Minute), false, 40, 4},
		{"a surge 6 hours after the last alert is sent", history(now, 4, 40), now.Add(-6 * time.Hour), true, 40, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, alert := r.Check(now, tc.h, tc.lastAlert)
			if alert != tc.want || s.Count != tc.count || s.Usual != tc.usual {
				t.Fatalf("Check = %+v, %v; want count %d, usual %d, alert %v", s, alert, tc.count, tc.usual, tc.want)
			}
		})
	}
}

func TestSurgeUsualLevelIsTheMedianOfTheSameHour(t *testing.T) {
	now := time.Date(2026, 12, 3, 14, 59, 59, 999_000_000, time.UTC)
	h := Hourly{}
	hour := now.Truncate(time.Hour)
	// The 14:00 hour of the last 7 days: one day with a huge spike does not raise the
	// usual level, which is the median, 5.
	for d, n := range []int{5, 4, 6, 500, 5, 3, 7} {
		h[hour.Add(-time.Duration(d+1)*24*time.Hour)] = n
	}
	h[hour.Add(-8*24*time.Hour)] = 1000 // eight days ago: not in the week
	h[hour.Add(-3*time.Hour)] = 1000    // today, another hour: not the same hour
	h[hour] = 15
	s, alert := DefaultSurgeRule.Check(now, h, time.Time{})
	if s.Usual != 5 || s.Count != 15 || s.Ratio != 3 || !alert {
		t.Fatalf("Check = %+v, %v; want usual 5, count 15, ratio 3, alert", s, alert)
	}
}

func TestLastHourTakesTheShareOfThePreviousHourInTheWindow(t *testing.T) {
	hour := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	h := Hourly{hour.Add(-time.Hour): 40, hour: 6}
	for _, tc := range []struct {
		at   time.Time
		want int
	}{
		{hour, 46},                       // all of 09:00, and what 10:00 holds already
		{hour.Add(15 * time.Minute), 36}, // 6 + 3/4 of 40
		{hour.Add(30 * time.Minute), 26}, // 6 + 20
		{hour.Add(time.Hour - time.Nanosecond), 6},
	} {
		if got := h.LastHour(tc.at); got != tc.want {
			t.Errorf("LastHour(%v) = %d, want %d", tc.at.Format("15:04:05.999"), got, tc.want)
		}
	}
}

func TestSurgeFromCoversEveryHourCheckReads(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 20, 0, 0, time.UTC)
	from := DefaultSurgeRule.From(now)
	// The earliest read is the hour before the same hour 7 days ago.
	if want := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC); !from.Equal(want) {
		t.Fatalf("From = %v, want %v", from, want)
	}
}

func TestHourlyTotalsSumPointsPerUTCHour(t *testing.T) {
	kyiv := mustLoad(t, "Europe/Kyiv")
	at := time.Date(2026, 12, 3, 12, 10, 0, 0, kyiv)
	h := HourlyTotals([]Point{{At: at}, {At: at.Add(40 * time.Minute), N: 3}, {At: at.Add(time.Hour)}})
	if h[time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)] != 4 || h[time.Date(2026, 12, 3, 11, 0, 0, 0, time.UTC)] != 1 || len(h) != 2 {
		t.Fatalf("HourlyTotals = %v", h)
	}
}
