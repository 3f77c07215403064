//! `infrac graph`: dump the resolved model as JSON.

use super::args::GraphArgs;
use super::exit::Exit;
use super::input;
use super::output::usage;
use super::write::write_atomically;
use crate::diagnostics::Style;
use crate::model::graph_json::graph_json;
use crate::span::LineIndex;

pub fn run(args: &GraphArgs, style: Style) -> Exit {
    let source = match input::read_one(&args.input, "graph") {
        Ok(source) => source,
        Err(e) => return usage(&e.to_string()),
    };
    let design = match crate::compile(&source) {
        Ok(design) => design,
        Err(diagnostics) => {
            eprint!("{}", diagnostics.render(style));
            return Exit::Compile;
        }
    };
    let lines = LineIndex::new(&source.text);
    let json = graph_json(&design, &source.name, Some(&lines));
    let mut text = match serde_json::to_string_pretty(&json) {
        Ok(text) => text,
        Err(e) => return usage(&format!("cannot encode JSON: {e}")),
    };
    text.push('\n');
    match &args.output {
        Some(path) => match write_atomically(path, text.as_bytes()) {
            Ok(()) => Exit::Ok,
            Err(e) => usage(&format!("{}: cannot write: {e}", path.display())),
        },
        None => {
            print!("{text}");
            Exit::Ok
        }
    }
}
