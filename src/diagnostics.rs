//! Compile errors of one source, rendered late: structured values until the CLI edge
//! asks for text (miette) or JSON.

use crate::model::ModelError;
use crate::snippet::Handler;
use crate::source::{Source, Sources};
use crate::span::{LineSpan, Span};
use crate::syntax::SyntaxError;
use miette::{Diagnostic, GraphicalTheme};
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
    #[error(transparent)]
    #[diagnostic(transparent)]
    Import(#[from] crate::import::ImportError),
}

impl CompileError {
    pub fn span(&self) -> Option<Span> {
        match self {
            CompileError::Syntax(e) => e.span(),
            CompileError::Model(e) => Some(e.span()),
            CompileError::Import(e) => e.span,
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

/// Every compile error found in one input (its spans point into `sources`).
#[derive(Debug, Clone)]
pub struct Diagnostics {
    pub sources: Sources,
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
    pub fn handler(self) -> Handler {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Handler::new(theme, self.width)
    }
}

impl Diagnostics {
    pub fn syntax(sources: &Sources, errors: Vec<SyntaxError>) -> Self {
        Self::new(sources, errors)
    }

    pub fn model(sources: &Sources, errors: Vec<ModelError>) -> Self {
        Self::new(sources, errors)
    }

    pub fn import(sources: &Sources, errors: Vec<crate::import::ImportError>) -> Self {
        Self::new(sources, errors)
    }

    fn new<E: Into<CompileError>>(sources: &Sources, errors: Vec<E>) -> Self {
        Diagnostics {
            sources: sources.clone(),
            errors: errors.into_iter().map(Into::into).collect(),
        }
    }

    /// The input's name (the path the user gave).
    pub fn name(&self) -> &str {
        self.sources.name()
    }

    /// The one `.infra` source, for single-file front ends (the LSP, `watch`).
    pub fn source(&self) -> Option<&Source> {
        self.sources.primary()
    }

    /// Render every error as miette prints it: message, source excerpt, caret, help.
    pub fn render(&self, style: Style) -> String {
        let handler = style.handler();
        let snippets = self.sources.snippets();
        let mut out = String::new();
        for error in &self.errors {
            crate::snippet::render_report(&mut out, &handler, error, &snippets);
        }
        out
    }

    /// One JSON object per error, with the file and line/column span.
    pub fn to_json(&self) -> Vec<ErrorJson> {
        let index = self.sources.index();
        self.errors
            .iter()
            .map(|e| {
                let at = e.span().and_then(|s| index.line_span(s));
                ErrorJson {
                    code: e.code(),
                    severity: "error",
                    message: e.to_string(),
                    help: e.help().map(|h| h.to_string()),
                    file: at.map_or(self.name(), |(file, _)| file).to_string(),
                    span: at.map(|(_, span)| span),
                }
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
