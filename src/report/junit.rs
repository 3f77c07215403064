//! `--format junit`: JUnit XML, as GitLab, Jenkins and most CI servers show test
//! results. Each design is a test suite and each rule a test case in it: a finding that
//! fails the run (at or above the deny level) is a `<failure>` carrying the finding, one
//! below it is listed in the case's `<system-out>`, a rule switched off is `<skipped>`.
//! A design that does not compile, or cannot be read, is one case with an `<error>`.
//! Checked against the Jenkins xunit plugin's junit-10.xsd in tests.

use super::{Outcome, Place};
use crate::diagnostics::Style;
use crate::lint::rules::RULES;
use crate::lint::{Config, Finding, Severity};
use crate::source::SourceIndex;
use std::fmt::Write as _;

/// `configs[i]` is the configuration `outcomes[i]` was checked with (projects found by
/// walking up from each input may differ); the last one serves any input without one.
pub fn render(outcomes: &[Outcome], configs: &[&Config]) -> String {
    let default = Config::default();
    let config_of = |i: usize| {
        configs
            .get(i)
            .or_else(|| configs.last())
            .copied()
            .unwrap_or(&default)
    };
    let suites: Vec<Suite> = outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| suite(o, config_of(i)))
        .collect();
    let total = |f: fn(&Suite) -> usize| suites.iter().map(f).sum::<usize>();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"infrac\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
        total(|s| s.cases.len()),
        total(Suite::failures),
        total(Suite::errors),
    );
    for suite in &suites {
        suite.write(&mut xml);
    }
    xml.push_str("</testsuites>\n");
    xml
}

struct Suite {
    name: String,
    cases: Vec<Case>,
}

struct Case {
    name: String,
    outcome: CaseOutcome,
    /// Findings below the deny level: shown, but they do not fail the case.
    output: Vec<String>,
}

enum CaseOutcome {
    Passed,
    Skipped,
    Failed(Vec<(String, String)>),
    Error(String, String),
}

impl Suite {
    fn failures(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| matches!(c.outcome, CaseOutcome::Failed(_)))
            .count()
    }

    fn errors(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| matches!(c.outcome, CaseOutcome::Error(..)))
            .count()
    }

    fn write(&self, xml: &mut String) {
        let skipped = self
            .cases
            .iter()
            .filter(|c| matches!(c.outcome, CaseOutcome::Skipped))
            .count();
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{name}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" file=\"{name}\">",
            name = escape(&self.name),
            tests = self.cases.len(),
            failures = self.failures(),
            errors = self.errors(),
        );
        for case in &self.cases {
            case.write(&self.name, xml);
        }
        xml.push_str("  </testsuite>\n");
    }
}

impl Case {
    fn write(&self, file: &str, xml: &mut String) {
        let _ = write!(
            xml,
            "    <testcase name=\"{}\" classname=\"{}\"",
            escape(&self.name),
            escape(file)
        );
        if matches!(self.outcome, CaseOutcome::Passed) && self.output.is_empty() {
            xml.push_str("/>\n");
            return;
        }
        xml.push_str(">\n");
        match &self.outcome {
            CaseOutcome::Passed => {}
            CaseOutcome::Skipped => {
                xml.push_str("      <skipped message=\"the rule is switched off\"/>\n");
            }
            CaseOutcome::Failed(failures) => {
                for (message, body) in failures {
                    let _ = writeln!(
                        xml,
                        "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                        escape(&self.name),
                        escape(message),
                        text(body)
                    );
                }
            }
            CaseOutcome::Error(message, body) => {
                let _ = writeln!(
                    xml,
                    "      <error type=\"{}\" message=\"{}\">{}</error>",
                    escape(&self.name),
                    escape(message),
                    text(body)
                );
            }
        }
        if !self.output.is_empty() {
            let _ = writeln!(
                xml,
                "      <system-out>{}</system-out>",
                text(&self.output.join("\n"))
            );
        }
        xml.push_str("    </testcase>\n");
    }
}

fn suite(outcome: &Outcome, config: &Config) -> Suite {
    let name = outcome.name().to_string();
    let cases = match outcome {
        Outcome::Checked {
            sources, findings, ..
        } => {
            let index = sources.index();
            RULES
                .iter()
                .map(|rule| {
                    let mine: Vec<&Finding> =
                        findings.iter().filter(|f| f.rule == rule.name()).collect();
                    rule_case(rule.name(), &mine, &index, config, rule.default_severity())
                })
                .collect()
        }
        Outcome::Failed(diagnostics) => {
            // The first error with its hint ("did you mean …?"), as the CI page shows it.
            let first = diagnostics.errors.first().map_or_else(String::new, |e| {
                match miette::Diagnostic::help(e) {
                    Some(help) => format!("{e} ({help})"),
                    None => e.to_string(),
                }
            });
            let count = diagnostics.errors.len();
            let message = match count {
                1 => format!("does not compile: {first}"),
                n => format!("does not compile ({n} errors); the first: {first}"),
            };
            vec![Case {
                name: "compile".to_string(),
                outcome: CaseOutcome::Error(message, diagnostics.render(Style::PLAIN)),
                output: Vec::new(),
            }]
        }
        Outcome::Unreadable { error, .. } => vec![Case {
            name: "read".to_string(),
            outcome: CaseOutcome::Error(error.clone(), error.clone()),
            output: Vec::new(),
        }],
    };
    Suite { name, cases }
}

fn rule_case(
    rule: &str,
    findings: &[&Finding],
    index: &SourceIndex<'_>,
    config: &Config,
    default: Severity,
) -> Case {
    if config.severity(rule, default).is_none() {
        return Case {
            name: rule.to_string(),
            outcome: CaseOutcome::Skipped,
            output: Vec::new(),
        };
    }
    let (failing, shown): (Vec<&&Finding>, Vec<&&Finding>) =
        findings.iter().partition(|f| f.severity >= config.deny_at);
    let outcome = if failing.is_empty() {
        CaseOutcome::Passed
    } else {
        CaseOutcome::Failed(
            failing
                .iter()
                .map(|f| (f.message.clone(), describe(f, index)))
                .collect(),
        )
    };
    Case {
        name: rule.to_string(),
        outcome,
        output: shown.iter().map(|f| describe(f, index)).collect(),
    }
}

/// `file:line:column: severity: message` and the help, as compilers print a finding.
fn describe(finding: &Finding, index: &SourceIndex<'_>) -> String {
    let place = Place::of(index, finding.span);
    let mut text = format!(
        "{}:{}:{}: {} [{}] {}: {}",
        place.file,
        place.span.start.line,
        place.span.start.column,
        finding.severity.name(),
        finding.rule,
        finding.component,
        finding.message
    );
    if !finding.help.is_empty() {
        let _ = write!(text, "\nhelp: {}", finding.help);
    }
    text
}

/// Text for an element: line breaks kept.
fn text(text: &str) -> String {
    escape(text).replace("&#10;", "\n")
}

/// Text for an attribute (line breaks as `&#10;`, which attribute normalisation would
/// otherwise turn into blanks); characters markup cannot carry become U+FFFD, by the
/// one guard for them (`xml_text`).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(c),
            c if !crate::xml_text::is_safe(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
