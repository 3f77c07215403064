//! Completion from the schema: kinds where a block can start, attributes of the
//! enclosing block's kind inside it.

use crate::model::Kind;
use crate::model::schema;
use crate::syntax::ast::Statement;
use lsp_types::{CompletionItem, CompletionItemKind};

pub fn completions(text: &str, offset: usize) -> Vec<CompletionItem> {
    let kind = enclosing_kind(text, offset);
    let mut items: Vec<CompletionItem> = Vec::new();
    let places_ok = |k: Kind| {
        k.places().iter().any(|p| match (p, kind) {
            (crate::model::kind::Place::TopLevel, None) => true,
            (crate::model::kind::Place::In(parent), Some(inside)) => *parent == inside,
            _ => false,
        })
    };
    for k in Kind::DECLARABLE.into_iter().filter(|&k| places_ok(k)) {
        items.push(CompletionItem {
            label: k.keyword().to_string(),
            kind: Some(CompletionItemKind::KEYWORD),
            detail: Some(k.noun().to_string()),
            ..CompletionItem::default()
        });
    }
    let specs = match kind {
        Some(k) => schema::attributes(k),
        None => schema::DESIGN,
    };
    for spec in specs {
        items.push(CompletionItem {
            label: spec.key.to_string(),
            kind: Some(CompletionItemKind::PROPERTY),
            detail: Some(spec.doc.to_string()),
            ..CompletionItem::default()
        });
    }
    items
}

/// The kind of the innermost block around `offset`, from the syntax of the text with
/// the cursor's line left out (the line being typed rarely parses, and the rest need not
/// resolve: only the blocks' nesting matters here).
fn enclosing_kind(text: &str, offset: usize) -> Option<Kind> {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let without = format!("{}{}", &text[..line_start], &text[line_end..]);
    let file = crate::syntax::parse(&without).ok()?;
    innermost(&file.statements, line_start)
}

fn innermost(statements: &[Statement], at: usize) -> Option<Kind> {
    statements.iter().find_map(|s| match s {
        Statement::Block(b) if b.body_span.start < at && at <= b.body_span.end => {
            innermost(&b.body, at).or_else(|| Kind::from_keyword(&b.kind.name))
        }
        _ => None,
    })
}
