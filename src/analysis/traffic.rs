//! The traffic graph: every flow expanded to the components that really carry it.
//!
//! A flow into a cluster reaches each member's receiving component (the members are
//! alternatives); a flow into a server that lowering could not pin to one component
//! reaches every component on it. Nodes are design items; edges remember the flow they
//! came from and its access mode.

use crate::model::endpoint::{Role, best_components};
use crate::model::protocol::{Family, Protocol};
use crate::model::{Access, Design, EdgeId, Kind, NodeId};
use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy)]
pub struct Hop {
    /// The design flow this hop expands.
    pub flow: EdgeId,
    pub access: Access,
    pub encrypted: bool,
    /// The connection goes the other way: the hop's receiver opened it (a tunnel to an
    /// edge, a consumer reading a queue), so the work comes back against the arrow.
    pub reversed: bool,
}

impl Hop {
    /// Who opens the connection and who accepts it, for a hop from `from` to `to`.
    pub fn connection(&self, from: NodeId, to: NodeId) -> (NodeId, NodeId) {
        if self.reversed {
            (to, from)
        } else {
            (from, to)
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Traffic {
    pub graph: DiGraph<NodeId, Hop>,
    index: HashMap<NodeId, NodeIndex>,
}

impl Traffic {
    pub fn new(design: &Design) -> Traffic {
        let mut traffic = Traffic::default();
        traffic.node(design.entry);
        for (flow, from, to, f) in design.flows() {
            let protocol = f.protocol.as_ref();
            let senders = expand(design, from, Role::Sender, protocol);
            let receivers = expand(design, to, Role::Receiver, protocol);
            let consumes = f.attrs.bool("consumes") == Some(true);
            for &s in &senders {
                for &r in &receivers {
                    if s == r {
                        continue;
                    }
                    let reversed = consumes || opens_tunnel(design, s, r);
                    let hop = Hop {
                        flow,
                        access: f.access,
                        encrypted: protocol.is_some_and(|p| p.encrypted),
                        reversed,
                    };
                    // The work travels from the queue to its consumer, from the edge into
                    // the tunnel: the traffic graph follows the work.
                    let (from, to) = if reversed { (r, s) } else { (s, r) };
                    let (a, b) = (traffic.node(from), traffic.node(to));
                    traffic.graph.add_edge(a, b, hop);
                }
            }
        }
        traffic
    }

    fn node(&mut self, id: NodeId) -> NodeIndex {
        *self
            .index
            .entry(id)
            .or_insert_with(|| self.graph.add_node(id))
    }

    pub fn index_of(&self, id: NodeId) -> Option<NodeIndex> {
        self.index.get(&id).copied()
    }

    /// Items that send traffic straight to `id`, with the hop, in flow order.
    pub fn incoming(&self, id: NodeId) -> Vec<(NodeId, Hop)> {
        self.hops(id, Direction::Incoming)
    }

    /// Items `id` sends traffic straight to, with the hop, in flow order.
    pub fn outgoing(&self, id: NodeId) -> Vec<(NodeId, Hop)> {
        self.hops(id, Direction::Outgoing)
    }

    /// The other end of each hop at `id` in `direction`.
    fn hops(&self, id: NodeId, direction: Direction) -> Vec<(NodeId, Hop)> {
        let Some(ix) = self.index_of(id) else {
            return Vec::new();
        };
        let mut hops: Vec<(NodeId, Hop)> = self
            .graph
            .edges_directed(ix, direction)
            .map(|e| {
                let other = match direction {
                    Direction::Incoming => e.source(),
                    Direction::Outgoing => e.target(),
                };
                (self.graph[other], *e.weight())
            })
            .collect();
        hops.sort_by_key(|(n, h)| (h.flow, *n));
        hops
    }
}

/// Whether the flow from `sender` to `receiver` is a tunnel being opened: a tunnel
/// connecting out of its host to an edge, which then sends requests back through it.
fn opens_tunnel(design: &Design, sender: NodeId, receiver: NodeId) -> bool {
    design.node(sender).kind == Kind::Tunnel && design.host(sender) != design.host(receiver)
}

/// The items that actually send or receive a flow written against `id`.
pub fn expand(design: &Design, id: NodeId, role: Role, protocol: Option<&Protocol>) -> Vec<NodeId> {
    let node = design.node(id);
    match node.kind {
        Kind::Cluster => design
            .members(id)
            .into_iter()
            .flat_map(|member| expand(design, member, role, protocol))
            .collect(),
        // ssh and the like reach the host itself.
        Kind::Server if protocol.is_some_and(|p| p.family == Family::Shell) => vec![id],
        Kind::Server => {
            let best = protocol
                .map(|p| best_components(&design.graph, id, role, p))
                .unwrap_or_default();
            if best.len() == 1 {
                return best;
            }
            let components: Vec<NodeId> = design
                .children(id)
                .into_iter()
                .filter(|&c| {
                    design.node(c).kind.is_component()
                        && design.node(c).kind != Kind::MonitoringAgent
                })
                .collect();
            if components.is_empty() {
                vec![id]
            } else {
                components
            }
        }
        _ => vec![id],
    }
}

/// Whether `id` serves the web: it receives HTTP-family traffic, or declares a web
/// listener, or (declaring neither) is a load balancer or web server nothing reaches
/// yet. A TCP load balancer or a database pooler in front of databases is not: no
/// request-rate metric or HTTP health check is asked of it.
pub fn web_facing(design: &Design, traffic: &Traffic, id: NodeId) -> bool {
    use crate::model::Edge;
    use crate::model::value::AttrValue;
    let node = design.node(id);
    if let Some(listeners) = node.attrs.get("listen") {
        return listeners
            .items()
            .iter()
            .any(|l| matches!(l, AttrValue::Listener(p) if p.family == Family::Web));
    }
    let incoming = traffic.incoming(id);
    if incoming.is_empty() {
        return matches!(node.kind, Kind::LoadBalancer | Kind::WebServer);
    }
    incoming
        .iter()
        .any(|(_, hop)| match &design.graph[hop.flow] {
            Edge::Flow(f) => f.protocol.as_ref().is_none_or(|p| p.family == Family::Web),
            _ => false,
        })
}
