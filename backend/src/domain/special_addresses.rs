//! Which addresses are ordinary addresses on the public internet: none of the blocks
//! of IANA's special-purpose address registries, nor multicast.
//!
//! Sources, as of their 2025 revisions:
//! - IANA IPv4 Special-Purpose Address Registry (RFC 6890),
//!   iana.org/assignments/iana-ipv4-special-registry
//! - IANA IPv6 Special-Purpose Address Registry (RFC 6890),
//!   iana.org/assignments/iana-ipv6-special-registry
//!
//! Every block is refused, also those the registry marks globally reachable (the
//! anycast services, AS112) or "N/A" (6to4, Teredo): a partner's webhook has no
//! business at any of them, and the translation and tunnelling blocks embed an IPv4
//! address (6to4's `2002:7f00:1::/48` is 127.0.0.1) that a relay would reach for us.
//! An IPv4-mapped address (`::ffff:10.0.0.1`) is judged as the IPv4 address it is.

use std::net::IpAddr;

use ipnet::IpNet;

/// `(block, name in the registry)`.
pub const SPECIAL_PURPOSE: &[(&str, &str)] = &[
    // IPv4
    ("0.0.0.0/8", "\"This network\""),
    ("10.0.0.0/8", "Private-Use"),
    ("100.64.0.0/10", "Shared Address Space"),
    ("127.0.0.0/8", "Loopback"),
    ("169.254.0.0/16", "Link Local"),
    ("172.16.0.0/12", "Private-Use"),
    ("192.0.0.0/24", "IETF Protocol Assignments"),
    ("192.0.0.0/29", "IPv4 Service Continuity Prefix"),
    ("192.0.0.8/32", "IPv4 dummy address"),
    ("192.0.0.9/32", "Port Control Protocol Anycast"),
    ("192.0.0.10/32", "Traversal Using Relays around NAT Anycast"),
    ("192.0.0.170/32", "NAT64/DNS64 Discovery"),
    ("192.0.0.171/32", "NAT64/DNS64 Discovery"),
    ("192.0.2.0/24", "Documentation (TEST-NET-1)"),
    ("192.31.196.0/24", "AS112-v4"),
    ("192.52.193.0/24", "AMT"),
    ("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)"),
    ("192.88.99.2/32", "6a44-relay anycast address"),
    ("192.168.0.0/16", "Private-Use"),
    ("192.175.48.0/24", "Direct Delegation AS112 Service"),
    ("198.18.0.0/15", "Benchmarking"),
    ("198.51.100.0/24", "Documentation (TEST-NET-2)"),
    ("203.0.113.0/24", "Documentation (TEST-NET-3)"),
    ("240.0.0.0/4", "Reserved"),
    ("255.255.255.255/32", "Limited Broadcast"),
    // Not in the special-purpose registry but never a partner's server.
    (
        "224.0.0.0/4",
        "Multicast (IPv4 Multicast Address Space Registry)",
    ),
    // IPv6
    ("::1/128", "Loopback Address"),
    ("::/128", "Unspecified Address"),
    ("::ffff:0:0/96", "IPv4-mapped Address"),
    ("64:ff9b::/96", "IPv4-IPv6 Translat."),
    ("64:ff9b:1::/48", "IPv4-IPv6 Translat."),
    ("100::/64", "Discard-Only Address Block"),
    ("100:0:0:1::/64", "Dummy IPv6 Prefix"),
    ("2001::/23", "IETF Protocol Assignments"),
    ("2001::/32", "TEREDO"),
    ("2001:1::1/128", "Port Control Protocol Anycast"),
    ("2001:1::2/128", "Traversal Using Relays around NAT Anycast"),
    (
        "2001:1::3/128",
        "DNS-SD Service Registration Protocol Anycast",
    ),
    ("2001:2::/48", "Benchmarking"),
    ("2001:3::/32", "AMT"),
    ("2001:4:112::/48", "AS112-v6"),
    ("2001:10::/28", "Deprecated (previously ORCHID)"),
    ("2001:20::/28", "ORCHIDv2"),
    (
        "2001:30::/28",
        "Drone Remote ID Protocol Entity Tags (DETs) Prefix",
    ),
    ("2001:db8::/32", "Documentation"),
    ("2002::/16", "6to4"),
    ("2620:4f:8000::/48", "Direct Delegation AS112 Service"),
    ("3fff::/20", "Documentation"),
    ("5f00::/16", "Segment Routing (SRv6) SIDs"),
    ("fc00::/7", "Unique-Local"),
    ("fe80::/10", "Link-Local Unicast"),
    // Outside the registry, yet never a public server: IPv4-compatible (deprecated,
    // RFC 4291), IPv4-translated (RFC 2765), site-local (deprecated, RFC 3879) and
    // multicast.
    ("::/96", "IPv4-compatible Address (deprecated)"),
    ("::ffff:0:0:0/96", "IPv4-translated Address"),
    ("fec0::/10", "Site-Local (deprecated)"),
    ("ff00::/8", "Multicast"),
];

fn blocks() -> &'static [IpNet] {
    static BLOCKS: std::sync::OnceLock<Vec<IpNet>> = std::sync::OnceLock::new();
    BLOCKS.get_or_init(|| {
        SPECIAL_PURPOSE
            .iter()
            .map(|(block, _)| block.parse().expect("the table holds networks"))
            .collect()
    })
}

/// An address or network of `webhooks.allowed_addresses`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network(ipnet::IpNet);

impl Network {
    /// `127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        text.parse::<ipnet::IpNet>()
            .ok()
            .or_else(|| text.parse::<IpAddr>().ok().map(ipnet::IpNet::from))
            .map(Self)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.contains(&canonical(ip)) || self.0.contains(&ip)
    }
}

/// An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is its IPv4 address.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// Whether `ip` is an ordinary address on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    let ip = canonical(ip);
    !blocks().iter().any(|block| block.contains(&ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_block_of_the_registries_is_refused_from_first_to_last_address() {
        for (block, name) in SPECIAL_PURPOSE {
            let net: IpNet = block.parse().expect("network");
            for ip in [net.network(), net.broadcast()] {
                assert!(!is_public(ip), "{ip} ({block}, {name}) passed");
            }
        }
    }

    #[test]
    fn what_the_attack_found_is_refused() {
        for ip in [
            "192.0.0.1",
            "192.88.99.1",
            "2002:7f00:1::1",
            "2001::1",
            "2001:10::1",
            "100::1",
            "::ffff:0:7f00:1",
            "::ffff:127.0.0.1",
            "::127.0.0.1",
            "64:ff9b::7f00:1",
            "fd00::1",
        ] {
            let ip: IpAddr = ip.parse().expect("address");
            assert!(!is_public(ip), "{ip} passed");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.216.34",
            "192.0.1.1",
            "192.88.100.1",
            "198.20.0.1",
            "223.255.255.255",
            "2606:4700:4700::1111",
            "2a00:1450:4001::1",
            "::ffff:8.8.8.8",
        ] {
            let ip: IpAddr = ip.parse().expect("address");
            assert!(is_public(ip), "{ip} refused");
        }
    }
}
