//! What each DNS name resolves to — the one owner of DNS answers: the addresses a
//! resolver answers with, the hosts that own them, the aliases followed on the way, the
//! edge a proxied name sends users through — or why a value resolves to nothing.
//!
//! This is what a browser gets, not what the design meant: a CNAME holding an IP
//! address resolves to nothing (resolvers look the value up as a host name), a name
//! pointing at a cluster answers its virtual IP, or without one its members' addresses,
//! and a proxied name (`proxied = true`, `via = cdn`) answers the edge's addresses,
//! its values being the edge's origins. `dns` catalogues the records from these answers.

use super::dns::fqdn;
use crate::model::value::AttrValue;
use crate::model::{Design, Kind, NodeId};
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

/// The longest alias chain followed before giving up (a loop, or a silly zone).
const MAX_ALIASES: usize = 8;

/// Why a value resolves to nothing.
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

/// What one value of a record leads to (or, as an answer's `users`, all of them together).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    /// Names the resolver follows after this one, in order (CNAME chains).
    pub aliases: Vec<String>,
    /// Addresses the resolver finally answers, in declaration order. Empty when the
    /// hosts declare none.
    pub addresses: Vec<IpAddr>,
    /// Who owns them: the servers, clusters, managed services or edges users connect to.
    pub hosts: Vec<NodeId>,
    /// The cluster whose virtual IP is answered, if that is what the value leads to.
    pub vip_of: Option<NodeId>,
    /// The alias leaves the design: a name outside its zones, resolved elsewhere.
    pub outside: Option<String>,
    pub unresolved: Option<Unresolved>,
}

impl Resolved {
    /// Whether the value leads to something in the design.
    pub fn resolves(&self) -> bool {
        !self.hosts.is_empty()
    }
}

/// The answer for one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub record: NodeId,
    /// `www.foobar.com`; the apex `@` of `foobar.com` is `foobar.com`.
    pub name: String,
    /// The record type, as written (`A`).
    pub kind: String,
    /// The CDN a proxied name sends users through: the resolver answers its addresses,
    /// and `values` are its origins.
    pub edge: Option<NodeId>,
    /// Each value on its own, in the order written.
    pub values: Vec<Resolved>,
    /// What users get, all values together: for a proxied name, the edge (whose
    /// addresses are the provider's, so none are listed); else the values' hosts and
    /// addresses. `unresolved` is set only when no value leads anywhere.
    pub users: Resolved,
}

impl Answer {
    /// Whether users reach something in the design by this name.
    pub fn resolves(&self) -> bool {
        self.users.resolves()
    }

    /// Whether this is an address record (A, AAAA, CNAME): a name users type.
    pub fn is_address(&self) -> bool {
        is_address(&self.kind)
    }

    /// The hosts the values lead to, whether or not users reach them directly (behind
    /// an edge they are its origins), in order, each once.
    pub fn origins(&self) -> Vec<NodeId> {
        let mut all = Vec::new();
        for host in self.values.iter().flat_map(|v| &v.hosts) {
            if !all.contains(host) {
                all.push(*host);
            }
        }
        all
    }
}

/// Every address record's answer, in declaration order.
pub fn answers(design: &Design) -> Vec<Answer> {
    let mut all = every_record(design);
    all.retain(Answer::is_address);
    all
}

/// Every record's answer (MX and NS values lead to hosts too), in declaration order.
pub fn every_record(design: &Design) -> Vec<Answer> {
    let resolver = Resolver::new(design);
    design
        .nodes_of(Kind::Record)
        .map(|(id, _)| resolver.answer(id))
        .collect()
}

/// The edge a record sends users through: its `via`, or with `proxied = true` the
/// design's CDN.
pub fn edge_of(design: &Design, record: NodeId) -> Option<NodeId> {
    let attrs = &design.node(record).attrs;
    attrs.reference("via").or_else(|| {
        (attrs.bool("proxied") == Some(true))
            .then(|| design.nodes_of(Kind::Cdn).map(|(id, _)| id).next())
            .flatten()
    })
}

fn record_type(node: &crate::model::Node) -> &str {
    node.attrs.text("type").unwrap_or("A")
}

fn is_address(kind: &str) -> bool {
    matches!(kind.to_ascii_uppercase().as_str(), "A" | "AAAA" | "CNAME")
}

