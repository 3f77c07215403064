//! Stage 4: lint rules over the design and its analysis → findings.
//!
//! Every rule runs with its configured severity (rules switched off do not run), inline
//! suppressions are applied, and findings come out sorted by position so the output is
//! the same on every run.

pub mod config;
pub mod docs;
pub mod finding;
pub mod fix;
pub mod rule;
pub mod rules;
pub mod suppress;

pub use config::Config;
pub use finding::{Finding, Related, Severity};
pub use rule::{Context, Precision, Rule, Security};

use crate::analysis::Analysis;
use crate::model::Design;
use crate::span::LineIndex;
use crate::syntax::ast::Comment;

/// Run every enabled rule on a design.
pub fn check(
    design: &Design,
    analysis: &Analysis,
    comments: &[Comment],
    text: &str,
    config: &Config,
) -> Vec<Finding> {
    let cx = Context {
        design,
        analysis,
        today: config.today,
    };
    let mut findings = Vec::new();
    for rule in rules::RULES {
        let Some(severity) = config.severity(rule.name(), rule.default_severity()) else {
            continue;
        };
        findings.extend(rule.check(&cx).into_iter().map(|mut f| {
            f.severity = severity;
            f
        }));
    }
    let lines = LineIndex::new(text);
    let mut suppressions = suppress::parse(comments, text, &lines);
    let node_line = |f: &Finding| f.node.map(|n| lines.line(design.node(n).span.start()));
    let mut findings = suppress::apply(findings, &mut suppressions, &lines, node_line);
    if let Some(severity) = config.severity(rules::UNUSED_SUPPRESSION, Severity::Warning) {
        findings.extend(suppress::unused(&suppressions).into_iter().map(|mut f| {
            f.severity = severity;
            f
        }));
    }
    findings.sort_by(|a, b| {
        (a.span.start(), a.rule, &a.component, &a.message).cmp(&(
            b.span.start(),
            b.rule,
            &b.component,
            &b.message,
        ))
    });
    findings.dedup();
    findings
}
