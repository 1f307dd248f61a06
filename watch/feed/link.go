package feed

import (
	"net/url"
	"strings"
)

// trackingParams are query parameters that say how a reader arrived, not what they read;
// they are removed before links are compared. Names are compared in lower
// case; "utm_" and "hsa_" are prefixes.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "ysclid": true, "twclid": true, "ttclid": true,
	"igshid": true, "igsh": true, "mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true,
	"_hsenc": true, "_hsmi": true, "mkt_tok": true, "_openstat": true, "li_fat_id": true,
	"oly_anon_id": true, "oly_enc_id": true, "vero_id": true, "vero_conv": true,
	"wickedid": true, "rb_clickid": true, "s_cid": true, "at_medium": true, "at_campaign": true,
	"at_campaign_type": true, "at_format": true, "at_link": true, "at_ptr_name": true,
	"xtor": true, "wt_mc": true, "wt_zmc": true, "ncid": true, "ocid": true, "cmpid": true, "ref_src": true,
	"ref_url": true, "__twitter_impression": true, "sr_share": true, "spm": true,
}

func isTrackingParam(name string) bool {
	name = strings.ToLower(name)
	return trackingParams[name] || strings.HasPrefix(name, "utm_") || strings.HasPrefix(name, "hsa_")
}

// CanonicalURL resolves raw against base (which may be nil) and returns it in the form
// links are compared in: http(s) only, scheme and host in lower case, default port dropped,
// an empty path as "/", tracking parameters removed (the others keep their order and
// encoding), and a tracking fragment ("#xtor=RSS-3", "#utm_source=…") removed; other
// fragments stay, since some feeds tell their items apart only by them. It returns "" when
// raw is not an http(s) URL.
func CanonicalURL(raw string, base *url.URL) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	raw = strings.ReplaceAll(raw, " ", "%20")
	var u *url.URL
	var err error
	if base != nil {
		u, err = base.Parse(raw)
	} else {
		u, err = url.Parse(raw)
	}
	if err != nil {
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	u.Host = strings.ToLower(u.Host)
	if port := u.Port(); port == "80" && u.Scheme == "http" || port == "443" && u.Scheme == "https" {
		u.Host = u.Hostname()
		if strings.Contains(u.Host, ":") {
			u.Host = "[" + u.Host + "]"
		}
	}
	if u.Path == "" && u.RawPath == "" {
		u.Path = "/"
	}
	if u.RawQuery != "" {
		u.RawQuery = removeTracking(u.RawQuery)
		u.ForceQuery = false
	}
	if f := strings.ToLower(u.Fragment); strings.HasPrefix(f, "xtor=") || isTrackingFragment(f) {
		u.Fragment, u.RawFragment = "", ""
	}
	return u.String()
}

func removeTracking(rawQuery string) string {
	parts := strings.Split(rawQuery, "&")
	kept := parts[:0]
	for _, p := range parts {
		if p == "" {
			continue
		}
		name, _, _ := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if !isTrackingParam(name) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "&")
}

func isTrackingFragment(f string) bool {
	if f == "" {
		return false
	}
	for p := range strings.SplitSeq(f, "&") {
		name, _, ok := strings.Cut(p, "=")
		if !ok || !isTrackingParam(name) {
			return false
		}
	}
	return true
}
