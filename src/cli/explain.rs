//! `infrac explain`: the written explanation of each design, as Markdown or HTML — alone,
//! as a series of steps (`--series`: each also says what changed since the one before and
//! why), or as the exercise's answer files (`--handin`), each with its diagram as PNG.

use super::args::{ExplainArgs, ExplainFormat};
use super::check::{config, read_and_check};
use super::exit::Exit;
use super::input::{self, Input, Unit};
use super::output::{Outputs, emit, is_stdout, usage};
use super::write;
use crate::diagnostics::Style;
use crate::explain::{self, Previous, diff::Side};
use crate::render;
use std::path::{Path, PathBuf};

pub fn run(args: &ExplainArgs, style: Style) -> Exit {
    let config = match config(&args.lint) {
        Ok(config) => config,
        Err(e) => return usage(&e),
    };
    let inputs = match input::collect_designs(&args.inputs, true) {
        Ok(inputs) => inputs,
        Err(e) => return usage(&e.to_string()),
    };
    if args.series {
        return series(args, &config, &inputs, style);
    }
    let units = input::units(&inputs, args.from.format());
    let outputs = match Outputs::new(args.output.as_deref(), units.len(), "explanations") {
        Ok(outputs) => outputs,
        Err(e) => return usage(&e),
    };
    units
        .into_iter()
        .map(|unit| explain_one(args, &config, unit, &outputs, style))
        .max()
        .unwrap_or(Exit::Ok)
}

fn explain_one(
    args: &ExplainArgs,
    config: &crate::lint::Config,
    unit: Unit,
    outputs: &Outputs,
    style: Style,
) -> Exit {
    let name = unit.stem();
    let checked = match read_and_check(unit, config, style) {
        Ok(checked) => checked,
        Err(exit) => return exit,
    };
    let extension = match args.format {
        ExplainFormat::Md => "md",
        ExplainFormat::Html => "html",
    };
    let target = outputs.target(&name, extension);
    let svg = svg_of(&checked, &name, args);
    // Markdown written to a file shows its diagram from a file beside it; written to a
    // pipe or device (`-o /dev/stdout`) it has no beside, as on standard output.
    let picture = match (args.format, &target) {
        (ExplainFormat::Md, Some(path)) if !write::is_stream(path) => {
            Some(beside(path, &name, "svg"))
        }
        _ => None,
    };
    let doc = checked.explain(
        &name,
        config.today,
        picture.as_ref().map(|(_, file)| file.clone()),
    );
    let text = write(args.format, &doc, &checked.findings, &svg);
    if let Some((path, _)) = &picture {
        let written = emit(Some(path), svg.as_bytes());
        if written != Exit::Ok {
            return written;
        }
    }
    emit(target.as_deref(), text.as_bytes())
}

fn svg_of(checked: &crate::Checked, name: &str, args: &ExplainArgs) -> String {
    let diagram = checked.diagram(name, render::Options::default());
    render::svg(&diagram, args.theme.into())
}

fn write(
    format: ExplainFormat,
    doc: &explain::Document,
    findings: &[crate::lint::Finding],
    svg: &str,
) -> String {
    match format {
        ExplainFormat::Md => explain::markdown::markdown(doc),
        ExplainFormat::Html => explain::html::html(doc, findings, svg),
    }
}

/// The file beside `path` named like it with another extension, and its bare name.
fn beside(path: &Path, fallback: &str, extension: &str) -> (PathBuf, String) {
    let stem = path
        .file_stem()
        .map_or(fallback.to_string(), |s| s.to_string_lossy().into_owned());
    let file = format!("{stem}.{extension}");
    (path.with_file_name(&file), file)
}

/// The steps of one exercise, in the order given: every write-up after the first says
/// what changed since the previous design and why.
fn series(
    args: &ExplainArgs,
    config: &crate::lint::Config,
    inputs: &[Input],
    style: Style,
) -> Exit {
    // `-o -` is standard output, which cannot hold one file per design.
    let Some(dir) = args.output.as_deref().filter(|dir| !is_stdout(dir)) else {
        return usage("`--series` writes one file per design: give a directory with `-o DIR`");
    };
    if inputs.iter().any(|i| matches!(i, Input::Stdin)) {
        return usage("`--series` reads files, not standard input");
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return usage(&format!(
            "{}: cannot create the directory: {e}",
            dir.display()
        ));
    }
    let mut checked = Vec::new();
    for unit in input::units(inputs, args.from.format()) {
        let stem = unit.stem();
        match read_and_check(unit, config, style) {
            Ok(c) => checked.push((stem, c)),
            Err(exit) => return exit,
        }
    }
    let names = answer_names(&checked, args.handin);
    if let Some(clash) = first_duplicate(&names) {
        return usage(&format!(
            "two designs of the series would both be written as `{clash}`"
        ));
    }
    for (i, ((name, c), file)) in checked.iter().zip(&names).enumerate() {
        let previous = i.checked_sub(1).map(|p| {
            let (prev_name, prev) = &checked[p];
            Previous {
                side: Side {
                    design: &prev.design,
                    analysis: &prev.analysis,
                    findings: &prev.findings,
                },
                title: prev.design.title().unwrap_or(prev_name).to_string(),
            }
        });
        let exit = if args.handin {
            handin_one(dir, file, name, c, config.today, previous.as_ref())
        } else {
            series_one(args, dir, file, name, c, config.today, previous.as_ref())
        };
        if exit != Exit::Ok {
            return exit;
        }
    }
    Exit::Ok
}

