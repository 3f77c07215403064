//! draw.io: an editable diagram of infrac's own layout, so a student can finish the
//! picture in draw.io — and read back by `infrac import` as the same design.
//!
//! Every item is an `<object>` cell carrying its kind, name and attributes as draw.io
//! "Edit Data" properties (`infrac_kind`, `infrac_name`, and each attribute in `.infra`
//! syntax), placed where infrac's layout put it: servers as boxes holding their
//! components, clusters as dashed frames, records and services where the layout drew
//! them, zones and regions as the frames around what sits in them, and what the picture
//! does not draw as a box (certificates, firewalls, domains)
//! in a column beside it. Flows are edges with their protocol and port. Shapes a user
//! adds in draw.io without these properties are read by the importer's usual rules.

use crate::model::value::AttrValue;
use crate::model::{Design, Kind, NodeId};
use crate::render::Diagram;
use crate::render::layout::Rect;
use crate::render::scene::metrics;
use rustc_hash::FxHashMap;
use std::fmt::Write;

/// Where each drawn node is, and what its cell is called.
struct Placed {
    rect: Rect,
    /// The cell it sits in (`1`: the page), whose origin its coordinates are from.
    parent: String,
}

/// The diagram as a draw.io file. `design` is the design the diagram shows.
pub fn drawio(design: &Design, diagram: &Diagram) -> String {
    let scene = &diagram.scene;
    let layout = &diagram.layout;
    let mut placed: FxHashMap<NodeId, Placed> = FxHashMap::default();
    for (i, item) in scene.items.iter().enumerate() {
        let Some(rect) = layout.nodes.get(i).copied() else {
            continue;
        };
        placed.insert(
            item.node,
            Placed {
                rect,
                parent: "1".into(),
            },
        );
        let header = item.header_height();
        for (r, row) in item.rows.iter().enumerate() {
            placed.insert(
                row.node,
                Placed {
                    rect: Rect {
                        x: metrics::PAD,
                        y: header + r as f64 * metrics::ROW,
                        w: (rect.w - 2.0 * metrics::PAD).max(40.0),
                        h: metrics::ROW - 4.0,
                    },
                    parent: cell_id(item.node),
                },
            );
        }
    }
    for (g, cluster) in scene.clusters.iter().enumerate() {
        if let Some(rect) = layout.groups.get(g).copied() {
            placed.insert(
                cluster.node,
                Placed {
                    rect,
                    parent: "1".into(),
                },
            );
        }
    }
    // Zones and regions are the frames the layout drew around what sits in them.
    let frames = scene
        .zones
        .iter()
        .zip(&layout.zones)
        .chain(scene.regions.iter().zip(&layout.regions));
    for (domain, frame) in frames {
        if let Some(frame) = frame {
            placed.insert(
                domain.node,
                Placed {
                    rect: frame.rect,
                    parent: "1".into(),
                },
            );
        }
    }
    let mut out = String::new();
    let width = layout.width.max(400.0);
    let _ = writeln!(out, "<mxfile host=\"infrac\" type=\"device\">");
    let _ = writeln!(
        out,
        "  <diagram id=\"infrac\" name={}>",
        quote(&scene.title)
    );
    let _ = writeln!(
        out,
        "    <mxGraphModel grid=\"1\" gridSize=\"10\" page=\"1\" pageWidth=\"{:.0}\" pageHeight=\"{:.0}\">",
        width + 260.0,
        layout.height.max(300.0) + 60.0
    );
    out.push_str("      <root>\n");
    let mut design_attrs = String::new();
    for a in design.attrs.iter() {
        let _ = write!(
            design_attrs,
            " {}={}",
            key(a.key),
            quote(&value_text(design, &a.value))
        );
    }
    let _ = writeln!(
        out,
        "        <object id=\"0\" infrac_design=\"1\"{design_attrs}><mxCell /></object>"
    );
    out.push_str("        <mxCell id=\"1\" parent=\"0\" />\n");
    let _ = writeln!(
        out,
        "        <object id=\"title\" label={} infrac_note=\"title\"><mxCell style=\"text;html=1;fontSize=16;fontStyle=1;\" vertex=\"1\" parent=\"1\"><mxGeometry x=\"16\" y=\"-40\" width=\"{:.0}\" height=\"30\" as=\"geometry\" /></mxCell></object>",
        quote(&scene.title),
        width - 32.0
    );
    let mut side_y = 0.0;
    for (id, node) in design.nodes() {
        if matches!(node.kind, Kind::Allow | Kind::Deny) {
            continue;
        }
        let at = placed.remove(&id).unwrap_or_else(|| {
            let rect = Rect {
                x: width + 40.0,
                y: side_y,
                w: 200.0,
                h: 44.0,
            };
            side_y += 60.0;
            Placed {
                rect,
                parent: "1".into(),
            }
        });
        let mut props = String::new();
        if id == design.internet {
            props.push_str(" infrac_kind=\"internet\"");
        } else {
            let _ = write!(
                props,
                " infrac_kind={} infrac_name={}",
                quote(node.kind.keyword()),
                quote(&node.name)
            );
            if let Some(label) = &node.label {
                let _ = write!(props, " infrac_label={}", quote(label));
            }
            // A parent the drawing does not hold (a record's domain) is named.
            if let Some(parent) = node.parent
                && at.parent == "1"
            {
                let _ = write!(props, " infrac_parent={}", quote(&design.node(parent).path));
            }
            for a in node.attrs.iter() {
                let _ = write!(
                    props,
                    " {}={}",
                    key(a.key),
                    quote(&value_text(design, &a.value))
                );
            }
            if node.kind == Kind::Firewall {
                for (n, rule) in design.children(id).into_iter().enumerate() {
                    let _ = write!(
                        props,
                        " infrac_rule_{}={}",
                        n + 1,
                        quote(&rule_text(design, rule))
                    );
                }
            }
        }
        let _ = writeln!(
            out,
            "        <object id={} label={}{props}><mxCell style={} vertex=\"1\" parent={}><mxGeometry x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" as=\"geometry\" /></mxCell></object>",
            quote(&cell_id(id)),
            quote(&caption(design, id)),
            quote(style(node.kind, id == design.internet)),
            quote(&at.parent),
            at.rect.x,
            at.rect.y,
            at.rect.w,
            at.rect.h,
        );
    }
    for (n, (_, from, to, flow)) in design.flows().enumerate() {
        let mut props = String::from(" infrac_flow=\"1\"");
        let mut label = String::new();
        let mut encrypted = false;
        if let Some(p) = &flow.protocol {
            let _ = write!(props, " protocol={}", quote(&p.name));
            let default =
                crate::model::protocol::Protocol::known(&p.name, None).and_then(|k| k.port);
            label = p.name.clone();
            if let Some(port) = p.port.filter(|port| Some(*port) != default) {
                let _ = write!(props, " port=\"{port}\"");
                let _ = write!(label, "/{port}");
            }
            encrypted = p.encrypted;
        }
        for a in flow.attrs.iter() {
            let _ = write!(
                props,
                " {}={}",
                key(a.key),
                quote(&value_text(design, &a.value))
            );
        }
        let dashed = if encrypted { "" } else { "dashed=1;" };
        let _ = writeln!(
            out,
            "        <object id=\"f{n}\" label={}{props}><mxCell style=\"edgeStyle=orthogonalEdgeStyle;rounded=0;html=1;endArrow=classic;{dashed}\" edge=\"1\" parent=\"1\" source={} target={}><mxGeometry relative=\"1\" as=\"geometry\" /></mxCell></object>",
            quote(&label),
            quote(&cell_id(from)),
            quote(&cell_id(to)),
        );
    }
    out.push_str("      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n");
    out
}

