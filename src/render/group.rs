//! Identical servers, found so a diagram can stack them: "web × 40".
//!
//! Two servers are identical when they run the same components (kind, name, what they
//! say about themselves), are equally firewalled, carry the same findings, and exchange
//! the same flows with identical partners. "Identical partners" is recursive — forty web
//! servers each talking to its own app server are identical if the app servers are — so
//! classes are refined to a fixpoint, like minimising an automaton: start from what each
//! server is, then split classes by whom their members talk to, until nothing splits.

use super::failure::{Failure, State};
use crate::analysis::Analysis;
use crate::lint::Finding;
use crate::model::{Design, Edge, Flow, Kind, NodeId};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;
use std::hash::Hash;

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
    let clustered: HashSet<NodeId> = design
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
    let mut rules: HashMap<NodeId, Vec<&str>> = HashMap::default();
    for f in findings {
        if let Some(n) = f.node {
            let at = design.host(n).unwrap_or(n);
            rules.entry(at).or_default().push(f.rule);
        }
    }
    let locals: Vec<(String, Vec<State>, &[NodeId])> = servers
        .iter()
        .map(|&s| {
            let states: Vec<_> = std::iter::once(s)
                .chain(design.children(s))
                .map(|n| failure.state(n))
                .collect();
            // Servers in different zones are not drawn as one stack: each zone has its frame.
            let zones = analysis.domains.zones_of(design, s);
            (local(design, analysis, s, &rules), states, zones)
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
                        (l.direction, l.component, l.label, other, l.other_component)
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
fn classify<K: Hash + Eq>(keys: &[K]) -> Vec<usize> {
    let mut ids: HashMap<&K, usize> =
        HashMap::with_capacity_and_hasher(keys.len(), Default::default());
    keys.iter()
        .map(|k| {
            let next = ids.len();
            *ids.entry(k).or_insert(next)
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
/// partner component (names and flows as [`Words`] ids).
type Seen = (u8, u32, u32, usize, u32);

enum Partner {
    Server(usize),
    Fixed(NodeId),
}

struct Link {
    direction: u8,
    component: u32,
    label: u32,
    other: Partner,
    other_component: u32,
}

/// Component names and flow labels, each given a number once, so refining classes
/// compares and sorts numbers instead of cloning strings on every round.
#[derive(Default)]
struct Words(HashMap<String, u32>);

impl Words {
    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.0.get(word) {
            return id;
        }
        let id = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        self.0.insert(word.to_string(), id);
        id
    }
}

/// Every flow hop and relation touching each server, seen from that server.
fn links(design: &Design, position: &HashMap<NodeId, usize>) -> Vec<Vec<Link>> {
    let mut links: Vec<Vec<Link>> = (0..position.len()).map(|_| Vec::new()).collect();
    let mut words = Words::default();
    let split = |n: NodeId, words: &mut Words| -> (Option<usize>, NodeId, u32) {
        let node = design.node(n);
        match design.host(n).filter(|_| node.kind.is_component()) {
            Some(server) => (position.get(&server).copied(), server, words.id(&node.name)),
            None => (position.get(&n).copied(), n, words.id("")),
        }
    };
    let mut add = |from: NodeId, to: NodeId, label: &str| {
        let label = words.id(label);
        let (a, a_host, a_comp) = split(from, &mut words);
        let (b, b_host, b_comp) = split(to, &mut words);
        let partner = |i: Option<usize>, host: NodeId| match i {
            Some(i) => Partner::Server(i),
            None => Partner::Fixed(host),
        };
        if let Some(i) = a {
            links[i].push(Link {
                direction: 0,
                component: a_comp,
                label,
                other: partner(b, b_host),
                other_component: b_comp,
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
        add(from, to, &flow_label(flow));
    }
    for e in design.graph.edge_indices() {
        if let (Some(Edge::ReplicaOf), Some((from, to))) =
            (design.graph.edge_weight(e), design.graph.edge_endpoints(e))
        {
            add(from, to, "replica_of");
        }
    }
    for (record, _) in design.nodes_of(Kind::Record) {
        for target in design.related(record, |e| matches!(e, Edge::PointsTo)) {
            add(record, target, "dns");
        }
    }
    links
}

/// What tells two flows apart for stacking: access, protocol, port and encryption.
/// Written out by hand: `Debug` of the protocol cost more than the rest of the pass.
fn flow_label(flow: &Flow) -> String {
    let mut label = String::from(flow.access.name());
    if let Some(p) = &flow.protocol {
        label.push(' ');
        label.push_str(&p.name);
        if let Some(port) = p.port {
            label.push(':');
            label.push_str(&port.to_string());
        }
        if p.encrypted {
            label.push_str(" tls");
        }
    }
    label
}
