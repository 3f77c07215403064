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
/// receive it at all. A receiver whose declared `port` is the flow's port fits best; one
/// that declares what it listens on (`listen`) receives exactly that, whatever its kind.
pub fn rank(node: &Node, role: Role, protocol: &Protocol) -> Option<u8> {
    let port_match = role == Role::Receiver
        && protocol.port.is_some()
        && node.attrs.get("port") == protocol.port.map(AttrValue::Port).as_ref();
    if port_match {
        return Some(u8::MAX);
    }
    if role == Role::Receiver
        && let Some(listeners) = node.attrs.get("listen")
    {
        return listens(listeners, protocol);
    }
    match role {
        Role::Receiver => protocol.receiver_rank(node.kind, engine(node)),
        Role::Sender => protocol.sender_rank(node.kind),
    }
}

/// The engine a component runs, for matching wire protocols: `engine`, or the
/// software of a cache or queue (`software = redis`).
fn engine(node: &Node) -> Option<&str> {
    node.attrs.text("engine").or_else(|| {
        matches!(
            node.kind,
            crate::model::Kind::Cache | crate::model::Kind::Queue
        )
        .then(|| node.attrs.text("software"))
        .flatten()
    })
}

/// How a component that declares its listeners takes `protocol`: best on the declared
/// port, then by name (`mysql+tls` is heard by a `mysql` listener) when the flow does not
/// say a port of its own; `None` otherwise.
fn listens(listeners: &AttrValue, protocol: &Protocol) -> Option<u8> {
    let default_port = Protocol::known(protocol.base(), None).and_then(|p| p.port);
    let port_implied = protocol.port.is_none() || protocol.port == default_port;
    let mut best = None;
    for item in listeners.items() {
        let AttrValue::Listener(listener) = item else {
            continue;
        };
        let same_name = listener.base() == protocol.base();
        let same_port = listener.port.is_some() && listener.port == protocol.port;
        let rank = match (same_name, same_port) {
            (true, true) => Some(u8::MAX - 1),
            (false, true) if protocol.family == listener.family => Some(u8::MAX - 2),
            (true, false) if port_implied || listener.port.is_none() => Some(u8::MAX - 3),
            _ => None,
        };
        best = best.max(rank);
    }
    best
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
