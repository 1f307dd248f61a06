package tgweb

import (
	"errors"
	"testing"

	"github.com/vedetta/vedetta/watch"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // channel; "" when an error is expected
		notSpec  bool   // the error wraps ErrNotSpec
		private  bool   // the error wraps ErrPrivateChannel
	}{
		{name: "a t.me link as typed in chat", in: "t.me/V_Zelenskiy_official", want: "V_Zelenskiy_official"},
		{name: "a full preview URL", in: "https://t.me/s/V_Zelenskiy_official", want: "V_Zelenskiy_official"},
		{name: "a link to one post names its channel", in: "https://t.me/V_Zelenskiy_official/1234", want: "V_Zelenskiy_official"},
		{name: "telegram.me and www", in: "https://www.telegram.me/nato_official/", want: "nato_official"},
		{name: "a tg: prefix with @", in: "tg:@V_Zelenskiy_official", want: "V_Zelenskiy_official"},
		{name: "a tg://resolve link", in: "tg://resolve?domain=V_Zelenskiy_official", want: "V_Zelenskiy_official"},
		{name: "invite links are private channels", in: "https://t.me/+AbCdEfGh123", private: true},
		{name: "joinchat links are private channels", in: "t.me/joinchat/AbCdEf", private: true},
		{name: "a name with a dash is refused with a reason", in: "t.me/not-a-name"},
		{name: "an X spec is not a Telegram one", in: "x:@NATO", notSpec: true},
		{name: "a feed URL is not a Telegram one", in: "https://it.euronews.com/rss", notSpec: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, got, err := ParseSpec(tt.in)
			if tt.want != "" {
				if err != nil || kind != watch.KindTelegram || got != tt.want {
					t.Fatalf("ParseSpec(%q) = %q, %q, %v; want %q", tt.in, kind, got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseSpec(%q) = %q, %q; want an error", tt.in, kind, got)
			}
			if errors.Is(err, ErrNotSpec) != tt.notSpec || errors.Is(err, ErrPrivateChannel) != tt.private {
				t.Errorf("ParseSpec(%q) error %v: notSpec %v private %v", tt.in, err, tt.notSpec, tt.private)
			}
		})
	}
}
