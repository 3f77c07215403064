//! What stops an import: an input that cannot be read as its format, or one in which
//! nothing maps to a design. Everything smaller is a [`Report`](super::Report) entry.

use crate::span::Span;
use miette::{Diagnostic, LabeledSpan};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportErrorKind {
    /// Not valid XML, HCL or JSON, or an encoding that does not decode.
    Unreadable,
    /// Read, but nothing in it maps to a design.
    Empty,
    /// Read, but what the importer made of it does not compile (and dropping the
    /// statements the compiler rejects did not help): a limit of the importer.
    Inconsistent,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ImportError {
    pub kind: ImportErrorKind,
    pub message: String,
    pub help: Option<String>,
    /// Where, if the format says (a parse error's position).
    pub span: Option<Span>,
    pub label: String,
}

impl ImportError {
    pub fn new(kind: ImportErrorKind, message: impl Into<String>) -> ImportError {
        ImportError {
            kind,
            message: message.into(),
            help: None,
            span: None,
            label: String::new(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> ImportError {
        self.help = Some(help.into());
        self
    }

    pub fn at(mut self, span: Span, label: impl Into<String>) -> ImportError {
        self.span = Some(span);
        self.label = label.into();
        self
    }
}

impl Diagnostic for ImportError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(match self.kind {
            ImportErrorKind::Unreadable => "infrac::import::unreadable",
            ImportErrorKind::Empty => "infrac::import::nothing_recognised",
            ImportErrorKind::Inconsistent => "infrac::import::inconsistent",
        }))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some(self.label.clone()),
            span.start(),
            span.len(),
        ))))
    }
}
