//! Graphviz DOT: servers as `cluster_` subgraphs of their components, inside the
//! `cluster_zone` and `cluster_region` subgraphs of the zones and regions they sit in.

use super::{Nested, caption, edges, nested, node_id, printable, row_caption};
use crate::render::scene::{Scene, Style};
use std::fmt::Write;

/// Text inside a DOT double-quoted string.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in printable(s).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out
}

/// A DOT double-quoted string.
fn quote(s: &str) -> String {
    format!("\"{}\"", escape(s))
}

/// Lines of a label, broken with DOT's `\n`.
fn lines(parts: &[String]) -> String {
    let parts: Vec<String> = parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| escape(p))
        .collect();
    format!("\"{}\"", parts.join("\\n"))
}

/// A cluster with its members, or one item, at indent `pad`.
fn block(out: &mut String, scene: &Scene, group: Option<usize>, items: &[usize], pad: &str) {
    let indent = if let Some(g) = group {
        let c = &scene.clusters[g];
        let _ = writeln!(out, "{pad}subgraph cluster_g{g} {{");
        let _ = writeln!(
            out,
            "{pad}  label={}; style=dashed;",
            lines(&[c.title.clone(), c.detail.clone()])
        );
        format!("{pad}  ")
    } else {
        pad.to_string()
    };
    for &i in items {
        let item = &scene.items[i];
        if item.rows.is_empty() {
            let _ = writeln!(
                out,
                "{indent}{} [label={}];",
                node_id(i, None),
                lines(&caption(item))
            );
            continue;
        }
        let _ = writeln!(out, "{indent}subgraph cluster_n{i} {{");
        let _ = writeln!(out, "{indent}  label={};", lines(&caption(item)));
        for (r, row) in item.rows.iter().enumerate() {
            let text = row_caption(row);
            let _ = writeln!(
                out,
                "{indent}  {} [label={}];",
                node_id(i, Some(r)),
                lines(&text)
            );
        }
        let _ = writeln!(out, "{indent}}}");
    }
    if group.is_some() {
        let _ = writeln!(out, "{pad}}}");
    }
}

pub fn dot(scene: &Scene) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph infrac {{");
    let _ = writeln!(
        out,
        "  label={}; labelloc=t; rankdir=TB; compound=true;",
        quote(&scene.title)
    );
    let _ = writeln!(
        out,
        "  node [shape=box, style=rounded, fontname=\"DejaVu Sans\", fontsize=11];"
    );
    let _ = writeln!(out, "  edge [fontname=\"DejaVu Sans\", fontsize=9];");
    let mut depth = 1;
    for step in nested(scene) {
        let pad = "  ".repeat(depth);
        match step {
            Nested::Open { zone, index, title } => {
                let (name, style) = if zone {
                    (
                        "zone",
                        "style=\"rounded,filled\"; fillcolor=\"#f3f7fc\"; color=\"#9fb3c8\"",
                    )
                } else {
                    ("region", "style=\"rounded,dotted\"; color=\"#627d98\"")
                };
                let _ = writeln!(out, "{pad}subgraph cluster_{name}{index} {{");
                let _ = writeln!(out, "{pad}  label={}; {style};", quote(title));
                depth += 1;
            }
            Nested::Close => {
                depth -= 1;
                let _ = writeln!(out, "{}}}", "  ".repeat(depth));
            }
            Nested::Block(group, items) => block(&mut out, scene, group, &items, &pad),
        }
    }
    // `class` names the bundle: Graphviz copies it into its SVG, so hops infrac draws
    // as one net can be told apart from other nets there too.
    for (from, to, link, net) in edges(scene) {
        let style = match link.style {
            Style::Encrypted => "solid",
            Style::Plain => "dashed",
            Style::Dns | Style::Replication | Style::Certificate => "dotted",
        };
        let _ = writeln!(
            out,
            "  {from} -> {to} [label={}, style={style}, class=\"net{net}\"];",
            quote(&link.label)
        );
    }
    out.push_str("}\n");
    out
}
