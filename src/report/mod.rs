//! Stage 5: findings and compile errors out, as people and tools want them.
//!
//! `human` renders through miette; `json` is the stable contract of LANGUAGE.md §5;
//! `sarif` is SARIF 2.1.0 for code-scanning tools; `github` prints workflow commands
//! that GitHub Actions turns into annotations.

pub mod artifact;
pub mod baseline;
pub mod fingerprint;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::diagnostics::Diagnostics;
use crate::lint::{Finding, Severity};
use crate::source::{Element, SourceIndex, Sources};
use crate::span::{LineSpan, Span};

/// What checking one input produced.
pub enum Outcome {
    Checked {
        /// The texts the findings' spans point into.
        sources: Sources,
        findings: Vec<Finding>,
        /// Each journey's estimated availability (empty when not estimated).
        availability: Vec<crate::analysis::availability::Estimate>,
    },
    Failed(Diagnostics),
    /// An input that could not be read; `at` is where its bytes stop being text.
    Unreadable {
        name: String,
        error: String,
        at: Option<crate::span::Position>,
    },
}

impl Outcome {
    pub fn name(&self) -> &str {
        match self {
            Outcome::Checked { sources, .. } => sources.name(),
            Outcome::Failed(d) => d.name(),
            Outcome::Unreadable { name, .. } => name,
        }
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Summary {
    pub fn of(outcomes: &[Outcome]) -> Summary {
        let mut summary = Summary::default();
        for outcome in outcomes {
            if let Outcome::Checked { findings, .. } = outcome {
                for f in findings {
                    match f.severity {
                        Severity::Error => summary.errors += 1,
                        Severity::Warning => summary.warnings += 1,
                        Severity::Note => summary.notes += 1,
                    }
                }
            }
        }
        summary
    }
}

/// Where a span is, as every report prints it: the file it falls in (the input's name if
/// it falls in none), its lines and columns there, and the element a format named there.
pub struct Place<'a> {
    pub file: &'a str,
    pub span: LineSpan,
    pub element: Option<&'a Element>,
}

impl<'a> Place<'a> {
    pub fn of(index: &'a SourceIndex<'a>, span: Span) -> Place<'a> {
        let (file, lines) = index.line_span(span).unwrap_or_else(|| {
            let start = crate::span::Position { line: 1, column: 1 };
            (index.sources.name(), LineSpan { start, end: start })
        });
        Place {
            file,
            span: lines,
            element: index.sources.element(span),
        }
    }
}
