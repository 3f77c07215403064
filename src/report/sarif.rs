//! `--format sarif`: SARIF 2.1.0, the interchange format code-scanning tools read
//! (GitHub code scanning, Azure DevOps, VS Code's SARIF viewer).
//!
//! Every rule is listed in the driver with its documentation as help, a `helpUri` to its
//! page under docs/rules/, and, for security rules, the tags, precision and
//! `security-severity` GitHub code scanning ranks by. Each finding is a result pointing
//! at its region (files under the repository root relative to `%SRCROOT%`, others by
//! `file://` URI), with related locations and a stable fingerprint
//! (`report::fingerprint`). Built with `serde-sarif`'s typed model, so the output
//! follows the official schema.

use super::Outcome;
use super::artifact::{Paths, SRCROOT};
use super::fingerprint::{self, fingerprints};
use crate::diagnostics::ErrorJson;
use crate::lint::rules::{self, RULES};
use crate::lint::{Finding, Rule, Severity, docs};
use crate::source::Sources;
use crate::span::{LineIndex, Span};
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactContent, ArtifactLocation, Invocation, Location, LogicalLocation, Message,
    MultiformatMessageString, Notification, PhysicalLocation, PropertyBag, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    RunAutomationDetails, Sarif, Tool, ToolComponent,
};
use std::collections::BTreeMap;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The automation id of every run: code scanning keeps one set of results per id.
const AUTOMATION_ID: &str = "infrac/";

pub fn log(outcomes: &[Outcome], paths: &Paths) -> Sarif {
    let driver = ToolComponent::builder()
        .name("infrac")
        .full_name(format!("infrac {}", env!("CARGO_PKG_VERSION")))
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_HOMEPAGE"))
        .rules(RULES.iter().map(|r| descriptor(*r)).collect::<Vec<_>>())
        .build();
    let mut results = Vec::new();
    let mut unreadable = Vec::new();
    let mut failed = false;
    for outcome in outcomes {
        match outcome {
            Outcome::Checked {
                sources, findings, ..
            } => {
                let prints = fingerprints(findings, sources);
                results.extend(
                    findings
                        .iter()
                        .zip(prints)
                        .map(|(f, print)| result(f, sources, paths, print)),
                );
            }
            Outcome::Failed(diagnostics) => {
                failed = true;
                results.extend(diagnostics.to_json().iter().map(|e| error_result(e, paths)));
            }
            Outcome::Unreadable { name, error, at } => {
                unreadable.push(notification(name, error, *at, paths))
            }
        }
    }
    // A run that could not read or compile an input did not succeed, whatever its
    // results say: code scanning must not take it for a clean design.
    let mut invocation = Invocation::builder()
        .execution_successful(!failed && unreadable.is_empty())
        .build();
    if !unreadable.is_empty() {
        invocation.tool_execution_notifications = Some(unreadable);
    }
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .invocations(vec![invocation])
        .results(results)
        .column_kind(json!("unicodeCodePoints"))
        .automation_details(RunAutomationDetails::builder().id(AUTOMATION_ID).build())
        .build();
    if let Some(root) = paths.root_uri() {
        let base = ArtifactLocation::builder().uri(root).build();
        run.original_uri_base_ids = Some(BTreeMap::from([(SRCROOT.to_string(), base)]));
    }
    Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// The log, with names used as given (see `render_at` to place them).
pub fn render(outcomes: &[Outcome]) -> String {
    render_at(outcomes, &Paths::default())
}

/// The log, with each file placed by `paths`: under `%SRCROOT%` or by `file://` URI.
pub fn render_at(outcomes: &[Outcome], paths: &Paths) -> String {
    // Viewers turn SARIF messages into HTML and XML: no character markup cannot carry.
    let mut text = crate::xml_text::to_xml_safe_json(&log(outcomes, paths)).unwrap_or_default();
    text.push('\n');
    text
}

fn descriptor(rule: &dyn Rule) -> ReportingDescriptor {
    let name = rule.name();
    let severity = rule.default_severity();
    let docs = rules::docs(name).unwrap_or_default();
    let mut descriptor = ReportingDescriptor::builder()
        .id(name)
        .name(pascal_case(name))
        .short_description(
            MultiformatMessageString::builder()
                .text(rules::summary(name))
                .build(),
        )
        .full_description(
            MultiformatMessageString::builder()
                .text(rules::summary(name))
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(docs.clone())
                .markdown(docs)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(severity).to_string()))
                .build(),
        )
        .help_uri(docs::help_uri(name))
        .build();
    descriptor.properties = Some(properties(rule));
    descriptor
}

/// Tags for every rule; precision, CWE and `security-severity` for security rules, as
/// GitHub code scanning reads them.
fn properties(rule: &dyn Rule) -> PropertyBag {
    let mut bag = PropertyBag::builder().build();
    match rule.security() {
        Some(security) => {
            bag.tags = Some(vec![
                "security".to_string(),
                format!("external/cwe/cwe-{}", security.cwe),
            ]);
            bag.additional_properties
                .insert("precision".to_string(), json!(security.precision.name()));
            bag.additional_properties.insert(
                "security-severity".to_string(),
                json!(format!("{:.1}", security.severity)),
            );
        }
        None => bag.tags = Some(vec!["reliability".to_string()]),
    }
    bag
}

