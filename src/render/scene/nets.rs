//! Nets: flow hops grouped by sender (fan-out) or receiver (fan-in), replication, DNS.

use super::metrics::*;
use super::{BoxKind, Builder, Link, Place, Style};
use crate::model::word::Word;
use crate::model::{Edge, Kind, NodeId};
use crate::render::layout::{self, Owner, Port};
use crate::render::text;
use rustc_hash::FxHashMap as HashMap;

impl Builder<'_> {
    pub(super) fn port(&self, node: NodeId) -> Option<Port> {
        let header = |i: usize| self.scene.items[i].header_height();
        Some(match *self.places.get(&node)? {
            Place::Item(i) => {
                let item = &self.scene.items[i];
                let y = if item.kind == BoxKind::Server && !item.rows.is_empty() {
                    HEADER_TOP / 2.0 + PAD / 2.0
                } else {
                    header(i) / 2.0
                };
                Port {
                    owner: Owner::Node(i),
                    y,
                    edge: true,
                }
            }
            Place::Row(i, r) => Port {
                owner: Owner::Node(i),
                y: header(i) + (r as f64 + 0.5) * ROW,
                edge: false,
            },
            Place::Cluster(g) => Port {
                owner: Owner::Group(g),
                y: PAD + LINE,
                edge: true,
            },
        })
    }

    pub(super) fn nets(&mut self) {
        let d = self.design;
        // Hops grouped by sender and protocol; single-receiver groups regrouped by receiver.
        type Key = (NodeId, String, bool);
        let mut by_sender: Vec<(Key, Vec<NodeId>, bool, String)> = Vec::new();
        let mut index: HashMap<Key, usize> = HashMap::default();
        for (_, from, to, flow) in d.flows() {
            let (from, to) = (self.stacks.canonical(d, from), self.stacks.canonical(d, to));
            let (label, encrypted) = match &flow.protocol {
                Some(p) => {
                    let mut label = match p.port {
                        Some(port) => format!("{} :{port}", p.name),
                        None => p.name.clone(),
                    };
                    if flow.access == crate::model::Access::Read {
                        label.push_str(" · read");
                    }
                    (label, p.encrypted)
                }
                None => (String::new(), false),
            };
            let key = (from, label.clone(), encrypted);
            let at = *index.entry(key.clone()).or_insert_with(|| {
                by_sender.push((key, Vec::new(), encrypted, label));
                by_sender.len() - 1
            });
            if !by_sender[at].1.contains(&to) {
                by_sender[at].1.push(to);
            }
        }
        let mut by_receiver: Vec<(Key, Vec<NodeId>)> = Vec::new();
        let mut receiver_index: HashMap<Key, usize> = HashMap::default();
        let mut fan_out = Vec::new();
        for (key, targets, encrypted, label) in by_sender {
            if targets.len() == 1 {
                let rkey = (targets[0], key.1.clone(), key.2);
                let at = *receiver_index.entry(rkey.clone()).or_insert_with(|| {
                    by_receiver.push((rkey, Vec::new()));
                    by_receiver.len() - 1
                });
                by_receiver[at].1.push(key.0);
            } else {
                fan_out.push((key.0, targets, encrypted, label));
            }
        }
        let style = |encrypted: bool| {
            if encrypted {
                Style::Encrypted
            } else {
                Style::Plain
            }
        };
        // A flow between two rows of one server is its own net: its own line and label,
        // never a branch of a bundle that leaves the box.
        let host = |n: NodeId| d.host(n).unwrap_or(n);
        for (from, targets, encrypted, label) in fan_out {
            let (inside, outside): (Vec<NodeId>, Vec<NodeId>) =
                targets.into_iter().partition(|&t| host(t) == host(from));
            for t in inside {
                self.net(from, &[t], true, style(encrypted), label.clone());
            }
            if !outside.is_empty() {
                self.net(from, &outside, true, style(encrypted), label);
            }
        }
        for ((to, label, encrypted), sources) in by_receiver {
            let (inside, outside): (Vec<NodeId>, Vec<NodeId>) =
                sources.into_iter().partition(|&s| host(s) == host(to));
            for s in inside {
                self.net(s, &[to], true, style(encrypted), label.clone());
            }
            match outside.as_slice() {
                [] => {}
                [one] => self.net(*one, &[to], true, style(encrypted), label),
                _ => self.net(to, &outside, false, style(encrypted), label),
            }
        }
        for (id, _) in d.nodes_of(Kind::Database) {
            if self.stacks.canonical(d, id) != id {
                continue;
            }
            let replicas: Vec<NodeId> = d
                .graph
                .neighbors_directed(id, petgraph::Direction::Incoming)
                .filter(|&r| {
                    d.graph
                        .find_edge(r, id)
                        .is_some_and(|e| matches!(d.graph[e], Edge::ReplicaOf))
                })
                .collect();
            if !replicas.is_empty() {
                let mut replicas: Vec<NodeId> = replicas
                    .into_iter()
                    .map(|r| self.stacks.canonical(d, r))
                    .collect();
                replicas.sort();
                replicas.dedup();
                self.net(
                    id,
                    &replicas,
                    true,
                    Style::Replication,
                    "replication".into(),
                );
            }
        }
        for (cert, _) in d.nodes_of(Kind::Certificate) {
            let mut users: Vec<NodeId> = d
                .graph
                .neighbors_directed(cert, petgraph::Direction::Incoming)
                .filter(|&c| {
                    d.graph
                        .find_edge(c, cert)
                        .is_some_and(|e| matches!(d.graph[e], Edge::UsesCertificate))
                })
                .map(|c| self.stacks.canonical(d, c))
                .collect();
            users.sort();
            users.dedup();
            if !users.is_empty() {
                self.net(cert, &users, true, Style::Certificate, "TLS".into());
            }
        }
        let records: Vec<NodeId> = self.analysis.dns.address_records().map(|r| r.id).collect();
        if !records.is_empty() {
            self.net(d.internet, &records, true, Style::Dns, "DNS lookup".into());
        }
        for record in &self.analysis.dns.records {
            let mut targets: Vec<NodeId> = record
                .targets
                .iter()
                .map(|&t| self.stacks.canonical(d, t))
                .collect();
            targets.dedup();
            self.net(
                record.id,
                &targets,
                true,
                Style::Dns,
                record.kind.word().to_string(),
            );
        }
    }

    pub(super) fn net(
        &mut self,
        hub: NodeId,
        spokes: &[NodeId],
        hub_is_source: bool,
        style: Style,
        label: String,
    ) {
        let Some(hub_port) = self.port(hub) else {
            return;
        };
        let placed: Vec<(NodeId, Port)> = spokes
            .iter()
            .filter_map(|&s| self.port(s).map(|p| (s, p)))
            .collect();
        if placed.is_empty() {
            return;
        }
        let path = |n: NodeId| self.design.node(n).path.clone();
        let ends: Vec<(String, String)> = placed
            .iter()
            .map(|&(s, _)| {
                if hub_is_source {
                    (path(hub), path(s))
                } else {
                    (path(s), path(hub))
                }
            })
            .collect();
        // Under a simulated failure, a hop is broken when either end is down.
        let down = |n: NodeId| self.failure.state(n) == super::State::Down;
        let broken: Vec<bool> = placed.iter().map(|&(s, _)| down(s) || down(hub)).collect();
        let spokes: Vec<Port> = placed.into_iter().map(|(_, p)| p).collect();
        let monitoring = self.design.node(hub).kind == Kind::MonitoringAgent
            || (!hub_is_source && self.design.node(hub).kind == Kind::Service);
        let lock = if style == Style::Encrypted {
            crate::render::paint::LOCK_ROOM
        } else {
            0.0
        };
        let size = (!label.is_empty()).then(|| {
            let width = text::width(&label, LABEL, false) + 2.0 * LABEL_PAD + lock;
            (width.ceil(), LABEL_HEIGHT)
        });
        self.scene.graph.nets.push(layout::Net {
            hub: hub_port,
            spokes,
            hub_is_source,
            label: size,
            weight: match style {
                _ if monitoring => 0.05,
                Style::Dns | Style::Replication | Style::Certificate => 0.3,
                Style::Encrypted | Style::Plain => 1.0,
            },
        });
        self.scene.links.push(Link {
            style,
            label,
            monitoring,
            ends,
            broken,
        });
    }
}
