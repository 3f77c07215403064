//! From settled shapes and edges to the statements of a design.
//!
//! Servers hold the components drawn inside them (a component drawn alone is a server of
//! its own); users are `internet`; a DNS shape becomes a domain whose record points where
//! its edges lead; traffic drawn through a firewall or a DNS shape is traffic to what lies
//! behind it; certificates go to the load balancer or web server they touch or sit on.

use super::cells::{Cell, Page, Point};
use super::read::{self, Shapes, TOLERANCE, element};
use super::shape::{Frame, Role};
use super::traffic::Traffic;
use super::words::{Component, Words};
use crate::import::names::slug;
use crate::import::{Names, Report};
use crate::model::Kind;
use crate::model::builder::{Builder, ItemId, Origin, Value};
use crate::model::protocol::Protocol;
use rustc_hash::FxHashMap;
use std::net::IpAddr;

mod exact;
mod zones;

/// A flow already emitted: from, to, protocol and port (duplicates are drawn twice).
type FlowKey = (String, String, Option<(String, Option<u16>)>);

/// A component placed on a server.
#[derive(Debug, Clone)]
struct Placed {
    kind: Kind,
    path: String,
    id: ItemId,
    engine: Option<String>,
    role: Option<&'static str>,
    cell: usize,
}

/// A provider's service drawn with its icon: a managed item at the top level.
#[derive(Debug, Clone)]
struct Managed {
    kind: Kind,
    path: String,
    id: ItemId,
    engine: Option<String>,
    role: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct Server {
    id: ItemId,
    path: String,
    components: Vec<Placed>,
}

/// What one end of an edge is in the design.
#[derive(Debug, Clone, PartialEq)]
enum End {
    Internet,
    Host(usize),
    /// A host's component, by index in its list.
    Component(usize, usize),
    Cluster(String),
    Service(String),
    /// A provider's service, by its cell.
    Managed(usize),
    Firewall(usize),
    Dns(usize),
    Certificate(usize),
    Unmapped(String),
}

/// One edge, read.
#[derive(Debug, Clone)]
struct Link {
    edge: usize,
    from: End,
    to: End,
    traffic: Traffic,
}

pub struct Mapper<'a> {
    page: &'a Page,
    shapes: &'a Shapes,
    pub b: Builder,
    report: &'a mut Report,
    names: Names,
    servers: FxHashMap<usize, Server>,
    clusters: FxHashMap<usize, String>,
    /// Cluster name → the server cells it groups.
    members: FxHashMap<String, Vec<usize>>,
    services: FxHashMap<usize, String>,
    managed: FxHashMap<usize, Managed>,
    certificates: FxHashMap<usize, (ItemId, String)>,
    /// Firewall cell → the hosts it protects (server cells).
    firewalls: Vec<(usize, Vec<usize>)>,
    dns: Vec<usize>,
    /// DNS cell → where its record points.
    record_targets: FxHashMap<usize, String>,
    hostnames: Vec<String>,
    flows: Vec<FlowKey>,
    /// Flows into each server cell: (source path, protocol).
    inbound: FxHashMap<usize, Vec<(String, Option<String>)>>,
    /// Cells already mapped exactly (infrac's own export): cell → path.
    exact: FxHashMap<usize, String>,
    /// Exact items by path, for `infrac_parent`.
    exact_ids: FxHashMap<String, ItemId>,
    /// Replicas whose `replica_of` an edge set.
    replicated: Vec<String>,
}

impl<'a> Mapper<'a> {
    pub fn new(page: &'a Page, shapes: &'a Shapes, b: Builder, report: &'a mut Report) -> Self {
        Mapper {
            page,
            shapes,
            b,
            report,
            names: Names::default(),
            servers: FxHashMap::default(),
            clusters: FxHashMap::default(),
            members: FxHashMap::default(),
            services: FxHashMap::default(),
            managed: FxHashMap::default(),
            certificates: FxHashMap::default(),
            firewalls: Vec::new(),
            dns: Vec::new(),
            record_targets: FxHashMap::default(),
            hostnames: Vec::new(),
            flows: Vec::new(),
            inbound: FxHashMap::default(),
            exact: FxHashMap::default(),
            exact_ids: FxHashMap::default(),
            replicated: Vec::new(),
        }
    }

    fn origin(&self, cell: usize) -> Origin {
        let c = &self.page.cells[cell];
        let e = element(c);
        Origin::span(c.span.start(), c.span.end()).element(e.id, e.label)
    }

    /// Map every shape, then every edge, then what depends on both.
    pub fn run(&mut self) {
        let exact_title = self.exact_items();
        if let Some((cell, title)) = self.shapes.title.clone().filter(|_| !exact_title) {
            let at = self.origin(cell);
            self.b.attribute(None, "title", Value::text(title), &at);
        }
        for cell in &self.page.cells {
            self.hostnames.extend(Words::of(&cell.label).hostnames);
        }
        self.hostnames.sort();
        self.hostnames.dedup();
        // Frames last: they group the servers the other shapes become.
        let mut frames = Vec::new();
        for i in 0..self.page.cells.len() {
            if self.exact.contains_key(&i) {
                continue;
            }
            if let Some(shape) = self.shapes.get(i) {
                let role = shape.guess.role.clone();
                match role {
                    Role::Frame(frame) if !shape.host => {
                        frames.push((i, frame, shape.label.clone()))
                    }
                    role => self.shape(i, &role),
                }
            }
        }
        self.zones(&frames);
        for (i, frame, label) in frames {
            if !matches!(frame, Frame::Zone | Frame::Region) {
                self.frame(i, frame, &label);
            }
        }
        self.exact_flows();
        let links = self.links();
        let links = self.through_firewalls(links);
        let links = self.through_dns(links);
        let links = self.certificates_on(links);
        for link in links {
            self.flow(link);
        }
        self.firewall_rules();
        self.domains();
        self.unattached_certificates();
        self.replicas();
    }

