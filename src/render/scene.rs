//! What a diagram shows, before anything is placed: boxes with rows, clusters, nets
//! (flows, DNS lookups, replication) and the findings keyed to them.
//!
//! The scene also builds the layout graph: box sizes come from measured text, ranks from
//! tiers (users → DNS → load balancers → web → app → database → external services).

use super::group::{self, Stacks};
use super::layout::{self, Owner, Port};
use super::text;
use crate::analysis::Analysis;
use crate::analysis::tier::Tier;
use crate::lint::{Finding, Severity};
use crate::model::value::AttrValue;
use crate::model::{Design, Edge, Kind, NodeId};
use std::collections::HashMap;

/// Sizes the drawing uses, shared with the painter.
pub mod metrics {
    pub const TITLE: f64 = 13.0;
    pub const TEXT: f64 = 12.0;
    pub const SMALL: f64 = 11.0;
    pub const LABEL: f64 = 10.0;
    pub const PAD: f64 = 10.0;
    pub const ICON: f64 = 16.0;
    pub const ROW: f64 = 26.0;
    pub const LINE: f64 = 15.0;
    pub const HEADER_TOP: f64 = 20.0;
    pub const BADGE: f64 = 16.0;
    pub const LABEL_HEIGHT: f64 = 14.0;
    pub const LABEL_PAD: f64 = 4.0;
}
use metrics::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxKind {
    Users,
    Record,
    Server,
    Service,
}

/// A header line under a box's title: an address, a firewall.
#[derive(Debug, Clone)]
pub struct Line {
    pub icon: Option<Kind>,
    pub text: String,
}

/// One component inside a server.
#[derive(Debug, Clone)]
pub struct Row {
    pub node: NodeId,
    pub kind: Kind,
    pub name: String,
    pub detail: String,
    /// It terminates TLS (with this certificate, if named).
    pub tls: Option<String>,
    pub badges: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub node: NodeId,
    pub kind: BoxKind,
    pub title: String,
    pub lines: Vec<Line>,
    pub rows: Vec<Row>,
    pub badges: Vec<usize>,
    /// Firewalls filter what enters it.
    pub walled: bool,
    /// How many identical servers the box stands for (1: just itself).
    pub stack: usize,
}

#[derive(Debug, Clone)]
pub struct Cluster {
    pub node: NodeId,
    pub title: String,
    pub detail: String,
    pub badges: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Encrypted,
    Plain,
    Dns,
    Replication,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub style: Style,
    pub label: String,
    /// Monitoring data, drawn quieter than user traffic.
    pub monitoring: bool,
}

/// A finding as the legend lists it; `number` is its badge.
#[derive(Debug, Clone)]
pub struct Marker {
    pub number: usize,
    pub severity: Severity,
    pub rule: &'static str,
    pub component: String,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct Scene {
    pub title: String,
    pub subtitle: Vec<String>,
    pub items: Vec<Item>,
    pub clusters: Vec<Cluster>,
    /// One per net of `graph`, in the same order.
    pub links: Vec<Link>,
    pub markers: Vec<Marker>,
    pub graph: layout::Graph,
}

/// Ranks before closing gaps.
mod rank {
    pub const USERS: usize = 0;
    pub const DNS: usize = 1;
    pub const EDGE: usize = 2;
    pub const UNTIERED: usize = 7;
    pub const SERVICES: usize = 8;

    pub fn of(tier: super::Tier) -> usize {
        match tier {
            super::Tier::LoadBalancer => 3,
            super::Tier::Web => 4,
            super::Tier::App => 5,
            super::Tier::Database => 6,
        }
    }
}

/// Where a node is drawn.
#[derive(Debug, Clone, Copy)]
enum Place {
    Item(usize),
    Row(usize, usize),
    Cluster(usize),
}

struct Builder<'a> {
    design: &'a Design,
    analysis: &'a Analysis,
    stacks: Stacks,
    scene: Scene,
    places: HashMap<NodeId, Place>,
    ranks: Vec<usize>,
}

