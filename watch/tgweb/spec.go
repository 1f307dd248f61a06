package tgweb

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/vedetta/vedetta/watch"
)

// ErrNotSpec means a source spec does not name a Telegram channel, so another reader
// (X, a feed URL) should be tried.
var ErrNotSpec = errors.New("not a telegram channel")

// ErrPrivateChannel means the spec is an invite link: private channels have no web preview.
var ErrPrivateChannel = errors.New("private telegram channels (invite links) cannot be read; only public channels with a t.me/NAME username")

// channelName is a public username: 5–32 characters, letters, digits and underscores,
// starting with a letter (https://core.telegram.org/method/account.checkUsername). Older
// names may be shorter, so 4 is accepted.
var channelName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{3,31}$`)

// ParseSpec reads what an administrator types after /addsource for a Telegram channel:
// "t.me/NAME", "https://t.me/s/NAME", "https://t.me/NAME/123", "telegram.me/NAME",
// "tg://resolve?domain=NAME", "tg:NAME" or "telegram:NAME" (an "@" before NAME is allowed).
// It returns watch.KindTelegram and the channel name. A spec that is not a Telegram one
// gives an error wrapping ErrNotSpec; an invite link or a malformed name is a clear error.
func ParseSpec(s string) (kind watch.Kind, target string, err error) {
	s = strings.TrimSpace(s)
	name, ok := specName(s)
	if !ok {
		return "", "", fmt.Errorf("%q: %w", s, ErrNotSpec)
	}
	name = strings.TrimPrefix(name, "@")
	if name == "" || name == "joinchat" || strings.HasPrefix(name, "+") {
		return "", "", fmt.Errorf("%q: %w", s, ErrPrivateChannel)
	}
	if _, err := CheckChannel(name); err != nil {
		return "", "", fmt.Errorf("%q: %w; example: t.me/V_Zelenskiy_official", s, err)
	}
	return watch.KindTelegram, name, nil
}

// CheckChannel checks a public channel's username, as config.yaml's telegram_channel gives it.
func CheckChannel(name string) (string, error) {
	if !channelName.MatchString(name) {
		return "", fmt.Errorf("%q is not a Telegram channel username (letters, digits and _, starting with a letter)", name)
	}
	return name, nil
}

// specName extracts the part that should be a channel name; ok is false when s is not a
// Telegram spec at all.
func specName(s string) (string, bool) {
	lower := strings.ToLower(s)
	for _, p := range []string{"tg:", "telegram:", "telegram_channel:"} {
		if strings.HasPrefix(lower, p) && !strings.HasPrefix(lower, "tg://") {
			return strings.TrimSpace(s[len(p):]), true
		}
	}
	if strings.HasPrefix(lower, "tg://") {
		u, err := url.Parse(s)
		if err != nil || u.Host != "resolve" {
			return "", false
		}
		return u.Query().Get("domain"), true
	}
	if !strings.Contains(lower, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	switch strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") {
	case "t.me", "telegram.me", "telegram.dog":
	default:
		return "", false
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) > 1 && parts[0] == "s" {
		parts = parts[1:]
	}
	return parts[0], true
}
