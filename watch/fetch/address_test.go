package fetch

import (
	"net/netip"
	"testing"
)

// TestIsPublicFollowsTheIANARegistries walks the IANA IPv4 and IPv6 special-purpose
// registries (https://www.iana.org/assignments/iana-ipv4-special-registry/,
// https://www.iana.org/assignments/iana-ipv6-special-registry/) and the IPv6 address space
// (https://www.iana.org/assignments/ipv6-address-space/): an address inside each
// non-public range is refused, and public addresses next to them are not.
func TestIsPublicFollowsTheIANARegistries(t *testing.T) {
	for _, tc := range []struct {
		name, addr string
		public     bool
	}{
		// IPv4 special-purpose registry.
		{"this network 0.0.0.0/8", "0.1.2.3", false},
		{"private 10.0.0.0/8", "10.255.255.255", false},
		{"shared address space 100.64.0.0/10 (Alibaba metadata)", "100.100.100.200", false},
		{"loopback 127.0.0.0/8", "127.8.9.10", false},
		{"link local 169.254.0.0/16 (cloud metadata)", "169.254.169.254", false},
		{"private 172.16.0.0/12", "172.31.255.1", false},
		{"IETF protocol assignments 192.0.0.0/24", "192.0.0.8", false},
		{"DS-Lite 192.0.0.0/29", "192.0.0.2", false},
		{"NAT64/DNS64 discovery 192.0.0.170", "192.0.0.170", false},
		{"documentation 192.0.2.0/24", "192.0.2.1", false},
		{"6to4 relay anycast 192.88.99.0/24", "192.88.99.1", false},
		{"private 192.168.0.0/16", "192.168.1.1", false},
		{"benchmarking 198.18.0.0/15", "198.19.255.254", false},
		{"documentation 198.51.100.0/24", "198.51.100.7", false},
		{"documentation 203.0.113.0/24", "203.0.113.9", false},
		{"multicast 224.0.0.0/4", "239.1.1.1", false},
		{"reserved 240.0.0.0/4", "250.1.2.3", false},
		{"limited broadcast", "255.255.255.255", false},
		// IPv6 special-purpose registry and address space.
		{"unspecified ::", "::", false},
		{"loopback ::1", "::1", false},
		{"IPv4-mapped loopback", "::ffff:127.0.0.1", false},
		{"IPv4-mapped private", "::ffff:10.0.0.1", false},
		{"IPv4-compatible ::/96", "::7f00:1", false},
		{"IPv4-compatible ::/96, public v4 inside", "::808:808", false},
		{"NAT64 well-known prefix with loopback inside", "64:ff9b::7f00:1", false},
		{"NAT64 well-known prefix with metadata inside", "64:ff9b::a9fe:a9fe", false},
		{"NAT64 local-use 64:ff9b:1::/48", "64:ff9b:1::808:808", false},
		{"discard-only 100::/64", "100::1", false},
		{"dummy prefix 100:0:0:1::/64", "100:0:0:1::1", false},
		{"IETF protocol assignments 2001::/23", "2001:1::1", false},
		{"Teredo 2001::/32", "2001:0:4136:e378:8000:63bf:3fff:fdd2", false},
		{"benchmarking 2001:2::/48", "2001:2::1", false},
		{"ORCHIDv2 2001:20::/28", "2001:20::1", false},
		{"documentation 2001:db8::/32", "2001:db8::1", false},
		{"6to4 2002::/16 embedding 10.0.0.1", "2002:a00:1::1", false},
		{"documentation 3fff::/20", "3fff::1", false},
		{"SRv6 SIDs 5f00::/16", "5f00::1", false},
		{"unique local fc00::/7 (AWS metadata)", "fd00:ec2::254", false},
		{"link local fe80::/10", "fe80::1", false},
		{"link local with a zone", "fe80::1%eth0", false},
		{"deprecated site local fec0::/10", "fec0::1", false},
		{"multicast ff00::/8", "ff02::1", false},
		{"reserved outside 2000::/3", "4000::1", false},
		// Public addresses, some right next to the blocked ranges.
		{"public IPv4", "93.184.215.14", true},
		{"public IPv4 after 100.64.0.0/10", "100.128.0.1", true},
		{"public IPv4 before 198.18.0.0/15", "198.17.255.255", true},
		{"public IPv4 after 198.18.0.0/15", "198.20.0.1", true},
		{"AS112 192.31.196.0/24 is globally reachable", "192.31.196.1", true},
		{"public IPv4-mapped", "::ffff:8.8.8.8", true},
		{"NAT64 with a public IPv4 inside (DNS64 networks)", "64:ff9b::808:808", true},
		{"public IPv6", "2606:4700::1111", true},
		{"public IPv6 after 2001::/23", "2001:200::1", true},
		{"public IPv6 next to 2001:db8::/32", "2001:db9::1", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsPublic(netip.MustParseAddr(tc.addr)); got != tc.public {
				t.Errorf("IsPublic(%s) = %v, want %v", tc.addr, got, tc.public)
			}
		})
	}
}
