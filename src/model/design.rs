//! The resolved design: a graph of items and the relations and flows between them.

use super::kind::Kind;
use super::names::{Lookup, Names};
use super::protocol::Protocol;
use super::value::Attrs;
pub use super::word::Access;
use crate::span::Span;
use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

pub type NodeId = NodeIndex<u32>;
pub type EdgeId = EdgeIndex<u32>;

/// A compiled `.infra` file.
#[derive(Debug, Clone)]
pub struct Design {
    pub graph: StableDiGraph<Node, Edge>,
    /// The built-in `internet` node.
    pub internet: NodeId,
    /// Where users enter: `entry = ...`, or `internet`.
    pub entry: NodeId,
    /// Top-level attributes (`title`, `description`, `entry`).
    pub attrs: Attrs,
    pub(super) names: Names,
}

/// One declared item (or the built-in internet).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    /// The local name (`nginx`); firewall rules without a name get `allow#1`, `deny#2`…
    pub name: String,
    /// The unique dotted path (`srv1.nginx`, `foobar.com.www`).
    pub path: String,
    /// The block's label string, if any: `server srv1 "Primary" { ... }`.
    pub label: Option<String>,
    pub attrs: Attrs,
    pub parent: Option<NodeId>,
    /// The whole block.
    pub span: Span,
    /// The block's name (or its kind keyword when it has none).
    pub name_span: Span,
}

/// A relation between two items.
#[derive(Debug, Clone, PartialEq)]
pub enum Edge {
    /// A server holds a component; a firewall holds a rule; a domain holds a record.
    Contains,
    /// A firewall filters inbound traffic of a host.
    Protects,
    /// A DNS record resolves to a host (by reference or by matching IP).
    PointsTo,
    /// A cluster groups a member.
    Member,
    /// A replica database copies a primary.
    ReplicaOf,
    /// A monitoring agent ships data to a service.
    SendsTo,
    /// A component terminates TLS with a certificate.
    UsesCertificate,
    /// A load balancer spreads requests over a backend.
    Backend,
    /// A load balancer sends to this backend only when the others fail.
    Backup,
    /// A server or a managed service sits in a zone or region.
    PlacedIn,
    /// A proxied DNS record sends users through a CDN.
    Via,
    /// Traffic. Boxed: a flow is ~110 bytes, the other relations none, and every edge of
    /// the graph is as large as its largest kind.
    Flow(Box<Flow>),
}

impl Edge {
    pub fn name(&self) -> &'static str {
        match self {
            Edge::Contains => "contains",
            Edge::Protects => "protects",
            Edge::PointsTo => "points_to",
            Edge::Member => "member",
            Edge::ReplicaOf => "replica_of",
            Edge::SendsTo => "sends_to",
            Edge::UsesCertificate => "uses_certificate",
            Edge::Backend => "backend",
            Edge::Backup => "backup",
            Edge::PlacedIn => "placed_in",
            Edge::Via => "via",
            Edge::Flow(_) => "flow",
        }
    }
}

/// One hop of traffic from a sender to a receiver.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// `None` when the flow names no protocol.
    pub protocol: Option<Protocol>,
    pub access: Access,
    pub attrs: Attrs,
    /// The flow statement this hop came from.
    pub span: Span,
    /// Where the sender and receiver were named in that statement.
    pub from_span: Span,
    pub to_span: Span,
}

