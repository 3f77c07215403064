//! `--format json`: the stable machine-readable shape of LANGUAGE.md §5.
//!
//! Beyond the contract (additions only): each finding may carry `related` places,
//! designs that could not be compiled are listed under `errors`, and each journey's
//! estimated `availability` is listed per file.

use super::{Outcome, Place, Summary};
use crate::diagnostics::ErrorJson;
use crate::lint::Finding;
use crate::source::{Element, SourceIndex};
use crate::span::LineSpan;
use serde::Serialize;

#[derive(Serialize)]
pub struct Report {
    pub version: u32,
    pub files: Vec<String>,
    pub findings: Vec<FindingJson>,
    pub summary: Summary,
    pub errors: Vec<ErrorJson>,
    /// Each journey's estimated availability, per file.
    pub availability: Vec<AvailabilityJson>,
}

#[derive(Serialize)]
pub struct AvailabilityJson {
    pub file: String,
    pub journey: crate::analysis::journey::Journey,
    /// 0..1.
    pub availability: f64,
    /// Absent when the model sees no downtime at all.
    pub nines: Option<f64>,
    pub downtime_minutes_per_month: f64,
    pub exact: bool,
}

#[derive(Serialize)]
pub struct FindingJson {
    pub rule: &'static str,
    pub severity: crate::lint::Severity,
    pub component: String,
    pub message: String,
    pub help: String,
    pub file: String,
    pub span: LineSpan,
    /// What an imported design's format calls the item (a draw.io cell, a Terraform
    /// address), with the label the user gave it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Element>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedJson>,
}

#[derive(Serialize)]
pub struct RelatedJson {
    pub label: String,
    /// Present when the place is in another file than the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub span: LineSpan,
}

pub fn report(outcomes: &[Outcome]) -> Report {
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    let mut availability = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Checked {
                sources,
                findings: fs,
                availability: estimates,
            } => {
                let index = sources.index();
                findings.extend(fs.iter().map(|f| finding_json(f, &index)));
                availability.extend(estimates.iter().map(|e| AvailabilityJson {
                    file: sources.name().to_string(),
                    journey: e.journey,
                    availability: e.availability,
                    nines: e.nines.is_finite().then_some(e.nines),
                    downtime_minutes_per_month: e.downtime_minutes_per_month,
                    exact: e.exact,
                }));
            }
            Outcome::Failed(diagnostics) => errors.extend(diagnostics.to_json()),
            Outcome::Unreadable { name, error, at } => errors.push(ErrorJson {
                code: "infrac::io".into(),
                severity: "error",
                message: error.clone(),
                help: None,
                file: name.clone(),
                span: at.map(|start| LineSpan {
                    start,
                    end: crate::span::Position {
                        line: start.line,
                        column: start.column + 1,
                    },
                }),
            }),
        }
    }
    Report {
        version: 1,
        files: outcomes.iter().map(|o| o.name().to_string()).collect(),
        findings,
        summary: Summary::of(outcomes),
        errors,
        availability,
    }
}

fn finding_json(f: &Finding, index: &SourceIndex) -> FindingJson {
    let place = Place::of(index, f.span);
    FindingJson {
        rule: f.rule,
        severity: f.severity,
        component: f.component.clone(),
        message: f.message.clone(),
        help: f.help.clone(),
        file: place.file.to_string(),
        span: place.span,
        origin: place.element.cloned(),
        related: f
            .related
            .iter()
            .map(|r| {
                let at = Place::of(index, r.span);
                RelatedJson {
                    label: r.label.clone(),
                    file: (at.file != place.file).then(|| at.file.to_string()),
                    span: at.span,
                }
            })
            .collect(),
    }
}

pub fn render(outcomes: &[Outcome]) -> String {
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&report(outcomes)).unwrap_or_default();
    text.push('\n');
    text
}
