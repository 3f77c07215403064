//! Go to definition and hover: the dotted name under the cursor, resolved the way the
//! language resolves references (exact path, else a unique bare name), in the first
//! model (see `model`) that knows it — so both keep working while the file has errors.

use super::model::{Good, Model, models};
use super::position::range;
use crate::explain::facts::{role, software};
use crate::model::{Design, NodeId};
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

/// The first model that knows `word`, the item it names there, and where that item's
/// name is declared in the document's text.
fn known<'a>(
    text: &'a str,
    good: Option<&'a Good>,
    word: &str,
) -> Option<(Model<'a>, NodeId, (usize, usize))> {
    models(text, good).into_iter().find_map(|model| {
        let id = resolve(&model.design, word)?;
        let at = model.span(model.design.node(id).name_span)?;
        Some((model, id, at))
    })
}

/// Where the item named under the cursor is declared.
pub fn definition(text: &str, good: Option<&Good>, offset: usize) -> Option<Range> {
    let (word, _, _) = word_at(text, offset)?;
    let (_, _, (start, end)) = known(text, good, &word)?;
    Some(range(text, start, end))
}

/// What the item under the cursor is: kind, role, what it runs, its attributes.
pub fn hover(text: &str, good: Option<&Good>, offset: usize) -> Option<Hover> {
    let (word, start, end) = word_at(text, offset)?;
    let (model, id, _) = known(text, good, &word)?;
    let design: &Design = &model.design;
    let node = design.node(id);
    let mut lines = vec![format!("**{}** — {}", node.path, role(node.kind))];
    if let Some(s) = software(design, id) {
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

#[cfg(test)]
mod tests {
    use super::*;

    const TYPO: &str = "server web1 {\n  web_sever nginx {}\n  database db { engine = mysql }\n}\ninternet -> web1 : http\n";

    #[test]
    fn hover_and_definition_work_while_the_file_has_an_error() {
        let at = TYPO.rfind("web1").expect("reference");
        let hover = hover(TYPO, None, at + 1).expect("a hover");
        let HoverContents::Markup(text) = hover.contents else {
            panic!("markdown")
        };
        assert!(text.value.contains("web1"), "{}", text.value);
        let range = definition(TYPO, None, at + 1).expect("a definition");
        assert_eq!(range.start.line, 0);
    }
}
