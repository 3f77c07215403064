//! Go to definition and hover: the dotted name under the cursor, resolved the way the
//! language resolves references (exact path, else a unique bare name).

use super::position::range;
use crate::explain::facts::{role, software};
use crate::model::{Design, NodeId};
use crate::source::Source;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Range};

/// The dotted word (`web1.nginx`) around `offset`, and where it is.
pub fn word_at(text: &str, offset: usize) -> Option<(String, usize, usize)> {
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '@');
    let offset = offset.min(text.len());
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    let word = text[start..end].trim_matches('.');
    (!word.is_empty()).then(|| (word.to_string(), start, end))
}

fn resolve(design: &Design, word: &str) -> Option<NodeId> {
    match design.lookup(word) {
        crate::model::Lookup::Found(id) => Some(id),
        _ => None,
    }
}

fn design(text: &str) -> Option<Design> {
    crate::compile(Source::new("lsp", text)).ok()
}

/// Where the item named under the cursor is declared.
pub fn definition(text: &str, offset: usize) -> Option<Range> {
    let (word, _, _) = word_at(text, offset)?;
    let design = design(text)?;
    let node = design.node(resolve(&design, &word)?);
    Some(range(text, node.name_span.start, node.name_span.end))
}

/// What the item under the cursor is: kind, role, what it runs, its attributes.
pub fn hover(text: &str, offset: usize) -> Option<Hover> {
    let (word, start, end) = word_at(text, offset)?;
    let design = design(text)?;
    let id = resolve(&design, &word)?;
    let node = design.node(id);
    let mut lines = vec![format!("**{}** — {}", node.path, role(node.kind))];
    if let Some(s) = software(&design, id) {
        lines.push(format!("runs {s}"));
    }
    let attrs: Vec<String> = node.attrs.iter().map(|a| format!("`{}`", a.key)).collect();
    if !attrs.is_empty() {
        lines.push(format!("attributes: {}", attrs.join(", ")));
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: lines.join("\n\n"),
        }),
        range: Some(range(text, start, end)),
    })
}