impl Design {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.graph[id]
    }

    /// The item at a dotted path.
    pub fn find(&self, path: &str) -> Option<NodeId> {
        self.names.path(path)
    }

    /// What a name written by a user means: a dotted path, or a bare name that is unique
    /// in the design (the rule `.infra` references follow).
    pub fn lookup(&self, name: &str) -> Lookup {
        self.names.lookup(name, |id| self.graph[id].path.as_str())
    }

    /// Every item with this local name, in declaration order.
    pub fn by_name(&self, name: &str) -> &[NodeId] {
        self.names.named(name)
    }

    /// All items in declaration order (the internet first).
    pub fn nodes(&self) -> impl Iterator<Item = (NodeId, &Node)> {
        self.graph.node_indices().map(|id| (id, &self.graph[id]))
    }

    pub fn nodes_of(&self, kind: Kind) -> impl Iterator<Item = (NodeId, &Node)> {
        self.nodes().filter(move |(_, n)| n.kind == kind)
    }

    /// Items directly contained in `id`, in declaration order.
    pub fn children(&self, id: NodeId) -> Vec<NodeId> {
        let mut children: Vec<NodeId> = self
            .graph
            .edges_directed(id, Direction::Outgoing)
            .filter(|e| matches!(e.weight(), Edge::Contains))
            .map(|e| e.target())
            .collect();
        children.sort();
        children
    }

    /// The server a component runs on (a server is its own host, and so is a managed
    /// service, which runs on no server of the design).
    pub fn host(&self, id: NodeId) -> Option<NodeId> {
        let node = self.node(id);
        match node.kind {
            Kind::Server => Some(id),
            k if k.is_component() => node.parent.or(Some(id)),
            _ => None,
        }
    }

    /// A provider's service declared at the top level (`managed = true`), or a CDN.
    pub fn is_managed(&self, id: NodeId) -> bool {
        let node = self.node(id);
        node.kind == Kind::Cdn || (node.kind.is_component() && node.parent.is_none())
    }

    /// How many servers a server block stands for: `count`, or the autoscaling `min`
    /// (what the design can count on), else 1. Components report their server's.
    pub fn instances(&self, id: NodeId) -> u32 {
        let Some(server) = self.host(id).filter(|&h| self.node(h).kind == Kind::Server) else {
            return 1;
        };
        let attrs = &self.node(server).attrs;
        let int = |key| match attrs.get(key) {
            Some(super::value::AttrValue::Int(n)) => u32::try_from(*n).ok(),
            _ => None,
        };
        int("count").or(int("min")).unwrap_or(1).max(1)
    }

    /// Whether a server block is an instance group (`count`, `min` or `max`).
    pub fn is_group(&self, id: NodeId) -> bool {
        let attrs = &self.node(id).attrs;
        self.node(id).kind == Kind::Server
            && (attrs.get("min").is_some()
                || attrs.get("max").is_some()
                || matches!(attrs.get("count"), Some(super::value::AttrValue::Int(n)) if *n > 1))
    }

    /// Every flow hop, in the order the flows were written.
    pub fn flows(&self) -> impl Iterator<Item = (EdgeId, NodeId, NodeId, &Flow)> {
        let mut flows: Vec<_> = self
            .graph
            .edge_references()
            .filter_map(|e| match e.weight() {
                Edge::Flow(flow) => Some((e.id(), e.source(), e.target(), &**flow)),
                _ => None,
            })
            .collect();
        flows.sort_by_key(|(id, ..)| *id);
        flows.into_iter()
    }

    /// Targets of `id`'s outgoing relations of one family, in creation order.
    pub fn related(&self, id: NodeId, family: fn(&Edge) -> bool) -> Vec<NodeId> {
        let mut out: Vec<(EdgeId, NodeId)> = self
            .graph
            .edges_directed(id, Direction::Outgoing)
            .filter(|e| family(e.weight()))
            .map(|e| (e.id(), e.target()))
            .collect();
        out.sort();
        out.into_iter().map(|(_, n)| n).collect()
    }

    /// A cluster's members, in the order written. Reads the `members` attribute rather
    /// than the graph: a cluster that receives many flows has many edges to scan.
    pub fn members(&self, cluster: NodeId) -> Vec<NodeId> {
        match self.node(cluster).kind {
            Kind::Cluster => self.node(cluster).attrs.references("members"),
            _ => Vec::new(),
        }
    }

    /// The design's title, if it has one.
    pub fn title(&self) -> Option<&str> {
        self.attrs.text("title")
    }
}