fn cell_id(id: NodeId) -> String {
    format!("n{}", id.index())
}

/// What a cell shows: its name and kind, and what it runs.
fn caption(design: &Design, id: NodeId) -> String {
    let node = design.node(id);
    if id == design.internet {
        return "Users (internet)".into();
    }
    let mut text = node.label.clone().unwrap_or_else(|| node.name.clone());
    if node.kind.is_component() {
        let _ = write!(text, " ({})", node.kind.keyword().replace('_', " "));
        for key in ["software", "runtime", "engine", "vendor"] {
            if let Some(v) = node.attrs.text(key) {
                let _ = write!(text, "\n{v}");
                break;
            }
        }
    } else if node.kind != Kind::Server {
        text = format!("{} {text}", node.kind.keyword().replace('_', " "));
    }
    text
}

fn style(kind: Kind, internet: bool) -> &'static str {
    if internet {
        return "ellipse;shape=cloud;whiteSpace=wrap;html=1;fillColor=#f5f5f5;strokeColor=#666666;";
    }
    match kind {
        Kind::Server => {
            "rounded=0;whiteSpace=wrap;html=1;verticalAlign=top;fontStyle=1;fillColor=#f5f5f5;strokeColor=#666666;container=1;collapsible=0;"
        }
        Kind::LoadBalancer => {
            "rounded=1;whiteSpace=wrap;html=1;fillColor=#e1d5e7;strokeColor=#9673a6;"
        }
        Kind::WebServer => {
            "rounded=1;whiteSpace=wrap;html=1;fillColor=#dae8fc;strokeColor=#6c8ebf;"
        }
        Kind::AppServer => {
            "rounded=1;whiteSpace=wrap;html=1;fillColor=#d5e8d4;strokeColor=#82b366;"
        }
        Kind::Database => "rounded=1;whiteSpace=wrap;html=1;fillColor=#fff2cc;strokeColor=#d6b656;",
        Kind::MonitoringAgent => {
            "rounded=1;whiteSpace=wrap;html=1;fillColor=#f8cecc;strokeColor=#b85450;"
        }
        Kind::Cluster => {
            "rounded=1;dashed=1;whiteSpace=wrap;html=1;verticalAlign=top;fillColor=none;strokeColor=#666666;"
        }
        Kind::Firewall => "rounded=0;whiteSpace=wrap;html=1;fillColor=#f8cecc;strokeColor=#b85450;",
        Kind::Certificate => {
            "shape=note;whiteSpace=wrap;html=1;size=14;fillColor=#fff2cc;strokeColor=#d6b656;"
        }
        Kind::Record | Kind::Domain => {
            "rounded=1;dashed=1;whiteSpace=wrap;html=1;fillColor=#ffffff;strokeColor=#666666;"
        }
        Kind::Service => "rounded=1;whiteSpace=wrap;html=1;fillColor=#f5f5f5;strokeColor=#666666;",
        Kind::Zone => {
            "rounded=1;whiteSpace=wrap;html=1;verticalAlign=top;align=left;spacingLeft=8;fontStyle=1;fillColor=none;strokeColor=#9fb3c8;container=1;collapsible=0;"
        }
        Kind::Region => {
            "rounded=1;dashed=1;whiteSpace=wrap;html=1;verticalAlign=top;align=left;spacingLeft=8;fontStyle=1;fillColor=none;strokeColor=#627d98;container=1;collapsible=0;"
        }
        _ => "rounded=1;whiteSpace=wrap;html=1;",
    }
}

