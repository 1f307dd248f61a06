package bottest

import "errors"

// CheckHTML applies to html the rules sendMessage applies to a text with parse_mode HTML
// (docs/TELEGRAM.md, "HTML parse mode" and "Message text"), so that text the bot builds
// outside a conversation — every message of its language catalogues — is held to them too.
// It returns the visible text.
func CheckHTML(html string) (string, error) {
	visible, _, r := checkText(html, "HTML", false)
	if r != nil {
		return "", errors.New(r.detail)
	}
	return visible, nil
}
