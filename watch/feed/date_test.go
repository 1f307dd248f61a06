package feed

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestLocalizedDatesAreRead(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // RFC 3339 in UTC; "" = not a date
	}{
		{"Italian, from Il Messaggero", "mer, 16 nov 2022 00:38:15 +0100", "2022-11-15T23:38:15Z"},
		{"Portuguese, from UOL", "Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T22:42:40Z"},
		{"Italian month in full", "giovedì, 3 aprile 2025 08:00:00 +0200", "2025-04-03T06:00:00Z"},
		{"Spanish", "mié, 27 mar 2024 10:15:00 +0100", "2024-03-27T09:15:00Z"},
		{"French with dots and accents", "mer., 14 févr. 2024 07:30:00 +0100", "2024-02-14T06:30:00Z"},
		{"French juillet is not juin", "lun., 1 juil. 2024 12:00:00 +0200", "2024-07-01T10:00:00Z"},
		{"German März", "Mi, 27 Mär 2024 10:15:00 +0100", "2024-03-27T09:15:00Z"},
		{"Portuguese October", "Qui, 10 Out 2024 09:00 -0300", "2024-10-10T12:00:00Z"},
		{"a named zone", "ven, 8 mar 2024 10:00:00 GMT", "2024-03-08T10:00:00Z"},
		{"an unknown month word", "mer, 16 brumaire 2022 00:38:15 +0100", ""},
		{"not a date", "ieri sera", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseDate(tt.in)
			if tt.want == "" {
				if ok {
					t.Fatalf("parseDate(%q) = %v, want no date", tt.in, got)
				}
				return
			}
			if !ok || got.UTC().Format(time.RFC3339) != tt.want {
				t.Fatalf("parseDate(%q) = %v, %v; want %s", tt.in, got.UTC(), ok, tt.want)
			}
		})
	}
}

// dateCases are the shapes real feeds write, with the instant each states; "" means the
// text names no instant that can be placed exactly, and the item gets the time first seen.
var dateCases = []struct{ in, want string }{
	{"Tue 16 Feb 2016, 23:16:00 EDT", "2016-02-17T03:16:00Z"},
	{"mer, 16 nov 2022 10:00:00 CET", "2022-11-16T09:00:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 MSK", "2022-11-16T07:00:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 IST", "2022-11-16T04:30:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 JST", "2022-11-16T01:00:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 AEST", "2022-11-16T00:00:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 HKT", "2022-11-16T02:00:00Z"},
	{"Wed, 16 Jun 2022 10:00:00 CEST", "2022-06-16T08:00:00Z"},
	{"Wed, 16 Jun 2022 10:00:00 EEST", "2022-06-16T07:00:00Z"},
	{"Thu, 16 Jun 2022 10:00:00 BST", "2022-06-16T09:00:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 PST", "2022-11-16T18:00:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 cet", "2022-11-16T09:00:00Z"},
	{"1668592800", "2022-11-16T10:00:00Z"},
	{"1668592800000", "2022-11-16T10:00:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 +00:00", "2022-11-16T10:00:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 +05:30", "2022-11-16T04:30:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 GMT-07:00", "2022-11-16T17:00:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 UTC+3", "2022-11-16T07:00:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 +0000 (UTC)", "2022-11-16T10:00:00Z"},
	{"2022-11-16T10:00:00", "2022-11-16T10:00:00Z"},
	{"2022-11-16 10:00:00", "2022-11-16T10:00:00Z"},
	{"2022-11-16", "2022-11-16T00:00:00Z"},
	{"2022-11-16T10:00:00+01:00", "2022-11-16T09:00:00Z"},
	{"2022-11-16T10:00:00.123Z", "2022-11-16T10:00:00.123Z"},
	{"2022-11-16 10:00:00 +0100", "2022-11-16T09:00:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 America/Los_Angeles", "2022-11-16T18:00:00Z"},
	{"2022-06-16 10:00:00 Europe/Rome", "2022-06-16T08:00:00Z"},
	{"16th Nov 2022 10:00 GMT", "2022-11-16T10:00:00Z"},
	{"November 1st, 2022 9:30 PM EST", "2022-11-02T02:30:00Z"},
	{"Nov 16, 2022", "2022-11-16T00:00:00Z"},
	{"Mon Jan  2 15:04:05 2006", "2006-01-02T15:04:05Z"},
	{"Mon Jan 2 15:04:05 MST 2006", "2006-01-02T22:04:05Z"},
	{"16.11.2022 10:00", "2022-11-16T10:00:00Z"},
	{"16 de noviembre de 2022 10:00 -0300", "2022-11-16T13:00:00Z"},
	{"Wed, 16 Nov 22 10:00:00 GMT", "2022-11-16T10:00:00Z"},
	{"Wed, 16 Nov 2022 10:00:00 XYZT", ""},
	{"Wed, 16 Nov 2022 10:00:00 Mars/Olympus", ""},
	{"Wed, 31 Feb 2022 10:00:00 GMT", ""},
	{"Wed, 16 Nov 2022 25:00:00 GMT", ""},
	{"12345", ""},
	{"tomorrow", ""},
}

func TestDateShapes(t *testing.T) {
	for _, tt := range dateCases {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseDate(tt.in)
			if tt.want == "" {
				if ok {
					t.Fatalf("parseDate(%q) = %v, want no date", tt.in, got)
				}
				return
			}
			if !ok || got.Format(time.RFC3339Nano) != tt.want {
				t.Fatalf("parseDate(%q) = %v, %v; want %s", tt.in, got, ok, tt.want)
			}
		})
	}
}

// TestDatesDoNotDependOnTheServerZone runs TestDateShapes and a whole parse again in child
// processes whose TZ is New York and Kolkata: time.Local is set from TZ once, at start-up.
func TestDatesDoNotDependOnTheServerZone(t *testing.T) {
	if os.Getenv("VEDETTA_TZ_CHILD") != "" {
		t.Skip("in the child")
	}
	for _, tz := range []string{"America/New_York", "Asia/Kolkata"} {
		t.Run(tz, func(t *testing.T) {
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^(TestDateShapes|TestDatesInAFeed|TestMinifluxDateShapes)$", "-test.v")
			cmd.Env = append(os.Environ(), "TZ="+tz, "VEDETTA_TZ_CHILD=1")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("with TZ=%s: %v\n%s", tz, err, out)
			}
			if !strings.Contains(string(out), "zone "+tz) || !strings.Contains(string(out), "--- PASS: TestDateShapes") {
				t.Fatalf("the child did not run with TZ=%s:\n%s", tz, out)
			}
		})
	}
}

func TestDatesInAFeed(t *testing.T) {
	t.Logf("zone %s", time.Local)
	it := parseOne(t, rss(`<item><guid>1</guid><title>t</title><pubDate>Tue 16 Feb 2016, 23:16:00 EDT</pubDate></item>`), "", "")
	if want := time.Date(2016, 2, 17, 3, 16, 0, 0, time.UTC); !it.Published.Equal(want) {
		t.Fatalf("published %v, want %v", it.Published, want)
	}
	it = parseOne(t, rss(`<item><guid>1</guid><title>t</title><pubDate>Wed, 16 Nov 2022 10:00:00 XYZT</pubDate></item>`), "", "")
	if !it.Published.Equal(firstSeen) {
		t.Fatalf("an unknown zone gave %v, want the time first seen", it.Published)
	}
}