/// `allow { proto = https, from = internet }`.
fn rule_text(design: &Design, rule: NodeId) -> String {
    let node = design.node(rule);
    let attrs: Vec<String> = node
        .attrs
        .iter()
        .map(|a| format!("{} = {}", a.key, value_text(design, &a.value)))
        .collect();
    format!("{} {{ {} }}", node.kind.keyword(), attrs.join(", "))
}

/// Attribute keys draw.io keeps for itself are stored with a prefix.
fn key(key: &str) -> String {
    match key {
        "label" | "id" | "placeholders" | "tooltip" | "link" => format!("infrac_attr_{key}"),
        other => other.to_string(),
    }
}

/// A value in `.infra` syntax, as the importer reads it back.
pub fn value_text(design: &Design, value: &AttrValue) -> String {
    match value {
        AttrValue::Text(s) | AttrValue::Hostname(s) => {
            let bare = crate::model::builder::Value::parse(s)
                .is_some_and(|v| v == crate::model::builder::Value::Word(s.clone()));
            if bare {
                s.clone()
            } else {
                crate::syntax::quote(s)
            }
        }
        AttrValue::Word(s) | AttrValue::Protocol(s) => s.clone(),
        AttrValue::Int(i) => i.to_string(),
        AttrValue::Number(n) => n.to_string(),
        AttrValue::Bool(b) => b.to_string(),
        AttrValue::Ip(ip) => ip.to_string(),
        AttrValue::Cidr(net) => net.to_string(),
        AttrValue::Date(d) => format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
        AttrValue::Duration(d) => d.to_string(),
        AttrValue::Port(p) => p.to_string(),
        AttrValue::Listener(p) => match p.port {
            Some(port) => format!("{}/{port}", p.name),
            None => p.name.clone(),
        },
        AttrValue::Ref(id) => design.node(*id).path.clone(),
        AttrValue::List(items) => {
            let items: Vec<String> = items.iter().map(|v| value_text(design, v)).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

/// An XML attribute value, quoted; line breaks kept as character references.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#xa;"),
            '\r' => out.push_str("&#xd;"),
            '\t' => out.push_str("&#x9;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
