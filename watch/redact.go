package watch

import (
	"net/url"
	"regexp"
	"strings"
)

// Redacted replaces a secret in a URL shown to chats or written to logs.
const Redacted = "REDACTED"

// secretParams are query parameter names, lower-cased and without "_", "-" and ".", that
// carry credentials in feed URLs: API keys (key, apikey, api_key, X-Api-Key), tokens
// (token, access_token, auth_token, X-Amz-Security-Token), passwords, signatures of
// pre-signed URLs (sig, signature, X-Amz-Signature, X-Goog-Signature) and sessions.
var secretParams = []string{"key", "token", "secret", "passw", "pwd", "auth", "sig", "credential", "session", "sid", "jwt", "bearer", "hash", "code"}

// isSecretParam reports whether a query parameter name looks like it carries a credential.
// It errs on the side of hiding: ?keywords=NATO is redacted too, which costs nothing.
func isSecretParam(name string) bool {
	n := strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == '.' {
			return -1
		}
		return r
	}, strings.ToLower(name))
	for _, s := range secretParams {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// RedactURL returns raw with its userinfo (user:password@, or a token used as the user
// name) and the values of credential-like query parameters replaced by REDACTED, for
// showing a source URL in a chat or a log. Everything else — scheme, host, path, other
// parameters — stays, so that the URL is still recognisable. A string that does not parse
// as a URL comes back with everything after the host hidden.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redactUnparsable(raw)
	}
	if u.User != nil {
		u.User = url.User(Redacted)
	}
	if u.RawQuery != "" {
		u.RawQuery = redactQuery(u.RawQuery)
	}
	if u.Fragment != "" && strings.Contains(u.Fragment, "=") {
		u.RawFragment, u.Fragment = "", redactQuery(u.Fragment) // OAuth implicit flow: #access_token=…
	}
	return u.String()
}

// redactQuery redacts the secret values of a query string, keeping the order and the
// encoding of everything else.
func redactQuery(q string) string {
	parts := strings.Split(q, "&")
	for i, p := range parts {
		name, _, hasValue := strings.Cut(p, "=")
		if dec, err := url.QueryUnescape(name); err == nil {
			name = dec
		}
		if hasValue && isSecretParam(name) {
			k, _, _ := strings.Cut(p, "=")
			parts[i] = k + "=" + Redacted
		}
	}
	return strings.Join(parts, "&")
}

// redactUnparsable keeps the scheme and host of a URL url.Parse refused.
func redactUnparsable(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return Redacted
	}
	if i := strings.LastIndex(strings.SplitN(rest, "/", 2)[0], "@"); i >= 0 {
		rest = rest[i+1:]
	}
	host, _, _ := strings.Cut(rest, "/")
	host, _, _ = strings.Cut(host, "?")
	return scheme + "://" + host + "/" + Redacted
}

// urlInText finds URLs in free text such as an error message: a scheme, "://", and
// everything up to a space or a quote (Go's *url.Error quotes the URL: Get "…": …).
var urlInText = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.\-]*://[^\s"'<>` + "`" + `]+`)

// RedactText applies RedactURL to every URL in s, such as the text of an error that a
// fetch, a parser or net/http wrapped around a source URL.
func RedactText(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	return urlInText.ReplaceAllStringFunc(s, func(u string) string {
		// A URL at the end of a sentence or before ": cause" keeps its punctuation.
		trail := len(u) - len(strings.TrimRight(u, ".,;:)]"))
		return RedactURL(u[:len(u)-trail]) + u[len(u)-trail:]
	})
}
