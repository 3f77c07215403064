//! Identical servers, found so a diagram can stack them: "web × 40".
//!
//! Two servers are identical when they run the same components (kind, name, what they
//! say about themselves), are equally firewalled, carry the same findings, and exchange
//! the same flows with identical partners. "Identical partners" is recursive — forty web
//! servers each talking to its own app server are identical if the app servers are — so
//! classes are refined to a fixpoint, like minimising an automaton: start from what each
//! server is, then split classes by whom their members talk to, until nothing splits.

use super::failure::Failure;
use crate::analysis::Analysis;
use crate::lint::Finding;
use crate::model::{Design, Edge, Kind, NodeId};
use std::collections::{BTreeMap, HashMap};

/// Fewer identical servers than this stay drawn one by one: two web servers are the
/// point of a redundancy diagram.
pub const MIN_STACK: usize = 3;

/// Each server in a stack, mapped to the stack's first member (in declaration order);
/// the stacks' members, by that first member.
#[derive(Debug, Default)]
pub struct Stacks {
    pub representative: HashMap<NodeId, NodeId>,
    pub members: HashMap<NodeId, Vec<NodeId>>,
}

impl Stacks {
    /// The node that stands for `node` in the drawing: itself, or the same component of
    /// its stack's first server.
    pub fn canonical(&self, design: &Design, node: NodeId) -> NodeId {
        let kind = design.node(node).kind;
        if kind == Kind::Server {
            return self.representative.get(&node).copied().unwrap_or(node);
        }
        let Some(server) = design.host(node).filter(|_| kind.is_component()) else {
            return node;
        };
        match self.representative.get(&server) {
            Some(&rep) if rep != server => {
                let name = &design.node(node).name;
                design
                    .children(rep)
                    .into_iter()
                    .find(|&c| &design.node(c).name == name)
                    .unwrap_or(node)
            }
            _ => node,
        }
    }

    /// How many servers `server` stands for (1 when it is not a stack).
    pub fn size(&self, server: NodeId) -> usize {
        self.members.get(&server).map_or(1, Vec::len)
    }
}

/// Servers a failure touches stack only with servers in the same state.
pub fn find(
    design: &Design,
    analysis: &Analysis,
    findings: &[Finding],
    failure: &Failure,
) -> Stacks {
    let clustered: Vec<NodeId> = design
        .nodes_of(Kind::Cluster)
        .flat_map(|(c, _)| design.members(c))
        .collect();
    let servers: Vec<NodeId> = design
        .nodes_of(Kind::Server)
        .map(|(id, _)| id)
        .filter(|id| !clustered.contains(id))
        .collect();
    let position: HashMap<NodeId, usize> =
        servers.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    let mut rules: HashMap<NodeId, Vec<&str>> = HashMap::new();
    for f in findings {
        if let Some(n) = f.node {
            let at = design.host(n).unwrap_or(n);
            rules.entry(at).or_default().push(f.rule);
        }
    }
    let locals: Vec<String> = servers
        .iter()
        .map(|&s| {
            let states: Vec<_> = std::iter::once(s)
                .chain(design.children(s))
                .map(|n| failure.state(n))
                .collect();
            // Servers in different zones are not drawn as one stack: each zone has its frame.
            let zones = analysis.domains.zones_of(design, s);
            format!(
                "{}|{states:?}|{zones:?}",
                local(design, analysis, s, &rules)
            )
        })
        .collect();
    let links = links(design, &position);

    let mut class = classify(&locals);
    loop {
        let signatures: Vec<(usize, Vec<Seen>)> = (0..servers.len())
            .map(|i| {
                let mut sig: Vec<_> = links[i]
                    .iter()
                    .map(|l| {
                        let other = match l.other {
                            Partner::Server(j) => class[j],
                            Partner::Fixed(n) => usize::MAX / 2 + n.index(),
                        };
                        (
                            l.direction,
                            l.component.clone(),
                            l.label.clone(),
                            other,
                            l.other_component.clone(),
                        )
                    })
                    .collect();
                sig.sort();
                sig.dedup();
                (class[i], sig)
            })
            .collect();
        let refined = classify(&signatures);
        let before = class.iter().copied().max();
        let after = refined.iter().copied().max();
        class = refined;
        if before == after {
            break;
        }
    }

    let mut by_class: BTreeMap<usize, Vec<NodeId>> = BTreeMap::new();
    for (i, &c) in class.iter().enumerate() {
        by_class.entry(c).or_default().push(servers[i]);
    }
    let mut stacks = Stacks::default();
    for members in by_class.into_values().filter(|m| m.len() >= MIN_STACK) {
        let rep = members[0];
        for &m in &members {
            stacks.representative.insert(m, rep);
        }
        stacks.members.insert(rep, members);
    }
    stacks
}