/// Build the scene. Unless `expand`, identical servers are stacked into one box.
pub fn build(
    design: &Design,
    analysis: &Analysis,
    findings: &[Finding],
    name: &str,
    expand: bool,
) -> Scene {
    let stacks = if expand {
        Stacks::default()
    } else {
        group::find(design, analysis, findings)
    };
    let mut b = Builder {
        design,
        analysis,
        stacks,
        scene: Scene::default(),
        places: HashMap::new(),
        ranks: Vec::new(),
    };
    b.heading(name);
    b.boxes();
    b.nets();
    b.findings(findings);
    b.measure();
    b.scene
}

impl Builder<'_> {
    fn heading(&mut self, name: &str) {
        let d = self.design;
        self.scene.title = d.title().unwrap_or(name).to_string();
        let domains: Vec<&str> = d
            .nodes_of(Kind::Domain)
            .map(|(_, n)| n.name.as_str())
            .collect();
        if !domains.is_empty() {
            self.scene.subtitle.push(domains.join(", "));
        }
        if let Some(description) = d.attrs.text("description") {
            self.scene.subtitle.push(description.to_string());
        }
    }

    fn push_item(&mut self, node: NodeId, kind: BoxKind, title: String, rank: usize) -> usize {
        let i = self.scene.items.len();
        self.scene.items.push(Item {
            node,
            kind,
            title,
            lines: Vec::new(),
            rows: Vec::new(),
            badges: Vec::new(),
            walled: false,
            stack: 1,
        });
        self.ranks.push(rank);
        self.places.insert(node, Place::Item(i));
        i
    }

    fn boxes(&mut self) {
        let d = self.design;
        let users_needed = d
            .flows()
            .any(|(_, from, to, _)| from == d.internet || to == d.internet)
            || self.analysis.dns.address_records().next().is_some();
        if users_needed {
            let i = self.push_item(d.internet, BoxKind::Users, "Users".into(), rank::USERS);
            self.scene.items[i].lines.push(Line {
                icon: None,
                text: "the internet".into(),
            });
        }
        for record in &self.analysis.dns.records {
            let node = d.node(record.id);
            let value = node
                .attrs
                .get("value")
                .map(|v| show(d, v))
                .unwrap_or_default();
            let i = self.push_item(record.id, BoxKind::Record, record.fqdn.clone(), rank::DNS);
            self.scene.items[i].lines.push(Line {
                icon: None,
                text: format!("{} {value}", record.kind),
            });
        }
        for (id, node) in d.nodes_of(Kind::Server) {
            if self.stacks.canonical(d, id) != id {
                continue;
            }
            let size = self.stacks.size(id);
            let title = match size {
                1 => node.name.clone(),
                n => format!("{} × {n}", self.stack_name(id)),
            };
            let i = self.push_item(id, BoxKind::Server, title, rank::UNTIERED);
            self.scene.items[i].stack = size;
            self.server(i, id);
        }
        for (id, node) in d.nodes_of(Kind::Service) {
            let title = node
                .label
                .clone()
                .or_else(|| node.attrs.text("label").map(String::from));
            let entry = d.flows().any(|(_, from, to, _)| {
                from == id && d.node(to).kind != Kind::Service && to != d.internet
            });
            let rank = if entry { rank::EDGE } else { rank::SERVICES };
            let i = self.push_item(
                id,
                BoxKind::Service,
                title.unwrap_or(node.name.clone()),
                rank,
            );
            let detail = match node.attrs.text("url") {
                Some(url) => url.to_string(),
                None => format!("service {}", node.name),
            };
            self.scene.items[i].lines.push(Line {
                icon: None,
                text: detail,
            });
        }
        for (id, node) in d.nodes_of(Kind::Cluster) {
            let g = self.scene.clusters.len();
            let mut detail = Vec::new();
            if let Some(vip) = node.attrs.ip("vip") {
                detail.push(format!("VIP {vip}"));
            }
            for key in ["mode", "software"] {
                if let Some(v) = node.attrs.text(key) {
                    detail.push(v.replace('_', "-"));
                }
            }
            self.scene.clusters.push(Cluster {
                node: id,
                title: node.name.clone(),
                detail: detail.join(" · "),
                badges: Vec::new(),
            });
            self.places.insert(id, Place::Cluster(g));
        }
    }

    /// The common stem of a stack's names ("web" for web1…web40), else its first name.
    fn stack_name(&self, rep: NodeId) -> String {
        let d = self.design;
        let members = self.stacks.members.get(&rep).map_or(&[][..], Vec::as_slice);
        let names: Vec<&str> = members.iter().map(|&m| d.node(m).name.as_str()).collect();
        let first = names.first().copied().unwrap_or_default();
        let mut stem = first.len();
        for name in &names {
            stem = stem.min(
                first
                    .bytes()
                    .zip(name.bytes())
                    .take_while(|(a, b)| a == b)
                    .count(),
            );
        }
        let stem =
            first[..stem].trim_end_matches(|c: char| c.is_ascii_digit() || c == '_' || c == '-');
        if stem.is_empty() {
            first.to_string()
        } else {
            stem.to_string()
        }
    }

    /// A server's header lines and component rows, and its rank from its highest tier.
    fn server(&mut self, i: usize, id: NodeId) {
        let d = self.design;
        let members = self
            .stacks
            .members
            .get(&id)
            .cloned()
            .unwrap_or_else(|| vec![id]);
        let mut lines = Vec::new();
        for key in ["public_ip", "ip"] {
            let ips: Vec<String> = members
                .iter()
                .filter_map(|&m| d.node(m).attrs.ip(key))
                .map(|ip| ip.to_string())
                .collect();
            let text = match ips.as_slice() {
                [] => continue,
                [one] => one.clone(),
                [first, .., last] => format!("{first} … {last}"),
            };
            lines.push(Line { icon: None, text });
        }
        let mut walls: Vec<NodeId> = members
            .iter()
            .flat_map(|&m| self.analysis.protection.of(m).iter().copied())
            .collect();
        walls.sort();
        walls.dedup();
        let names: Vec<String> = if walls.len() > 2 && members.len() > 1 {
            vec![format!("{} firewalls", walls.len())]
        } else {
            walls.iter().map(|&fw| d.node(fw).name.clone()).collect()
        };
        for text in names {
            lines.push(Line {
                icon: Some(Kind::Firewall),
                text,
            });
        }
        let mut components: Vec<NodeId> = d
            .children(id)
            .into_iter()
            .filter(|&c| d.node(c).kind.is_component())
            .collect();
        components.sort_by_key(|&c| (Tier::of(d.node(c).kind).map_or(4, |t| t as usize), c));
        let tier = components
            .iter()
            .filter_map(|&c| Tier::of(d.node(c).kind))
            .min();
        let mut rows = Vec::new();
        for c in components {
            self.places.insert(c, Place::Row(i, rows.len()));
            rows.push(self.row(c));
        }
        let item = &mut self.scene.items[i];
        item.lines = lines;
        item.rows = rows;
        item.walled = !walls.is_empty();
        if let Some(t) = tier {
            self.ranks[i] = rank::of(t);
        }
    }

    fn row(&self, c: NodeId) -> Row {
        let d = self.design;
        let node = d.node(c);
        let a = &node.attrs;
        let words: Vec<String> = match node.kind {
            Kind::LoadBalancer => vec![a.text("software"), a.text("algorithm")],
            Kind::WebServer => vec![a.text("software")],
            Kind::AppServer => vec![a.text("runtime"), a.text("code")],
            Kind::Database => vec![a.text("engine"), a.text("role")],
            Kind::MonitoringAgent => vec![a.text("vendor")],
            _ => vec![],
        }
        .into_iter()
        .flatten()
        .map(|w| w.replace('_', " "))
        .collect();
        let certificate = d.related(c, |e| matches!(e, Edge::UsesCertificate));
        let terminates = self
            .analysis
            .tls
            .terminations
            .iter()
            .any(|t| t.component == c);
        let tls = (terminates || !certificate.is_empty()).then(|| {
            certificate
                .first()
                .map(|&cert| d.node(cert).name.clone())
                .unwrap_or_default()
        });
        Row {
            node: c,
            kind: node.kind,
            name: node.name.clone(),
            detail: words.join(" · "),
            tls,
            badges: Vec::new(),
        }
    }

    fn port(&self, node: NodeId) -> Option<Port> {
        let header = |i: usize| self.header_height(&self.scene.items[i]);
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
                }
            }
            Place::Row(i, r) => Port {
                owner: Owner::Node(i),
                y: header(i) + (r as f64 + 0.5) * ROW,
            },
            Place::Cluster(g) => Port {
                owner: Owner::Group(g),
                y: PAD + LINE,
            },
        })
    }

    fn header_height(&self, item: &Item) -> f64 {
        PAD + HEADER_TOP + item.lines.len() as f64 * LINE + PAD / 2.0
    }

    fn nets(&mut self) {
        let d = self.design;
        // Hops grouped by sender and protocol; single-receiver groups regrouped by receiver.
        type Key = (NodeId, String, bool);
        let mut by_sender: Vec<(Key, Vec<NodeId>, bool, String)> = Vec::new();
        let mut index: HashMap<Key, usize> = HashMap::new();
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
        let mut receiver_index: HashMap<Key, usize> = HashMap::new();
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
        for (from, targets, encrypted, label) in fan_out {
            self.net(from, &targets, true, style(encrypted), label);
        }
        for ((to, label, encrypted), sources) in by_receiver {
            if sources.len() == 1 {
                self.net(sources[0], &[to], true, style(encrypted), label);
            } else {
                self.net(to, &sources, false, style(encrypted), label);
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
            self.net(record.id, &targets, true, Style::Dns, record.kind.clone());
        }
    }

    fn net(
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
        let spokes: Vec<Port> = spokes.iter().filter_map(|&s| self.port(s)).collect();
        if spokes.is_empty() {
            return;
        }
        let monitoring = self.design.node(hub).kind == Kind::MonitoringAgent
            || (!hub_is_source && self.design.node(hub).kind == Kind::Service);
        let lock = if style == Style::Encrypted {
            super::paint::LOCK_ROOM
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
                Style::Dns | Style::Replication => 0.3,
                Style::Encrypted | Style::Plain => 1.0,
            },
        });
        self.scene.links.push(Link {
            style,
            label,
            monitoring,
        });
    }

    fn findings(&mut self, findings: &[Finding]) {
        for (i, finding) in findings.iter().enumerate() {
            let number = i + 1;
            self.scene.markers.push(Marker {
                number,
                severity: finding.severity,
                rule: finding.rule,
                component: finding.component.clone(),
                message: finding.message.clone(),
            });
            let Some(place) = finding.node.and_then(|n| self.anchor(n)) else {
                continue;
            };
            let badges = match place {
                Place::Item(i) => &mut self.scene.items[i].badges,
                Place::Row(i, r) => &mut self.scene.items[i].rows[r].badges,
                Place::Cluster(g) => &mut self.scene.clusters[g].badges,
            };
            badges.push(number);
        }
    }

    /// Where a finding about `node` is drawn: the node itself, or what stands for it.
    fn anchor(&self, node: NodeId) -> Option<Place> {
        // A stacked server's findings are the first member's; the legend lists them all.
        if self.stacks.canonical(self.design, node) != node {
            return None;
        }
        if let Some(&place) = self.places.get(&node) {
            return Some(place);
        }
        let d = self.design;
        let first = |list: Vec<NodeId>| list.into_iter().find_map(|n| self.places.get(&n).copied());
        match d.node(node).kind {
            Kind::Firewall => first(self.protected_by(node)),
            Kind::Allow | Kind::Deny => d.node(node).parent.and_then(|p| self.anchor(p)),
            Kind::Certificate => first(
                d.graph
                    .neighbors_directed(node, petgraph::Direction::Incoming)
                    .collect(),
            ),
            Kind::Domain => first(d.children(node)),
            _ => None,
        }
    }

    fn protected_by(&self, firewall: NodeId) -> Vec<NodeId> {
        let mut hosts: Vec<NodeId> = self
            .design
            .nodes_of(Kind::Server)
            .map(|(id, _)| id)
            .filter(|&id| self.analysis.protection.of(id).contains(&firewall))
            .collect();
        hosts.sort();
        hosts
    }

    /// Box sizes from measured text, and the layout graph's nodes and groups.
    fn measure(&mut self) {
        let group_of: HashMap<NodeId, usize> = self
            .scene
            .clusters
            .iter()
            .enumerate()
            .flat_map(|(g, c)| self.design.members(c.node).into_iter().map(move |m| (m, g)))
            .collect();
        let mut nodes = Vec::with_capacity(self.scene.items.len());
        for (i, item) in self.scene.items.iter().enumerate() {
            let badges = badge_room(item.badges.len());
            let mut width = ICON + 6.0 + text::width(&item.title, TITLE, true) + 4.0 + badges;
            for line in &item.lines {
                let icon = if line.icon.is_some() { ICON + 4.0 } else { 0.0 };
                width = width.max(icon + text::width(&line.text, SMALL, false));
            }
            for row in &item.rows {
                width = width.max(row_width(row));
            }
            let height = self.header_height(item)
                + item.rows.len() as f64 * ROW
                + if item.rows.is_empty() { 0.0 } else { PAD / 2.0 };
            let shadow = stack_offset(item.stack);
            nodes.push(layout::Node {
                width: (width + 2.0 * PAD).max(96.0).ceil() + shadow,
                height: height + shadow,
                rank: self.ranks[i],
                group: group_of.get(&item.node).copied(),
            });
        }
        self.scene.graph.nodes = nodes;
        self.scene.graph.groups = self
            .scene
            .clusters
            .iter()
            .map(|c| layout::Group {
                header: PAD + 2.0 * LINE + PAD / 2.0,
                min_width: (2.0 * PAD
                    + (text::width(&c.title, TITLE, true) + badge_room(c.badges.len()))
                        .max(text::width(&c.detail, SMALL, false)))
                .ceil(),
            })
            .collect();
    }
}

/// How far the cards behind a stacked box stick out.
pub fn stack_offset(stack: usize) -> f64 {
    if stack > 1 { 8.0 } else { 0.0 }
}

/// Room for `n` badges after a title.
pub fn badge_room(n: usize) -> f64 {
    n as f64 * (BADGE + 3.0)
}

/// A row: icon, name, detail, lock, badges.
fn row_width(row: &Row) -> f64 {
    let mut w = ICON + 6.0 + text::width(&row.name, TEXT, true);
    if !row.detail.is_empty() {
        w += 8.0 + text::width(&row.detail, SMALL, false);
    }
    if row.tls.is_some() {
        w += 6.0 + ICON;
    }
    w + badge_room(row.badges.len())
}

/// An attribute value as a diagram shows it.
pub fn show(design: &Design, value: &AttrValue) -> String {
    match value {
        AttrValue::Ref(id) => design.node(*id).path.clone(),
        AttrValue::Ip(ip) => ip.to_string(),
        AttrValue::List(items) => items
            .iter()
            .map(|v| show(design, v))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.as_text().map(String::from).unwrap_or_default(),
    }
}
