package fetch

import "net/netip"

// The address guard follows IANA's registries:
//
//   - IPv4 Special-Purpose Address Registry (RFC 6890):
//     https://www.iana.org/assignments/iana-ipv4-special-registry/
//   - IPv6 Special-Purpose Address Registry (RFC 6890):
//     https://www.iana.org/assignments/iana-ipv6-special-registry/
//   - IPv6 Address Space (only 2000::/3 is allocated as global unicast):
//     https://www.iana.org/assignments/ipv6-address-space/
//   - IPv4 Multicast Address Space (224.0.0.0/4, RFC 5771):
//     https://www.iana.org/assignments/multicast-addresses/
//
// A source added from a chat may only reach a globally routable unicast address; every
// range below is one the registries mark as not globally reachable, or one that leads back
// into a private network (NAT64's local-use prefix, 6to4, Teredo).

// blockedV4 are the IPv4 ranges that are not public. The three ranges the registry marks
// globally reachable (192.31.196.0/24 AS112, 192.52.193.0/24 AMT, 192.175.48.0/24 direct
// delegation AS112) stay open; 192.0.0.0/24 is closed as a whole, including its two
// anycast /32s, since no feed lives there.
var blockedV4 = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network", RFC 791
	netip.MustParsePrefix("10.0.0.0/8"),      // private, RFC 1918
	netip.MustParsePrefix("100.64.0.0/10"),   // shared address space, RFC 6598 (Alibaba's metadata 100.100.100.200)
	netip.MustParsePrefix("127.0.0.0/8"),     // loopback, RFC 1122
	netip.MustParsePrefix("169.254.0.0/16"),  // link local, RFC 3927 (cloud metadata 169.254.169.254)
	netip.MustParsePrefix("172.16.0.0/12"),   // private, RFC 1918
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments, RFC 6890
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation TEST-NET-1, RFC 5737
	netip.MustParsePrefix("192.88.99.0/24"),  // deprecated 6to4 relay anycast, RFC 7526
	netip.MustParsePrefix("192.168.0.0/16"),  // private, RFC 1918
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking, RFC 2544
	netip.MustParsePrefix("198.51.100.0/24"), // documentation TEST-NET-2, RFC 5737
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation TEST-NET-3, RFC 5737
	netip.MustParsePrefix("224.0.0.0/4"),     // multicast, RFC 5771
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, RFC 1112, and limited broadcast 255.255.255.255/32, RFC 919
}

// globalUnicastV6 is the only IPv6 space allocated for global unicast; everything outside
// it is reserved, special or local: ::/128, ::1/128, the IPv4-compatible ::/96 (deprecated,
// RFC 4291 §2.5.5.1), 64:ff9b:1::/48 (local-use NAT64, RFC 8215), 100::/64 (discard-only,
// RFC 6666), 100:0:0:1::/64 (dummy prefix, RFC 9780), fc00::/7 (unique local, RFC 4193,
// with AWS's fd00:ec2::254), fe80::/10 (link local), fec0::/10 (deprecated site local,
// RFC 3879) and ff00::/8 (multicast).
var globalUnicastV6 = netip.MustParsePrefix("2000::/3")

// blockedV6 are the non-public ranges inside 2000::/3.
var blockedV6 = []netip.Prefix{
	netip.MustParsePrefix("2001::/23"),     // IETF protocol assignments, RFC 2928: Teredo 2001::/32 (RFC 4380), benchmarking 2001:2::/48, ORCHID…
	netip.MustParsePrefix("2001:db8::/32"), // documentation, RFC 3849
	netip.MustParsePrefix("2002::/16"),     // 6to4, RFC 3056: embeds any IPv4 address, private ones included
	netip.MustParsePrefix("3fff::/20"),     // documentation, RFC 9637
	netip.MustParsePrefix("5f00::/16"),     // SRv6 SIDs, RFC 9602
}

// nat64 is the well-known NAT64 prefix (RFC 6052 §2.1): 64:ff9b::a.b.c.d reaches the IPv4
// address a.b.c.d through the network's NAT64 gateway, so it is as public as that address.
// On IPv6-only hosts with DNS64 every IPv4 site resolves into it.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// IsPublic reports whether addr is a globally routable unicast address: not loopback,
// private, link-local (where cloud metadata lives), multicast, unspecified, documentation,
// benchmarking or reserved, per the IANA registries above. IPv4-mapped IPv6 addresses
// (::ffff:a.b.c.d) and NAT64 addresses are judged by the IPv4 address they carry.
func IsPublic(addr netip.Addr) bool {
	addr = addr.Unmap()
	if !addr.IsValid() {
		return false
	}
	if addr.Is6() && nat64.Contains(addr) {
		b := addr.As16()
		addr = netip.AddrFrom4([4]byte(b[12:]))
	}
	if addr.Is4() {
		for _, p := range blockedV4 {
			if p.Contains(addr) {
				return false
			}
		}
		return true
	}
	if addr.Zone() != "" || !globalUnicastV6.Contains(addr.WithZone("")) {
		return false
	}
	for _, p := range blockedV6 {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}
