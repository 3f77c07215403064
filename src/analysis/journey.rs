//! User journeys: what users need to reach for the site to work at all, to save data, and
//! to read it — and the traffic graph restricted to what each journey may use.

use super::dns::Dns;
use super::traffic::Traffic;
use crate::model::word::{Mode, Role};
use crate::model::{Access, Design, Kind, NodeId};
use petgraph::visit::{Dfs, EdgeRef};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Journey {
    /// Any request reaching the application (or, without app servers, the web tier).
    Requests,
    /// A request that writes: it must reach a primary database over a read-write flow.
    Writes,
    /// A request that reads stored data: it must reach some database, or a cache the
    /// application reads from.
    Reads,
}

impl Journey {
    pub const ALL: [Journey; 3] = [Journey::Requests, Journey::Writes, Journey::Reads];

    /// What users lose when this journey breaks.
    pub fn loss(self) -> &'static str {
        match self {
            Journey::Requests => "all requests",
            Journey::Writes => "writes",
            Journey::Reads => "reads",
        }
    }
}

/// Where users start, and which first hops they can actually take.
#[derive(Debug, Clone)]
pub struct Entry {
    pub start: NodeId,
    /// With DNS declared, users reach only what the records point at; `None` when any
    /// first hop counts (no DNS, or a custom entry).
    pub allowed: Option<HashSet<NodeId>>,
}

impl Entry {
    pub fn new(design: &Design, dns: &Dns) -> Entry {
        let start = design.entry;
        if start != design.internet {
            return Entry {
                start,
                allowed: None,
            };
        }
        let mut allowed = HashSet::new();
        for record in dns.address_records() {
            for &host in &record.targets {
                allow_host(design, host, &mut allowed);
            }
        }
        Entry {
            start,
            allowed: (!allowed.is_empty()).then_some(allowed),
        }
    }

    /// Whether users can take a first hop to `to`.
    pub fn admits(&self, to: NodeId) -> bool {
        self.allowed.as_ref().is_none_or(|a| a.contains(&to))
    }
}

fn allow_host(design: &Design, host: NodeId, allowed: &mut HashSet<NodeId>) {
    allowed.insert(host);
    match design.node(host).kind {
        Kind::Cluster => {
            for member in design.members(host) {
                allow_host(design, member, allowed);
            }
        }
        Kind::Server => allowed.extend(design.children(host)),
        _ => {}
    }
}

/// The items a journey must reach (any one of them will do).
pub fn sinks(design: &Design, journey: Journey, reachable: &HashSet<NodeId>) -> Vec<NodeId> {
    let reached = |kind: Kind| -> Vec<NodeId> {
        let mut v: Vec<NodeId> = design
            .nodes_of(kind)
            .map(|(id, _)| id)
            .filter(|id| reachable.contains(id))
            .collect();
        v.sort();
        v
    };
    match journey {
        Journey::Requests => [Kind::AppServer, Kind::WebServer, Kind::LoadBalancer]
            .into_iter()
            .map(reached)
            .find(|v| !v.is_empty())
            .unwrap_or_default(),
        Journey::Writes => {
            let standbys = standbys(design);
            reached(Kind::Database)
                .into_iter()
                .filter(|db| is_primary(design, *db) || standbys.contains(db))
                .collect()
        }
        Journey::Reads => {
            let mut stores = reached(Kind::Database);
            stores.extend(reached(Kind::Cache));
            stores
        }
    }
}

/// A database that takes writes: `role = primary`, or no role and no `replica_of`.
pub fn is_primary(design: &Design, db: NodeId) -> bool {
    let attrs = &design.node(db).attrs;
    match attrs.word::<Role>("role") {
        Some(role) => role == Role::Primary,
        None => attrs.get("replica_of").is_none(),
    }
}

/// Replicas that take over writes on failover: each shares an active-passive cluster
/// with a primary (the cluster's promotion makes the pair one logical primary).
pub fn standbys(design: &Design) -> HashSet<NodeId> {
    let mut standbys = HashSet::new();
    for (cluster, node) in design.nodes_of(Kind::Cluster) {
        if node.attrs.word::<Mode>("mode") != Some(Mode::ActivePassive) {
            continue;
        }
        // Databases held by the members (a member may be a database or its server).
        let databases: Vec<NodeId> = design
            .members(cluster)
            .into_iter()
            .flat_map(|m| match design.node(m).kind {
                Kind::Database => vec![m],
                _ => design
                    .children(m)
                    .into_iter()
                    .filter(|&c| design.node(c).kind == Kind::Database)
                    .collect(),
            })
            .collect();
        if databases.iter().any(|&db| is_primary(design, db)) {
            standbys.extend(databases.into_iter().filter(|&db| !is_primary(design, db)));
        }
    }
    standbys
}

/// Whether a hop may be used by the journey: writes cannot go over a read-only flow into
/// a database, and the first hop must be one users can take.
pub fn usable(
    design: &Design,
    entry: &Entry,
    journey: Journey,
    from: NodeId,
    to: NodeId,
    access: Access,
) -> bool {
    if from == entry.start && !entry.admits(to) {
        return false;
    }
    !(journey == Journey::Writes
        && access == Access::Read
        && design.node(to).kind == Kind::Database)
}

/// Items reachable from the entry using only hops the journey may use.
pub fn reachable(
    design: &Design,
    traffic: &Traffic,
    entry: &Entry,
    journey: Journey,
) -> HashSet<NodeId> {
    reachable_avoiding(design, traffic, entry, journey, &HashSet::new())
}

/// Items reachable as in [`reachable`] without passing through anything in `down`
/// (failure simulation).
pub fn reachable_avoiding(
    design: &Design,
    traffic: &Traffic,
    entry: &Entry,
    journey: Journey,
    down: &HashSet<NodeId>,
) -> HashSet<NodeId> {
    let mut seen = HashSet::new();
    let Some(start) = traffic.index_of(entry.start) else {
        return seen;
    };
    let filtered = petgraph::visit::EdgeFiltered::from_fn(&traffic.graph, |e| {
        let to = traffic.graph[e.target()];
        // A junction is no item that fails: its members do.
        (traffic.is_junction(e.target()) || !down.contains(&to))
            && usable(
                design,
                entry,
                journey,
                traffic.graph[e.source()],
                to,
                e.weight().access,
            )
    });
    let mut dfs = Dfs::new(&filtered, start);
    while let Some(ix) = dfs.next(&filtered) {
        if !traffic.is_junction(ix) {
            seen.insert(traffic.graph[ix]);
        }
    }
    seen
}