    fn shape(&mut self, i: usize, role: &Role) {
        let cell = &self.page.cells[i];
        let shape = self.shapes.get(i).cloned();
        let label = shape.as_ref().map_or(String::new(), |s| s.label.clone());
        if shape.as_ref().is_some_and(|s| s.host) {
            let named = match role {
                Role::Host(c) | Role::Components(c) => c.clone(),
                _ => Vec::new(),
            };
            let h = self.server(i);
            let drawn: Vec<Kind> = self
                .shapes
                .children(i)
                .filter_map(|c| match self.shapes.role(c) {
                    Some(Role::Components(cs)) => {
                        Some(cs.iter().map(|c| c.kind).collect::<Vec<_>>())
                    }
                    _ => None,
                })
                .flatten()
                .collect();
            for c in named.into_iter().filter(|c| !drawn.contains(&c.kind)) {
                self.component(h, &c, i, false);
            }
            return;
        }
        match role {
            Role::Users => {}
            Role::Host(_) => {}
            Role::Components(components) => {
                let host = match self.shapes.host_of(i) {
                    Some(h) => self.server(h),
                    None => self.server(i),
                };
                let own = host == i;
                for c in components {
                    self.component(host, c, i, !own || components.len() == 1);
                }
            }
            Role::Vendor(vendor) => match self.shapes.host_of(i) {
                Some(h) => {
                    let h = self.server(h);
                    let c = Component {
                        kind: Kind::MonitoringAgent,
                        software: "",
                        role: None,
                        vendor: Some(vendor),
                    };
                    self.component(h, &c, i, true);
                }
                None => {
                    let at = self.origin(i);
                    let name = self.names.unique("", vendor, "service");
                    let id = self.b.item(None, "service", &name, &at);
                    self.b
                        .attribute(Some(id), "label", Value::text(*vendor), &at);
                    self.b
                        .attribute(Some(id), "external", Value::Bool(true), &at);
                    self.services.insert(i, name);
                }
            },
            Role::Managed {
                component,
                provider,
            } => self.managed_item(i, component, provider),
            Role::Firewall => {
                let inside: Vec<usize> = self.shapes.host_of(i).into_iter().collect();
                self.firewalls.push((i, inside));
            }
            Role::Certificate => {
                let at = self.origin(i);
                let name = self.names.unique("", first_line(&label), "certificate");
                let id = self.b.item(None, "certificate", &name, &at);
                let own = Words::of(&label).hostnames;
                let domains = if own.is_empty() {
                    self.hostnames.clone()
                } else {
                    own
                };
                if !domains.is_empty() {
                    let list = domains.into_iter().map(Value::Text).collect();
                    self.b
                        .attribute(Some(id), "domains", Value::List(list), &at);
                }
                if label.to_lowercase().contains("let's encrypt")
                    || label.to_lowercase().contains("letsencrypt")
                {
                    self.b
                        .attribute(Some(id), "issuer", Value::text("Let's Encrypt"), &at);
                }
                self.certificates.insert(i, (id, name));
            }
            Role::Dns => self.dns.push(i),
            Role::Frame(frame) => self.frame(i, *frame, &label),
            Role::Text => {
                if !shape.as_ref().is_some_and(|s| s.consumed) && !label.is_empty() {
                    self.report.not_mapped(
                        element(cell),
                        Some(cell.span),
                        "free text with no shape or edge within 40 px",
                    );
                }
            }
            Role::Unsupported(what) => self.report.not_mapped(
                element(cell),
                Some(cell.span),
                format!("{what}: the model has no such item yet"),
            ),
            Role::Unknown => {
                if !label.is_empty() || self.shapes.children(i).next().is_none() {
                    let style = cell.style.shape_words();
                    let what = if style.is_empty() {
                        "unknown shape: a plain shape whose label names nothing infrac knows"
                            .to_string()
                    } else {
                        format!(
                            "unknown shape: neither its style (`{style}`) nor its label says what it is"
                        )
                    };
                    self.report.not_mapped(element(cell), Some(cell.span), what);
                }
            }
        }
    }

    /// A provider's service (an ALB, RDS, S3 icon) as a top-level item with
    /// `managed = true`: the provider runs it, so it is no server of the design.
    fn managed_item(&mut self, i: usize, c: &Component, provider: &str) {
        let at = self.origin(i);
        let label = self
            .shapes
            .get(i)
            .map_or(String::new(), |s| s.label.clone());
        let first = first_line(&label);
        let wish = if first.is_empty() { c.software } else { first };
        let name = self
            .names
            .unique("", &without_addresses(wish), short(c.kind));
        let id = self.b.item(None, c.kind.keyword(), &name, &at);
        if !first.is_empty() && slug(first) != name {
            self.b.label(id, first);
        }
        if c.kind != Kind::Cdn {
            self.b
                .attribute(Some(id), "managed", Value::Bool(true), &at);
        }
        if !provider.is_empty() {
            self.b
                .attribute(Some(id), "provider", Value::word(provider), &at);
        }
        let mut engine = None;
        if !c.software.is_empty() {
            let key = match c.kind {
                Kind::Database | Kind::Cache | Kind::Queue => "engine",
                _ => "software",
            };
            self.b
                .attribute(Some(id), key, Value::word(c.software), &at);
            engine = Some(c.software.to_string());
        }
        if c.kind == Kind::Database
            && let Some(role) = c.role
        {
            self.b.attribute(Some(id), "role", Value::word(role), &at);
        }
        self.managed.insert(
            i,
            Managed {
                kind: c.kind,
                path: name,
                id,
                engine,
                role: c.role,
            },
        );
    }

    /// The server for host cell `i`, declared on first use.
    fn server(&mut self, i: usize) -> usize {
        if self.servers.contains_key(&i) {
            return i;
        }
        let at = self.origin(i);
        let label = self
            .shapes
            .get(i)
            .map_or(String::new(), |s| s.label.clone());
        let name = self
            .names
            .unique("", &without_addresses(first_line(&label)), "server");
        let id = self.b.item(None, "server", &name, &at);
        let first = first_line(&label);
        if !first.is_empty() && slug(first) != name {
            self.b.label(id, first);
        }
        let words = Words::of(&label);
        if let Some(ip) = words.ips.iter().find(|ip| is_private(ip)) {
            self.b.attribute(Some(id), "ip", Value::Ip(*ip), &at);
        }
        if let Some(ip) = words.ips.iter().find(|ip| !is_private(ip)) {
            self.b.attribute(Some(id), "public_ip", Value::Ip(*ip), &at);
        }
        self.servers.insert(
            i,
            Server {
                id,
                path: name,
                components: Vec::new(),
            },
        );
        i
    }

