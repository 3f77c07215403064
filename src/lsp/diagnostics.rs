//! Compile errors and lint findings as LSP diagnostics.

use super::position::range;
use crate::lint::{Config, Severity};
use crate::model::Design;
use crate::source::Source;
use lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString};
use serde_json::Value;

/// The diagnostics of `text`, and its design when it compiles.
pub fn diagnostics(name: &str, text: &str, config: &Config) -> (Vec<Diagnostic>, Option<Design>) {
    let source = Source::new(name.to_string(), text.to_string());
    match crate::check(&source, config) {
        Err(d) => (
            d.errors
                .iter()
                .map(|e| {
                    let span = e.span().unwrap_or_default();
                    Diagnostic {
                        range: range(text, span.start, span.end),
                        severity: Some(DiagnosticSeverity::ERROR),
                        code: Some(NumberOrString::String(e.code())),
                        source: Some("infrac".into()),
                        // The hint stays with the message: "did you mean `web_server`?".
                        message: match miette::Diagnostic::help(e) {
                            Some(help) => format!("{e}\nhelp: {help}"),
                            None => e.to_string(),
                        },
                        data: replacement(text, span, e),
                        ..Diagnostic::default()
                    }
                })
                .collect(),
            None,
        ),
        Ok(checked) => (
            checked
                .findings
                .iter()
                .map(|f| {
                    let span = f.focus.unwrap_or(f.span);
                    Diagnostic {
                        range: range(text, span.start, span.end),
                        severity: Some(match f.severity {
                            Severity::Error => DiagnosticSeverity::ERROR,
                            Severity::Warning => DiagnosticSeverity::WARNING,
                            Severity::Note => DiagnosticSeverity::INFORMATION,
                        }),
                        code: Some(NumberOrString::String(f.rule.to_string())),
                        source: Some("infrac".into()),
                        message: if f.help.is_empty() {
                            f.message.clone()
                        } else {
                            format!("{}\nhelp: {}", f.message, f.help)
                        },
                        data: crate::lint::fix::fix(f, &checked, text)
                            .map(|fix| fix_data(text, &fix)),
                        ..Diagnostic::default()
                    }
                })
                .collect(),
            Some(checked.design),
        ),
    }
}

/// `{"replace": "web_server"}` when the error's hint is a did-you-mean and its span is
/// the one word to replace: what the quick fix (see `edit`) puts there.
fn replacement(
    text: &str,
    span: crate::span::Span,
    error: &dyn miette::Diagnostic,
) -> Option<Value> {
    let help = error.help()?.to_string();
    let suggestion = crate::model::suggestion_in(&help)?;
    let word = text.get(span.start..span.end)?;
    let is_word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '/'))
    };
    (is_word(word) && word != suggestion)
        .then(|| serde_json::json!({ super::edit::REPLACE: suggestion }))
}

/// `{"fix": {"title": …, "edits": [TextEdit…]}}`: the finding's mechanical fix (see
/// `lint::fix`), for the quick fix to offer as it is.
fn fix_data(text: &str, fix: &crate::lint::fix::Fix) -> Value {
    let edits: Vec<lsp_types::TextEdit> = fix
        .edits
        .iter()
        .map(|e| lsp_types::TextEdit {
            range: range(text, e.span.start, e.span.end),
            new_text: e.text.clone(),
        })
        .collect();
    serde_json::json!({ super::edit::FIX: { "title": fix.title, "edits": edits } })
}
