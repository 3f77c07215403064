//! A finding: one problem a rule found, with where it is and how to fix it.

use crate::model::NodeId;
use crate::span::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A second place worth showing with a finding ("the certificate is declared here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's stable kebab-case name.
    pub rule: &'static str,
    pub severity: Severity,
    /// The item the finding is about (`None` for findings about the file itself).
    pub node: Option<NodeId>,
    /// Its dotted path (`lb1.haproxy`).
    pub component: String,
    pub message: String,
    pub help: String,
    /// The primary location (for an item: its whole declaration).
    pub span: Span,
    /// Where a terminal caret should point inside `span` (an item's name), if narrower.
    pub focus: Option<Span>,
    pub related: Vec<Related>,
}

impl Finding {
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = span;
        self.focus = None;
        self
    }

    /// Add a related place; the same place twice is shown once.
    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        if !self.related.iter().any(|r| r.span == span) {
            self.related.push(Related {
                span,
                label: label.into(),
            });
        }
        self
    }
}
