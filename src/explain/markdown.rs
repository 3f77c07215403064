//! Markdown (GitHub-flavoured) from a [`Document`].

use super::document::{Block, Document, Section};
use std::fmt::Write;

pub fn markdown(doc: &Document) -> String {
    let mut out = format!("# {}\n", super::document::text(&doc.title));
    for section in &doc.sections {
        write_section(&mut out, section, 2);
    }
    out
}

fn write_section(out: &mut String, section: &Section, level: usize) {
    if section.is_empty() {
        return;
    }
    let _ = write!(out, "\n{} {}\n", "#".repeat(level), section.title);
    for block in &section.blocks {
        out.push('\n');
        write_block(out, block);
    }
    for sub in &section.subsections {
        write_section(out, sub, level + 1);
    }
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Para(text) => {
            let _ = writeln!(out, "{text}");
        }
        Block::Bullets(items) => {
            for item in items {
                let _ = writeln!(out, "- {item}");
            }
        }
        Block::Steps(items) => {
            for (i, item) in items.iter().enumerate() {
                let _ = writeln!(out, "{}. {item}", i + 1);
            }
        }
        Block::Table { head, rows } => {
            let cell = |s: &String| s.replace('|', "\\|");
            let _ = writeln!(
                out,
                "| {} |",
                head.iter().map(cell).collect::<Vec<_>>().join(" | ")
            );
            let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
            for row in rows {
                let _ = writeln!(
                    out,
                    "| {} |",
                    row.iter().map(cell).collect::<Vec<_>>().join(" | ")
                );
            }
        }
        Block::Image { alt, src } => {
            let _ = writeln!(out, "![{alt}]({src})");
        }
    }
}