fn result(finding: &Finding, sources: &Sources, paths: &Paths, print: String) -> SarifResult {
    let rule_index = RULES.iter().position(|r| r.name() == finding.rule);
    let location = |global: Span, message: Option<&str>| {
        let (file, text, span) = match sources.locate(global) {
            Some(at) => (at.source.name.as_str(), &*at.source.text, at.span),
            None => (sources.name(), "", Span::default()),
        };
        let lines = LineIndex::new(text);
        let region = lines.line_span(span);
        let context = whole_lines(text, span);
        let context_span = lines.line_span(context);
        let physical = PhysicalLocation::builder()
            .artifact_location(address(file, paths))
            .region(
                Region::builder()
                    .start_line(region.start.line as i64)
                    .start_column(region.start.column as i64)
                    .end_line(region.end.line as i64)
                    .end_column(region.end.column as i64)
                    .snippet(ArtifactContent::builder().text(&text[span.range()]).build())
                    .build(),
            )
            .context_region(
                Region::builder()
                    .start_line(context_span.start.line as i64)
                    .end_line(context_span.end.line as i64)
                    .snippet(
                        ArtifactContent::builder()
                            .text(&text[context.range()])
                            .build(),
                    )
                    .build(),
            )
            .build();
        let mut location = match message {
            Some(text) => Location::builder()
                .physical_location(physical)
                .message(Message::builder().text(text).build())
                .build(),
            None => Location::builder().physical_location(physical).build(),
        };
        // An imported item also goes by the name its format gives it (a draw.io cell id,
        // a Terraform address).
        if let Some(element) = sources.element(global) {
            let mut logical = LogicalLocation::builder()
                .fully_qualified_name(element.id.as_str())
                .build();
            logical.name = element.label.clone();
            location.logical_locations = Some(vec![logical]);
        }
        location
    };
    let related: Vec<Location> = finding
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut loc = location(r.span, Some(&r.label));
            loc.id = Some(i as i64);
            loc
        })
        .collect();
    let text = if finding.help.is_empty() {
        finding.message.clone()
    } else {
        format!("{} ({})", finding.message, finding.help)
    };
    let mut result = SarifResult::builder()
        .rule_id(finding.rule)
        .level(level(finding.severity))
        .message(Message::builder().text(text).build())
        .locations(vec![location(finding.span, None)])
        .build();
    result.rule_index = rule_index.map(|i| i as i64);
    result.partial_fingerprints = Some(BTreeMap::from([(fingerprint::SCHEME.to_string(), print)]));
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    result
}

/// A compile error as a result: its code as the rule, at the place it points to.
fn error_result(error: &ErrorJson, paths: &Paths) -> SarifResult {
    let text = match &error.help {
        Some(help) => format!("{} ({help})", error.message),
        None => error.message.clone(),
    };
    let mut physical = PhysicalLocation::builder()
        .artifact_location(address(&error.file, paths))
        .build();
    physical.region = error.span.map(|span| {
        Region::builder()
            .start_line(span.start.line as i64)
            .start_column(span.start.column as i64)
            .end_line(span.end.line as i64)
            .end_column(span.end.column as i64)
            .build()
    });
    SarifResult::builder()
        .rule_id(error.code.as_str())
        .level(ResultLevel::Error)
        .message(Message::builder().text(text).build())
        .locations(vec![
            Location::builder().physical_location(physical).build(),
        ])
        .build()
}

/// An input that could not be read is said of the run, at the place its text breaks
/// off when it has one.
fn notification(
    name: &str,
    error: &str,
    at: Option<crate::span::Position>,
    paths: &Paths,
) -> Notification {
    let mut place = PhysicalLocation::builder()
        .artifact_location(address(name, paths))
        .build();
    place.region = at.map(|at| {
        Region::builder()
            .start_line(at.line as i64)
            .start_column(at.column as i64)
            .build()
    });
    Notification::builder()
        .level(json!("error"))
        .message(Message::builder().text(error).build())
        .locations(vec![Location::builder().physical_location(place).build()])
        .build()
}

/// Where a file is, as code scanning reads it: under `%SRCROOT%` when in the repository.
fn address(file: &str, paths: &Paths) -> ArtifactLocation {
    let artifact = paths.artifact(file);
    let mut address = ArtifactLocation::builder().uri(artifact.uri).build();
    address.uri_base_id = artifact.base.map(str::to_string);
    address
}

/// The span widened to whole lines, one more on each side: what a reader needs around it.
fn whole_lines(text: &str, span: Span) -> Span {
    let before = text[..span.start()].rfind('\n').map_or(0, |i| i);
    let start = text[..before].rfind('\n').map_or(0, |i| i + 1);
    let after = text[span.end()..]
        .find('\n')
        .map_or(text.len(), |i| span.end() + i + 1);
    let end = text[after.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| after + i + 1);
    Span::new(start, end.min(text.len()))
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Note => ResultLevel::Note,
    }
}

/// `single-point-of-failure` → `SinglePointOfFailure`.
fn pascal_case(name: &str) -> String {
    name.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect()
}