/// What record values resolve against.
struct Resolver<'a> {
    design: &'a Design,
    /// Records by lower-case full name.
    records: BTreeMap<String, NodeId>,
    /// The design's zones, lower-case.
    zones: Vec<String>,
    /// Every IP address a host answers on: servers' `ip` and `public_ip`, clusters' `vip`.
    owners: HashMap<IpAddr, Vec<NodeId>>,
}

impl<'a> Resolver<'a> {
    fn new(design: &'a Design) -> Resolver<'a> {
        Resolver {
            design,
            records: design
                .nodes_of(Kind::Record)
                .map(|(id, _)| (fqdn(design, id).to_ascii_lowercase(), id))
                .collect(),
            zones: design
                .nodes_of(Kind::Domain)
                .map(|(_, d)| d.name.to_ascii_lowercase())
                .collect(),
            owners: ip_owners(design),
        }
    }

    fn answer(&self, record: NodeId) -> Answer {
        let node = self.design.node(record);
        let values: Vec<Resolved> = match node.attrs.get("value") {
            Some(value) => value
                .items()
                .iter()
                .map(|item| {
                    let mut resolved = Resolved::default();
                    self.value(record, record, item, &mut resolved);
                    resolved
                })
                .collect(),
            None => vec![Resolved {
                unresolved: Some(Unresolved::NoTarget),
                ..Resolved::default()
            }],
        };
        let edge = edge_of(self.design, record);
        let users = match edge {
            Some(edge) => Resolved {
                hosts: vec![edge],
                ..Resolved::default()
            },
            None => together(&values),
        };
        Answer {
            record,
            name: fqdn(self.design, record),
            kind: record_type(node).to_string(),
            edge,
            values,
            users,
        }
    }

    /// Resolve one value of `record` (the record being answered is `first`) into `out`.
    fn value(&self, first: NodeId, record: NodeId, value: &AttrValue, out: &mut Resolved) {
        let design = self.design;
        let alias = record_type(design.node(record)).eq_ignore_ascii_case("CNAME");
        match value {
            AttrValue::Ip(ip) if alias => out.unresolved = Some(Unresolved::CnameHoldsAddress(*ip)),
            AttrValue::Ip(ip) => match self.owners.get(ip) {
                Some(owners) => {
                    out.addresses.push(*ip);
                    out.vip_of = owners
                        .iter()
                        .copied()
                        .find(|&o| design.node(o).kind == Kind::Cluster);
                    out.hosts.extend(owners);
                }
                None => out.unresolved = Some(Unresolved::NoOwner(*ip)),
            },
            AttrValue::Hostname(name) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                match self.records.get(&name) {
                    Some(&next) => self.alias_to(first, next, out),
                    None if in_zones(&name, &self.zones) => {
                        out.unresolved = Some(Unresolved::UnknownName(name));
                    }
                    None => out.outside = Some(name),
                }
            }
            AttrValue::Ref(target) => match design.node(*target).kind {
                Kind::Record => self.alias_to(first, *target, out),
                Kind::Domain => {
                    let apex = design
                        .children(*target)
                        .into_iter()
                        .find(|&r| design.node(r).name == "@");
                    match apex {
                        Some(apex) => self.alias_to(first, apex, out),
                        None => {
                            out.unresolved =
                                Some(Unresolved::UnknownName(design.node(*target).name.clone()));
                        }
                    }
                }
                _ => match host_of(design, *target) {
                    Some(host) => connect_to(design, host, out),
                    None => out.unresolved = Some(Unresolved::NoTarget),
                },
            },
            _ => out.unresolved = Some(Unresolved::NoTarget),
        }
    }

    /// Follow an alias to the record `next`: its edge when it is proxied, else its
    /// values (the first one that leads somewhere, as a resolver takes one answer).
    fn alias_to(&self, first: NodeId, next: NodeId, out: &mut Resolved) {
        let name = fqdn(self.design, next);
        if next == first || out.aliases.contains(&name) || out.aliases.len() >= MAX_ALIASES {
            out.unresolved = Some(Unresolved::Loop);
            return;
        }
        out.aliases.push(name);
        if let Some(edge) = edge_of(self.design, next) {
            out.hosts.push(edge);
            return;
        }
        let items = self
            .design
            .node(next)
            .attrs
            .get("value")
            .map(|v| v.items().to_vec())
            .unwrap_or_default();
        if items.is_empty() {
            out.unresolved = Some(Unresolved::NoTarget);
        }
        for item in &items {
            let mut next_out = out.clone();
            self.value(first, next, item, &mut next_out);
            merge(out, next_out);
        }
    }
}

