//! The canonical pretty-printer behind `infrac fmt`.
//!
//! - two-space indentation, one statement per line, at most one blank line in a row;
//! - a block stays on one line (`{ a = 1, b = 2 }`) only if it was written on one line,
//!   holds only attributes and fits in [`MAX_WIDTH`]; lists go on one line when they fit;
//! - consecutive attributes align their `=`, consecutive one-line blocks align their
//!   kind and name columns, trailing comments in a run line up;
//! - every comment is kept: own-line comments stay before the statement they precede,
//!   trailing comments stay on their line; a comment in a spot that has no line of its
//!   own (inside a fan-out list) moves up to just before its statement.
//!
//! The output is a fixed point: formatting it again changes nothing.

use super::ast::*;
use crate::span::Span;

/// Widest line the formatter produces on its own (alignment may push past it).
pub const MAX_WIDTH: usize = 100;
const INDENT: &str = "  ";

/// Format a parsed file. `source` must be the text `file` was parsed from.
pub fn format(source: &str, file: &File) -> String {
    let mut printer = Printer {
        src: source,
        comments: &file.comments,
        next: 0,
        orphans: Vec::new(),
    };
    let mut out = printer.body(&file.statements, 0, 0, source.len());
    if out.is_empty() {
        return out;
    }
    out.push('\n');
    out
}

struct Printer<'s> {
    src: &'s str,
    comments: &'s [Comment],
    /// Index of the first comment not yet printed.
    next: usize,
    /// Comments passed over inside one-line constructs; printed before their statement.
    orphans: Vec<&'s str>,
}

/// One line-level item of a statement sequence.
enum Item {
    Blank,
    Comment(String),
    /// A one-line statement, split into cells that align with its neighbours.
    Row {
        cells: Vec<String>,
        shape: Shape,
        trailing: Option<String>,
    },
    /// A statement over several lines; lines after the first carry their indentation.
    Lines {
        lines: Vec<String>,
        trailing: Option<String>,
    },
}

/// Rows align only with rows of the same shape.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Attribute,
    Block(usize),
    Flow,
}

enum Rendered {
    Row(Vec<String>, Shape),
    Lines(Vec<String>),
}

