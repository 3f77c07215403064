//! Items in words: a component's name, role and software, a server's address, a value.
//! Every section names items through these, so one thing is always called one way.

use super::document::{Spans, and_list, code, spans};
use super::software::{self, Software};
use crate::model::value::AttrValue;
use crate::model::{Design, Kind, NodeId};

/// An item's dotted path as code: `web1.nginx`.
pub fn name(d: &Design, id: NodeId) -> Spans {
    code(d.node(id).path.clone())
}

/// Paths as code, in the order given.
pub fn names(d: &Design, ids: &[NodeId]) -> Vec<Spans> {
    ids.iter().map(|&id| name(d, id)).collect()
}

/// "`a`, `b` and `c`".
pub fn name_list(d: &Design, ids: &[NodeId]) -> Spans {
    and_list(ids.iter().map(|&id| name(d, id)))
}

/// The role of a kind, as a noun without article: the model's one wording of each
/// concept ("application server", never "app server"), with the certificate named for
/// what it does here and the internet as the people on it.
pub fn role(kind: Kind) -> &'static str {
    match kind {
        Kind::Service => "external service",
        Kind::Certificate => "TLS certificate",
        Kind::Internet => "the users",
        kind => kind.role(),
    }
}

/// The plural of [`role`].
pub fn roles(kind: Kind) -> String {
    format!("{}s", role(kind))
}

/// "one web server", "2 web servers".
pub fn counted(n: usize, kind: Kind) -> String {
    super::document::count(n, role(kind), &roles(kind))
}

/// The role with its article: "an application server".
pub fn a_role(kind: Kind) -> String {
    let role = role(kind);
    let article = if role.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {role}")
}

/// The software a component runs, as named: `software`, or for application servers
/// their `runtime`, for databases, caches and queues their `engine`, for agents their
/// vendor.
pub fn product(d: &Design, id: NodeId) -> Option<&str> {
    let a = &d.node(id).attrs;
    match d.node(id).kind {
        Kind::LoadBalancer | Kind::WebServer | Kind::Firewall | Kind::Cluster => a.text("software"),
        Kind::AppServer => a.text("runtime").or(a.text("software")),
        Kind::Database | Kind::Cache | Kind::Queue => a.text("engine").or(a.text("software")),
        Kind::ObjectStore | Kind::Tunnel => a.text("software"),
        Kind::MonitoringAgent => a.text("vendor"),
        _ => None,
    }
}

/// The well-known software a component runs, if it is one.
pub fn known(d: &Design, id: NodeId) -> Option<Software> {
    product(d, id).and_then(Software::of)
}

/// What a component runs, in words: "HAProxy", "Gunicorn running `foobar`",
/// "MySQL, primary".
pub fn runs(d: &Design, id: NodeId) -> Option<Spans> {
    let node = d.node(id);
    let a = &node.attrs;
    let product = product(d, id).map(software::display);
    match node.kind {
        Kind::AppServer => match (product, a.text("code")) {
            (Some(r), Some(c)) => Some(spans![r, " running ", code(c)]),
            (Some(r), None) => Some(r.into()),
            (None, Some(c)) => Some(spans!["the application ", code(c)]),
            (None, None) => None,
        },
        Kind::Database | Kind::Cache => match (product, a.text("role")) {
            (Some(e), Some(r)) => Some(spans![e, ", ", r]),
            (e, r) => e.or(r.map(String::from)).map(Spans::from),
        },
        _ => product.map(Spans::from),
    }
}

/// What a component runs, as Markdown (for hover text outside a write-up).
pub fn software(d: &Design, id: NodeId) -> Option<String> {
    runs(d, id).map(|s| super::markdown::inline(&s))
}

/// "`web1.nginx` (Nginx)": a component and what it runs.
pub fn described(d: &Design, id: NodeId) -> Spans {
    match runs(d, id) {
        Some(s) => spans![name(d, id), " (", s, ")"],
        None => name(d, id),
    }
}

/// Several components, each once: "`web1.nginx` and `web2.nginx` (both Nginx)" when
/// they run the same thing, else each with its own.
pub fn described_all(d: &Design, ids: &[NodeId]) -> Spans {
    let what: Vec<Option<String>> = ids
        .iter()
        .map(|&id| runs(d, id).map(|s| s.plain()))
        .collect();
    match (ids, what.first()) {
        ([one], _) => described(d, *one),
        (_, Some(Some(first))) if what.iter().all(|w| w.as_deref() == Some(first)) => {
            let shared = runs(d, ids[0]).unwrap_or_default();
            let both = if ids.len() == 2 { "both" } else { "all" };
            spans![name_list(d, ids), " (", both, " ", shared, ")"]
        }
        _ => and_list(ids.iter().map(|&id| described(d, id))),
    }
}

/// The components on a server, in declaration order.
pub fn components(d: &Design, server: NodeId) -> Vec<NodeId> {
    d.children(server)
        .into_iter()
        .filter(|&c| d.node(c).kind.is_component())
        .collect()
}

/// An attribute value as prose.
pub fn value(d: &Design, v: &AttrValue) -> Spans {
    match v {
        AttrValue::Ref(id) => name(d, *id),
        AttrValue::Ip(ip) => code(ip.to_string()),
        AttrValue::Cidr(net) => code(net.to_string()),
        AttrValue::Hostname(h) => code(h.clone()),
        AttrValue::Protocol(p) => code(p.clone()),
        AttrValue::Port(p) => p.to_string().into(),
        AttrValue::Int(n) => n.to_string().into(),
        AttrValue::List(items) => and_list(items.iter().map(|i| value(d, i))),
        other => other.as_text().map(Spans::from).unwrap_or_default(),
    }
}

/// A word attribute for prose: `round_robin` → "round robin".
pub fn word(d: &Design, id: NodeId, key: &str) -> Option<String> {
    d.node(id).attrs.text(key).map(|w| w.replace('_', " "))
}

/// The server a component runs on, or the item itself.
pub fn host_or_self(d: &Design, id: NodeId) -> NodeId {
    d.host(id).unwrap_or(id)
}

/// "is" or "are" for a count.
pub fn is_are(n: usize) -> &'static str {
    if n == 1 { "is" } else { "are" }
}

/// A verb in the third person, agreeing with a count: `agree(n, "fails", "fail")`.
pub fn agree<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
