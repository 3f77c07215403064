//! Facts about a design, worded for sentences: what a component is, what it runs, where
//! a server lives. Every section builds its prose from these and the analysis.

use super::document::{code, text};
use crate::model::value::AttrValue;
use crate::model::{Design, Kind, NodeId};

/// An item's dotted path as code: `web1.nginx`.
pub fn name(d: &Design, id: NodeId) -> String {
    code(&d.node(id).path)
}

/// Paths as code, in the order given.
pub fn names(d: &Design, ids: &[NodeId]) -> Vec<String> {
    ids.iter().map(|&id| name(d, id)).collect()
}

/// A word attribute for prose: `round_robin` → "round robin".
pub fn word(d: &Design, id: NodeId, key: &str) -> Option<String> {
    d.node(id)
        .attrs
        .text(key)
        .map(|w| text(&w.replace('_', " ")))
}

/// The role of a component kind, as a noun.
pub fn role(kind: Kind) -> &'static str {
    match kind {
        Kind::LoadBalancer => "load balancer",
        Kind::WebServer => "web server",
        Kind::AppServer => "application server",
        Kind::Database => "database",
        Kind::MonitoringAgent => "monitoring agent",
        Kind::Server => "server",
        Kind::Cluster => "cluster",
        Kind::Service => "external service",
        Kind::Internet => "the users",
        _ => "item",
    }
}

/// What a component runs: "HAProxy", "Nginx", "gunicorn running foobar", "MySQL (primary)".
pub fn software(d: &Design, id: NodeId) -> Option<String> {
    let node = d.node(id);
    let a = &node.attrs;
    let pretty = |s: &str| text(&pretty_name(s));
    match node.kind {
        Kind::LoadBalancer | Kind::WebServer => a.text("software").map(pretty),
        Kind::AppServer => {
            let runtime = a.text("runtime").or(a.text("software")).map(pretty);
            match (runtime, a.text("code")) {
                (Some(r), Some(c)) => Some(format!("{r} running {}", code(c))),
                (Some(r), None) => Some(r),
                (None, Some(c)) => Some(format!("the application {}", code(c))),
                (None, None) => None,
            }
        }
        Kind::Database => {
            let engine = a.text("engine").map(pretty);
            match (engine, a.text("role")) {
                (Some(e), Some(r)) => Some(format!("{e}, {r}")),
                (e, r) => e.or(r.map(String::from)),
            }
        }
        Kind::MonitoringAgent => a.text("vendor").map(text),
        _ => None,
    }
}

/// Well-known software with its usual spelling.
pub fn pretty_name(raw: &str) -> String {
    match raw.to_ascii_lowercase().as_str() {
        "nginx" => "Nginx".into(),
        "haproxy" => "HAProxy".into(),
        "apache" | "httpd" => "Apache".into(),
        "mysql" => "MySQL".into(),
        "mariadb" => "MariaDB".into(),
        "postgres" | "postgresql" => "PostgreSQL".into(),
        "mongodb" | "mongo" => "MongoDB".into(),
        "redis" => "Redis".into(),
        "keepalived" => "keepalived".into(),
        _ => raw.to_string(),
    }
}

/// "web1.nginx (Nginx)": a component and what it runs.
pub fn described(d: &Design, id: NodeId) -> String {
    match software(d, id) {
        Some(s) => format!("{} ({s})", name(d, id)),
        None => name(d, id),
    }
}

/// A server's address for users: public IP first.
pub fn address(d: &Design, server: NodeId) -> Option<String> {
    let a = &d.node(server).attrs;
    a.ip("public_ip").or(a.ip("ip")).map(|ip| ip.to_string())
}

/// The components on a server, in declaration order.
pub fn components(d: &Design, server: NodeId) -> Vec<NodeId> {
    d.children(server)
        .into_iter()
        .filter(|&c| d.node(c).kind.is_component())
        .collect()
}

/// An attribute value as prose.
pub fn value(d: &Design, v: &AttrValue) -> String {
    match v {
        AttrValue::Ref(id) => name(d, *id),
        AttrValue::Ip(ip) => code(&ip.to_string()),
        AttrValue::Hostname(h) => code(h),
        AttrValue::Port(p) => p.to_string(),
        AttrValue::Int(n) => n.to_string(),
        AttrValue::List(items) => {
            let parts: Vec<String> = items.iter().map(|i| value(d, i)).collect();
            super::document::and_list(&parts)
        }
        other => other.as_text().map(text).unwrap_or_default(),
    }
}

/// The server a component runs on, or the item itself.
pub fn host_or_self(d: &Design, id: NodeId) -> NodeId {
    d.host(id).unwrap_or(id)
}

/// What a DNS record answers, as prose: the address itself, or the address of the item
/// it names ("`8.8.8.8` (the address of `lb1`)").
pub fn record_answer(d: &Design, record: NodeId) -> String {
    match d.node(record).attrs.get("value") {
        Some(AttrValue::Ref(id)) => {
            let host = host_or_self(d, *id);
            let ip = match d.node(host).kind {
                Kind::Cluster => d.node(host).attrs.ip("vip").map(|ip| ip.to_string()),
                _ => address(d, host),
            };
            match ip {
                Some(ip) => format!("{} (the address of {})", code(&ip), name(d, host)),
                None => name(d, host),
            }
        }
        Some(v) => value(d, v),
        None => String::new(),
    }
}

/// What a load balancer spreads requests over: its declared `backends`, else where the
/// flows from it — or from its server, or its server's cluster — go.
pub fn backends(d: &Design, lb: NodeId) -> Vec<NodeId> {
    let declared = d.node(lb).attrs.references("backends");
    if !declared.is_empty() {
        return declared;
    }
    let server = d.host(lb);
    let cluster = server.and_then(|s| {
        d.nodes_of(Kind::Cluster)
            .map(|(c, _)| c)
            .find(|&c| d.members(c).contains(&s))
    });
    for sender in [Some(lb), server, cluster].into_iter().flatten() {
        let mut targets: Vec<NodeId> = d
            .flows()
            .filter(|(_, from, _, _)| *from == sender)
            .map(|(_, _, to, _)| to)
            .collect();
        targets.dedup();
        if !targets.is_empty() {
            return targets;
        }
    }
    Vec::new()
}

/// The component that answers for an endpoint: itself, or for a cluster the first
/// component of its first member (the active one, in an active-passive pair).
pub fn acting(d: &Design, endpoint: NodeId) -> NodeId {
    if d.node(endpoint).kind != Kind::Cluster {
        return endpoint;
    }
    d.members(endpoint)
        .first()
        .and_then(|&m| {
            components(d, m)
                .into_iter()
                .find(|&c| d.node(c).kind != Kind::MonitoringAgent)
        })
        .unwrap_or(endpoint)
}
