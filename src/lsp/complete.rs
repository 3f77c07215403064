//! Completion for the editor: the library's candidates (`infrac::completion`, the one
//! owner, which the playground uses too) as LSP items.

use crate::completion::{self, Completion, CompletionKind};
use lsp_types::{CompletionItem, CompletionItemKind};

pub fn completions(text: &str, offset: usize) -> Vec<CompletionItem> {
    completion::completions(text, offset)
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
