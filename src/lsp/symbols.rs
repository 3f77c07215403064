//! Document symbols: the file's blocks as an outline (servers holding their components,
//! domains their records), from the syntax, so it only needs the file to parse.

use super::position::Lines;
use crate::model::Kind;
use crate::syntax::ast::Statement;
use lsp_types::{DocumentSymbol, SymbolKind};

/// The outline, or `None` when the file does not parse.
pub fn symbols(text: &str) -> Option<Vec<DocumentSymbol>> {
    let file = crate::syntax::parse(text).ok()?;
    Some(outline(&Lines::new(text), &file.statements))
}

fn outline(lines: &Lines, statements: &[Statement]) -> Vec<DocumentSymbol> {
    statements
        .iter()
        .filter_map(|statement| match statement {
            Statement::Block(block) => {
                let named = block.name.as_ref().unwrap_or(&block.kind);
                let kind = Kind::from_keyword(&block.kind.name);
                // `deprecated` is deprecated in favour of tags, but has to be given.
                #[allow(deprecated)]
                Some(DocumentSymbol {
                    name: named.name.clone(),
                    detail: Some(kind.map_or(block.kind.name.clone(), |k| k.noun().to_string())),
                    kind: symbol_kind(kind),
                    tags: None,
                    deprecated: None,
                    range: lines.range(block.span.start(), block.span.end()),
                    selection_range: lines.range(named.span.start(), named.span.end()),
                    children: Some(outline(lines, &block.body)),
                })
            }
            _ => None,
        })
        .collect()
}

fn symbol_kind(kind: Option<Kind>) -> SymbolKind {
    match kind {
        Some(k) if k.is_container() => SymbolKind::NAMESPACE,
        Some(_) => SymbolKind::OBJECT,
        None => SymbolKind::NULL,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_hold_their_components() {
        let text = "server web1 {\n  web_server nginx {}\n}\nserver db {}\n";
        let got = symbols(text).expect("parses");
        let names: Vec<&str> = got.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["web1", "db"]);
        let children = got[0].children.as_deref().unwrap_or_default();
        assert_eq!(children[0].name, "nginx");
        assert_eq!(children[0].selection_range.start.line, 1);
        assert!(symbols("server {").is_none());
    }
}