fn series_one(
    args: &ExplainArgs,
    dir: &Path,
    file: &str,
    name: &str,
    c: &crate::Checked,
    today: time::Date,
    previous: Option<&Previous>,
) -> Exit {
    let svg = svg_of(c, name, args);
    let (extension, picture) = match args.format {
        ExplainFormat::Md => ("md", Some(format!("{file}.svg"))),
        ExplainFormat::Html => ("html", None),
    };
    let cx = c.context(today, picture.clone());
    let doc = explain::explain_after(&cx, name, previous);
    if let Some(picture) = &picture {
        let written = emit(Some(&dir.join(picture)), svg.as_bytes());
        if written != Exit::Ok {
            return written;
        }
    }
    let text = write(args.format, &doc, &c.findings, &svg);
    emit(
        Some(&dir.join(format!("{file}.{extension}"))),
        text.as_bytes(),
    )
}

/// One answer file of the exercise, with its diagram as a PNG beside it. The diagram
/// keeps the findings' badges: a picture saying "no findings" beside a text listing the
/// issues would contradict it.
fn handin_one(
    dir: &Path,
    file: &str,
    name: &str,
    c: &crate::Checked,
    today: time::Date,
    previous: Option<&Previous>,
) -> Exit {
    let diagram = c.diagram(name, render::Options::default());
    let svg = render::svg(&diagram, render::ThemeName::Light);
    let png = match diagram_png(&svg) {
        Ok(png) => png,
        Err(e) => return usage(&format!("{file}: cannot draw the diagram as PNG: {e}")),
    };
    let picture = format!("{file}.png");
    let written = emit(Some(&dir.join(&picture)), &png);
    if written != Exit::Ok {
        return written;
    }
    let cx = c.context(today, Some(picture));
    let doc = explain::explain_after(&cx, name, previous);
    emit(
        Some(&dir.join(file)),
        explain::markdown::markdown(&doc).as_bytes(),
    )
}

#[cfg(feature = "png")]
fn diagram_png(svg: &str) -> Result<Vec<u8>, String> {
    render::png::png(svg).map_err(|e| e.to_string())
}

/// `--handin` puts a PNG beside every answer; without the `png` feature it cannot.
#[cfg(not(feature = "png"))]
fn diagram_png(_: &str) -> Result<Vec<u8>, String> {
    Err(super::output::NO_PNG.to_string())
}

/// The file name of each step: as the exercise names its answer files (`0-simple_web_stack`)
/// — the design's file name when it already reads so, else the step's number and its
/// title in snake case; without `--handin`, the file name.
fn answer_names(checked: &[(String, crate::Checked)], handin: bool) -> Vec<String> {
    checked
        .iter()
        .enumerate()
        .map(|(i, (stem, c))| {
            if !handin || numbered(stem) {
                return stem.clone();
            }
            let title = c.design.title().map(without_domain).unwrap_or(stem);
            let words = snake(title);
            if words.is_empty() {
                format!("{i}-{}", snake(stem))
            } else {
                format!("{i}-{words}")
            }
        })
        .collect()
}

/// `0-simple_web_stack`: a number, a dash, then words.
fn numbered(stem: &str) -> bool {
    stem.split_once('-').is_some_and(|(n, rest)| {
        !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && !rest.is_empty()
    })
}

/// "Simple web stack for www.foobar.com" → "Simple web stack".
fn without_domain(title: &str) -> &str {
    match title.rfind(" for ") {
        Some(at) if title[at + 5..].contains('.') => &title[..at],
        _ => title,
    }
}

/// "Secured and monitored web infrastructure" → "secured_and_monitored_web_infrastructure".
fn snake(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

fn first_duplicate(names: &[String]) -> Option<&str> {
    names
        .iter()
        .enumerate()
        .find(|(i, n)| names[..*i].contains(n))
        .map(|(_, n)| n.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_files_are_named_like_the_exercise() {
        assert!(numbered("0-simple_web_stack"));
        assert!(!numbered("simple"));
        assert!(!numbered("-x"));
        assert_eq!(
            without_domain("Simple web stack for www.foobar.com"),
            "Simple web stack"
        );
        assert_eq!(without_domain("Built for speed"), "Built for speed");
        assert_eq!(
            snake("Secured and monitored web infrastructure"),
            "secured_and_monitored_web_infrastructure"
        );
        assert_eq!(snake("Scaled-up!"), "scaled_up");
    }
}