/// Several values (or an alias's several values) together: every address and host,
/// each once; unresolved only when nothing resolves.
fn together(values: &[Resolved]) -> Resolved {
    let mut all = Resolved::default();
    for value in values {
        merge(&mut all, value.clone());
    }
    all
}

fn merge(into: &mut Resolved, from: Resolved) {
    for alias in from.aliases {
        if !into.aliases.contains(&alias) {
            into.aliases.push(alias);
        }
    }
    for ip in from.addresses {
        if !into.addresses.contains(&ip) {
            into.addresses.push(ip);
        }
    }
    for host in from.hosts {
        if !into.hosts.contains(&host) {
            into.hosts.push(host);
        }
    }
    into.vip_of = into.vip_of.or(from.vip_of);
    into.outside = into.outside.take().or(from.outside);
    if into.hosts.is_empty() && into.outside.is_none() {
        into.unresolved = into.unresolved.take().or(from.unresolved);
    } else {
        into.unresolved = None;
    }
}

/// Every IP address a host answers on: servers' `ip` and `public_ip`, clusters' `vip`.
fn ip_owners(design: &Design) -> HashMap<IpAddr, Vec<NodeId>> {
    let mut owners: HashMap<IpAddr, Vec<NodeId>> = HashMap::new();
    for (id, node) in design.nodes() {
        let keys: &[&str] = match node.kind {
            Kind::Server => &["public_ip", "ip"],
            Kind::Cluster => &["vip"],
            _ => continue,
        };
        for ip in keys.iter().filter_map(|k| node.attrs.ip(k)) {
            let list = owners.entry(ip).or_default();
            if !list.contains(&id) {
                list.push(id);
            }
        }
    }
    owners
}

/// A value that leads to a host: its addresses, a cluster's virtual IP or, without one,
/// its members' addresses.
fn connect_to(design: &Design, host: NodeId, out: &mut Resolved) {
    if !out.hosts.contains(&host) {
        out.hosts.push(host);
    }
    let attrs = &design.node(host).attrs;
    match design.node(host).kind {
        Kind::Cluster => match attrs.ip("vip") {
            Some(vip) => {
                out.addresses.push(vip);
                out.vip_of = Some(host);
            }
            None => out.addresses.extend(
                design
                    .members(host)
                    .into_iter()
                    .filter_map(|m| design.host(m).and_then(|s| address(design, s))),
            ),
        },
        _ => out.addresses.extend(address(design, host)),
    }
}

/// A server's address for users: public first.
pub fn address(design: &Design, server: NodeId) -> Option<IpAddr> {
    let attrs = &design.node(server).attrs;
    attrs.ip("public_ip").or(attrs.ip("ip"))
}

