//! Named source texts — what every span points into.
//!
//! A design written in `.infra` comes from one [`Source`]. A design built by an importer
//! comes from the files the user already has (a draw.io file, a folder of `.tf` files),
//! so its items point into several texts, none of them `.infra`. [`Sources`] gives every
//! file its own range of one global offset space, as a compiler's source map does: a
//! [`Span`] stays a plain byte range everywhere, and only reports ask which file and line
//! it falls in. Items that a format names rather than places (a draw.io cell id, a
//! Terraform resource address) are recorded as [`Element`]s beside their span.

use crate::span::{LineIndex, LineSpan, Span};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// One input file (or standard input), already decoded as UTF-8.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown in diagnostics: the path as given, or `<stdin>`.
    pub name: String,
    pub text: Arc<str>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// An item of a non-`.infra` format, as that format names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Element {
    /// The format's own identifier: a draw.io cell id, a Terraform address
    /// (`aws_lb.web`), a JSON pointer.
    pub id: String,
    /// What the user sees for it: a shape's label, a resource's `Name` tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// Where a span falls: the file, and the span and line/columns inside it.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    pub source: &'a Source,
    /// The span relative to the start of `source.text`.
    pub span: Span,
}

/// Every text a design was built from, each at its own base offset.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<(usize, Source)>,
    elements: FxHashMap<Span, Element>,
    /// The name the whole input goes by (the path the user gave).
    name: String,
}

impl From<Source> for Sources {
    fn from(source: Source) -> Self {
        Sources::one(source)
    }
}

impl From<&Source> for Sources {
    fn from(source: &Source) -> Self {
        Sources::one(source.clone())
    }
}

impl From<&Sources> for Sources {
    fn from(sources: &Sources) -> Self {
        sources.clone()
    }
}

impl Sources {
    /// A single file at offset 0: spans into it are plain byte offsets of its text.
    pub fn one(source: Source) -> Self {
        Sources {
            name: source.name.clone(),
            files: vec![(0, source)],
            elements: FxHashMap::default(),
        }
    }

    /// An empty map for an input called `name` (a folder, say); add files to it.
    pub fn named(name: impl Into<String>) -> Self {
        Sources {
            name: name.into(),
            ..Sources::default()
        }
    }

    /// The same texts under another name: one page of a draw.io file (`arch.drawio#Prod`).
    pub fn renamed(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Add a file; returns its base: a byte offset `i` of its text is `base + i` here.
    pub fn add(&mut self, source: Source) -> usize {
        // One spare byte between files, so an empty span at the end of a file is its own.
        let base = self
            .files
            .last()
            .map_or(0, |(base, last)| base + last.text.len() + 1);
        if self.name.is_empty() {
            self.name = source.name.clone();
        }
        self.files.push((base, source));
        base
    }

    /// Record what a format calls the item written at `span`.
    pub fn name_element(&mut self, span: Span, element: Element) {
        self.elements.insert(span, element);
    }

    /// The element written at exactly `span`, if the format named one.
    pub fn element(&self, span: Span) -> Option<&Element> {
        self.elements.get(&span)
    }

    /// The input's name: the path given, or the first file's.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The first file: for `.infra`, the only one.
    pub fn primary(&self) -> Option<&Source> {
        self.files.first().map(|(_, s)| s)
    }

    pub fn files(&self) -> impl Iterator<Item = &Source> {
        self.files.iter().map(|(_, s)| s)
    }

    /// Every file with its base offset: an importer's spans are `base + offset`.
    pub fn based(&self) -> impl Iterator<Item = (usize, &Source)> {
        self.files.iter().map(|(base, s)| (*base, s))
    }

    /// Total bytes of text.
    pub fn len(&self) -> usize {
        self.files.iter().map(|(_, s)| s.text.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The file `span` starts in, and the span relative to it (clamped to the file).
    pub fn locate(&self, span: Span) -> Option<Located<'_>> {
        let i = self
            .files
            .partition_point(|(base, _)| *base <= span.start())
            .checked_sub(1)?;
        let (base, source) = &self.files[i];
        let len = source.text.len();
        let start = (span.start() - base).min(len);
        let end = span.end().saturating_sub(*base).clamp(start, len);
        Some(Located {
            source,
            span: Span::new(start, end),
        })
    }

    /// The file name and line/column span of `span`, as reports print it.
    pub fn line_span(&self, span: Span) -> Option<(&str, LineSpan)> {
        let at = self.locate(span)?;
        Some((
            &at.source.name,
            LineIndex::new(&at.source.text).line_span(at.span),
        ))
    }

    /// Every file as miette reads excerpts from it: each label's excerpt comes from the
    /// file its span falls in, with that file's name and line numbers (build it once
    /// per report: it indexes the lines).
    pub fn snippets(&self) -> crate::snippet::Snippets {
        crate::snippet::Snippets::of(
            self.files
                .iter()
                .map(|(base, s)| (*base, s.name.clone(), Arc::clone(&s.text))),
        )
    }

    /// Line indexes of every file, built once for a report that locates many spans.
    pub fn index(&self) -> SourceIndex<'_> {
        SourceIndex {
            sources: self,
            lines: self
                .files
                .iter()
                .map(|(_, s)| LineIndex::new(&s.text))
                .collect(),
        }
    }
}

/// [`Sources`] with a line index per file: locating many spans costs a lookup each.
pub struct SourceIndex<'a> {
    pub sources: &'a Sources,
    lines: Vec<LineIndex<'a>>,
}

impl SourceIndex<'_> {
    /// The file name and line/column span of `span`.
    pub fn line_span(&self, span: Span) -> Option<(&str, LineSpan)> {
        let files = &self.sources.files;
        let i = files
            .partition_point(|(base, _)| *base <= span.start())
            .checked_sub(1)?;
        let at = self.sources.locate(span)?;
        Some((&at.source.name, self.lines[i].line_span(at.span)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_find_their_file_and_local_offsets() {
        let mut sources = Sources::named("dir");
        let a = sources.add(Source::new("a.tf", "abc\ndef"));
        let b = sources.add(Source::new("b.tf", "xy\nz"));
        assert_eq!((a, b), (0, 8));
        let at = sources.locate(Span::new(b + 3, b + 4)).unwrap();
        assert_eq!(at.source.name, "b.tf");
        assert_eq!(at.span, Span::new(3, 4));
        let (name, lines) = sources.line_span(Span::new(5, 7)).unwrap();
        assert_eq!((name, lines.start.line, lines.start.column), ("a.tf", 2, 2));
        // An empty span at the very end of the first file stays in it.
        assert_eq!(sources.locate(Span::new(7, 7)).unwrap().source.name, "a.tf");
        assert_eq!(sources.name(), "dir");
    }

    #[test]
    fn one_file_is_offset_zero() {
        let sources = Sources::one(Source::new("x.infra", "server a {}"));
        let at = sources.locate(Span::new(7, 8)).unwrap();
        assert_eq!(
            (at.source.name.as_str(), at.span),
            ("x.infra", Span::new(7, 8))
        );
        assert_eq!(
            sources.index().line_span(Span::new(7, 8)).unwrap().0,
            "x.infra"
        );
    }
}
