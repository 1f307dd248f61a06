package fetch

import "net/netip"

// blocked are the ranges a source added from a chat may not reach (issue 3, item 7), beyond
// what netip's predicates cover: shared address space (100.64/10 holds Alibaba's metadata
// 100.100.100.200), IETF protocol assignments, benchmarking, documentation, reserved, and
// the NAT64 and 6to4 prefixes that embed an IPv4 address.
var blocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("2001:db8::/32"),
	netip.MustParsePrefix("2002::/16"),
	netip.MustParsePrefix("100::/64"),
}

// IsPublic reports whether addr is a globally routable unicast address: not loopback,
// private (RFC 1918, fc00::/7 including AWS's fd00:ec2::254), link-local (169.254/16, where
// cloud metadata lives, and fe80::/10), multicast, unspecified or reserved.
func IsPublic(addr netip.Addr) bool {
	addr = addr.Unmap()
	if !addr.IsValid() || addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() ||
		addr.IsLinkLocalMulticast() || addr.IsInterfaceLocalMulticast() || addr.IsMulticast() ||
		addr.IsUnspecified() {
		return false
	}
	for _, p := range blocked {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}
