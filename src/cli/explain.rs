//! `infrac explain`: the written explanation of each design, as Markdown or HTML.

use super::args::{ExplainArgs, ExplainFormat};
use super::check::{config, read_and_check};
use super::exit::Exit;
use super::input::{self, Input};
use super::output::{Outputs, emit, stem, usage};
use crate::diagnostics::Style;
use crate::explain;
use crate::render;

pub fn run(args: &ExplainArgs, style: Style) -> Exit {
    let config = match config(&args.lint) {
        Ok(config) => config,
        Err(e) => return usage(&e),
    };
    let inputs = match input::collect(&args.inputs) {
        Ok(inputs) => inputs,
        Err(e) => return usage(&e.to_string()),
    };
    let outputs = match Outputs::new(args.output.as_deref(), inputs.len(), "explanations") {
        Ok(outputs) => outputs,
        Err(e) => return usage(&e),
    };
    inputs
        .iter()
        .map(|input| explain_one(args, &config, input, &outputs, style))
        .max()
        .unwrap_or(Exit::Ok)
}

fn explain_one(
    args: &ExplainArgs,
    config: &crate::lint::Config,
    input: &Input,
    outputs: &Outputs,
    style: Style,
) -> Exit {
    let checked = match read_and_check(input, config, style) {
        Ok(checked) => checked,
        Err(exit) => return exit,
    };
    let name = stem(input);
    let extension = match args.format {
        ExplainFormat::Md => "md",
        ExplainFormat::Html => "html",
    };
    let target = outputs.target(&name, extension);
    let theme = args.theme.into();
    let diagram = checked.diagram(&name, render::Options::default());
    let svg = render::svg(&diagram, theme);
    // Markdown written to a file shows its diagram from a file beside it.
    let picture = match (args.format, &target) {
        (ExplainFormat::Md, Some(path)) => {
            let file = format!(
                "{}.svg",
                path.file_stem()
                    .map_or(name.clone(), |s| s.to_string_lossy().into_owned())
            );
            Some((path.with_file_name(&file), file))
        }
        _ => None,
    };
    let doc = checked.explain(
        &name,
        config.today,
        picture.as_ref().map(|(_, file)| file.clone()),
    );
    let text = match args.format {
        ExplainFormat::Md => explain::markdown::markdown(&doc),
        ExplainFormat::Html => explain::html::html(&doc, &checked.findings, &svg),
    };
    if let Some((path, _)) = &picture {
        let written = emit(Some(path), svg.as_bytes());
        if written != Exit::Ok {
            return written;
        }
    }
    emit(target.as_deref(), text.as_bytes())
}
