//! IP network functions: `cidrhost`, `cidrnetmask`, `cidrsubnet`, `cidrsubnets`, for IPv4
//! and IPv6 prefixes (policy conditions on `aws:SourceIp` are often built with them).
//!
//! Addresses are computed as 128-bit numbers (IPv4 in the low 32 bits); a prefix's
//! address is masked to its network first, as Terraform does.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{Call, Outcome, Stop, list, string, text, whole};

/// A parsed prefix: the network's address, its length and its family's width.
#[derive(Clone, Copy)]
struct Network {
    base: u128,
    length: u32,
    /// 32 for IPv4, 128 for IPv6.
    bits: u32,
}

impl Network {
    /// Parses `10.0.0.0/16` or `fd00::/8`.
    fn parse(prefix: &str) -> Result<Network, Stop> {
        let invalid = || Stop::Error(format!("invalid CIDR expression: {prefix:?}"));
        let (address, length) = prefix.split_once('/').ok_or_else(invalid)?;
        let address: IpAddr = address.parse().map_err(|_| invalid())?;
        let (address, bits) = match address {
            IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
            IpAddr::V6(v6) => (u128::from(v6), 128),
        };
        if length.is_empty() || !length.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(invalid());
        }
        let length: u32 = length.parse().map_err(|_| invalid())?;
        if length > bits {
            return Err(invalid());
        }
        let network = Network {
            base: 0,
            length,
            bits,
        };
        Ok(Network {
            base: address & network.mask(),
            ..network
        })
    }

    /// The mask of the prefix within the family's width.
    fn mask(&self) -> u128 {
        let all = if self.bits == 128 {
            u128::MAX
        } else {
            (1u128 << self.bits) - 1
        };
        let host_bits = self.bits - self.length;
        if host_bits >= 128 {
            0
        } else {
            all & !((1u128 << host_bits) - 1)
        }
    }

    /// How many addresses the prefix holds (saturating for a whole IPv6 space).
    fn size(&self) -> u128 {
        1u128
            .checked_shl(self.bits - self.length)
            .unwrap_or(u128::MAX)
    }

    /// `address` written in the family's notation.
    fn address_text(&self, address: u128) -> String {
        if self.bits == 32 {
            Ipv4Addr::from(u32::try_from(address).unwrap_or(u32::MAX)).to_string()
        } else {
            Ipv6Addr::from(address).to_string()
        }
    }
}

/// `cidrhost(prefix, hostnum)`: a negative number counts from the end of the prefix.
pub(super) fn cidrhost(call: Call<'_>) -> Outcome {
    let network = Network::parse(&text(call.at(0))?)?;
    let number = whole(call.at(1))?;
    let size = network.size();
    let offset = if number < 0 {
        size.checked_sub(u128::from(number.unsigned_abs()))
    } else {
        Some(u128::from(number.unsigned_abs())).filter(|&offset| offset < size)
    };
    let Some(offset) = offset else {
        return Err(Stop::Error(format!(
            "prefix of {} bits cannot accommodate a host numbered {number}",
            network.length
        )));
    };
    Ok(string(
        call.span,
        network.address_text(network.base + offset),
    ))
}

/// `cidrnetmask(prefix)`: the IPv4 netmask in dotted form.
pub(super) fn cidrnetmask(call: Call<'_>) -> Outcome {
    let network = Network::parse(&text(call.at(0))?)?;
    if network.bits != 32 {
        return Err(Stop::Error("IPv6 addresses cannot have a netmask".into()));
    }
    Ok(string(call.span, network.address_text(network.mask())))
}

/// The subnet numbered `number` of `network` with `new_bits` more bits of prefix.
fn subnet(network: Network, new_bits: i64, number: i64) -> Result<Network, Stop> {
    let length = u32::try_from(new_bits)
        .ok()
        .and_then(|new_bits| network.length.checked_add(new_bits))
        .filter(|&length| length <= network.bits)
        .ok_or_else(|| {
            Stop::Error(format!(
                "insufficient address space to extend prefix of {} by {new_bits}",
                network.length
            ))
        })?;
    let extension = length - network.length;
    let fits = u128::try_from(number)
        .ok()
        .filter(|&number| extension >= 128 || number < (1u128 << extension));
    let Some(number) = fits else {
        return Err(Stop::Error(format!(
            "prefix extension of {extension} does not accommodate a subnet numbered {number}"
        )));
    };
    let shift = network.bits - length;
    Ok(Network {
        base: network.base | number.checked_shl(shift).unwrap_or(0),
        length,
        bits: network.bits,
    })
}