    /// Declare a component on host `h`, from shape `cell`.
    fn component(&mut self, h: usize, c: &Component, cell: usize, own_label: bool) {
        let at = self.origin(cell);
        let label = self
            .shapes
            .get(cell)
            .map_or(String::new(), |s| s.label.clone());
        let Some(server) = self.servers.get(&h).cloned() else {
            return;
        };
        let wish = if !c.software.is_empty() {
            c.software.to_string()
        } else if let Some(vendor) = c.vendor {
            vendor.to_string()
        } else {
            short(c.kind).to_string()
        };
        let name = self.names.unique(&server.path, &wish, short(c.kind));
        let id = self.b.item(Some(server.id), c.kind.keyword(), &name, &at);
        let first = first_line(&label);
        if own_label && !first.is_empty() && slug(first) != name && h != cell {
            self.b.label(id, first);
        }
        let mut engine = None;
        match c.kind {
            Kind::WebServer | Kind::LoadBalancer if !c.software.is_empty() => {
                self.b
                    .attribute(Some(id), "software", Value::word(c.software), &at);
            }
            Kind::AppServer if !c.software.is_empty() => {
                self.b
                    .attribute(Some(id), "runtime", Value::word(c.software), &at);
            }
            Kind::Database => {
                if !c.software.is_empty() {
                    self.b
                        .attribute(Some(id), "engine", Value::word(c.software), &at);
                    engine = Some(c.software.to_string());
                }
                if let Some(role) = c.role {
                    self.b.attribute(Some(id), "role", Value::word(role), &at);
                }
            }
            Kind::MonitoringAgent => {
                if let Some(vendor) = c.vendor {
                    self.b
                        .attribute(Some(id), "vendor", Value::text(vendor), &at);
                }
            }
            _ => {}
        }
        if c.kind == Kind::LoadBalancer {
            let text = super::words::normalise(&label);
            let algorithm = [
                ("round robin", "round_robin"),
                ("round-robin", "round_robin"),
                ("least conn", "least_conn"),
                ("least connections", "least_conn"),
                ("least-conn", "least_conn"),
                ("ip hash", "ip_hash"),
            ]
            .iter()
            .find(|(w, _)| super::words::contains_word(&text, w))
            .map(|(_, a)| *a);
            if let Some(algorithm) = algorithm {
                self.b
                    .attribute(Some(id), "algorithm", Value::word(algorithm), &at);
            }
        }
        let path = format!("{}.{name}", server.path);
        if let Some(s) = self.servers.get_mut(&h) {
            s.components.push(Placed {
                kind: c.kind,
                path,
                id,
                engine,
                role: c.role,
                cell,
            });
        }
    }

    /// A frame: a cluster (its label says so, or it is an auto scaling group), a security
    /// group (a firewall for what it holds), or a grouping the model cannot hold yet.
    fn frame(&mut self, i: usize, frame: Frame, label: &str) {
        let cell = &self.page.cells[i];
        let hosts: Vec<usize> = self.hosts_within(i);
        let words = Words::of(label);
        match frame {
            Frame::SecurityGroup
                if !hosts.is_empty() || self.managed_within(i).next().is_some() =>
            {
                let mut guarded = hosts;
                guarded.extend(self.managed_within(i));
                self.firewalls.push((i, guarded));
            }
            Frame::AutoScaling | Frame::Plain
                if !hosts.is_empty()
                    && (frame == Frame::AutoScaling || words.cluster)
                    && (hosts.len() >= 2 || frame == Frame::AutoScaling) =>
            {
                let at = self.origin(i);
                let name = self.names.unique("", first_line(label), "cluster");
                let members: Vec<String> = hosts
                    .iter()
                    .map(|&h| {
                        let h = self.server(h);
                        self.servers[&h].path.clone()
                    })
                    .collect();
                self.members.insert(name.clone(), hosts.clone());
                let id = self.b.item(None, "cluster", &name, &at);
                self.b
                    .attribute(Some(id), "members", Value::words(members), &at);
                let text = super::words::normalise(label);
                let passive = ["active-passive", "active passive", "failover", "standby"]
                    .iter()
                    .any(|w| super::words::contains_word(&text, w));
                let mode = if passive {
                    "active_passive"
                } else {
                    "active_active"
                };
                self.b.attribute(Some(id), "mode", Value::word(mode), &at);
                if let Some(ip) = words.ips.first() {
                    self.b.attribute(Some(id), "vip", Value::Ip(*ip), &at);
                }
                if frame == Frame::AutoScaling {
                    self.report.guess(
                        element(cell),
                        Some(cell.span),
                        "auto scaling group read as an active-active cluster of the instances drawn in it",
                    );
                }
                self.clusters.insert(i, name);
            }
            _ => {
                let what = match frame {
                    Frame::Zone | Frame::Region => "a zone or region",
                    Frame::Network => {
                        "a network (VPC or subnet): the design holds the zones around it, not subnets"
                    }
                    Frame::Cloud => {
                        "a cloud or account boundary: nothing in the model to map it to"
                    }
                    Frame::AutoScaling => "an auto scaling group with no instances drawn in it",
                    Frame::SecurityGroup => "a security group with no servers drawn in it",
                    Frame::Plain if !hosts.is_empty() => {
                        "a frame around servers: not a server (it holds servers) and not labelled as a cluster"
                    }
                    Frame::Plain => "an empty frame",
                };
                self.report.not_mapped(element(cell), Some(cell.span), what);
            }
        }
    }

    /// Provider's services drawn inside frame `i` (an RDS icon in its security group).
    fn managed_within(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let mut cells: Vec<usize> = self
            .managed
            .keys()
            .copied()
            .filter(|&m| self.encloses(i, m))
            .collect();
        cells.sort();
        cells.into_iter()
    }

    /// Server shapes inside frame `i` (at any depth, not inside another server). A file
    /// may make cells each other's parents: each cell is entered once, so a cycle ends.
    fn hosts_within(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![i];
        let mut entered = std::collections::HashSet::from([i]);
        while let Some(at) = stack.pop() {
            for c in self.shapes.children(at) {
                if !entered.insert(c) {
                    continue;
                }
                // A component drawn alone in the frame is a server of its own.
                let own = matches!(self.shapes.role(c), Some(Role::Components(_)))
                    && self.servers.contains_key(&c);
                if self.shapes.get(c).is_some_and(|s| s.host) || own {
                    out.push(c);
                } else if matches!(
                    self.shapes.role(c),
                    Some(Role::Frame(_)) | Some(Role::Unknown)
                ) && out.len() < 10_000
                {
                    stack.push(c);
                }
            }
        }
        out.sort();
        out
    }

