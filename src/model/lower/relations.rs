//! Pass 3: references in attributes become edges of the design graph.

use super::Lowerer;
use crate::model::design::{Edge, NodeId};
use crate::model::kind::Kind;
use crate::model::value::AttrValue;
use std::net::IpAddr;

impl Lowerer<'_> {
    pub(super) fn relate(&mut self) {
        let ids: Vec<NodeId> = self.graph.node_indices().collect();
        for id in ids {
            for (key, edge, reverse) in relations_of(self.graph[id].kind) {
                for target in self.graph[id].attrs.references(key) {
                    let (from, to) = if *reverse { (target, id) } else { (id, target) };
                    self.link(from, to, edge.clone());
                }
            }
            match self.graph[id].kind {
                Kind::Firewall => self.default_protection(id),
                Kind::Record => self.point_record_at_ip(id),
                _ => {}
            }
        }
    }

    /// A firewall declared inside a server protects that server unless told otherwise.
    fn default_protection(&mut self, firewall: NodeId) {
        let node = &self.graph[firewall];
        if let (None, Some(server)) = (node.attrs.get("protects"), node.parent) {
            self.link(firewall, server, Edge::Protects);
        }
    }

    /// A record whose value is an IP (or a list with IPs) points at every host that owns
    /// one of them.
    fn point_record_at_ip(&mut self, record: NodeId) {
        let Some(value) = self.graph[record].attrs.get("value").cloned() else {
            return;
        };
        for item in value.items() {
            let AttrValue::Ip(ip) = item else { continue };
            let owners: Vec<NodeId> = self
                .graph
                .node_indices()
                .filter(|&n| owns_ip(&self.graph[n], *ip))
                .collect();
            for owner in owners {
                self.link(record, owner, Edge::PointsTo);
            }
        }
    }

    /// Add an edge unless the same relation already exists (a server's `firewall = fw`
    /// and the firewall's `protects = server` say the same thing).
    fn link(&mut self, from: NodeId, to: NodeId, edge: Edge) {
        let exists = self
            .graph
            .edges_connecting(from, to)
            .any(|e| *e.weight() == edge);
        if !exists {
            self.graph.add_edge(from, to, edge);
        }
    }
}

fn owns_ip(node: &crate::model::design::Node, ip: IpAddr) -> bool {
    let keys: &[&str] = match node.kind {
        Kind::Server => &["public_ip", "ip"],
        Kind::Cluster => &["vip"],
        _ => return false,
    };
    keys.iter().any(|k| node.attrs.ip(k) == Some(ip))
}

/// Reference attributes that become edges: (attribute, edge, edge points back at us).
fn relations_of(kind: Kind) -> &'static [(&'static str, Edge, bool)] {
    match kind {
        Kind::Server => &[
            ("firewall", Edge::Protects, true),
            ("zone", Edge::PlacedIn, false),
            ("zones", Edge::PlacedIn, false),
            ("region", Edge::PlacedIn, false),
        ],
        Kind::WebServer | Kind::Cdn | Kind::Service => &[("tls", Edge::UsesCertificate, false)],
        Kind::AppServer => &[
            ("tls", Edge::UsesCertificate, false),
            ("zone", Edge::PlacedIn, false),
            ("zones", Edge::PlacedIn, false),
            ("region", Edge::PlacedIn, false),
        ],
        Kind::LoadBalancer => &[
            ("tls", Edge::UsesCertificate, false),
            ("backends", Edge::Backend, false),
            ("backup", Edge::Backup, false),
            ("zone", Edge::PlacedIn, false),
            ("zones", Edge::PlacedIn, false),
            ("region", Edge::PlacedIn, false),
        ],
        Kind::Database | Kind::Cache => &[
            ("replica_of", Edge::ReplicaOf, false),
            ("zone", Edge::PlacedIn, false),
            ("zones", Edge::PlacedIn, false),
            ("region", Edge::PlacedIn, false),
        ],
        Kind::Queue | Kind::ObjectStore => &[
            ("zone", Edge::PlacedIn, false),
            ("zones", Edge::PlacedIn, false),
            ("region", Edge::PlacedIn, false),
        ],
        Kind::MonitoringAgent => &[("sends_to", Edge::SendsTo, false)],
        Kind::Firewall => &[("protects", Edge::Protects, false)],
        Kind::Cluster => &[("members", Edge::Member, false)],
        Kind::Record => &[("value", Edge::PointsTo, false), ("via", Edge::Via, false)],
        _ => &[],
    }
}
