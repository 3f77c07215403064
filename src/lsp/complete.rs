//! Completion for the editor: the library's candidates (`infrac::completion`, the one
//! owner, which the playground uses too) as LSP items, with the items of the last
//! design that compiled (so items declared after the cursor are offered too).

use super::model::Good;
use crate::completion::{self, Completion, CompletionKind};
use lsp_types::{CompletionItem, CompletionItemKind};

/// The candidates at `offset`, knowing the items of the last design that compiled.
pub fn completions(text: &str, good: Option<&Good>, offset: usize) -> Vec<CompletionItem> {
    let known = good.map_or_else(Vec::new, |g| {
        g.design
            .nodes()
            .filter(|&(id, _)| id != g.design.internet)
            .map(|(_, n)| (n.path.clone(), n.kind))
            .collect()
    });
    completion::completions_knowing(text, offset, known)
        .into_iter()
        .map(item)
        .collect()
}

fn item(c: Completion) -> CompletionItem {
    CompletionItem {
        kind: Some(match c.kind {
            CompletionKind::Kind => CompletionItemKind::KEYWORD,
            CompletionKind::Attribute => CompletionItemKind::PROPERTY,
            CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
            CompletionKind::Item => CompletionItemKind::REFERENCE,
            CompletionKind::Protocol => CompletionItemKind::CONSTANT,
        }),
        detail: (!c.detail.is_empty()).then_some(c.detail),
        label: c.label,
        ..CompletionItem::default()
    }
}
