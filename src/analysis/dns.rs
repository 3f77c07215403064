//! DNS as declared: every record's full name, what it resolves to, and which names lead
//! to each host.

use crate::model::value::AttrValue;
use crate::model::word::{RecordType, Routing};
use crate::model::{Design, Kind, NodeId};
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

/// The longest CNAME chain followed before giving up (a loop, or a silly zone).
const MAX_CNAME_HOPS: usize = 8;

#[derive(Debug, Clone)]
pub struct Record {
    pub id: NodeId,
    /// `www.foobar.com`; the apex record `@` of `foobar.com` is `foobar.com`, the
    /// wildcard `*` is `*.foobar.com`.
    pub fqdn: String,
    pub kind: RecordType,
    /// Hosts (servers, clusters, managed services, CDNs) users reach through the name:
    /// the edge for a proxied record, else every value's hosts.
    pub targets: Vec<NodeId>,
    /// Each value as written, in order, with the hosts it resolves to (none: it dangles).
    pub answers: Vec<Answer>,
    /// The CDN a proxied record sends users through; the values are then its origins.
    pub edge: Option<NodeId>,
    /// How several values are answered (round robin unless `routing` says otherwise).
    pub routing: Routing,
    /// Whether the DNS provider health-checks the values before answering them.
    pub health_checked: bool,
}

/// One value of a record and what it leads to.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Where the value was written (the `value` attribute).
    pub index: usize,
    pub targets: Vec<NodeId>,
}

impl Record {
    /// The hosts the values lead to, whether or not users reach them directly.
    pub fn origins(&self) -> Vec<NodeId> {
        let mut all: Vec<NodeId> = self
            .answers
            .iter()
            .flat_map(|a| a.targets.clone())
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

#[derive(Debug, Clone, Default)]
pub struct Dns {
    pub records: Vec<Record>,
}

impl Dns {
    pub fn new(design: &Design) -> Dns {
        let by_name: BTreeMap<String, NodeId> = design
            .nodes_of(Kind::Record)
            .map(|(id, _)| (fqdn(design, id), id))
            .collect();
        let owners = ip_owners(design);
        let cdns: Vec<NodeId> = design.nodes_of(Kind::Cdn).map(|(id, _)| id).collect();
        let lookup = Lookup {
            design,
            by_name: &by_name,
            owners: &owners,
        };
        let records = design
            .nodes_of(Kind::Record)
            .map(|(id, node)| {
                let answers: Vec<Answer> = node
                    .attrs
                    .get("value")
                    .map(|v| v.items().to_vec())
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .map(|(index, value)| Answer {
                        index,
                        targets: lookup.value(id, value, 0),
                    })
                    .collect();
                let edge = node.attrs.reference("via").or_else(|| {
                    (node.attrs.bool("proxied") == Some(true))
                        .then(|| cdns.first().copied())
                        .flatten()
                });
                let mut targets: Vec<NodeId> = match edge {
                    Some(edge) => vec![edge],
                    None => answers.iter().flat_map(|a| a.targets.clone()).collect(),
                };
                targets.dedup();
                Record {
                    id,
                    fqdn: fqdn(design, id),
                    kind: node.attrs.word("type").unwrap_or(RecordType::A),
                    targets,
                    answers,
                    edge,
                    routing: node.attrs.word("routing").unwrap_or(Routing::RoundRobin),
                    health_checked: matches!(
                        node.attrs.get("health_check"),
                        Some(AttrValue::Text(_) | AttrValue::Bool(true))
                    ),
                }
            })
            .collect();
        Dns { records }
    }

    /// Address records (A, AAAA, CNAME): the names users type.
    pub fn address_records(&self) -> impl Iterator<Item = &Record> {
        self.records.iter().filter(|r| r.kind.is_address())
    }

    /// Names that resolve to `host` (a server or cluster), sorted.
    pub fn names_of(&self, host: NodeId) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .address_records()
            .filter(|r| r.targets.contains(&host))
            .map(|r| r.fqdn.as_str())
            .collect();
        names.sort();
        names.dedup();
        names
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

/// What record values resolve against.
struct Lookup<'a> {
    design: &'a Design,
    by_name: &'a BTreeMap<String, NodeId>,
    owners: &'a HashMap<IpAddr, Vec<NodeId>>,
}

impl Lookup<'_> {
    /// The hosts one value of `record` leads to, following CNAMEs within the design.
    fn value(&self, record: NodeId, value: &AttrValue, hops: usize) -> Vec<NodeId> {
        if hops >= MAX_CNAME_HOPS {
            return Vec::new();
        }
        match value {
            AttrValue::Ip(ip) => self.owners.get(ip).cloned().unwrap_or_default(),
            AttrValue::Ref(target) => self.target(record, *target, hops),
            AttrValue::Hostname(name) => self
                .by_name
                .get(name.trim_end_matches('.'))
                .filter(|&&next| next != record)
                .map(|&next| self.record(next, hops + 1))
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Every host another record leads to.
    fn record(&self, record: NodeId, hops: usize) -> Vec<NodeId> {
        let node = self.design.node(record);
        if let Some(edge) = node.attrs.reference("via") {
            return vec![edge];
        }
        node.attrs
            .get("value")
            .map(|v| v.items().to_vec())
            .unwrap_or_default()
            .iter()
            .flat_map(|v| self.value(record, v, hops))
            .collect()
    }

    fn target(&self, record: NodeId, target: NodeId, hops: usize) -> Vec<NodeId> {
        let design = self.design;
        match design.node(target).kind {
            Kind::Record if target != record => self.record(target, hops + 1),
            // A name that is the zone itself resolves through its apex record.
            Kind::Domain => design
                .children(target)
                .into_iter()
                .filter(|&r| design.node(r).name == "@" && r != record)
                .flat_map(|apex| self.record(apex, hops + 1))
                .collect(),
            _ => host_of(design, target).into_iter().collect(),
        }
    }
}

pub fn fqdn(design: &Design, record: NodeId) -> String {
    let node = design.node(record);
    let zone = node.parent.map_or("", |d| design.node(d).name.as_str());
    if node.name == "@" {
        zone.to_string()
    } else {
        format!("{}.{zone}", node.name)
    }
}

/// The host a record target stands for: servers and clusters as they are, a component's
/// server, a record's own targets are handled by the caller.
fn host_of(design: &Design, target: NodeId) -> Option<NodeId> {
    match design.node(target).kind {
        Kind::Server | Kind::Cluster | Kind::Service | Kind::Cdn => Some(target),
        kind if kind.is_component() => design.host(target),
        _ => None,
    }
}
