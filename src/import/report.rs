//! What an import understood, what it guessed, and what it could not map.
//!
//! Nothing is dropped silently: every element of the input that did not become part of
//! the design is listed with its reason, and every mapping made from geometry or from a
//! label's words rather than from what the user stated is listed as a guess.

use super::format::Format;
use crate::model::{Design, Kind};
use crate::source::{Element, Sources};
use crate::span::Span;
use std::fmt::Write;

#[derive(Debug, Clone)]
pub struct Report {
    pub format: Format,
    /// The input's name (with the page, for a draw.io file of several).
    pub name: String,
    /// What the input held, in the format's words ("14 cells: 9 shapes, 5 edges").
    pub contents: String,
    /// Items of the design by kind, in the order `.infra` documents kinds.
    pub understood: Vec<(Kind, usize)>,
    pub flows: usize,
    pub guesses: Vec<Entry>,
    pub not_mapped: Vec<Entry>,
    /// Types of the input's elements that hold no topology (IAM roles, log groups), with
    /// how many of each: left out without a warning each, counted in one line.
    pub skipped: Vec<(String, usize)>,
}

/// One element of the input, and what happened to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub element: Element,
    pub span: Option<Span>,
    pub reason: String,
}

impl Entry {
    pub fn new(element: Element, span: Option<Span>, reason: impl Into<String>) -> Entry {
        Entry {
            element,
            span,
            reason: reason.into(),
        }
    }

    /// `cell 7 "nginx"`, `aws_lb.front`.
    pub fn describe(&self) -> String {
        match &self.element.label {
            Some(label) if !label.is_empty() && *label != self.element.id => {
                format!("{} \"{}\"", self.element.id, one_line(label))
            }
            _ => self.element.id.clone(),
        }
    }
}

impl Report {
    pub fn new(format: Format, name: impl Into<String>) -> Report {
        Report {
            format,
            name: name.into(),
            contents: String::new(),
            understood: Vec::new(),
            flows: 0,
            guesses: Vec::new(),
            not_mapped: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Count one element of a type that holds no topology.
    pub fn skip(&mut self, kind: &str) {
        match self.skipped.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => self.skipped.push((kind.to_string(), 1)),
        }
    }

    /// "12 resources that hold no topology: aws_iam_role ×3, random_id ×1".
    pub fn skipped_line(&self) -> Option<String> {
        if self.skipped.is_empty() {
            return None;
        }
        let mut kinds = self.skipped.clone();
        kinds.sort();
        let total: usize = kinds.iter().map(|(_, n)| n).sum();
        let list: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
        Some(format!(
            "{} that hold no topology (permissions, keys, logs, settings): {}",
            count(total, "resource"),
            list.join(", ")
        ))
    }

    pub fn guess(&mut self, element: Element, span: Option<Span>, reason: impl Into<String>) {
        self.guesses.push(Entry::new(element, span, reason));
    }

    pub fn not_mapped(&mut self, element: Element, span: Option<Span>, reason: impl Into<String>) {
        self.not_mapped.push(Entry::new(element, span, reason));
    }

    /// Count what the design holds.
    pub fn count(&mut self, design: &Design) {
        self.understood = Kind::DECLARABLE
            .iter()
            .map(|&kind| (kind, design.nodes_of(kind).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        self.flows = design.flows().count();
    }

    /// "3 servers, 2 web servers, 1 load balancer; 4 flows".
    pub fn summary(&self) -> String {
        let items: Vec<String> = self
            .understood
            .iter()
            .map(|(kind, n)| {
                count(
                    *n,
                    kind.noun()
                        .trim_start_matches("a ")
                        .trim_start_matches("an "),
                )
            })
            .collect();
        let items = if items.is_empty() {
            "no items".to_string()
        } else {
            items.join(", ")
        };
        format!("{items}; {}", count(self.flows, "flow"))
    }

    /// The report as people read it, one line per entry, with each entry's file and line.
    pub fn render(&self, sources: &Sources) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "imported {} ({}): {}",
            printable(&self.name),
            self.format.describe(),
            self.summary()
        );
        let index = sources.index();
        let place = |entry: &Entry| {
            entry
                .span
                .and_then(|s| index.line_span(s))
                .map(|(file, at)| format!(" ({file}:{})", at.start.line))
                .unwrap_or_default()
        };
        let entries = [
            ("guessed   ", &self.guesses),
            ("not mapped", &self.not_mapped),
        ];
        for (what, entries) in entries {
            for entry in entries {
                let line = format!("{}{}: {}", entry.describe(), place(entry), entry.reason);
                let _ = writeln!(out, "  {what}  {}", printable(&line));
            }
        }
        if let Some(line) = self.skipped_line() {
            let _ = writeln!(out, "  left out   {}", printable(&line));
        }
        out
    }
}

/// `1 server`, `3 servers`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun.strip_suffix('y').filter(|s| !s.ends_with('e')) {
        format!("{n} {stem}ies")
    } else if noun.ends_with('s') {
        format!("{n} {noun}es")
    } else {
        format!("{n} {noun}s")
    }
}

/// `text` with every control character escaped (`\u{1b}`): names and labels come from
/// files the user did not write, and raw escape sequences in them would drive the
/// terminal the report is printed on.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect::<String>()
        .into()
}

fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() > 60 {
        format!("{}…", joined.chars().take(59).collect::<String>())
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_english() {
        assert_eq!(count(1, "server"), "1 server");
        assert_eq!(count(2, "DNS record"), "2 DNS records");
        assert_eq!(count(2, "internet"), "2 internets");
        assert_eq!(count(3, "policy"), "3 policies");
        assert_eq!(count(0, "flow"), "0 flows");
    }

    #[test]
    fn control_characters_are_escaped_not_printed() {
        assert_eq!(
            printable("we\0b\u{1b}[31m\u{9b}x"),
            "we\\u{0}b\\u{1b}[31m\\u{9b}x"
        );
        assert_eq!(printable("plain é"), "plain é");
    }
}
