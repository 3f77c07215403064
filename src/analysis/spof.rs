//! Single points of failure, found with dominators — not by counting instances.
//!
//! For each journey, every path from the entry to any of the journey's sinks is a way
//! the journey can succeed. An item that lies on *all* of them (it dominates a virtual
//! node joined to every sink) is one whose failure breaks the journey. Only that one
//! node's dominators are needed, which `cut::unavoidable` finds in linear time.
//!
//! Failures happen to hosts, so the analysis runs twice: on components, and on failure
//! domains (components contracted to their server; cluster members stay separate, they
//! are alternatives). A server that dominates is a SPOF; it is named by its one
//! dominating component when there is exactly one (`lb1.haproxy`), else by itself
//! (`srv1`, which runs the whole stack).

use super::cut::unavoidable;
use super::journey::{Entry, Journey, sinks, usable};
use super::traffic::Traffic;
use crate::model::{Design, Kind, NodeId};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spof {
    /// The item named in the finding: a component, a server, or a service.
    pub node: NodeId,
    /// What users lose when it fails, most severe first.
    pub journeys: Vec<Journey>,
}

pub fn find(
    design: &Design,
    traffic: &Traffic,
    entry: &Entry,
    reach: &BTreeMap<Journey, HashSet<NodeId>>,
) -> Vec<Spof> {
    let mut found: BTreeMap<NodeId, BTreeSet<Journey>> = BTreeMap::new();
    for journey in Journey::ALL {
        let Some(reach) = reach.get(&journey) else {
            continue;
        };
        let sinks = sinks(design, journey, reach);
        if sinks.is_empty() {
            continue;
        }
        let domains = dominators_of(design, traffic, entry, journey, &sinks, |n| {
            failure_domain(design, n)
        });
        if domains.is_empty() {
            continue; // nothing dominates: no need to name components
        }
        let components = dominators_of(design, traffic, entry, journey, &sinks, |n| n);
        for domain in domains {
            if let Some(item) = spof_item(design, domain, &components) {
                found.entry(item).or_default().insert(journey);
            }
        }
    }
    found
        .into_iter()
        .map(|(node, journeys)| Spof {
            node,
            journeys: journeys.into_iter().collect(),
        })
        .collect()
}

/// What fails together with `node`: a component fails with its server.
pub fn failure_domain(design: &Design, node: NodeId) -> NodeId {
    match design.node(node).kind {
        kind if kind.is_component() => design.host(node).unwrap_or(node),
        _ => node,
    }
}

/// The item to report for a dominating failure domain, if it is worth reporting.
fn spof_item(design: &Design, domain: NodeId, components: &BTreeSet<NodeId>) -> Option<NodeId> {
    let node = design.node(domain);
    if redundant_inside(design, domain) {
        return None;
    }
    match node.kind {
        Kind::Server => {
            let on_server: Vec<NodeId> = components
                .iter()
                .copied()
                .filter(|&c| design.node(c).parent == Some(domain))
                .collect();
            Some(if on_server.len() == 1 {
                on_server[0]
            } else {
                domain
            })
        }
        // Something outside the design (a SaaS, a CDN) is not ours to make redundant.
        Kind::Service if node.attrs.bool("external") == Some(true) => None,
        Kind::Internet | Kind::Cdn | Kind::Network => None,
        _ => Some(domain),
    }
}

/// A failure domain that survives the loss of one of its parts: an instance group of two
/// or more servers, or a provider's service that runs several nodes — a load balancer,
/// queue, object store or application platform always; a database or cache only when
/// it keeps a standby in a second zone (multi-AZ). A single-zone managed database is one
/// instance, and is reported.
pub fn redundant_inside(design: &Design, domain: NodeId) -> bool {
    let node = design.node(domain);
    if node.kind == Kind::Server {
        return design.instances(domain) >= 2;
    }
    if !design.is_managed(domain) {
        return false;
    }
    match node.kind {
        Kind::Database | Kind::Cache => node
            .attrs
            .get("zones")
            .is_some_and(|z| z.items().len() >= 2),
        _ => true,
    }
}

/// Items (after `map`) on every entry→sink path the journey may use.
fn dominators_of(
    design: &Design,
    traffic: &Traffic,
    entry: &Entry,
    journey: Journey,
    sinks: &[NodeId],
    map: impl Fn(NodeId) -> NodeId,
) -> BTreeSet<NodeId> {
    // A junction stays a node of its own: it is no item, and mapping it to its cluster
    // would join the cluster's two sides into a way around its members.
    #[derive(Clone, Copy, PartialEq, Eq, Hash)]
    enum Key {
        Item(NodeId),
        Junction(NodeIndex),
    }
    let key = |ix: NodeIndex| {
        if traffic.is_junction(ix) {
            Key::Junction(ix)
        } else {
            Key::Item(map(traffic.graph[ix]))
        }
    };
    let mut graph: DiGraph<Option<NodeId>, ()> = DiGraph::new();
    // Fx, not SipHash: node keys come from the design, not from an adversary, and this
    // map is looked up on every hop of every journey.
    let mut index: FxHashMap<Key, NodeIndex> = FxHashMap::default();
    let mut node = |graph: &mut DiGraph<Option<NodeId>, ()>, key: Key| {
        *index.entry(key).or_insert_with(|| {
            graph.add_node(match key {
                Key::Item(id) => Some(id),
                Key::Junction(_) => None,
            })
        })
    };
    let root = node(&mut graph, Key::Item(map(entry.start)));
    for edge in traffic.graph.edge_references() {
        let (from, to) = (traffic.graph[edge.source()], traffic.graph[edge.target()]);
        if !usable(design, entry, journey, from, to, edge.weight().access) {
            continue;
        }
        let (a, b) = (key(edge.source()), key(edge.target()));
        if a != b {
            let (a, b) = (node(&mut graph, a), node(&mut graph, b));
            graph.add_edge(a, b, ());
        }
    }
    let sink = graph.add_node(None);
    for &s in sinks {
        let s = node(&mut graph, Key::Item(map(s)));
        graph.add_edge(s, sink, ());
    }
    unavoidable(&graph, root, sink)
        .into_iter()
        .filter_map(|ix| graph[ix])
        .collect()
}
