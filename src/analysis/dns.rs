//! DNS as declared: every record's full name, what it leads to, and which names lead to
//! each host. What a value resolves to is `resolution`'s answer; this is the catalogue
//! the rules, the journeys and the diagram read.

use super::resolution::{self, Unresolved};
use crate::model::value::AttrValue;
use crate::model::word::{RecordType, Routing};
use crate::model::{Design, NodeId};

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
    /// Why it leads nowhere, when it does not; `None` with no targets is a name
    /// outside the design, resolved elsewhere.
    pub unresolved: Option<Unresolved>,
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
    /// The catalogue of `answers`, which must be `resolution::every_record(design)`.
    pub fn new(design: &Design, answers: &[resolution::Answer]) -> Dns {
        let records = answers
            .iter()
            .map(|answer| {
                let node = design.node(answer.record);
                let explicit = node.attrs.get("value").is_some();
                let answers: Vec<Answer> = answer
                    .values
                    .iter()
                    .enumerate()
                    .filter(|_| explicit)
                    .map(|(index, value)| Answer {
                        index,
                        targets: value.hosts.clone(),
                        unresolved: value.unresolved.clone(),
                    })
                    .collect();
                let mut targets: Vec<NodeId> = match answer.edge {
                    Some(edge) => vec![edge],
                    None => answers.iter().flat_map(|a| a.targets.clone()).collect(),
                };
                targets.dedup();
                Record {
                    id: answer.record,
                    fqdn: answer.name.clone(),
                    kind: node.attrs.word("type").unwrap_or(RecordType::A),
                    targets,
                    answers,
                    edge: answer.edge,
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

pub fn fqdn(design: &Design, record: NodeId) -> String {
    let node = design.node(record);
    let zone = node.parent.map_or("", |d| design.node(d).name.as_str());
    if node.name == "@" {
        zone.to_string()
    } else {
        format!("{}.{zone}", node.name)
    }
}
