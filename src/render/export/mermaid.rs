//! Mermaid flowchart text, for Markdown that renders diagrams (GitHub, GitLab).

use super::{Nested, caption, edges, nested, node_id, printable, row_caption};
use crate::render::scene::{Scene, Style};
use std::fmt::Write;

/// Text inside a Mermaid quoted label: quotes and markup as entity codes.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in printable(s).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            _ => out.push(c),
        }
    }
    out
}

fn lines(parts: &[String]) -> String {
    parts
        .iter()
        .map(|p| text(p))
        .collect::<Vec<_>>()
        .join("<br/>")
}

/// A cluster with its members, or one item, at indent `pad`.
fn block(out: &mut String, scene: &Scene, group: Option<usize>, items: &[usize], pad: &str) {
    let indent = if let Some(g) = group {
        let c = &scene.clusters[g];
        let _ = writeln!(
            out,
            "{pad}subgraph g{g}[\"{}\"]",
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
                "{indent}{}[\"{}\"]",
                node_id(i, None),
                lines(&caption(item))
            );
            continue;
        }
        let _ = writeln!(out, "{indent}subgraph s{i}[\"{}\"]", lines(&caption(item)));
        for (r, row) in item.rows.iter().enumerate() {
            let label = row_caption(row);
            let _ = writeln!(
                out,
                "{indent}  {}[\"{}\"]",
                node_id(i, Some(r)),
                lines(&label)
            );
        }
        let _ = writeln!(out, "{indent}end");
    }
    if group.is_some() {
        let _ = writeln!(out, "{pad}end");
    }
}

pub fn mermaid(scene: &Scene) -> String {
    let mut out = String::from("flowchart TB\n");
    let mut depth = 1;
    for step in nested(scene) {
        let pad = "  ".repeat(depth);
        match step {
            Nested::Open { zone, index, title } => {
                let name = if zone { "zone" } else { "region" };
                let _ = writeln!(out, "{pad}subgraph {name}{index}[\"{}\"]", text(title));
                depth += 1;
            }
            Nested::Close => {
                depth -= 1;
                let _ = writeln!(out, "{}end", "  ".repeat(depth));
            }
            Nested::Block(group, items) => block(&mut out, scene, group, &items, &pad),
        }
    }
    for (from, to, link, _) in edges(scene) {
        let arrow = match link.style {
            Style::Encrypted => "==>",
            Style::Plain => "-.->",
            Style::Dns | Style::Replication => "-->",
            Style::Certificate => "-.-",
        };
        if link.label.is_empty() {
            let _ = writeln!(out, "  {from} {arrow} {to}");
        } else {
            let _ = writeln!(out, "  {from} {arrow}|\"{}\"| {to}", text(&link.label));
        }
    }
    out
}
