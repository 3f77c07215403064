//! Which component on a server sends or receives a protocol.
//!
//! Used by lowering (to resolve `lb1 -> web1 : http` to `web1.nginx`) and by analysis (to
//! expand a flow into a cluster into each member's receiving component).

use super::Node;
use super::design::NodeId;
use super::protocol::Protocol;
use super::value::AttrValue;
use petgraph::stable_graph::StableDiGraph;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Sender,
    Receiver,
}

/// Components of `server` that fit `role` for `protocol`, best first; a component whose
/// `port` matches the flow's port beats every other.
pub fn ranked_components<E>(
    graph: &StableDiGraph<Node, E>,
    server: NodeId,
    role: Role,
    protocol: &Protocol,
) -> Vec<(u8, NodeId)> {
    let mut ranked: Vec<(u8, NodeId)> = graph
        .neighbors(server)
        .filter_map(|child| {
            let node = &graph[child];
            if !node.kind.is_component() || node.parent != Some(server) {
                return None;
            }
            rank(node, role, protocol).map(|r| (r, child))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked
}

/// How well a component fits `role` for `protocol`; `None` when it does not send or
/// receive it at all. A receiver whose declared `port` is the flow's port fits best.
pub fn rank(node: &Node, role: Role, protocol: &Protocol) -> Option<u8> {
    let port_match = role == Role::Receiver
        && protocol.port.is_some()
        && node.attrs.get("port") == protocol.port.map(AttrValue::Port).as_ref();
    if port_match {
        return Some(u8::MAX);
    }
    match role {
        Role::Receiver => protocol.receiver_rank(node.kind, node.attrs.text("engine")),
        Role::Sender => protocol.sender_rank(node.kind),
    }
}

/// The best-ranked components (several when they tie).
pub fn best_components<E>(
    graph: &StableDiGraph<Node, E>,
    server: NodeId,
    role: Role,
    protocol: &Protocol,
) -> Vec<NodeId> {
    let ranked = ranked_components(graph, server, role, protocol);
    let best = ranked.first().map(|(rank, _)| *rank);
    ranked
        .into_iter()
        .filter(|(rank, _)| Some(*rank) == best)
        .map(|(_, id)| id)
        .collect()
}