    /// Every edge, its ends resolved.
    fn links(&mut self) -> Vec<Link> {
        let mut links = Vec::new();
        for (e, cell) in self.page.cells.iter().enumerate() {
            if !cell.edge || self.exact.contains_key(&e) {
                continue;
            }
            let mut text = vec![cell.label.clone()];
            text.extend(
                self.page
                    .cells
                    .iter()
                    .filter(|c| c.parent.as_deref() == Some(cell.id.as_str()) && c.vertex)
                    .map(|c| c.label.clone()),
            );
            text.extend(
                self.shapes
                    .edge_text
                    .iter()
                    .filter(|(edge, _)| *edge == e)
                    .map(|(_, t)| t.clone()),
            );
            let label = text.join(" ");
            let traffic = Traffic::of(&label);
            let ends = [
                self.end_cell(
                    e,
                    cell.source.as_deref(),
                    cell.source_point.or(cell.points.first().copied()),
                    "source",
                ),
                self.end_cell(
                    e,
                    cell.target.as_deref(),
                    cell.target_point.or(cell.points.last().copied()),
                    "target",
                ),
            ];
            let [Some(a), Some(b)] = ends else {
                self.report.not_mapped(
                    element(cell),
                    Some(cell.span),
                    "an edge with a free end that is not within 40 px of any shape",
                );
                continue;
            };
            if a == b {
                continue;
            }
            let (mut from, mut to) = (self.end(a), self.end(b));
            if reversed(cell) || (undirected(cell) && tier(&to, self) < tier(&from, self)) {
                std::mem::swap(&mut from, &mut to);
            }
            links.push(Link {
                edge: e,
                from,
                to,
                traffic,
            });
        }
        links
    }