impl<'s> Printer<'s> {
    fn peek(&self) -> Option<&'s Comment> {
        self.comments.get(self.next)
    }

    /// The next comment if it starts before `end`.
    fn comment_before(&self, end: usize) -> Option<&'s Comment> {
        self.peek().filter(|c| c.span.start() < end)
    }

    /// Move comments that start before `end` to the orphan list.
    fn orphan_until(&mut self, end: usize) {
        while let Some(c) = self.comment_before(end) {
            self.orphans.push(&c.text);
            self.next += 1;
        }
    }

    fn has_comment_in(&self, span: Span) -> bool {
        self.comments[self.next..]
            .iter()
            .take_while(|c| c.span.start() < span.end())
            .any(|c| c.span.start() >= span.start())
    }

    fn blank_between(&self, from: usize, to: usize) -> bool {
        from < to && self.src[from..to].matches('\n').count() >= 2
    }

    /// The comment on the same line right after `pos`, if any, before `limit`.
    fn same_line_comment(&mut self, pos: usize, limit: usize) -> Option<String> {
        let c = self.comment_before(limit)?;
        if c.span.start() >= pos && !self.src[pos..c.span.start()].contains('\n') {
            self.next += 1;
            return Some(c.text.clone());
        }
        None
    }

    /// Print a statement sequence whose container spans `start..end` in the source.
    fn body(&mut self, statements: &[Statement], depth: usize, start: usize, end: usize) -> String {
        self.orphan_until(start);
        let mut items: Vec<Item> = Vec::new();
        let mut prev_end = start;
        for (i, statement) in statements.iter().enumerate() {
            let span = statement.span();
            // A trailing comment belongs to the last statement on its line.
            let limit = statements
                .get(i + 1)
                .map_or(end, |next| next.span().start());
            prev_end = self.own_line_comments(&mut items, prev_end, span.start());
            if self.blank_between(prev_end, span.start()) && !items.is_empty() {
                items.push(Item::Blank);
            }
            let rendered = self.statement(statement, depth);
            self.orphan_until(span.end());
            items.extend(self.orphans.drain(..).map(|c| Item::Comment(c.to_string())));
            let trailing = self.same_line_comment(span.end(), limit);
            items.push(match rendered {
                Rendered::Row(cells, shape) => Item::Row {
                    cells,
                    shape,
                    trailing,
                },
                Rendered::Lines(lines) => Item::Lines { lines, trailing },
            });
            prev_end = span.end();
        }
        self.own_line_comments(&mut items, prev_end, end);
        layout(&items, depth)
    }

    /// Own-line comments before `until`, with the blank lines between them kept.
    fn own_line_comments(
        &mut self,
        items: &mut Vec<Item>,
        mut prev_end: usize,
        until: usize,
    ) -> usize {
        while let Some(c) = self.comment_before(until) {
            if self.blank_between(prev_end, c.span.start()) && !items.is_empty() {
                items.push(Item::Blank);
            }
            items.push(Item::Comment(c.text.clone()));
            prev_end = c.span.end();
            self.next += 1;
        }
        prev_end
    }

    fn statement(&mut self, statement: &Statement, depth: usize) -> Rendered {
        match statement {
            Statement::Attribute(a) => self.attribute(a, depth),
            Statement::Block(b) => self.block(b, depth),
            Statement::Flow(f) => self.flow(f, depth),
        }
    }

    fn attribute(&mut self, attribute: &Attribute, depth: usize) -> Rendered {
        let mut lines = self.value(&attribute.value, depth);
        if lines.len() == 1 {
            let value = lines.remove(0);
            return Rendered::Row(
                vec![attribute.key.name.clone(), format!("= {value}")],
                Shape::Attribute,
            );
        }
        lines[0] = format!("{} = {}", attribute.key.name, lines[0]);
        Rendered::Lines(lines)
    }

    fn block(&mut self, block: &Block, depth: usize) -> Rendered {
        let mut head = vec![block.kind.name.clone()];
        head.extend(block.name.as_ref().map(|n| n.name.clone()));
        head.extend(block.label.as_ref().map(|l| quote(&l.value)));
        if let Some(inline) = self.inline_braces(&block.body, block.body_span, depth) {
            head.push(inline);
            let shape = Shape::Block(head.len());
            return Rendered::Row(head, shape);
        }
        let open = format!("{} {{", head.join(" "));
        Rendered::Lines(self.braced(open, &block.body, block.body_span, depth))
    }

    fn flow(&mut self, flow: &Flow, depth: usize) -> Rendered {
        let hops: Vec<String> = flow.hops.iter().map(target).collect();
        let mut text = hops.join(" -> ");
        if let Some(p) = &flow.protocol {
            text.push_str(" : ");
            text.push_str(&protocol(p));
        }
        let Some(body) = &flow.body else {
            return Rendered::Row(vec![text], Shape::Flow);
        };
        if let Some(inline) = self.inline_braces(&body.statements, body.span, depth) {
            return Rendered::Row(vec![format!("{text} {inline}")], Shape::Flow);
        }
        Rendered::Lines(self.braced(format!("{text} {{"), &body.statements, body.span, depth))
    }

    /// `{ a = 1, b = 2 }` when the braces may stay on one line, else `None`.
    fn inline_braces(&mut self, body: &[Statement], span: Span, depth: usize) -> Option<String> {
        if self.has_comment_in(span) {
            return None;
        }
        if body.is_empty() {
            return Some("{}".to_string());
        }
        let one_line = !self.src[span.range()].contains('\n');
        let only_attributes = body.iter().all(|s| matches!(s, Statement::Attribute(_)));
        if !one_line || !only_attributes {
            return None;
        }
        let mut parts = Vec::new();
        for statement in body {
            let Statement::Attribute(a) = statement else {
                return None;
            };
            let value = self.value(&a.value, depth + 1);
            if value.len() != 1 {
                return None;
            }
            parts.push(format!("{} = {}", a.key.name, value[0]));
        }
        let text = format!("{{ {} }}", parts.join(", "));
        (depth * INDENT.len() + text.len() <= MAX_WIDTH).then_some(text)
    }

    /// `open` + body lines + closing brace.
    fn braced(
        &mut self,
        open: String,
        body: &[Statement],
        span: Span,
        depth: usize,
    ) -> Vec<String> {
        let after_brace = span.start() + 1;
        let body_end = span.end().saturating_sub(1);
        let open = match self.same_line_comment(after_brace, body_end) {
            Some(comment) => format!("{open}  {comment}"),
            None => open,
        };
        let inner = self.body(body, depth + 1, after_brace, body_end);
        let mut lines = vec![open];
        lines.extend(inner.lines().map(str::to_string));
        lines.push(format!("{}}}", INDENT.repeat(depth)));
        lines
    }

    /// A value's lines; the first has no indentation, later ones are indented for `depth`.
    fn value(&mut self, value: &Value, depth: usize) -> Vec<String> {
        match &value.kind {
            ValueKind::List(items) => self.list(items, value.span, depth),
            kind => vec![scalar(kind)],
        }
    }

    fn list(&mut self, items: &[Value], span: Span, depth: usize) -> Vec<String> {
        self.orphan_until(span.start());
        if !self.has_comment_in(span) {
            let rendered: Vec<Vec<String>> =
                items.iter().map(|v| self.value(v, depth + 1)).collect();
            if rendered.iter().all(|r| r.len() == 1) {
                let flat: Vec<&str> = rendered.iter().map(|r| r[0].as_str()).collect();
                let text = format!("[{}]", flat.join(", "));
                if depth * INDENT.len() + text.len() <= MAX_WIDTH - 20 {
                    return vec![text];
                }
            }
        }
        let inner_indent = INDENT.repeat(depth + 1);
        let mut lines = vec!["[".to_string()];
        let mut prev_end = span.start() + 1;
        for (i, item) in items.iter().enumerate() {
            let limit = items
                .get(i + 1)
                .map_or(span.end(), |next| next.span.start());
            while let Some(c) = self.comment_before(item.span.start()) {
                if self.blank_between(prev_end, c.span.start()) && lines.len() > 1 {
                    lines.push(String::new());
                }
                lines.push(format!("{inner_indent}{}", c.text));
                prev_end = c.span.end();
                self.next += 1;
            }
            let mut value = self.value(item, depth + 1);
            let last = value.len() - 1;
            value[last].push(',');
            if let Some(comment) = self.same_line_comment(item.span.end(), limit) {
                value[last] = format!("{}  {comment}", value[last]);
            }
            value[0] = format!("{inner_indent}{}", value[0]);
            lines.extend(value);
            prev_end = item.span.end();
        }
        while let Some(c) = self.comment_before(span.end()) {
            lines.push(format!("{inner_indent}{}", c.text));
            self.next += 1;
        }
        lines.push(format!("{}]", INDENT.repeat(depth)));
        lines
    }
}

