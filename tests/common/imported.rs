//! What an import made and reported, in the forms the import tests compare: the report's
//! entries as `describe: reason` lines, and the design's items and flows as one line each.

use infrac::Input;
use infrac::import::Report;
use infrac::model::graph_json::graph_json;

/// The design as graph JSON without positions or file name: what "the same model" means.
pub fn model(input: impl Into<Input>) -> serde_json::Value {
    let design = infrac::compile(input)
        .unwrap_or_else(|d| panic!("{}", d.render(infrac::diagnostics::Style::PLAIN)));
    let mut json = serde_json::to_value(graph_json(&design, "", None)).expect("json");
    json["file"] = serde_json::Value::Null;
    json
}

/// `kind path` of every item.
pub fn items(input: impl Into<Input>) -> Vec<String> {
    let json = model(input);
    json["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| {
            format!(
                "{} {}",
                n["kind"].as_str().unwrap_or(""),
                n["path"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// `from -> to : protocol` of every flow.
pub fn flows(input: impl Into<Input>) -> Vec<String> {
    let json = model(input);
    json["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter(|e| e["kind"] == "flow")
        .map(|e| {
            format!(
                "{} -> {} : {}",
                e["from"].as_str().unwrap_or(""),
                e["to"].as_str().unwrap_or(""),
                e["protocol"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

/// The item at `path` in the graph JSON.
pub fn node(json: &serde_json::Value, path: &str) -> serde_json::Value {
    json["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .find(|n| n["path"] == path)
        .unwrap_or_else(|| panic!("no item {path} in {json:#}"))
        .clone()
}

/// The import's report (the input must import).
pub fn report(input: &Input) -> Report {
    infrac::import::import(input)
        .unwrap_or_else(|d| panic!("{}", d.render(infrac::diagnostics::Style::PLAIN)))
        .report
}

/// Every guess, as `element: reason`.
pub fn guesses(report: &Report) -> Vec<String> {
    lines(&report.guesses)
}

/// Everything not mapped, as `element: reason`.
pub fn not_mapped(report: &Report) -> Vec<String> {
    lines(&report.not_mapped)
}

fn lines(entries: &[infrac::import::Entry]) -> Vec<String> {
    entries
        .iter()
        .map(|e| format!("{}: {}", e.describe(), e.reason))
        .collect()
}

/// Assert that one of `lines` contains every one of `needles`.
#[track_caller]
pub fn assert_line(lines: &[String], needles: &[&str]) {
    assert!(
        lines.iter().any(|l| needles.iter().all(|n| l.contains(n))),
        "no line with {needles:?} in {lines:#?}"
    );
}

/// Assert that every one of `expected` is in `lines`, exactly.
#[track_caller]
pub fn assert_all(lines: &[String], expected: &[&str]) {
    for e in expected {
        assert!(lines.iter().any(|l| l == e), "{e} in {lines:#?}");
    }
}