/// Class ids by first appearance of equal keys.
fn classify<K: Ord + Clone>(keys: &[K]) -> Vec<usize> {
    let mut ids: BTreeMap<K, usize> = BTreeMap::new();
    keys.iter()
        .map(|k| {
            let next = ids.len();
            *ids.entry(k.clone()).or_insert(next)
        })
        .collect()
}

/// What a server is, apart from whom it talks to.
fn local(
    design: &Design,
    analysis: &Analysis,
    server: NodeId,
    rules: &HashMap<NodeId, Vec<&str>>,
) -> String {
    let mut parts: Vec<String> = design
        .children(server)
        .into_iter()
        .filter(|&c| design.node(c).kind.is_component())
        .map(|c| {
            let node = design.node(c);
            let attrs: Vec<String> = node
                .attrs
                .iter()
                .filter(|a| !matches!(a.key, "replica_of" | "sends_to" | "backends"))
                .map(|a| format!("{}={:?}", a.key, a.value))
                .collect();
            format!("{}:{}:{}", node.kind, node.name, attrs.join(","))
        })
        .collect();
    parts.sort();
    let walled = !analysis.protection.of(server).is_empty();
    let mut found = rules.get(&server).cloned().unwrap_or_default();
    found.sort_unstable();
    format!("{}|walled={walled}|{}", parts.join(";"), found.join(","))
}

/// A link as a class signature sees it: direction, own component, flow, partner class,
/// partner component.
type Seen = (u8, String, String, usize, String);

enum Partner {
    Server(usize),
    Fixed(NodeId),
}

struct Link {
    direction: u8,
    component: String,
    label: String,
    other: Partner,
    other_component: String,
}

/// Every flow hop and relation touching each server, seen from that server.
fn links(design: &Design, position: &HashMap<NodeId, usize>) -> Vec<Vec<Link>> {
    let mut links: Vec<Vec<Link>> = (0..position.len()).map(|_| Vec::new()).collect();
    let split = |n: NodeId| -> (Option<usize>, NodeId, String) {
        let node = design.node(n);
        match design.host(n).filter(|_| node.kind.is_component()) {
            Some(server) => (position.get(&server).copied(), server, node.name.clone()),
            None => (position.get(&n).copied(), n, String::new()),
        }
    };
    let mut add = |from: NodeId, to: NodeId, label: String| {
        let (a, a_host, a_comp) = split(from);
        let (b, b_host, b_comp) = split(to);
        let partner = |i: Option<usize>, host: NodeId| match i {
            Some(i) => Partner::Server(i),
            None => Partner::Fixed(host),
        };
        if let Some(i) = a {
            links[i].push(Link {
                direction: 0,
                component: a_comp.clone(),
                label: label.clone(),
                other: partner(b, b_host),
                other_component: b_comp.clone(),
            });
        }
        if let Some(j) = b {
            links[j].push(Link {
                direction: 1,
                component: b_comp,
                label,
                other: partner(a, a_host),
                other_component: a_comp,
            });
        }
    };
    for (_, from, to, flow) in design.flows() {
        let label = format!("{:?}{:?}", flow.protocol, flow.access);
        add(from, to, label);
    }
    for e in design.graph.edge_indices() {
        if let (Some(Edge::ReplicaOf), Some((from, to))) =
            (design.graph.edge_weight(e), design.graph.edge_endpoints(e))
        {
            add(from, to, "replica_of".to_string());
        }
    }
    for (record, _) in design.nodes_of(Kind::Record) {
        for target in design.related(record, |e| matches!(e, Edge::PointsTo)) {
            add(record, target, "dns".to_string());
        }
    }
    links
}