    /// The shape an edge's end is on: the cell it names, or the shape its free end lies
    /// on or next to (reported).
    fn end_cell(
        &mut self,
        edge: usize,
        id: Option<&str>,
        point: Option<Point>,
        side: &str,
    ) -> Option<usize> {
        if let Some(i) = id.and_then(|id| self.page.position(id)) {
            // An end on a label cell is on the shape the label belongs to.
            return Some(
                self.page.cells[i]
                    .parent
                    .as_deref()
                    .and_then(|p| self.page.position(p))
                    .filter(|&p| {
                        self.shapes.role(i) == Some(&Role::Text) && self.shapes.get(p).is_some()
                    })
                    .unwrap_or(i),
            );
        }
        let p = point?;
        let (i, d) = self
            .shapes
            .shapes
            .iter()
            .flatten()
            .filter(|s| s.guess.role != Role::Text)
            .filter_map(|s| {
                let r = self.page.cells[s.cell].rect?;
                Some((s.cell, r.distance(p), r.area()))
            })
            .filter(|(_, d, _)| *d <= TOLERANCE)
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.2.total_cmp(&b.2)))
            .map(|(i, d, _)| (i, d))?;
        let cell = &self.page.cells[edge];
        self.report.guess(
            element(cell),
            Some(cell.span),
            format!(
                "edge {} with a free {side} end: attached to {} ({d:.0} px away)",
                read::describe_edge(self.page, edge),
                shape_name(&self.page.cells[i])
            ),
        );
        Some(i)
    }

    /// What a shape is as an end of traffic.
    fn end(&mut self, i: usize) -> End {
        if let Some(path) = self.exact.get(&i) {
            return match path.as_str() {
                "internet" => End::Internet,
                _ => End::Unmapped(format!("exact:{path}")),
            };
        }
        if self.shapes.get(i).is_some_and(|s| s.host) {
            return End::Host(i);
        }
        if let Some(name) = self.clusters.get(&i) {
            return End::Cluster(name.clone());
        }
        if let Some(name) = self.services.get(&i) {
            return End::Service(name.clone());
        }
        if self.managed.contains_key(&i) {
            return End::Managed(i);
        }
        match self.shapes.role(i).cloned() {
            Some(Role::Users) => End::Internet,
            Some(Role::Firewall) => End::Firewall(i),
            Some(Role::Dns) => End::Dns(i),
            Some(Role::Certificate) => End::Certificate(i),
            Some(Role::Components(_) | Role::Vendor(_)) => {
                let found = self.servers.iter().find_map(|(h, s)| {
                    s.components
                        .iter()
                        .position(|c| c.cell == i)
                        .map(|k| (*h, k))
                });
                match found {
                    Some((h, k)) => End::Component(h, k),
                    None => End::Unmapped("a shape that was not mapped".into()),
                }
            }
            Some(Role::Frame(_)) => End::Unmapped("a frame, not a server or a cluster".into()),
            Some(Role::Unsupported(what)) => {
                End::Unmapped(format!("{what}, which the model has no item for"))
            }
            _ => End::Unmapped("a shape that was not mapped".into()),
        }
    }

    /// Traffic drawn through a firewall is traffic to what lies behind it, which the
    /// firewall protects.
    fn through_firewalls(&mut self, links: Vec<Link>) -> Vec<Link> {
        let mut out: Vec<Link> = Vec::new();
        let firewall_cells: Vec<usize> = self.firewalls.iter().map(|(f, _)| *f).collect();
        for &f in &firewall_cells {
            let ins: Vec<&Link> = links.iter().filter(|l| l.to == End::Firewall(f)).collect();
            let outs: Vec<&Link> = links
                .iter()
                .filter(|l| l.from == End::Firewall(f))
                .collect();
            let mut protects: Vec<usize> = Vec::new();
            for o in &outs {
                if let Some(h) = self.host_of_end(&o.to) {
                    protects.push(h);
                }
            }
            if outs.is_empty()
                && !ins.is_empty()
                && let Some(h) = self.firewall_fallback_host(f)
            {
                protects.push(h);
                for i in &ins {
                    out.push(Link {
                        to: End::Host(h),
                        ..(*i).clone()
                    });
                }
            }
            for i in &ins {
                for o in &outs {
                    let traffic = if i.traffic.protocol.is_some() {
                        i.traffic.clone()
                    } else {
                        o.traffic.clone()
                    };
                    out.push(Link {
                        edge: i.edge,
                        from: i.from.clone(),
                        to: o.to.clone(),
                        traffic,
                    });
                }
            }
            if let Some(entry) = self.firewalls.iter_mut().find(|(c, _)| *c == f) {
                entry.1.extend(protects);
                entry.1.sort();
                entry.1.dedup();
            }
        }
        out.extend(
            links.into_iter().filter(|l| {
                !matches!(l.from, End::Firewall(_)) && !matches!(l.to, End::Firewall(_))
            }),
        );
        out.sort_by_key(|l| l.edge);
        out
    }

    /// The server a firewall that no traffic passes sits on or next to.
    fn firewall_fallback_host(&self, f: usize) -> Option<usize> {
        if let Some(h) = self.shapes.host_of(f) {
            return Some(h);
        }
        let rect = self.page.cells[f].rect?;
        self.servers
            .keys()
            .filter_map(|&h| self.page.cells[h].rect.map(|r| (h, r.gap(&rect))))
            .filter(|(_, d)| *d <= TOLERANCE)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(h, _)| h)
    }

    fn host_of_end(&self, end: &End) -> Option<usize> {
        match end {
            End::Host(h) | End::Component(h, _) => Some(*h),
            _ => None,
        }
    }

    /// Users look a name up in DNS and then go where it points.
    fn through_dns(&mut self, links: Vec<Link>) -> Vec<Link> {
        let mut out = Vec::new();
        let mut from_users: Vec<Link> = Vec::new();
        for link in &links {
            if let End::Dns(d) = link.from {
                if let Some(path) = self.path_of(&link.to) {
                    self.record_targets.entry(d).or_insert(path);
                }
                from_users.push(Link {
                    from: End::Internet,
                    ..link.clone()
                });
            }
        }
        for link in links {
            match (&link.from, &link.to) {
                (End::Dns(_), _) => {}
                (_, End::Dns(_)) => {}
                _ => out.push(link),
            }
        }
        for link in from_users {
            let duplicate = out
                .iter()
                .any(|l| l.from == End::Internet && self.same_host(&l.to, &link.to));
            if !duplicate {
                out.push(link);
            }
        }
        out.sort_by_key(|l| l.edge);
        out
    }

    fn same_host(&self, a: &End, b: &End) -> bool {
        a == b || matches!((self.host_of_end(a), self.host_of_end(b)), (Some(x), Some(y)) if x == y)
    }

    /// An edge between a certificate and a component means the component uses it.
    fn certificates_on(&mut self, links: Vec<Link>) -> Vec<Link> {
        let mut out = Vec::new();
        for link in links {
            let (cert, other) = match (&link.from, &link.to) {
                (End::Certificate(c), other) | (other, End::Certificate(c)) => (*c, other.clone()),
                _ => {
                    out.push(link);
                    continue;
                }
            };
            if let Some(target) = self.tls_target(&other) {
                self.use_certificate(cert, target);
            }
        }
        out
    }

    /// The component that terminates TLS for an end: itself, or its server's load
    /// balancer or web server.
    fn tls_target(&self, end: &End) -> Option<ItemId> {
        match end {
            End::Component(h, k) => {
                let c = &self.servers.get(h)?.components[*k];
                matches!(c.kind, Kind::LoadBalancer | Kind::WebServer).then_some(c.id)
            }
            End::Host(h) => self.tls_component(*h),
            End::Managed(i) => self
                .managed
                .get(i)
                .filter(|m| matches!(m.kind, Kind::LoadBalancer | Kind::Cdn))
                .map(|m| m.id),
            _ => None,
        }
    }

    fn tls_component(&self, h: usize) -> Option<ItemId> {
        let server = self.servers.get(&h)?;
        [Kind::LoadBalancer, Kind::WebServer]
            .iter()
            .find_map(|k| server.components.iter().find(|c| c.kind == *k))
            .map(|c| c.id)
    }

    fn use_certificate(&mut self, cert: usize, target: ItemId) {
        if let Some((_, name)) = self.certificates.get(&cert).cloned() {
            let at = self.origin(cert);
            self.b
                .attribute(Some(target), "tls", Value::word(name), &at);
            self.certificates.remove(&cert);
        }
    }

    /// Certificates no edge touches: on the server they sit on or next to.
    fn unattached_certificates(&mut self) {
        let mut left: Vec<usize> = self.certificates.keys().copied().collect();
        left.sort();
        for cert in left {
            let cell = &self.page.cells[cert];
            let host = self.shapes.host_of(cert).or_else(|| {
                let rect = cell.rect?;
                self.servers
                    .keys()
                    .filter(|h| self.tls_component(**h).is_some())
                    .filter_map(|&h| self.page.cells[h].rect.map(|r| (h, r.gap(&rect))))
                    .filter(|(_, d)| *d <= TOLERANCE)
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(h, _)| h)
            });
            match host.and_then(|h| self.tls_component(h).map(|id| (h, id))) {
                Some((h, id)) => {
                    self.report.guess(
                        element(cell),
                        Some(cell.span),
                        format!(
                            "certificate touched by no edge: used by the load balancer or web server it sits on or next to, on {}",
                            shape_name(&self.page.cells[h])
                        ),
                    );
                    self.use_certificate(cert, id);
                }
                None => self.report.guess(
                    element(cell),
                    Some(cell.span),
                    "certificate on no load balancer or web server: declared, used by nothing",
                ),
            }
        }
    }

    /// The `.infra` path of an end, as a flow or a record names it.
    fn path_of(&self, end: &End) -> Option<String> {
        match end {
            End::Internet => Some("internet".into()),
            End::Host(h) => self.servers.get(h).map(|s| s.path.clone()),
            End::Component(h, k) => self.servers.get(h).map(|s| s.components[*k].path.clone()),
            End::Cluster(p) | End::Service(p) => Some(p.clone()),
            End::Managed(i) => self.managed.get(i).map(|m| m.path.clone()),
            _ => None,
        }
    }

    /// A link becomes a flow, or replication, or monitoring data.
    fn flow(&mut self, link: Link) {
        let cell = &self.page.cells[link.edge];
        for end in [&link.from, &link.to] {
            if let End::Unmapped(why) = end {
                if why.starts_with("exact:") {
                    continue;
                }
                self.report.not_mapped(
                    element(cell),
                    Some(cell.span),
                    format!(
                        "edge {}: one end is {why}",
                        read::describe_edge(self.page, link.edge)
                    ),
                );
                return;
            }
        }
        let exact_path = |e: &End| match e {
            End::Unmapped(why) => why.strip_prefix("exact:").map(str::to_string),
            _ => None,
        };
        if link.traffic.replication
            && let (End::Component(ha, ka), End::Component(hb, kb)) = (&link.from, &link.to)
        {
            let a = self.servers[ha].components[*ka].clone();
            let b = self.servers[hb].components[*kb].clone();
            if a.kind == Kind::Database && b.kind == Kind::Database {
                let (primary, replica) = if a.role == Some("replica") {
                    (b, a)
                } else {
                    (a, b)
                };
                let at = self.origin(link.edge);
                if replica.role.is_none() {
                    self.b
                        .attribute(Some(replica.id), "role", Value::word("replica"), &at);
                }
                if primary.role.is_none() {
                    self.b
                        .attribute(Some(primary.id), "role", Value::word("primary"), &at);
                }
                self.b.attribute(
                    Some(replica.id),
                    "replica_of",
                    Value::word(primary.path.clone()),
                    &at,
                );
                self.replicated.push(replica.path.clone());
                self.set_role(&primary.path, "primary");
                self.set_role(&replica.path, "replica");
                return;
            }
        }
        // Two managed databases drawn with a replication edge: the provider replicates
        // (an RDS read replica), so the edge says which is the copy, not a flow.
        if link.traffic.replication
            && let (End::Managed(a), End::Managed(b)) = (&link.from, &link.to)
            && let (Some(a), Some(b)) = (self.managed.get(a).cloned(), self.managed.get(b).cloned())
            && a.kind == Kind::Database
            && b.kind == Kind::Database
        {
            let at = self.origin(link.edge);
            self.b
                .attribute(Some(b.id), "replica_of", Value::word(a.path.clone()), &at);
            self.replicated.push(b.path.clone());
            return;
        }
        let Some(from) = self.path_of(&link.from).or_else(|| exact_path(&link.from)) else {
            return;
        };
        let (protocol, guessed) = match link.traffic.protocol.clone() {
            Some(p) => (Some(p), None),
            None => match self.default_protocol(&link.to, link.traffic.monitoring) {
                Some((p, why)) => (Some((p.to_string(), None)), Some(why)),
                None => (None, None),
            },
        };
        if let Some(protocol) = &protocol {
            self.receivers_for(&link.to, protocol, link.edge);
        }
        let (to, protocol) = match self.receiver(&link.to, protocol.as_ref()) {
            Some((to, keep)) => (to, if keep { protocol } else { None }),
            None => match exact_path(&link.to) {
                Some(p) => (p, protocol),
                None => return,
            },
        };
        if let (Some(why), Some((p, _))) = (guessed, &protocol) {
            self.report.guess(
                element(cell),
                Some(cell.span),
                format!(
                    "edge {} names no protocol: {p} assumed ({why})",
                    read::describe_edge(self.page, link.edge)
                ),
            );
        }
        let key = (from.clone(), to.clone(), protocol.clone());
        // An edge through a firewall back to the shape it started from, or between a
        // server and what runs on it, carries no traffic between items.
        let within = |a: &str, b: &str| a == b || a.starts_with(&format!("{b}."));
        if within(&from, &to) || within(&to, &from) || self.flows.contains(&key) {
            return;
        }
        self.flows.push(key);
        if let End::Host(h) | End::Component(h, _) | End::Managed(h) = &link.to {
            self.inbound
                .entry(*h)
                .or_default()
                .push((from.clone(), protocol.as_ref().map(|(p, _)| p.clone())));
        }
        let at = self.origin(link.edge);
        let attributes = if link.traffic.read {
            vec![("access", Value::word("read"))]
        } else {
            Vec::new()
        };
        let proto = protocol.as_ref().map(|(p, port)| (p.as_str(), *port));
        self.b
            .flow_with(&[from.as_str()], &[to.as_str()], proto, attributes, &at);
        if let (End::Component(h, k), End::Service(service)) = (&link.from, &link.to) {
            let c = &self.servers[h].components[*k];
            if c.kind == Kind::MonitoringAgent {
                let id = c.id;
                self.b
                    .attribute(Some(id), "sends_to", Value::word(service.clone()), &at);
            }
        }
    }

    fn set_role(&mut self, path: &str, role: &'static str) {
        for s in self.servers.values_mut() {
            for c in &mut s.components {
                if c.path == path {
                    c.role = Some(role);
                }
            }
        }
    }

    /// The protocol an edge without one most likely carries, from what it enters.
    fn default_protocol(&self, to: &End, monitoring: bool) -> Option<(&'static str, String)> {
        if monitoring {
            return Some(("https", "monitoring data".into()));
        }
        let kinds: Vec<(Kind, Option<String>)> = match to {
            End::Component(h, k) => {
                let c = &self.servers[h].components[*k];
                vec![(c.kind, c.engine.clone())]
            }
            End::Host(h) => self.servers[h]
                .components
                .iter()
                .map(|c| (c.kind, c.engine.clone()))
                .collect(),
            End::Service(_) => return Some(("https", "it enters an external service".into())),
            End::Managed(i) => {
                let m = self.managed.get(i)?;
                vec![(m.kind, m.engine.clone())]
            }
            End::Cluster(_) => return Some(("http", "it enters a cluster".into())),
            End::Internet => return Some(("https", "it leaves for the internet".into())),
            _ => return None,
        };
        let first = kinds
            .iter()
            .find(|(k, _)| *k != Kind::MonitoringAgent)
            .or(kinds.first())?;
        Some(match first {
            (Kind::Database, engine) => {
                let p = match engine.as_deref() {
                    Some("postgres") => "postgres",
                    Some("mongodb") => "mongodb",
                    _ => "mysql",
                };
                (p, "it enters a database".into())
            }
            (Kind::LoadBalancer, _) => ("http", "it enters a load balancer".into()),
            (Kind::Cache, engine) => (
                if engine.as_deref() == Some("memcached") {
                    "memcached"
                } else {
                    "redis"
                },
                "it enters a cache".into(),
            ),
            (Kind::Queue | Kind::ObjectStore | Kind::Cdn, _) => {
                ("https", "it enters a provider's service".into())
            }
            (Kind::WebServer, _) => ("http", "it enters a web server".into()),
            (Kind::AppServer, _) => ("http", "it enters an app server".into()),
            (Kind::MonitoringAgent, _) => ("statsd", "it enters a monitoring agent".into()),
            _ => return None,
        })
    }

    /// A server that receives traffic but runs nothing gets the component the protocol
    /// most likely reaches (reported as guessed): an EC2 icon under a load balancer is
    /// an app server. For a cluster, each member that runs nothing does.
    fn receivers_for(&mut self, to: &End, protocol: &(String, Option<u16>), edge: usize) {
        let hosts = match to {
            End::Host(h) => vec![*h],
            End::Cluster(name) => self.members.get(name).cloned().unwrap_or_default(),
            _ => return,
        };
        let (name, port) = protocol;
        let Some(p) = Protocol::known(name, *port) else {
            return;
        };
        let Some(component) = guessed_receiver(&p) else {
            return;
        };
        for h in hosts {
            let runs_nothing = self
                .servers
                .get(&h)
                .is_some_and(|s| s.components.is_empty());
            if !runs_nothing {
                continue;
            }
            self.component(h, &component, h, false);
            let cell = &self.page.cells[edge];
            let what = shape_name(&self.page.cells[h]);
            self.report.guess(
                element(cell),
                Some(cell.span),
                format!(
                    "edge {} carries {name} into {what}, which runs nothing drawn: {} assumed",
                    read::describe_edge(self.page, edge),
                    component.kind.noun()
                ),
            );
        }
    }

    /// The path a flow's receiving end names — for a server, the component on it that
    /// takes the protocol — and whether the protocol can be kept (a server that runs
    /// nothing taking it receives the flow without one, reported).
    fn receiver(
        &mut self,
        to: &End,
        protocol: Option<&(String, Option<u16>)>,
    ) -> Option<(String, bool)> {
        if let (End::Cluster(cluster), Some((name, port))) = (to, protocol)
            && let Some(deaf) = self.deaf_member(cluster, name, *port)
        {
            let cell = &self.page.cells[deaf];
            self.report.not_mapped(
                element(cell),
                Some(cell.span),
                format!("the protocol {name} of an edge into the cluster {cluster}: this member runs nothing that takes {name}; the flow is kept without a protocol"),
            );
            return Some((cluster.clone(), false));
        }
        let End::Host(h) = to else {
            return self.path_of(to).map(|p| (p, true));
        };
        let server = self.servers.get(h)?.clone();
        let Some((name, port)) = protocol else {
            return Some((server.path, true));
        };
        let p = Protocol::known(name, *port)
            .or_else(|| port.map(|port| Protocol::custom(name, port)))?;
        let best = server
            .components
            .iter()
            .filter_map(|c| p.receiver_rank(c.kind, c.engine.as_deref()).map(|r| (r, c)))
            .max_by_key(|(r, _)| *r)
            .map(|(_, c)| c.path.clone());
        match best {
            Some(path) => Some((path, true)),
            None if p.family == crate::model::protocol::Family::Shell => Some((server.path, true)),
            None => {
                let cell = &self.page.cells[*h];
                self.report.not_mapped(
                    element(cell),
                    Some(cell.span),
                    format!("the protocol {name} of an edge into this server: nothing drawn on it takes {name}; the flow is kept without a protocol"),
                );
                Some((server.path, false))
            }
        }
    }

    /// The first member of `cluster` that runs nothing taking the protocol, if any (a
    /// cluster receives a protocol only if every member does).
    fn deaf_member(&self, cluster: &str, name: &str, port: Option<u16>) -> Option<usize> {
        let p = Protocol::known(name, port)
            .or_else(|| port.map(|port| Protocol::custom(name, port)))?;
        if p.family == crate::model::protocol::Family::Shell {
            return None;
        }
        self.members.get(cluster)?.iter().copied().find(|h| {
            self.servers.get(h).is_some_and(|s| {
                !s.components
                    .iter()
                    .any(|c| p.receiver_rank(c.kind, c.engine.as_deref()).is_some())
            })
        })
    }

    /// Firewalls protect what traffic drawn through them reaches, or what they sit on;
    /// they allow what is drawn into what they protect.
    fn firewall_rules(&mut self) {
        let firewalls = std::mem::take(&mut self.firewalls);
        for (f, mut protects) in firewalls {
            let cell = &self.page.cells[f];
            if protects.is_empty()
                && let Some(h) = self.firewall_fallback_host(f)
            {
                protects.push(h);
                self.report.guess(
                        element(cell),
                        Some(cell.span),
                        format!(
                            "firewall no traffic is drawn through: protects {}, which it sits on or next to",
                            shape_name(&self.page.cells[h])
                        ),
                    );
            }
            if protects.is_empty() {
                self.report.not_mapped(
                    element(cell),
                    Some(cell.span),
                    "a firewall with no traffic drawn through it and no server within 40 px: what it protects is not drawn",
                );
                continue;
            }
            let at = self.origin(f);
            let label = self
                .shapes
                .get(f)
                .map_or(String::new(), |s| s.label.clone());
            let name = self.names.unique("", first_line(&label), "firewall");
            let id = self.b.item(None, "firewall", &name, &at);
            let path_of = |h: &usize| {
                self.servers
                    .get(h)
                    .map(|s| s.path.clone())
                    .or_else(|| self.managed.get(h).map(|m| m.path.clone()))
            };
            let paths: Vec<String> = protects.iter().filter_map(path_of).collect();
            let value = match paths.as_slice() {
                [one] => Value::word(one.clone()),
                _ => Value::words(paths.clone()),
            };
            self.b.attribute(Some(id), "protects", value, &at);
            let mut rules: Vec<(String, Option<String>)> = Vec::new();
            for h in &protects {
                for (source, protocol) in self.inbound.get(h).cloned().unwrap_or_default() {
                    let source_host = source.split('.').next().unwrap_or("").to_string();
                    let from = if source == "internet" {
                        source
                    } else {
                        source_host
                    };
                    if paths.contains(&from) {
                        continue;
                    }
                    let rule = (from, protocol);
                    if !rules.contains(&rule) {
                        rules.push(rule);
                    }
                }
            }
            for (from, protocol) in &rules {
                let mut attributes = Vec::new();
                if let Some(p) = protocol {
                    attributes.push(("proto", Value::word(p.clone())));
                }
                attributes.push(("from", Value::word(from.clone())));
                self.b.rule(id, "allow", attributes, &at);
            }
            if !rules.is_empty() {
                self.report.guess(
                    element(cell),
                    Some(cell.span),
                    "firewall rules: allows exactly the traffic drawn into what it protects",
                );
            }
        }
    }

    /// DNS shapes become zones with a record each: `www.foobar.com` is record `www` of
    /// `foobar.com`, pointing at an address in the label or at where the shape's edges go.
    fn domains(&mut self) {
        let dns = std::mem::take(&mut self.dns);
        let mut zones: Vec<(String, ItemId)> = Vec::new();
        for d in dns {
            let cell = &self.page.cells[d];
            let label = self
                .shapes
                .get(d)
                .map_or(String::new(), |s| s.label.clone());
            let words = Words::of(&label);
            let Some(host) = words.hostnames.first().or(self.hostnames.first()).cloned() else {
                self.report.not_mapped(
                    element(cell),
                    Some(cell.span),
                    "a DNS shape with no domain name in its label or anywhere on the page (write it: www.example.com)",
                );
                continue;
            };
            let (record, zone) = split_name(&host);
            let at = self.origin(d);
            let zone_id = match zones.iter().find(|(z, _)| *z == zone) {
                Some((_, id)) => *id,
                None => {
                    self.names.take("", &zone);
                    let id = self.b.item(None, "domain", &zone, &at);
                    zones.push((zone.clone(), id));
                    id
                }
            };
            let name = if record == "@" {
                "@".to_string()
            } else {
                self.names.unique(&zone, &record, "www")
            };
            let id = self.b.item(Some(zone_id), "record", &name, &at);
            let cname = super::words::contains_word(&super::words::normalise(&label), "cname");
            let value = if let Some(ip) = words.ips.first() {
                Some(Value::Ip(*ip))
            } else if let Some(target) = self.record_targets.get(&d).cloned() {
                Some(Value::word(target))
            } else {
                self.flows
                    .iter()
                    .find(|(from, _, _)| from == "internet")
                    .map(|(_, to, _)| Value::word(to.split('.').next().unwrap_or(to).to_string()))
            };
            let ty = match (&value, cname) {
                (Some(Value::Ip(IpAddr::V6(_))), _) => "AAAA",
                (_, true) => "CNAME",
                _ => "A",
            };
            self.b.attribute(Some(id), "type", Value::word(ty), &at);
            if let Some(value) = value {
                self.b.attribute(Some(id), "value", value, &at);
            }
        }
    }

    /// A lone primary makes every replica without a source its replica.
    fn replicas(&mut self) {
        // Databases on servers and managed ones alike: (cell, path, id, role).
        let mut dbs: Vec<(usize, String, ItemId, Option<&'static str>)> = self
            .servers
            .values()
            .flat_map(|s| {
                s.components
                    .iter()
                    .filter(|c| c.kind == Kind::Database)
                    .map(|c| (c.cell, c.path.clone(), c.id, c.role))
            })
            .collect();
        dbs.extend(
            self.managed
                .iter()
                .filter(|(_, m)| m.kind == Kind::Database)
                .map(|(&cell, m)| (cell, m.path.clone(), m.id, m.role)),
        );
        dbs.sort_by_key(|d| d.0);
        let primaries: Vec<&(usize, String, ItemId, Option<&'static str>)> =
            dbs.iter().filter(|c| c.3 == Some("primary")).collect();
        let [primary] = primaries.as_slice() else {
            return;
        };
        let primary = primary.1.clone();
        for (cell, path, id, _) in dbs.iter().filter(|c| c.3 == Some("replica")) {
            // Replication drawn as an edge already set `replica_of`.
            if self.replicated.contains(path) || self.exact.contains_key(cell) {
                continue;
            }
            let c = &self.page.cells[*cell];
            let at = self.origin(*cell);
            self.b
                .attribute(Some(*id), "replica_of", Value::word(primary.clone()), &at);
            self.report.guess(
                element(c),
                Some(c.span),
                format!("replica with no replication drawn: replica of the one primary, {primary}"),
            );
        }
    }
}

/// `www.foobar.com` → (`www`, `foobar.com`); `foobar.com` → (`@`, `foobar.com`).
/// The component a protocol most likely reaches on a server that shows none: web
/// traffic an app server, a database protocol a database of its engine, telemetry a
/// monitoring agent. Nothing for shell (it reaches the host) or other protocols.
fn guessed_receiver(p: &Protocol) -> Option<Component> {
    use crate::model::protocol::Family;
    let kind = match p.family {
        Family::Web | Family::Gateway => Kind::AppServer,
        Family::Database => Kind::Database,
        Family::Telemetry => Kind::MonitoringAgent,
        // A cache or a queue: too different to guess from the protocol alone.
        Family::Shell | Family::Messaging | Family::Other => return None,
    };
    // No engine: a database of unknown engine takes any database protocol.
    Some(Component {
        kind,
        software: "",
        role: None,
        vendor: None,
    })
}

fn split_name(host: &str) -> (String, String) {
    let labels: Vec<&str> = host.trim_end_matches('.').split('.').collect();
    if labels.len() <= 2 {
        return ("@".into(), labels.join("."));
    }
    let zone = labels[labels.len() - 2..].join(".");
    let record = labels[..labels.len() - 2].join("_");
    let record = if record == "*" {
        "wildcard".into()
    } else {
        record
    };
    (record, zone)
}

fn short(kind: Kind) -> &'static str {
    match kind {
        Kind::WebServer => "web",
        Kind::AppServer => "app",
        Kind::Database => "db",
        Kind::LoadBalancer => "lb",
        Kind::MonitoringAgent => "monitoring",
        _ => "item",
    }
}