/// Join items into text at `depth`, aligning runs of same-shaped rows.
fn layout(items: &[Item], depth: usize) -> String {
    let indent = INDENT.repeat(depth);
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        match &items[i] {
            Item::Blank => out.push(String::new()),
            Item::Comment(text) => out.push(format!("{indent}{text}")),
            Item::Lines { lines, trailing } => {
                let mut lines = lines.clone();
                lines[0] = format!("{indent}{}", lines[0]);
                if let Some(comment) = trailing {
                    let last = lines.len() - 1;
                    lines[last] = format!("{}  {comment}", lines[last]);
                }
                out.extend(lines);
            }
            Item::Row { shape, .. } => {
                let run = items[i..]
                    .iter()
                    .take_while(|it| matches!(it, Item::Row { shape: s, .. } if s == shape))
                    .count();
                out.extend(align(&items[i..i + run], &indent));
                i += run;
                continue;
            }
        }
        i += 1;
    }
    out.join("\n")
}

/// Pad every cell but the last to its column's width; line up trailing comments.
fn align(rows: &[Item], indent: &str) -> Vec<String> {
    let cells_of = |item: &Item| match item {
        Item::Row { cells, .. } => cells.clone(),
        _ => Vec::new(),
    };
    let columns = rows.iter().map(|r| cells_of(r).len()).max().unwrap_or(0);
    let mut widths = vec![0; columns];
    for row in rows {
        for (i, cell) in cells_of(row).iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let lines: Vec<String> = rows
        .iter()
        .map(|row| {
            let cells = cells_of(row);
            let last = cells.len().saturating_sub(1);
            let padded: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == last {
                        c.clone()
                    } else {
                        pad(c, widths[i])
                    }
                })
                .collect();
            format!("{indent}{}", padded.join(" "))
        })
        .collect();
    let trailing: Vec<Option<&String>> = rows
        .iter()
        .map(|row| match row {
            Item::Row { trailing, .. } => trailing.as_ref(),
            _ => None,
        })
        .collect();
    // Like tabwriter: comments line up across consecutive lines that each have one.
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let run = trailing[i..].iter().take_while(|t| t.is_some()).count();
        if run == 0 {
            out.push(lines[i].clone());
            i += 1;
            continue;
        }
        let column = lines[i..i + run]
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
            + 2;
        for (line, comment) in lines[i..i + run].iter().zip(&trailing[i..i + run]) {
            out.push(format!(
                "{}{}",
                pad(line, column),
                comment.map_or("", |c| c.as_str())
            ));
        }
        i += run;
    }
    out
}

fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

fn target(target: &Target) -> String {
    match target {
        Target::Path(p) => p.dotted().to_string(),
        Target::List { paths, .. } => {
            let names: Vec<&str> = paths.iter().map(Path::dotted).collect();
            format!("[{}]", names.join(", "))
        }
    }
}

fn protocol(p: &Protocol) -> String {
    match p.port {
        Some(port) => format!("{}/{}", p.name.name, port.number),
        None => p.name.name.clone(),
    }
}

pub(super) fn scalar(kind: &ValueKind) -> String {
    match kind {
        ValueKind::String(s) => quote(s),
        ValueKind::Number(n) => n.text.clone(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Ip(ip) => ip.to_string(),
        ValueKind::Cidr(net) => net.to_string(),
        ValueKind::Date(d) => format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
        ValueKind::Duration(d) => d.to_string(),
        ValueKind::Path(p) => p.dotted().to_string(),
        ValueKind::Protocol(p) => protocol(p),
        ValueKind::List(_) => String::new(), // lists are printed by `Printer::list`
    }
}

/// A string literal that parses back to `s`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
