//! `infrac graph --format json`: the resolved model as JSON, the basis for other tools.
//!
//! Items are listed in declaration order and edges in creation order, so the output is
//! byte-identical for the same input. References are written `{"ref": "path"}` so they
//! cannot be confused with text.

use super::design::{Design, Edge, NodeId};
use super::value::{AttrValue, Attrs};
use crate::span::{LineIndex, LineSpan};
use serde::Serialize;
use serde_json::{Map, Value, json};

#[derive(Serialize)]
pub struct GraphJson {
    pub version: u32,
    pub file: String,
    pub entry: String,
    pub attributes: Map<String, Value>,
    pub nodes: Vec<NodeJson>,
    pub edges: Vec<EdgeJson>,
}

#[derive(Serialize)]
pub struct NodeJson {
    pub path: String,
    pub kind: super::Kind,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub attributes: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<LineSpan>,
}

#[derive(Serialize)]
pub struct EdgeJson {
    pub kind: &'static str,
    pub from: String,
    pub to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<&'static str>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub attributes: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<LineSpan>,
}

/// Build the JSON view of a design. With `lines`, every item and flow carries its source
/// position; without, positions are left out (used to compare designs whose text differs
/// only in layout).
pub fn graph_json(design: &Design, file: &str, lines: Option<&LineIndex>) -> GraphJson {
    let path = |id: NodeId| design.node(id).path.clone();
    let nodes = design
        .nodes()
        .filter(|(id, _)| *id != design.internet)
        .map(|(_, node)| NodeJson {
            path: node.path.clone(),
            kind: node.kind,
            name: node.name.clone(),
            label: node.label.clone(),
            parent: node.parent.map(path),
            attributes: attrs_json(design, &node.attrs),
            span: lines.map(|l| l.line_span(node.span)),
        })
        .collect();
    let mut edges: Vec<_> = design.graph.edge_indices().collect();
    edges.sort();
    let edges = edges
        .into_iter()
        .filter_map(|e| {
            let (from, to) = design.graph.edge_endpoints(e)?;
            let weight = &design.graph[e];
            let flow = match weight {
                Edge::Flow(flow) => Some(flow),
                _ => None,
            };
            let protocol = flow.and_then(|f| f.protocol.as_ref());
            Some(EdgeJson {
                kind: weight.name(),
                from: path(from),
                to: path(to),
                protocol: protocol.map(|p| p.name.clone()),
                port: protocol.and_then(|p| p.port),
                encrypted: protocol.map(|p| p.encrypted),
                access: flow.map(|f| f.access.name()),
                attributes: flow.map_or_else(Map::new, |f| attrs_json(design, &f.attrs)),
                span: flow.and_then(|f| lines.map(|l| l.line_span(f.span))),
            })
        })
        .collect();
    GraphJson {
        version: 1,
        file: file.to_string(),
        entry: path(design.entry),
        attributes: attrs_json(design, &design.attrs),
        nodes,
        edges,
    }
}

fn attrs_json(design: &Design, attrs: &Attrs) -> Map<String, Value> {
    attrs
        .iter()
        .map(|a| (a.key.to_string(), value_json(design, &a.value)))
        .collect()
}

fn value_json(design: &Design, value: &AttrValue) -> Value {
    match value {
        AttrValue::Text(s)
        | AttrValue::Word(s)
        | AttrValue::Hostname(s)
        | AttrValue::Protocol(s) => {
            json!(s)
        }
        AttrValue::Int(i) => json!(i),
        AttrValue::Number(n) => json!(n),
        AttrValue::Bool(b) => json!(b),
        AttrValue::Ip(ip) => json!(ip.to_string()),
        AttrValue::Cidr(net) => json!(net.to_string()),
        AttrValue::Date(d) => json!(format!(
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )),
        AttrValue::Duration(d) => json!(d.to_string()),
        AttrValue::Port(p) => json!(p),
        AttrValue::Listener(p) => json!({ "protocol": p.name, "port": p.port }),
        AttrValue::Ref(id) => json!({ "ref": design.node(*id).path }),
        AttrValue::List(items) => {
            Value::Array(items.iter().map(|v| value_json(design, v)).collect())
        }
    }
}
