//! Findings as miette renders them: severity, rule, message, source excerpt with caret,
//! related places, help.

use super::{Outcome, Summary};
use crate::diagnostics::Style;
use crate::lint::{Finding, Severity};
use crate::source::Sources;
use miette::{Diagnostic, LabeledSpan};
use std::fmt;

/// A finding as a miette diagnostic (its excerpts are read when it is rendered; the
/// sources name imported elements in its label).
struct Rendered<'a> {
    finding: &'a Finding,
    sources: &'a Sources,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl Diagnostic for Rendered<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.finding.help.is_empty())
            .then(|| Box::new(&self.finding.help) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let at = self.finding.focus.unwrap_or(self.finding.span);
        let primary =
            LabeledSpan::new_primary_with_span(Some(self.label()), (at.start(), at.len()));
        let related = self.finding.related.iter().map(|r| {
            LabeledSpan::new_with_span(Some(r.label.clone()), (r.span.start(), r.span.len()))
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

impl Rendered<'_> {
    /// `lb1 (single-point-of-failure)`, and for an imported item what its format calls
    /// it: `lb1 (single-point-of-failure) — aws_lb.front "front"`.
    fn label(&self) -> String {
        let finding = self.finding;
        let mut label = if finding.component.is_empty() {
            finding.rule.to_string()
        } else {
            format!("{} ({})", finding.component, finding.rule)
        };
        if let Some(element) = self.sources.element(finding.span) {
            label.push_str(" — ");
            label.push_str(&element.id);
            if let Some(name) = &element.label {
                label.push_str(&format!(" {name:?}"));
            }
        }
        label
    }
}

/// Render one input's findings.
pub fn render_findings(sources: &Sources, findings: &[Finding], style: Style) -> String {
    let handler = style.handler();
    let snippets = sources.snippets();
    let mut out = String::new();
    for finding in findings {
        let rendered = Rendered { finding, sources };
        crate::snippet::render_report(&mut out, &handler, &rendered, &snippets);
    }
    out
}

/// Everything, for the terminal: files in order, then one summary line.
pub fn render(outcomes: &[Outcome], style: Style) -> String {
    render_with(outcomes, style, true)
}

/// As `render`, without the lines of inputs that could not be read (the CLI says those
/// on standard error, see `unreadable`); the summary still counts them.
pub fn render_readable(outcomes: &[Outcome], style: Style) -> String {
    render_with(outcomes, style, false)
}

/// `error: …` for each input that could not be read.
pub fn unreadable(outcomes: &[Outcome]) -> String {
    outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Unreadable { error, .. } => Some(format!("error: {error}\n")),
            _ => None,
        })
        .collect()
}

fn render_with(outcomes: &[Outcome], style: Style, show_unreadable: bool) -> String {
    let mut out = String::new();
    let mut failed = 0;
    for outcome in outcomes {
        match outcome {
            Outcome::Checked {
                sources,
                findings,
                availability,
            } => {
                out.push_str(&render_findings(sources, findings, style));
                out.push_str(&availability_line(sources.name(), availability));
            }
            Outcome::Failed(diagnostics) => {
                failed += 1;
                out.push_str(&diagnostics.render(style));
            }
            Outcome::Unreadable { error, .. } => {
                failed += 1;
                if show_unreadable {
                    out.push_str(&format!("error: {error}\n"));
                }
            }
        }
    }
    out.push_str(&summary_line(outcomes.len(), failed, Summary::of(outcomes)));
    out
}

/// "a.infra: estimated availability: requests 99.750 % (2.6 nines, 108 min/month down), …"
fn availability_line(file: &str, estimates: &[crate::analysis::availability::Estimate]) -> String {
    if estimates.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = estimates
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e.journey.loss().trim_start_matches("all "),
                e.describe()
            )
        })
        .collect();
    format!("{file}: estimated availability: {}\n", parts.join("; "))
}

fn summary_line(files: usize, failed: usize, summary: Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    if failed > 0 {
        parts.push(format!("{} could not be checked", plural(failed, "file")));
    }
    let total = summary.errors + summary.warnings + summary.notes;
    if total == 0 && failed == 0 {
        parts.push("no findings".to_string());
    } else if total > 0 {
        parts.push(format!(
            "{}, {}, {}",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.notes, "note")
        ));
    }
    format!("checked {}: {}\n", plural(files, "file"), parts.join("; "))
}
