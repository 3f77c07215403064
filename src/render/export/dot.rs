//! Graphviz DOT: servers as `cluster_` subgraphs of their components.

use super::{caption, edges, members, node_id, printable, row_caption};
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
    for (group, items) in members(scene) {
        let indent = if let Some(g) = group {
            let c = &scene.clusters[g];
            let _ = writeln!(out, "  subgraph cluster_g{g} {{");
            let _ = writeln!(
                out,
                "    label={}; style=dashed;",
                lines(&[c.title.clone(), c.detail.clone()])
            );
            "    "
        } else {
            "  "
        };
        for i in items {
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
            let _ = writeln!(out, "  }}");
        }
    }
    for (from, to, link) in edges(scene) {
        let style = match link.style {
            Style::Encrypted => "solid",
            Style::Plain => "dashed",
            Style::Dns | Style::Replication | Style::Certificate => "dotted",
        };
        let _ = writeln!(
            out,
            "  {from} -> {to} [label={}, style={style}];",
            quote(&link.label)
        );
    }
    out.push_str("}\n");
    out
}
