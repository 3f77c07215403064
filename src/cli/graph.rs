//! `infrac graph`: dump the resolved model as JSON.

use super::args::GraphArgs;
use super::exit::Exit;
use super::output::{emit, usage};
use crate::diagnostics::Style;
use crate::model::graph_json::graph_json;
use crate::span::LineIndex;

pub fn run(args: &GraphArgs, style: Style) -> Exit {
    let (design, sources) = match super::input::compile_one(&args.input, "graph", &args.from, style)
    {
        Ok(compiled) => compiled,
        Err(exit) => return exit,
    };
    // Positions are lines of `.infra` text; an imported design's items point into other
    // formats, named by `infrac check`.
    let source = sources.primary();
    let lines = source
        .filter(|_| sources.files().count() == 1)
        .map(|s| LineIndex::new(&s.text));
    let json = graph_json(&design, sources.name(), lines.as_ref());
    let mut text = match serde_json::to_string_pretty(&json) {
        Ok(text) => text,
        Err(e) => return usage(&format!("cannot encode JSON: {e}")),
    };
    text.push('\n');
    emit(args.output.as_deref(), text.as_bytes())
}
