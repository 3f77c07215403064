//! The Markdown writer (GitHub-flavoured) of a [`Document`].
//!
//! Plain text is escaped so that nothing from a design can become markup: a label with
//! `*`, `[x](y)`, `<script>` or a leading `#` reads as written. Links to sections use
//! GitHub's heading anchors, and a link to a section the document does not have is
//! written as its text alone.

use super::document::{Block, Document, Inline, Section, Spans};
use std::fmt::Write;

pub fn markdown(doc: &Document) -> String {
    let mut out = format!("# {}\n", heading_text(&doc.title));
    for section in &doc.sections {
        write_section(&mut out, doc, section, 2);
    }
    out
}

/// One run of inline content as Markdown, for a reader outside a document (hover text).
pub fn inline(spans: &Spans) -> String {
    let mut out = String::new();
    write_spans(&mut out, None, spans, false);
    out
}

fn write_section(out: &mut String, doc: &Document, section: &Section, level: usize) {
    if section.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "\n{} {}\n",
        "#".repeat(level.min(6)),
        heading_text(&section.title)
    );
    for block in &section.blocks {
        write_block(out, doc, block);
    }
    for sub in &section.subsections {
        write_section(out, doc, sub, level + 1);
    }
}

fn write_block(out: &mut String, doc: &Document, block: &Block) {
    match block {
        Block::Para(spans) => {
            out.push('\n');
            out.push_str(&block_text(doc, spans, false));
            out.push('\n');
        }
        Block::Bullets(items) => {
            out.push('\n');
            for item in items {
                let _ = writeln!(out, "- {}", block_text(doc, item, false));
            }
        }
        Block::Steps(items) => {
            out.push('\n');
            for (i, item) in items.iter().enumerate() {
                let _ = writeln!(out, "{}. {}", i + 1, block_text(doc, item, false));
            }
        }
        Block::Table { head, rows } => {
            out.push('\n');
            let head: Vec<String> = head.iter().map(|h| escape(h)).collect();
            let _ = writeln!(out, "| {} |", head.join(" | "));
            let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
            for row in rows {
                let cells: Vec<String> = row.iter().map(|c| block_text(doc, c, true)).collect();
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
        }
        Block::Diagram { alt, src } => {
            if let Some(src) = src {
                let _ = write!(out, "\n![{}]({})\n", escape(alt), link_target(src));
            }
        }
    }
}

/// A block's inline content, safe at the start of a line.
fn block_text(doc: &Document, spans: &Spans, in_table: bool) -> String {
    let mut out = String::new();
    write_spans(&mut out, Some(doc), spans, in_table);
    if in_table {
        out
    } else {
        guard_line_start(&out)
    }
}

fn write_spans(out: &mut String, doc: Option<&Document>, spans: &Spans, in_table: bool) {
    for inline in &spans.0 {
        match inline {
            Inline::Plain(text) => out.push_str(&escape(text)),
            Inline::Code(text) => out.push_str(&code_span(text, in_table)),
            Inline::Strong(inner) => {
                out.push_str("**");
                write_spans(out, doc, inner, in_table);
                out.push_str("**");
            }
            Inline::Emphasis(inner) => {
                out.push('*');
                write_spans(out, doc, inner, in_table);
                out.push('*');
            }
            Inline::Section { text, id } => match doc.and_then(|d| d.title_of(id)) {
                Some(title) => {
                    out.push('[');
                    write_spans(out, doc, text, in_table);
                    let _ = write!(out, "](#{})", slug(title));
                }
                None => write_spans(out, doc, text, in_table),
            },
        }
    }
}

/// Escape every character that could start markup inside a line. Parentheses, dots and
/// dashes stay as they are: without an unescaped `[` they cannot make a link.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.push(' ');
            continue;
        }
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '#' | '!' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line that would start a list, a heading, a quote or a rule gets its first
/// character escaped.
fn guard_line_start(line: &str) -> String {
    let trimmed = line.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let ordered = digits > 0 && trimmed[digits..].starts_with(['.', ')']);
    if ordered {
        let (number, rest) = trimmed.split_at(digits);
        return format!("{number}\\{rest}");
    }
    if trimmed.starts_with(['-', '+', '=']) {
        return format!("\\{trimmed}");
    }
    trimmed.to_string()
}

/// A code span whose fence is longer than any run of backticks inside it.
fn code_span(text: &str, in_table: bool) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let clean = if in_table {
        clean.replace('|', "\\|")
    } else {
        clean
    };
    let longest = clean.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 || clean.starts_with(' ') || clean.ends_with(' ') || clean.is_empty() {
        format!("{fence} {clean} {fence}")
    } else {
        format!("{fence}{clean}{fence}")
    }
}

fn heading_text(title: &str) -> String {
    guard_line_start(&escape(title))
}

/// A file name as a link target: spaces and brackets percent-encoded.
fn link_target(src: &str) -> String {
    let mut out = String::new();
    for c in src.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes.
pub fn slug(title: &str) -> String {
    title
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c.to_lowercase().next().unwrap_or(c)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::document::{code, spans, strong};

    #[test]
    fn text_is_inert_and_code_survives_backticks() {
        assert_eq!(code_span("web1", false), "`web1`");
        assert_eq!(code_span("a`b", false), "`` a`b ``");
        assert_eq!(
            escape("*bold* <b> [x](y) # h"),
            "\\*bold\\* \\<b\\> \\[x\\](y) \\# h"
        );
        assert_eq!(guard_line_start("1. not a list"), "1\\. not a list");
        assert_eq!(guard_line_start("- not a list"), "\\- not a list");
        assert_eq!(
            inline(&spans![strong("active"), " on ", code("lb1")]),
            "**active** on `lb1`"
        );
        assert_eq!(
            slug("Single point of failure (SPOF)"),
            "single-point-of-failure-spof"
        );
    }
}
