//! Items (users, DNS records, servers, services) and cluster frames.

use super::{BoxKind, Builder, Cluster, Item, Line, Place, Row, rank};
use crate::analysis::tier::Tier;
use crate::model::value::AttrValue;
use crate::model::{Design, Edge, Kind, NodeId};

impl Builder<'_> {
    pub(super) fn push_item(
        &mut self,
        node: NodeId,
        kind: BoxKind,
        title: String,
        rank: usize,
    ) -> usize {
        let i = self.scene.items.len();
        self.scene.items.push(Item {
            node,
            path: self.design.node(node).path.clone(),
            kind,
            title,
            lines: Vec::new(),
            rows: Vec::new(),
            badges: Vec::new(),
            walled: false,
            stack: 1,
            state: self.failure.state(node),
        });
        self.ranks.push(rank);
        self.places.insert(node, Place::Item(i));
        i
    }

    pub(super) fn boxes(&mut self) {
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
                // An instance group is drawn as a stack of its minimum.
                1 if d.is_group(id) => format!("{} × {}", node.name, d.instances(id)),
                1 => node.name.clone(),
                n => format!("{} × {n}", self.stack_name(id)),
            };
            let i = self.push_item(id, BoxKind::Server, title, rank::UNTIERED);
            self.scene.items[i].stack = if d.is_group(id) {
                d.instances(id) as usize
            } else {
                size
            };
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
        for (id, node) in d.nodes_of(Kind::Certificate) {
            let used = d
                .graph
                .neighbors_directed(id, petgraph::Direction::Incoming)
                .next()
                .is_some();
            if !used {
                continue;
            }
            let i = self.push_item(id, BoxKind::Certificate, node.name.clone(), rank::EDGE);
            let a = &node.attrs;
            let mut lines = Vec::new();
            if let Some(domains) = a.get("domains") {
                lines.push(format!("for {}", show(d, domains)));
            }
            if let Some(issuer) = a.text("issuer") {
                lines.push(format!("issued by {issuer}"));
            }
            if let Some(expires) = a.get("expires") {
                lines.push(format!("expires {}", show(d, expires)));
            }
            self.scene.items[i].lines = lines
                .into_iter()
                .map(|text| Line { icon: None, text })
                .collect();
        }
        self.outside_hosts();
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
                path: node.path.clone(),
                title: node.name.clone(),
                detail: detail.join(" · "),
                badges: Vec::new(),
            });
            self.places.insert(id, Place::Cluster(g));
        }
    }

    /// Hosts that are not servers of the design — managed services, CDNs, named
    /// networks — each drawn as one box at its tier's rank, marked with who runs it and
    /// the zones it spans, so flows to them have an end.
    fn outside_hosts(&mut self) {
        let d = self.design;
        let hosts: Vec<NodeId> = d
            .nodes()
            .map(|(id, _)| id)
            .filter(|&id| {
                id != d.internet
                    && (d.host(id) == Some(id)
                        || matches!(d.node(id).kind, Kind::Cdn | Kind::Network))
            })
            .filter(|&id| !matches!(d.node(id).kind, Kind::Server | Kind::Service))
            .collect();
        for id in hosts {
            let node = d.node(id);
            let rank = match node.kind {
                Kind::Cdn | Kind::Network => rank::EDGE,
                kind => crate::analysis::tier::Tier::of(kind).map_or(rank::SERVICES, rank::of),
            };
            let mut detail = vec![if d.is_managed(id) {
                format!("managed {}", node.kind.role())
            } else {
                node.kind.role().to_string()
            }];
            detail.extend(node.attrs.text("provider").map(String::from));
            let zones = self.analysis.domains.zones_of(d, id);
            if !zones.is_empty() {
                let names: Vec<&str> = zones.iter().map(|&z| d.node(z).name.as_str()).collect();
                detail.push(format!("zones {}", names.join(", ")));
            }
            let i = self.push_item(id, BoxKind::Service, node.name.clone(), rank);
            self.scene.items[i].lines.push(Line {
                icon: None,
                text: detail.join(" · "),
            });
        }
    }

    /// The common stem of a stack's names ("web" for web1…web40), else its first name.
    pub(super) fn stack_name(&self, rep: NodeId) -> String {
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
    pub(super) fn server(&mut self, i: usize, id: NodeId) {
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
        components.sort_by_key(|&c| {
            (
                Tier::of(d.node(c).kind).map_or(usize::MAX, |t| t as usize),
                c,
            )
        });
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

    pub(super) fn row(&self, c: NodeId) -> Row {
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
            path: node.path.clone(),
            kind: node.kind,
            name: node.name.clone(),
            detail: words.join(" · "),
            tls,
            badges: Vec::new(),
            state: self.failure.state(c),
        }
    }
}

/// An attribute value as a diagram shows it.
pub fn show(design: &Design, value: &AttrValue) -> String {
    match value {
        AttrValue::Ref(id) => design.node(*id).path.clone(),
        AttrValue::Ip(ip) => ip.to_string(),
        AttrValue::Date(date) => {
            let (y, m, d) = (date.year(), u8::from(date.month()), date.day());
            format!("{y:04}-{m:02}-{d:02}")
        }
        AttrValue::Hostname(name) => name.clone(),
        AttrValue::List(items) => items
            .iter()
            .map(|v| show(design, v))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.as_text().map(String::from).unwrap_or_default(),
    }
}