/// The host a record's target stands for: servers, clusters, services and CDNs as they
/// are, a component's server (a managed service is its own host).
fn host_of(design: &Design, target: NodeId) -> Option<NodeId> {
    match design.node(target).kind {
        Kind::Server | Kind::Cluster | Kind::Service | Kind::Cdn => Some(target),
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
            a.users.unresolved,
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
        assert_eq!(
            a.users.addresses,
            ["8.8.8.8".parse::<IpAddr>().expect("ip")]
        );
        assert_eq!(a.users.hosts, [d.find("lb1").expect("lb1")]);
        let (d, a) = answer(
            "domain foobar.com { record www { type = A, value = lbs } }\n\
             server lb1 { ip = 10.0.0.1 }\nserver lb2 { ip = 10.0.0.2 }\n\
             cluster lbs { members = [lb1, lb2], vip = 8.8.8.8 }\n",
        );
        assert_eq!(a.users.vip_of, d.find("lbs"));
        assert_eq!(
            a.users.addresses,
            ["8.8.8.8".parse::<IpAddr>().expect("ip")]
        );
        let (_, a) = answer(
            "domain foobar.com { record www { type = A, value = lbs } }\n\
             server lb1 { ip = 10.0.0.1 }\nserver lb2 { ip = 10.0.0.2 }\n\
             cluster lbs { members = [lb1, lb2] }\n",
        );
        assert_eq!(a.users.vip_of, None);
        assert_eq!(
            a.users.addresses.len(),
            2,
            "no VIP: both members' addresses"
        );
    }

    #[test]
    fn aliases_are_followed_and_outside_names_left_alone() {
        let (d, a) = answer(
            "domain foobar.com {\n  record www { type = CNAME, value = foobar.com }\n  \
             record @ { type = A, value = 8.8.8.8 }\n}\nserver srv1 { public_ip = 8.8.8.8 }\n",
        );
        assert_eq!(a.users.aliases, ["foobar.com"]);
        assert_eq!(a.users.hosts, [d.find("srv1").expect("srv1")]);
        let (_, a) = answer(
            "domain foobar.com { record www { type = CNAME, value = \"shop.saas.example\" } }\n",
        );
        assert_eq!(a.users.outside.as_deref(), Some("shop.saas.example"));
        let (_, a) = answer("domain foobar.com { record www { type = A, value = 1.2.3.4 } }\n");
        assert_eq!(
            a.users.unresolved,
            Some(Unresolved::NoOwner("1.2.3.4".parse().expect("ip")))
        );
    }

    #[test]
    fn the_catalogue_agrees_a_cname_holding_an_address_reaches_no_server() {
        // `dns` once resolved values on its own and let this CNAME lead users to `srv1`.
        let design = crate::compile(Source::new(
            "t",
            "domain foobar.com { record www { type = CNAME, value = 8.8.8.8 } }\n\
             server srv1 { public_ip = 8.8.8.8, web_server n {} }\ninternet -> srv1 : http\n",
        ))
        .expect("compiles");
        let analysis = crate::analysis::analyze(&design);
        let record = &analysis.dns.records[0];
        assert!(record.targets.is_empty(), "{:?}", record.targets);
        assert_eq!(
            record.answers[0].unresolved,
            Some(Unresolved::CnameHoldsAddress(
                "8.8.8.8".parse().expect("ip")
            ))
        );
        let srv1 = design.find("srv1").expect("srv1");
        assert!(analysis.dns.names_of(srv1).is_empty());
    }

    #[test]
    fn a_proxied_name_answers_its_edge_and_keeps_its_values_as_origins() {
        let (d, a) = answer(
            "domain blog.example {\n  record www { type = CNAME, value = blog.example, proxied = true }\n  \
             record @ { type = A, value = 203.0.113.7, proxied = true }\n}\n\
             cdn cf { provider = cloudflare }\nserver vps { public_ip = 203.0.113.7 }\n",
        );
        let (cf, vps) = (d.find("cf").expect("cf"), d.find("vps").expect("vps"));
        assert_eq!(a.edge, Some(cf));
        assert_eq!(a.users.hosts, [cf]);
        assert!(
            a.users.addresses.is_empty(),
            "the edge's addresses are the provider's"
        );
        assert_eq!(
            a.values[0].hosts,
            [cf],
            "an alias of a proxied name is proxied too"
        );
        let apex = answers(&d).remove(1);
        assert_eq!(apex.users.hosts, [cf]);
        assert_eq!(apex.origins(), [vps]);
    }

    #[test]
    fn several_values_resolve_each_on_its_own() {
        let (d, a) = answer(
            "domain foobar.com { record www { type = A, value = [203.0.113.10, 203.0.113.99] } }\n\
             server lb1 { public_ip = 203.0.113.10 }\n",
        );
        assert_eq!(a.values.len(), 2);
        assert_eq!(a.values[0].hosts, [d.find("lb1").expect("lb1")]);
        assert_eq!(
            a.values[1].unresolved,
            Some(Unresolved::NoOwner("203.0.113.99".parse().expect("ip")))
        );
        assert!(a.resolves());
        assert_eq!(
            a.users.unresolved, None,
            "one value resolves, so the name does"
        );
    }

    #[test]
    fn a_managed_service_is_its_own_host() {
        let (d, a) = answer(
            "domain shop.example { record www { type = CNAME, value = alb } }\n\
             load_balancer alb { managed = true, provider = aws }\n",
        );
        assert_eq!(a.users.hosts, [d.find("alb").expect("alb")]);
        assert!(a.users.addresses.is_empty());
    }
}
