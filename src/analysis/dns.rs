//! DNS as declared: every record's full name, what it resolves to, and which names lead
//! to each host.

use crate::model::value::AttrValue;
use crate::model::word::RecordType;
use crate::model::{Design, Edge, Kind, NodeId};
use std::collections::BTreeMap;

/// The longest CNAME chain followed before giving up (a loop, or a silly zone).
const MAX_CNAME_HOPS: usize = 8;

#[derive(Debug, Clone)]
pub struct Record {
    pub id: NodeId,
    /// `www.foobar.com`; the apex record `@` of `foobar.com` is `foobar.com`.
    pub fqdn: String,
    pub kind: RecordType,
    /// Hosts (servers or clusters) the name finally resolves to.
    pub targets: Vec<NodeId>,
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
        let records = design
            .nodes_of(Kind::Record)
            .map(|(id, node)| Record {
                id,
                fqdn: fqdn(design, id),
                kind: node.attrs.word("type").unwrap_or(RecordType::A),
                targets: resolve(design, &by_name, id, 0),
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

pub fn fqdn(design: &Design, record: NodeId) -> String {
    let node = design.node(record);
    let zone = node.parent.map_or("", |d| design.node(d).name.as_str());
    if node.name == "@" {
        zone.to_string()
    } else {
        format!("{}.{zone}", node.name)
    }
}

fn resolve(
    design: &Design,
    by_name: &BTreeMap<String, NodeId>,
    record: NodeId,
    hops: usize,
) -> Vec<NodeId> {
    let direct = design.related(record, |e| matches!(e, Edge::PointsTo));
    if !direct.is_empty() {
        return direct
            .into_iter()
            .flat_map(|t| match design.node(t).kind {
                Kind::Record if hops < MAX_CNAME_HOPS && t != record => {
                    resolve(design, by_name, t, hops + 1)
                }
                // A name that is the zone itself resolves through its apex record.
                Kind::Domain if hops < MAX_CNAME_HOPS => design
                    .children(t)
                    .into_iter()
                    .filter(|&r| design.node(r).name == "@" && r != record)
                    .flat_map(|apex| resolve(design, by_name, apex, hops + 1))
                    .collect(),
                _ => host_of(design, t).into_iter().collect(),
            })
            .collect();
    }
    match design.node(record).attrs.get("value") {
        Some(AttrValue::Hostname(name)) if hops < MAX_CNAME_HOPS => {
            let name = name.trim_end_matches('.');
            by_name
                .get(name)
                .filter(|&&next| next != record)
                .map(|&next| resolve(design, by_name, next, hops + 1))
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// The host a record target stands for: servers and clusters as they are, a component's
/// server, a record's own targets are handled by the caller.
fn host_of(design: &Design, target: NodeId) -> Option<NodeId> {
    match design.node(target).kind {
        Kind::Server | Kind::Cluster | Kind::Service => Some(target),
        kind if kind.is_component() => design.host(target),
        _ => None,
    }
}
