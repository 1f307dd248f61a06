package feed

import (
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
