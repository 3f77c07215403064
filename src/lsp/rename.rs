//! References and rename: every place an item's name is written — its declaration, the
//! flows that name it, the attributes that refer to it (`replica_of = web1.mysql`,
//! `members = [lb1, lb2]`) — found with the design's own name lookup, so a word that
//! only looks like the name (`software = nginx`) is left alone.
//!
//! A name inside a dotted path is the segment that names the item: renaming `web1`
//! turns `web1.mysql` into `front.mysql`; renaming `mysql` turns it into `web1.db`.

use super::model::{Model, models};
use super::navigate::word_at;
use crate::model::value::AttrValue;
use crate::model::{Design, Lookup, NodeId};
use crate::source::Source;
use crate::span::Span;
use crate::syntax::ast::{self, Statement, ValueKind};
use std::collections::BTreeSet;

/// Where the item named by the word at `offset` is written in `text`, declaration first:
/// byte ranges of the document, from the first model that knows the item (see `model`).
pub fn references(
    text: &str,
    good: Option<&super::model::Good>,
    offset: usize,
) -> Option<Vec<(usize, usize)>> {
    let (word, start, _) = word_at(text, offset)?;
    let models = models(text, good);
    models.iter().find_map(|model| {
        let target = target(&model.design, &word, offset.saturating_sub(start))?;
        let spans = occurrences(model, target)?;
        spans.into_iter().map(|s| model.span(s)).collect()
    })
}

/// The item a name under the cursor refers to, and the range of its segment there —
/// what a rename replaces. Only for a file that compiles as it is: renaming from a
/// half-understood design would miss references. The built-in `internet` and
/// anonymous firewall rules have no name to change.
pub fn prepare(text: &str, offset: usize) -> Result<(usize, usize), String> {
    let (word, start, _) = word_at(text, offset).ok_or("no name here")?;
    let design = exact(text)?;
    let target =
        target(&design, &word, offset.saturating_sub(start)).ok_or("this names no item")?;
    let spans = occurrences_in(&design, text, target)?;
    spans
        .into_iter()
        .find(|s| s.start() <= offset && offset <= s.end())
        .map(|s| (s.start(), s.end()))
        .ok_or_else(|| "this names no item".to_string())
}

/// The edits that rename the item under the cursor to `new_name`: refused when the
/// renamed file would not compile (a name taken, not a name at all, a reference made
/// ambiguous) — a rename never leaves a design broken.
pub fn rename(text: &str, offset: usize, new_name: &str) -> Result<Vec<(usize, usize)>, String> {
    let (word, start, _) = word_at(text, offset).ok_or("no name here")?;
    let design = exact(text)?;
    let target =
        target(&design, &word, offset.saturating_sub(start)).ok_or("this names no item")?;
    let spans = occurrences_in(&design, text, target)?;
    let renamed = apply(text, &spans, new_name);
    match crate::compile(Source::new("rename", renamed.as_str())) {
        Ok(_) => Ok(spans.iter().map(|s| (s.start(), s.end())).collect()),
        Err(d) => Err(format!(
            "renaming to `{new_name}` would break the design: {}",
            d.errors.first().map_or(String::new(), |e| e.to_string())
        )),
    }
}

fn exact(text: &str) -> Result<Design, String> {
    crate::compile(Source::new("lsp", text))
        .map_err(|_| "the file has errors; fix them before renaming".to_string())
}

/// `text` with every span replaced by `name`.
pub fn apply(text: &str, spans: &[Span], name: &str) -> String {
    let mut out = text.to_string();
    let mut sorted = spans.to_vec();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.start()));
    for s in sorted {
        out.replace_range(s.range(), name);
    }
    out
}

/// The item the dotted `word` names up to the segment holding `within` (bytes into the
/// word): on `web1.mysql`, the cursor on `web1` means the server.
fn target(design: &Design, word: &str, within: usize) -> Option<NodeId> {
    let within = within.min(word.len());
    // The shortest prefix reaching the cursor's segment that names an item (a domain's
    // name holds dots itself: `foobar.com`).
    let cuts = word
        .match_indices('.')
        .map(|(i, _)| i)
        .chain(std::iter::once(word.len()))
        .filter(|&cut| cut >= within);
    for cut in cuts {
        if let Lookup::Found(id) = design.lookup(&word[..cut]) {
            let node = design.node(id);
            let named = design.by_name(&node.name).contains(&id);
            return (id != design.internet && named).then_some(id);
        }
    }
    None
}

fn occurrences(model: &Model<'_>, target: NodeId) -> Option<Vec<Span>> {
    occurrences_in(&model.design, &model.text, target).ok()
}

/// Every span of `text` (the text `design` was compiled from) that names `target`.
fn occurrences_in(design: &Design, text: &str, target: NodeId) -> Result<Vec<Span>, String> {
    let file = crate::syntax::parse(text).map_err(|_| "the file does not parse".to_string())?;
    let refers = referring_attributes(design);
    let node = design.node(target);
    let mut out = vec![node.name_span];
    let mut paths = Vec::new();
    collect_paths(&file.statements, &refers, &mut paths);
    for path in paths {
        if let Some(span) = segment_naming(design, path, target) {
            out.push(span);
        }
    }
    out[1..].sort_by_key(|s| s.start());
    out.dedup();
    Ok(out)
}

