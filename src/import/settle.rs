//! The promise every importer keeps: the design it hands on compiles.
//!
//! An importer reads a drawing or a configuration nobody checked, and the statements it
//! makes from it can contradict each other in ways no importer foresaw — traffic into a
//! server that runs nothing, a name declared twice. The user did not write that design
//! and cannot fix its `.infra`, so a compile error of it would be infrac's failure, not
//! theirs. Instead the statements the compiler rejects are dropped, one per error, and
//! each is reported as not mapped with the compiler's reason; then the rest is lowered
//! again (dropping an item can leave references to it, which the next round drops). If
//! nothing can be dropped, or the rounds run out, the import is an [`ImportError`].

use super::{ImportError, ImportErrorKind, Report};
use crate::model::{Design, ModelError};
use crate::source::{Element, Sources};
use crate::span::Span;
use crate::syntax::ast::{File, Statement};

/// Rounds of dropping before giving up: each round drops one statement per error, and
/// only a dropped item's dangling references need another round.
const MAX_ROUNDS: usize = 8;

/// Lower `file`, dropping (and reporting) what does not compile, until it does.
pub fn settle(
    mut file: File,
    sources: &Sources,
    report: &mut Report,
) -> Result<(File, Design), ImportError> {
    let mut last = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let errors = match crate::model::lower(&file) {
            Ok(design) => return Ok((file, design)),
            Err(errors) => errors,
        };
        let mut dropped = false;
        for error in &errors {
            let Some(what) = drop_at(&mut file.statements, error.span()) else {
                continue;
            };
            dropped = true;
            report.not_mapped(
                element_at(sources, error.span()),
                Some(error.span()),
                format!("{what}: left out, as the design made of it does not compile: {error}"),
            );
        }
        last = errors;
        if !dropped {
            break;
        }
    }
    Err(does_not_compile(&last))
}

/// Which statements an error may be about, tried in order: the one it points at
/// exactly, then one that holds what it points at, then one that overlaps it.
const MATCHES: [fn(Span, Span) -> bool; 3] = [
    |s, e| s == e,
    |s, e| s.start() <= e.start() && e.end() <= s.end(),
    |s, e| s.start() < e.end() && e.start() < s.end(),
];

/// Drop one statement at `span`, the least first (a flow, then an attribute or rule,
/// then an item with what it holds); what was dropped, in words.
fn drop_at(statements: &mut Vec<Statement>, span: Span) -> Option<String> {
    for matches in MATCHES {
        for class in [Class::Flow, Class::Attribute, Class::Item] {
            if let Some(what) = drop_first(statements, span, class, matches) {
                return Some(what);
            }
        }
    }
    None
}

#[derive(Clone, Copy, PartialEq)]
enum Class {
    Flow,
    /// An attribute, or a nameless rule block (`allow { … }`).
    Attribute,
    /// A named block: an item.
    Item,
}

fn class_of(statement: &Statement) -> Class {
    match statement {
        Statement::Flow(_) => Class::Flow,
        Statement::Attribute(_) => Class::Attribute,
        Statement::Block(b) if b.name.is_none() => Class::Attribute,
        Statement::Block(_) => Class::Item,
    }
}

fn drop_first(
    statements: &mut Vec<Statement>,
    span: Span,
    class: Class,
    matches: fn(Span, Span) -> bool,
) -> Option<String> {
    // The innermost first: an error inside an item is about what the item holds.
    for statement in statements.iter_mut() {
        if let Statement::Block(block) = statement
            && let Some(what) = drop_first(&mut block.body, span, class, matches)
        {
            return Some(what);
        }
    }
    let at = statements
        .iter()
        .position(|s| class_of(s) == class && matches(s.span(), span))?;
    Some(describe(&statements.remove(at)))
}

fn describe(statement: &Statement) -> String {
    match statement {
        Statement::Flow(_) => "a flow".to_string(),
        Statement::Attribute(a) => format!("the attribute `{}`", a.key.name),
        Statement::Block(b) => match &b.name {
            Some(name) => format!("the {} `{}`", b.kind.name, name.name),
            None => format!("a `{}` rule", b.kind.name),
        },
    }
}

fn element_at(sources: &Sources, span: Span) -> Element {
    sources.element(span).cloned().unwrap_or_else(|| Element {
        id: "a statement".to_string(),
        label: None,
    })
}

fn does_not_compile(errors: &[ModelError]) -> ImportError {
    let reasons: Vec<String> = errors.iter().take(4).map(|e| e.to_string()).collect();
    ImportError::new(
        ImportErrorKind::Inconsistent,
        "what infrac read from this input does not make a design that compiles",
    )
    .help(format!(
        "this is a limit of the importer, not a mistake in the input; the compiler said: {}",
        reasons.join("; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Format;

    fn settled(text: &str) -> (Result<String, ImportError>, Report) {
        let file = crate::syntax::parse(text).expect("test text parses");
        let mut report = Report::new(Format::Drawio, "test");
        let result = settle(file, &Sources::default(), &mut report)
            .map(|(file, _)| crate::syntax::print(&file, &|_| None).expect("settled file prints"));
        (result, report)
    }

    #[test]
    fn a_design_that_compiles_is_kept_whole() {
        let text = "server web {\n  web_server nginx {}\n}\ninternet -> web : http\n";
        let (result, report) = settled(text);
        assert_eq!(result.as_deref(), Ok(text));
        assert!(report.not_mapped.is_empty());
    }

    #[test]
    fn a_flow_into_nothing_is_dropped_and_reported() {
        let (result, report) = settled("server web {}\n\ninternet -> web : http\n");
        assert_eq!(result.as_deref(), Ok("server web {}\n"));
        assert_eq!(report.not_mapped.len(), 1);
        assert!(
            report.not_mapped[0].reason.contains("a flow: left out"),
            "{}",
            report.not_mapped[0].reason
        );
    }

    #[test]
    fn references_to_a_dropped_item_go_in_the_next_round() {
        let (result, report) = settled(
            "server web {\n  bogus_kind x {}\n}\n\nserver db {}\n\ninternet -> web : http\n",
        );
        let text = result.expect("settles");
        assert!(!text.contains("bogus_kind"), "{text}");
        assert!(!report.not_mapped.is_empty());
    }
}