/// A label without its IP addresses: "vps1 203.0.113.7" names the server `vps1`.
fn without_addresses(text: &str) -> String {
    text.split_whitespace()
        .filter(|t| {
            let t = t.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != ':' && c != '/');
            t.parse::<IpAddr>().is_err() && t.parse::<ipnet::IpNet>().is_err()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn first_line(label: &str) -> &str {
    label.lines().next().unwrap_or("").trim()
}

fn shape_name(cell: &Cell) -> String {
    match first_line(&cell.label) {
        "" => format!("cell {}", cell.id),
        l => format!("cell {} \"{l}\"", cell.id),
    }
}

fn is_private(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_private() || v4.is_loopback() || v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_loopback() || (v6.segments()[0] & 0xfe00) == 0xfc00,
    }
}

/// An arrow drawn backwards: the head is at the edge's source.
fn reversed(cell: &Cell) -> bool {
    let none = |k: &str| cell.style.get(k) == Some("none");
    none("endArrow") && cell.style.get("startArrow").is_some_and(|v| v != "none")
}

/// No head or heads at both ends: the direction is the tiers'.
fn undirected(cell: &Cell) -> bool {
    let none = |k: &str| cell.style.get(k) == Some("none");
    let start = cell.style.get("startArrow").is_some_and(|v| v != "none");
    (none("endArrow") && !start) || (start && !none("endArrow"))
}

/// How far down the usual picture an end sits: users, DNS, load balancers, web, app,
/// databases, services.
fn tier(end: &End, m: &Mapper) -> u8 {
    match end {
        End::Internet => 0,
        End::Dns(_) => 1,
        End::Firewall(_) => 2,
        End::Cluster(_) => 3,
        End::Component(h, k) => component_tier(m.servers[h].components[*k].kind),
        End::Host(h) => m.servers[h]
            .components
            .iter()
            .map(|c| component_tier(c.kind))
            .min()
            .unwrap_or(5),
        End::Service(_) => 9,
        End::Managed(i) => m.managed.get(i).map_or(5, |x| component_tier(x.kind)),
        _ => 5,
    }
}

fn component_tier(kind: Kind) -> u8 {
    match kind {
        Kind::Cdn => 2,
        Kind::LoadBalancer => 3,
        Kind::WebServer => 4,
        Kind::AppServer => 5,
        Kind::Database => 6,
        _ => 8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_zone_and_record() {
        assert_eq!(
            split_name("www.foobar.com"),
            ("www".into(), "foobar.com".into())
        );
        assert_eq!(split_name("foobar.com"), ("@".into(), "foobar.com".into()));
        assert_eq!(
            split_name("api.eu.foobar.com"),
            ("api_eu".into(), "foobar.com".into())
        );
    }
}