/// Spans of the attributes whose value refers to items.
fn referring_attributes(design: &Design) -> BTreeSet<(usize, usize)> {
    fn refers(value: &AttrValue) -> bool {
        value.items().iter().any(|v| matches!(v, AttrValue::Ref(_)))
    }
    let nodes = design.nodes().flat_map(|(_, n)| n.attrs.iter());
    let flows = design.flows().flat_map(|(_, _, _, f)| f.attrs.iter());
    nodes
        .chain(flows)
        .chain(design.attrs.iter())
        .filter(|a| refers(&a.value))
        .map(|a| (a.span.start(), a.span.end()))
        .collect()
}

/// The paths that may name items: flow hops, and the values of referring attributes.
fn collect_paths<'a>(
    statements: &'a [Statement],
    refers: &BTreeSet<(usize, usize)>,
    out: &mut Vec<&'a ast::Path>,
) {
    for statement in statements {
        match statement {
            Statement::Block(block) => collect_paths(&block.body, refers, out),
            Statement::Attribute(attribute) => {
                if refers.contains(&(attribute.span.start(), attribute.span.end())) {
                    value_paths(&attribute.value, out);
                }
            }
            Statement::Flow(flow) => {
                out.extend(flow.hops.iter().flat_map(|hop| hop.paths()));
                if let Some(body) = &flow.body {
                    collect_paths(&body.statements, refers, out);
                }
            }
        }
    }
}

fn value_paths<'a>(value: &'a ast::Value, out: &mut Vec<&'a ast::Path>) {
    match &value.kind {
        ValueKind::Path(path) => out.push(path),
        ValueKind::List(items) => items.iter().for_each(|v| value_paths(v, out)),
        _ => {}
    }
}

/// The segment of `path` that names `target`, if one does: the end of the first prefix
/// (cut at a dot) that the lookup resolves to it.
fn segment_naming(design: &Design, path: &ast::Path, target: NodeId) -> Option<Span> {
    let text = path.text.as_str();
    let name = &design.node(target).name;
    let ends = text
        .match_indices('.')
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    for end in ends {
        let prefix = &text[..end];
        if design.lookup(prefix) == Lookup::Found(target) && prefix.ends_with(name.as_str()) {
            let start = end - name.len();
            let whole = start == 0 || text.as_bytes()[start - 1] == b'.';
            return whole.then(|| Span::new(path.span.start() + start, path.span.start() + end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOP: &str = "server web1 {\n  database mysql { engine = mysql, role = primary }\n  web_server nginx { software = nginx }\n}\nserver web2 {\n  database mysql { engine = mysql, role = replica, replica_of = web1.mysql }\n}\ninternet -> web1.nginx : http\nweb1.nginx -> web1.mysql : mysql\n";

    fn texts(spans: &[(usize, usize)]) -> Vec<&str> {
        spans.iter().map(|&(s, e)| &SHOP[s..e]).collect()
    }

    #[test]
    fn references_are_the_declaration_and_every_use_not_lookalikes() {
        let at = SHOP.find("nginx {").unwrap_or(0);
        let got = references(SHOP, None, at).expect("found");
        assert_eq!(
            texts(&got),
            ["nginx", "nginx", "nginx"],
            "not `software = nginx`"
        );
        assert!(
            got.iter()
                .all(|&(s, _)| !SHOP[..s].ends_with("software = "))
        );
        let server = SHOP.find("web1 {").unwrap_or(0);
        let got = references(SHOP, None, server).expect("found");
        assert_eq!(
            texts(&got),
            ["web1"; 5],
            "declaration, replica_of, three hops"
        );
    }

    #[test]
    fn a_rename_changes_each_segment_and_refuses_what_breaks() {
        let at = SHOP.rfind("web1.mysql").unwrap_or(0) + "web1.".len();
        let spans = rename(SHOP, at, "db").expect("renames");
        let spans: Vec<Span> = spans.iter().map(|&(s, e)| Span::new(s, e)).collect();
        let renamed = apply(SHOP, &spans, "db");
        assert!(renamed.contains("replica_of = web1.db"), "{renamed}");
        assert!(
            renamed.contains("web1.nginx -> web1.db : mysql"),
            "{renamed}"
        );
        assert!(renamed.contains("database db { engine = mysql, role = primary"));
        assert!(
            renamed.contains("  database mysql { engine = mysql, role = replica"),
            "web2's own stays"
        );
        assert!(
            rename(SHOP, at, "nginx").is_err(),
            "a name web1 already holds"
        );
        assert!(rename(SHOP, at, "not a name").is_err());
        assert!(prepare(SHOP, SHOP.find("internet").unwrap_or(0)).is_err());
    }
}
