package article

import (
	"strings"
	"testing"

	"github.com/vedetta/vedetta/watch"
)

func TestParseMode(t *testing.T) {
	tests := []struct {
		in      string
		want    Mode
		wantErr bool
	}{
		{"", Auto, false},
		{"auto", Auto, false},
		{"Always", Always, false},
		{" never ", Never, false},
		{"yes", "", true},
		{"true", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseMode(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("ParseMode(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "auto, always or never") {
				t.Errorf("the error should list the values: %v", err)
			}
		})
	}
}

func TestModeWants(t *testing.T) {
	thin := watch.Item{URL: "https://news.example/a", Text: "Una riga sola."}
	thick := watch.Item{URL: "https://news.example/b", Text: strings.Repeat("parola ", ThinRunes/7+1)}
	justUnder := watch.Item{URL: "https://news.example/c", Text: strings.Repeat("è", ThinRunes-1)} // 2 bytes a rune: counted in characters
	noLink := watch.Item{Text: "Una riga sola."}
	tests := []struct {
		name string
		mode Mode
		it   watch.Item
		want bool
	}{
		{"auto fetches a thin item", Auto, thin, true},
		{"the zero mode is auto", "", thin, true},
		{"auto leaves a full item alone", Auto, thick, false},
		{"auto counts characters, not bytes", Auto, justUnder, true},
		{"always fetches a full item", Always, thick, true},
		{"never fetches nothing", Never, thin, false},
		{"nothing to fetch without a link", Always, noLink, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.mode.Wants(tt.it); got != tt.want {
				t.Errorf("%s.Wants = %v, want %v", tt.mode, got, tt.want)
			}
		})
	}
}