/// `cidrsubnet(prefix, newbits, netnum)`.
pub(super) fn cidrsubnet(call: Call<'_>) -> Outcome {
    let network = Network::parse(&text(call.at(0))?)?;
    let new_bits = whole(call.at(1))?;
    let number = whole(call.at(2))?;
    let subnet = subnet(network, new_bits, number)?;
    Ok(string(
        call.span,
        format!("{}/{}", subnet.address_text(subnet.base), subnet.length),
    ))
}

/// `cidrsubnets(prefix, newbits...)`: consecutive subnets, each aligned to its own size.
pub(super) fn cidrsubnets(call: Call<'_>) -> Outcome {
    let network = Network::parse(&text(call.at(0))?)?;
    let end = network.base.saturating_add(network.size());
    let mut next = network.base;
    let mut subnets = Vec::new();
    for argument in &call.args[1..] {
        let new_bits = whole(argument)?;
        let first = subnet(network, new_bits, 0)?;
        let size = first.size();
        let start = next.div_ceil(size).saturating_mul(size);
        if start.saturating_add(size) > end || start < network.base {
            return Err(Stop::Error(format!(
                "not enough remaining address space for a subnet with a prefix of {} bits after {}",
                first.length,
                network.address_text(next.saturating_sub(1)),
            )));
        }
        subnets.push(string(
            call.span,
            format!("{}/{}", network.address_text(start), first.length),
        ));
        next = start + size;
    }
    Ok(list(call.span, subnets))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use crate::load::terraform_source::functions::testing::*;

    #[test]
    fn cidrhost_counts_from_either_end() {
        let host =
            |prefix: &str, number: &str| run("cidrhost", vec![text_value(prefix), num(number)]);
        assert_eq!(host("10.12.112.0/20", "16"), text_value("10.12.112.16"));
        assert_eq!(host("10.12.112.0/20", "268"), text_value("10.12.113.12"));
        assert_eq!(host("10.0.0.0/24", "-1"), text_value("10.0.0.255"));
        assert_eq!(
            host("fd00:fd12:3456:7890:00a2::/72", "34"),
            text_value("fd00:fd12:3456:7890::22")
        );
        assert!(
            error(&host("10.0.0.0/24", "256")).contains("cannot accommodate a host numbered 256")
        );
        assert!(error(&host("10.0.0.0", "1")).contains("invalid CIDR"));
        assert!(error(&host("010.0.0.0/8", "1")).contains("invalid CIDR"));
    }

    #[test]
    fn cidrnetmask_is_ipv4_only() {
        assert_eq!(
            run("cidrnetmask", vec![text_value("172.16.0.0/12")]),
            text_value("255.240.0.0")
        );
        assert_eq!(
            run("cidrnetmask", vec![text_value("0.0.0.0/0")]),
            text_value("0.0.0.0")
        );
        assert!(error(&run("cidrnetmask", vec![text_value("fd00::/8")])).contains("IPv6"));
    }

    #[test]
    fn cidrsubnet_extends_the_prefix() {
        let subnet = |prefix: &str, bits: &str, number: &str| {
            run(
                "cidrsubnet",
                vec![text_value(prefix), num(bits), num(number)],
            )
        };
        assert_eq!(
            subnet("172.16.0.0/12", "4", "2"),
            text_value("172.18.0.0/16")
        );
        assert_eq!(
            subnet("10.1.2.0/24", "4", "15"),
            text_value("10.1.2.240/28")
        );
        assert_eq!(subnet("10.1.2.3/16", "8", "2"), text_value("10.1.2.0/24"));
        assert_eq!(
            subnet("fd00:fd12:3456:7890::/56", "16", "162"),
            text_value("fd00:fd12:3456:7800:a200::/72")
        );
        assert!(
            error(&subnet("10.0.0.0/24", "4", "16"))
                .contains("does not accommodate a subnet numbered 16")
        );
        assert!(error(&subnet("10.0.0.0/30", "4", "0")).contains("insufficient address space"));
    }

    #[test]
    fn cidrsubnets_allocates_in_order() {
        assert_eq!(
            run(
                "cidrsubnets",
                vec![
                    text_value("10.1.0.0/16"),
                    num("4"),
                    num("4"),
                    num("8"),
                    num("4")
                ]
            ),
            strings(&[
                "10.1.0.0/20",
                "10.1.16.0/20",
                "10.1.32.0/24",
                "10.1.48.0/20"
            ])
        );
        assert!(
            error(&run(
                "cidrsubnets",
                vec![text_value("10.0.0.0/24"), num("1"), num("1"), num("1")]
            ))
            .contains("not enough remaining address space")
        );
    }
}
