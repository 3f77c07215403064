//! `infrac explain`: the written explanation of each design, as Markdown or HTML.

use super::args::{ExplainArgs, ExplainFormat, Theme};
use super::check::config;
use super::exit::Exit;
use super::input::{self, Input};
use super::render::{emit, stem, usage};
use crate::diagnostics::Style;
use crate::explain::{self, Context};
use crate::render::{self, ThemeName};
use std::path::PathBuf;

pub fn run(args: &ExplainArgs, style: Style) -> Exit {
    let config = match config(&args.lint) {
        Ok(config) => config,
        Err(e) => return usage(&e),
    };
    let inputs = match input::collect(&args.inputs) {
        Ok(inputs) => inputs,
        Err(e) => return usage(&e.to_string()),
    };
    let several = inputs.len() > 1;
    if several && args.output.is_none() {
        return usage("several designs need `-o DIR` to write their explanations into");
    }
    if several
        && let Some(dir) = &args.output
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return usage(&format!(
            "{}: cannot create the directory: {e}",
            dir.display()
        ));
    }
    inputs
        .iter()
        .map(|input| explain_one(args, &config, input, several, style))
        .max()
        .unwrap_or(Exit::Ok)
}

fn explain_one(
    args: &ExplainArgs,
    config: &crate::lint::Config,
    input: &Input,
    several: bool,
    style: Style,
) -> Exit {
    let source = match input::read(input) {
        Ok(source) => source,
        Err(e) => return usage(&e.to_string()),
    };
    let checked = match crate::check(&source, config) {
        Ok(checked) => checked,
        Err(diagnostics) => {
            eprint!("{}", diagnostics.render(style));
            return Exit::Compile;
        }
    };
    let name = stem(input);
    let extension = match args.format {
        ExplainFormat::Md => "md",
        ExplainFormat::Html => "html",
    };
    let target: Option<PathBuf> = match (&args.output, several) {
        (Some(dir), true) => Some(dir.join(format!("{name}.{extension}"))),
        (Some(file), false) => Some(file.clone()),
        (None, _) => None,
    };
    let theme = match args.theme {
        Theme::Light => ThemeName::Light,
        Theme::Dark => ThemeName::Dark,
    };
    let diagram = render::diagram(
        &checked.design,
        &checked.analysis,
        &checked.findings,
        &name,
        render::Options::default(),
    );
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
    let cx = Context {
        design: &checked.design,
        analysis: &checked.analysis,
        findings: &checked.findings,
        today: config.today,
        diagram: picture.as_ref().map(|(_, file)| file.clone()),
    };
    let doc = explain::explain(&cx, &name);
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
