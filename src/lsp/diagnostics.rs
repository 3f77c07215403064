//! Compile errors and lint findings as LSP diagnostics.

use super::position::Lines;
use crate::lint::{Config, Severity};
use crate::model::Design;
use crate::source::{Source, Sources};
use crate::syntax::incremental::Reparser;
use crate::{Checked, Diagnostics};
use lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString};
use serde_json::Value;

/// The diagnostics of `text`, and its design when it compiles: what [`crate::check`]
/// finds, with the parse of the document's previous text reused where the edit left it
/// alone (`reparser` keeps it from check to check).
pub fn diagnostics(
    name: &str,
    text: &str,
    reparser: &mut Reparser,
    config: &Config,
) -> (Vec<Diagnostic>, Option<Design>) {
    let lines = Lines::new(text);
    match check(name, text, reparser, config) {
        Err(d) => (
            d.errors
                .iter()
                .map(|e| {
                    let span = e.span().unwrap_or_default();
                    Diagnostic {
                        range: lines.range(span.start(), span.end()),
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
                        range: lines.range(span.start(), span.end()),
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
                            .map(|fix| fix_data(&lines, &fix)),
                        ..Diagnostic::default()
                    }
                })
                .collect(),
            Some(checked.design),
        ),
    }
}

/// [`crate::check`] of the text; `.infra` text is parsed by `reparser`.
fn check(
    name: &str,
    text: &str,
    reparser: &mut Reparser,
    config: &Config,
) -> Result<Checked, Diagnostics> {
    let sources = Sources::one(Source::new(name.to_string(), text));
    if crate::Format::detect(&sources) != crate::Format::Infra {
        return crate::check(sources, config);
    }
    match reparser.parse(text).0 {
        Ok(file) => crate::check_parsed(file, sources, config),
        Err(errors) => Err(Diagnostics::syntax(&sources, errors)),
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
    let word = text.get(span.range())?;
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
fn fix_data(lines: &Lines, fix: &crate::lint::fix::Fix) -> Value {
    let edits: Vec<lsp_types::TextEdit> = fix
        .edits
        .iter()
        .map(|e| lsp_types::TextEdit {
            range: lines.range(e.span.start(), e.span.end()),
            new_text: e.text.clone(),
        })
        .collect();
    serde_json::json!({ super::edit::FIX: { "title": fix.title, "edits": edits } })
}
