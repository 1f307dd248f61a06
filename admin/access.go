package admin

import (
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// EnvToken names the environment variable holding the secret that /backup requires when it
// is set (docs/OPERATIONS.md, "Backup, restore, upgrades").
const EnvToken = "VEDETTA_ADMIN_TOKEN"

// Access decides who may download the database from /backup. With a token
// (VEDETTA_ADMIN_TOKEN), only a request carrying it as "Authorization: Bearer TOKEN",
// from any address; the comparison takes constant time (crypto/subtle) so that timing
// does not reveal it. Without a token, only a loopback peer, and not a request a reverse
// proxy forwarded (on the same host a proxy's requests come from loopback too).
type Access struct{ Token string }

// Allow returns http.StatusOK, or the status and reason for refusing r.
func (a Access) Allow(r *http.Request) (int, string) {
	if a.Token != "" {
		// RFC 6750 §2.1: "Authorization: Bearer TOKEN"; the scheme is case-insensitive
		// (RFC 9110 §11.1).
		scheme, got, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(a.Token)) != 1 {
			return http.StatusUnauthorized, "/backup needs Authorization: Bearer $" + EnvToken
		}
		return http.StatusOK, ""
	}
	if r.Header.Get("Forwarded") != "" || r.Header.Get("X-Forwarded-For") != "" {
		return http.StatusForbidden, "/backup is not served through a proxy; set " + EnvToken + " to allow it"
	}
	if !isLoopbackPeer(r.RemoteAddr) {
		return http.StatusForbidden, "/backup is served only to this host (loopback); set " + EnvToken + " to allow other hosts"
	}
	return http.StatusOK, ""
}

// Describe says who may download /backup, for the log and for `vedetta check`.
func (a Access) Describe() string {
	if a.Token != "" {
		return "any host presenting " + EnvToken
	}
	return "loopback peers only (" + EnvToken + " is not set)"
}

func isLoopbackPeer(remote string) bool {
	ap, err := netip.ParseAddrPort(remote)
	return err == nil && ap.Addr().Unmap().IsLoopback()
}

// ListenExposure says what http.listen serves to other hosts, or "" when it binds
// loopback only. `vedetta check` prints it as a warning and `run` logs it; what /backup
// allows is Access's rule, the one the server applies.
func ListenExposure(listen, token string) string {
	if listen == "" || isLoopbackListen(listen) {
		return ""
	}
	return fmt.Sprintf("%s is reachable from other hosts: /healthz and /metrics (source names, queue sizes) to anyone who can connect; /backup (the whole database) to %s. Bind 127.0.0.1 unless a container or a monitor needs it, and firewall the port", listen, Access{Token: token}.Describe())
}

// isLoopbackListen reports whether a host:port binds a loopback address only.
func isLoopbackListen(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
