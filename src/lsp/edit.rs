//! Edits the server proposes: the whole document as `infrac fmt` writes it, and quick
//! fixes for the diagnostics that carry one (a did-you-mean: the word to put instead; a
//! finding with a mechanical fix: its edits, from `lint::fix`).

use super::position::range;
use lsp_types::WorkspaceEdit;
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, TextEdit, Uri};
use std::collections::HashMap;

/// The key of a diagnostic's `data` that holds its replacement text.
pub const REPLACE: &str = "replace";
/// The key of a diagnostic's `data` that holds a finding's fix: a title and edits.
pub const FIX: &str = "fix";

/// One edit that replaces the document with its formatted text; none when it is already
/// formatted, or does not parse (there is nothing safe to write).
pub fn format(text: &str) -> Vec<TextEdit> {
    let Ok(file) = crate::syntax::parse(text) else {
        return Vec::new();
    };
    let formatted = crate::syntax::format(text, &file);
    if formatted == text {
        return Vec::new();
    }
    vec![TextEdit {
        range: range(text, 0, text.len()),
        new_text: formatted,
    }]
}

/// A quick fix for each of `diagnostics` that names its replacement (see
/// `diagnostics`): the range becomes that text.
pub fn quick_fixes(uri: &Uri, diagnostics: &[Diagnostic]) -> Vec<CodeActionOrCommand> {
    diagnostics
        .iter()
        .filter_map(|d| {
            let (title, edits) = replacement(d).or_else(|| fix(d))?;
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}

/// A did-you-mean: the range becomes the word meant.
fn replacement(d: &Diagnostic) -> Option<(String, Vec<TextEdit>)> {
    let replacement = d.data.as_ref()?.get(REPLACE)?.as_str()?;
    let edit = TextEdit {
        range: d.range,
        new_text: replacement.to_string(),
    };
    Some((format!("Change to `{replacement}`"), vec![edit]))
}

/// A finding's fix, as the diagnostic carries it.
fn fix(d: &Diagnostic) -> Option<(String, Vec<TextEdit>)> {
    let fix = d.data.as_ref()?.get(FIX)?;
    let title = fix.get("title")?.as_str()?.to_string();
    let edits = serde_json::from_value(fix.get("edits")?.clone()).ok()?;
    Some((title, edits))
}
