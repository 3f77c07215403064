//! What each name users type resolves to: the addresses a resolver answers with, the
//! hosts that own them, the aliases followed on the way — or why it resolves to nothing.
//!
//! This is what a browser gets, not what the design meant: a CNAME holding an IP
//! address resolves to nothing (resolvers look the value up as a host name), a name
//! pointing at a cluster answers its virtual IP, or without one its members' addresses.

use super::dns::fqdn;
use crate::model::value::AttrValue;
use crate::model::{Design, Edge, Kind, NodeId};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// The longest alias chain followed before giving up (a loop, or a silly zone).
const MAX_ALIASES: usize = 8;

/// Why a name resolves to nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// A CNAME whose value is an IP address: resolvers look it up as a host name.
    CnameHoldsAddress(IpAddr),
    /// An address no declared server or cluster has.
    NoOwner(IpAddr),
    /// A name inside the design's zones that has no record.
    UnknownName(String),
    /// Aliases that lead back to themselves, or too many of them.
    Loop,
    /// No value, or a value that is nothing users can connect to.
    NoTarget,
}

/// The answer for one address record (A, AAAA or CNAME).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub record: NodeId,
    /// `www.foobar.com`.
    pub name: String,
    /// The record type, as written (`A`).
    pub kind: String,
    /// Names the resolver follows after this one, in order (CNAME chains).
    pub aliases: Vec<String>,
    /// Addresses the resolver finally answers, in declaration order. Empty when the
    /// hosts declare none.
    pub addresses: Vec<IpAddr>,
    /// Who owns them: the servers, clusters or services users connect to.
    pub hosts: Vec<NodeId>,
    /// The cluster whose virtual IP is answered, if that is what the name leads to.
    pub vip_of: Option<NodeId>,
    /// The alias leaves the design: a name outside its zones, resolved elsewhere.
    pub outside: Option<String>,
    pub unresolved: Option<Unresolved>,
}

impl Answer {
    /// Whether users reach something in the design by this name.
    pub fn resolves(&self) -> bool {
        !self.hosts.is_empty()
    }
}

/// Every address record's answer, in declaration order.
pub fn answers(design: &Design) -> Vec<Answer> {
    let records: BTreeMap<String, NodeId> = design
        .nodes_of(Kind::Record)
        .map(|(id, _)| (fqdn(design, id).to_ascii_lowercase(), id))
        .collect();
    let zones: Vec<String> = design
        .nodes_of(Kind::Domain)
        .map(|(_, d)| d.name.to_ascii_lowercase())
        .collect();
    design
        .nodes_of(Kind::Record)
        .filter(|(_, n)| is_address(record_type(n)))
        .map(|(id, node)| {
            let mut answer = Answer {
                record: id,
                name: fqdn(design, id),
                kind: record_type(node).to_string(),
                aliases: Vec::new(),
                addresses: Vec::new(),
                hosts: Vec::new(),
                vip_of: None,
                outside: None,
                unresolved: None,
            };
            follow(design, &records, &zones, id, &mut answer);
            answer
        })
        .collect()
}

fn record_type(node: &crate::model::Node) -> &str {
    node.attrs.text("type").unwrap_or("A")
}

fn is_address(kind: &str) -> bool {
    matches!(kind.to_ascii_uppercase().as_str(), "A" | "AAAA" | "CNAME")
}

