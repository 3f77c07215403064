//! Compile errors of one source, rendered late: structured values until the CLI edge
//! asks for text (miette) or JSON.

use crate::model::ModelError;
use crate::source::Source;
use crate::span::{LineIndex, LineSpan, Span};
use crate::syntax::SyntaxError;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use serde::Serialize;
use thiserror::Error;

/// An error from any compile stage.
#[derive(Debug, Clone, Error, Diagnostic, PartialEq)]
pub enum CompileError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Syntax(#[from] SyntaxError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Model(#[from] ModelError),
}

impl CompileError {
    pub fn span(&self) -> Option<Span> {
        match self {
            CompileError::Syntax(e) => e.span(),
            CompileError::Model(e) => Some(e.span()),
        }
    }

    /// The stable error code, e.g. `infrac::model::unknown_kind`.
    pub fn code(&self) -> String {
        self.code_text().unwrap_or_default()
    }

    fn code_text(&self) -> Option<String> {
        Diagnostic::code(self).map(|c| c.to_string())
    }
}

/// Every compile error found in one source.
#[derive(Debug, Clone)]
pub struct Diagnostics {
    pub source: Source,
    pub errors: Vec<CompileError>,
}

/// How to render diagnostics as text.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// Plain text, fixed width: what tests snapshot.
    pub const PLAIN: Style = Style {
        color: false,
        width: 100,
    };
}

impl Style {
    /// The miette renderer for this style; every diagnostic and finding goes through it.
    pub fn handler(self) -> GraphicalReportHandler {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme).with_width(self.width)
    }
}

impl Diagnostics {
    pub fn syntax(source: &Source, errors: Vec<SyntaxError>) -> Self {
        Diagnostics {
            source: source.clone(),
            errors: errors.into_iter().map(CompileError::from).collect(),
        }
    }

    pub fn model(source: &Source, errors: Vec<ModelError>) -> Self {
        Diagnostics {
            source: source.clone(),
            errors: errors.into_iter().map(CompileError::from).collect(),
        }
    }

    /// Render every error as miette prints it: message, source excerpt, caret, help.
    pub fn render(&self, style: Style) -> String {
        let handler = style.handler();
        let mut out = String::new();
        for error in &self.errors {
            let report = miette::Report::new(error.clone()).with_source_code(self.source.named());
            // Writing into a String cannot fail.
            let _ = handler.render_report(&mut out, report.as_ref());
        }
        out
    }

    /// One JSON object per error, with the file and line/column span.
    pub fn to_json(&self) -> Vec<ErrorJson> {
        let lines = LineIndex::new(&self.source.text);
        self.errors
            .iter()
            .map(|e| ErrorJson {
                code: e.code(),
                severity: "error",
                message: e.to_string(),
                help: e.help().map(|h| h.to_string()),
                file: self.source.name.clone(),
                span: e.span().map(|s| lines.line_span(s)),
            })
            .collect()
    }
}

#[derive(Debug, Serialize)]
pub struct ErrorJson {
    pub code: String,
    pub severity: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub file: String,
    pub span: Option<LineSpan>,
}
