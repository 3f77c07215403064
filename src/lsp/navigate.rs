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

/// The design, or while the file has errors, the part that still compiles: the lines
/// the errors point at are blanked (offsets kept) and the rest compiled again, a few
/// times, so hover and definition keep working as the user types.
fn design(text: &str) -> Option<Design> {
    let mut text = text.to_string();
    for _ in 0..8 {
        match crate::compile(Source::new("lsp", text.as_str())) {
            Ok(design) => return Some(design),
            Err(diagnostics) => {
                let spans: Vec<_> = diagnostics.errors.iter().filter_map(|e| e.span()).collect();
                if spans.is_empty() {
                    return None;
                }
                for span in spans {
                    blank_lines(&mut text, span.start, span.end);
                }
            }
        }
    }
    None
}

/// Replace the lines holding `start..end` with blanks, keeping every offset.
fn blank_lines(text: &mut String, start: usize, end: usize) {
    let start = text[..start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = text[end.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| end.min(text.len()) + i);
    // One blank per byte, so every offset after it stays where it was.
    let blanks: String = text[start..end]
        .chars()
        .map(|c| match c {
            '\n' => "\n".to_string(),
            c => " ".repeat(c.len_utf8()),
        })
        .collect();
    text.replace_range(start..end, &blanks);
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

#[cfg(test)]
mod tests {
    use super::*;

    const TYPO: &str = "server web1 {\n  web_sever nginx {}\n  database db { engine = mysql }\n}\ninternet -> web1 : http\n";

    #[test]
    fn hover_and_definition_work_while_the_file_has_an_error() {
        let at = TYPO.rfind("web1").expect("reference");
        let hover = hover(TYPO, at + 1).expect("a hover");
        let HoverContents::Markup(text) = hover.contents else {
            panic!("markdown")
        };
        assert!(text.value.contains("web1"), "{}", text.value);
        let range = definition(TYPO, at + 1).expect("a definition");
        assert_eq!(range.start.line, 0);
    }

    #[test]
    fn blanking_keeps_offsets() {
        let mut text = "a = 1\nb = \"é\"\nc = 3\n".to_string();
        let len = text.len();
        blank_lines(&mut text, 7, 8);
        assert_eq!(text.len(), len);
        assert_eq!(text, "a = 1\n        \nc = 3\n", "8 bytes, 8 blanks");
    }
}