/// Resolve `record` into `answer`, following aliases.
fn follow(
    design: &Design,
    records: &BTreeMap<String, NodeId>,
    zones: &[String],
    record: NodeId,
    answer: &mut Answer,
) {
    let node = design.node(record);
    let alias = record_type(node).eq_ignore_ascii_case("CNAME");
    match node.attrs.get("value") {
        Some(AttrValue::Ip(ip)) if alias => {
            answer.unresolved = Some(Unresolved::CnameHoldsAddress(*ip));
        }
        Some(AttrValue::Ip(ip)) => {
            let owners = design.related(record, |e| matches!(e, Edge::PointsTo));
            if owners.is_empty() {
                answer.unresolved = Some(Unresolved::NoOwner(*ip));
            } else {
                answer.addresses.push(*ip);
                answer.vip_of = owners
                    .iter()
                    .copied()
                    .find(|&o| design.node(o).kind == Kind::Cluster);
                answer.hosts = owners;
            }
        }
        Some(AttrValue::Hostname(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            match records.get(&name) {
                Some(&next) => alias_to(design, records, zones, next, answer),
                None if in_zones(&name, zones) => {
                    answer.unresolved = Some(Unresolved::UnknownName(name));
                }
                None => answer.outside = Some(name),
            }
        }
        Some(AttrValue::Ref(target)) => match design.node(*target).kind {
            Kind::Record => alias_to(design, records, zones, *target, answer),
            Kind::Domain => {
                let apex = design
                    .children(*target)
                    .into_iter()
                    .find(|&r| design.node(r).name == "@");
                match apex {
                    Some(apex) => alias_to(design, records, zones, apex, answer),
                    None => {
                        answer.unresolved =
                            Some(Unresolved::UnknownName(design.node(*target).name.clone()))
                    }
                }
            }
            _ => match host_of(design, *target) {
                Some(host) => connect_to(design, host, answer),
                None => answer.unresolved = Some(Unresolved::NoTarget),
            },
        },
        _ => answer.unresolved = Some(Unresolved::NoTarget),
    }
}

fn alias_to(
    design: &Design,
    records: &BTreeMap<String, NodeId>,
    zones: &[String],
    next: NodeId,
    answer: &mut Answer,
) {
    let name = fqdn(design, next);
    if next == answer.record
        || answer.aliases.contains(&name)
        || answer.aliases.len() >= MAX_ALIASES
    {
        answer.unresolved = Some(Unresolved::Loop);
        return;
    }
    answer.aliases.push(name);
    follow(design, records, zones, next, answer);
}

/// A name that leads to a host: its addresses, a cluster's virtual IP or, without one,
/// its members' addresses.
fn connect_to(design: &Design, host: NodeId, answer: &mut Answer) {
    answer.hosts.push(host);
    let attrs = &design.node(host).attrs;
    match design.node(host).kind {
        Kind::Cluster => match attrs.ip("vip") {
            Some(vip) => {
                answer.addresses.push(vip);
                answer.vip_of = Some(host);
            }
            None => answer.addresses.extend(
                design
                    .members(host)
                    .into_iter()
                    .filter_map(|m| design.host(m).and_then(|s| address(design, s))),
            ),
        },
        _ => answer.addresses.extend(address(design, host)),
    }
}

/// A server's address for users: public first.
pub fn address(design: &Design, server: NodeId) -> Option<IpAddr> {
    let attrs = &design.node(server).attrs;
    attrs.ip("public_ip").or(attrs.ip("ip"))
}

/// The host a record's target stands for.
fn host_of(design: &Design, target: NodeId) -> Option<NodeId> {
    match design.node(target).kind {
        Kind::Server | Kind::Cluster | Kind::Service => Some(target),
        kind if kind.is_component() => design.host(target),
        _ => None,
    }
}

fn in_zones(name: &str, zones: &[String]) -> bool {
    zones
        .iter()
        .any(|z| name == z || name.ends_with(&format!(".{z}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn answer(text: &str) -> (Design, Answer) {
        let design = crate::compile(Source::new("t", text)).expect("compiles");
        let answer = answers(&design).remove(0);
        (design, answer)
    }

    #[test]
    fn a_cname_holding_an_address_resolves_to_nothing() {
        let (_, a) = answer(
            "domain foobar.com { record www { type = CNAME, value = 8.8.8.8 } }\n\
             server srv1 { public_ip = 8.8.8.8 }\n",
        );
        assert!(!a.resolves());
        assert_eq!(
            a.unresolved,
            Some(Unresolved::CnameHoldsAddress(
                "8.8.8.8".parse().expect("ip")
            ))
        );
    }

    #[test]
    fn a_reference_answers_the_address_and_a_cluster_its_virtual_ip() {
        let (d, a) = answer(
            "domain foobar.com { record www { type = A, value = lb1 } }\n\
             server lb1 { public_ip = 8.8.8.8 }\n",
        );
        assert_eq!(a.addresses, ["8.8.8.8".parse::<IpAddr>().expect("ip")]);
        assert_eq!(a.hosts, [d.find("lb1").expect("lb1")]);
        let (d, a) = answer(
            "domain foobar.com { record www { type = A, value = lbs } }\n\
             server lb1 { ip = 10.0.0.1 }\nserver lb2 { ip = 10.0.0.2 }\n\
             cluster lbs { members = [lb1, lb2], vip = 8.8.8.8 }\n",
        );
        assert_eq!(a.vip_of, d.find("lbs"));
        assert_eq!(a.addresses, ["8.8.8.8".parse::<IpAddr>().expect("ip")]);
        let (_, a) = answer(
            "domain foobar.com { record www { type = A, value = lbs } }\n\
             server lb1 { ip = 10.0.0.1 }\nserver lb2 { ip = 10.0.0.2 }\n\
             cluster lbs { members = [lb1, lb2] }\n",
        );
        assert_eq!(a.vip_of, None);
        assert_eq!(a.addresses.len(), 2, "no VIP: both members' addresses");
    }

    #[test]
    fn aliases_are_followed_and_outside_names_left_alone() {
        let (d, a) = answer(
            "domain foobar.com {\n  record www { type = CNAME, value = foobar.com }\n  \
             record @ { type = A, value = 8.8.8.8 }\n}\nserver srv1 { public_ip = 8.8.8.8 }\n",
        );
        assert_eq!(a.aliases, ["foobar.com"]);
        assert_eq!(a.hosts, [d.find("srv1").expect("srv1")]);
        let (_, a) = answer(
            "domain foobar.com { record www { type = CNAME, value = \"shop.saas.example\" } }\n",
        );
        assert_eq!(a.outside.as_deref(), Some("shop.saas.example"));
        let (_, a) = answer("domain foobar.com { record www { type = A, value = 1.2.3.4 } }\n");
        assert_eq!(
            a.unresolved,
            Some(Unresolved::NoOwner("1.2.3.4".parse().expect("ip")))
        );
    }
}
