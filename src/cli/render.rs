//! `infrac render`: draw each design, or export it as DOT or Mermaid.

use super::args::{RenderArgs, RenderFormat, Theme};
use super::check::config;
use super::exit::Exit;
use super::input::{self, Input};
use super::write::write_atomically;
use crate::diagnostics::Style;
use crate::render::{self, ThemeName};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub fn run(args: &RenderArgs, style: Style) -> Exit {
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
        return usage("several designs need `-o DIR` to write their diagrams into");
    }
    if !several
        && args.output.is_none()
        && args.format == RenderFormat::Png
        && std::io::stdout().is_terminal()
    {
        return usage("a PNG is not for the terminal; give `-o FILE.png` or redirect the output");
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
    let mut exit = Exit::Ok;
    for input in &inputs {
        let outcome = render_one(args, &config, input, several, style);
        exit = exit.max(outcome);
    }
    exit
}

fn render_one(
    args: &RenderArgs,
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
    let findings = if args.no_findings {
        &[][..]
    } else {
        &checked.findings[..]
    };
    let name = stem(input);
    let failure = match failure(args, &checked) {
        Ok(failure) => failure,
        Err(e) => return usage(&e),
    };
    let diagram = render::diagram(
        &checked.design,
        &checked.analysis,
        findings,
        &name,
        render::Options {
            expand: args.expand,
            failure: failure.as_ref(),
        },
    );
    let theme = match args.theme {
        Theme::Light => ThemeName::Light,
        Theme::Dark => ThemeName::Dark,
    };
    let bytes = match args.format {
        RenderFormat::Svg => render::svg(&diagram, theme).into_bytes(),
        RenderFormat::Dot => render::export::dot::dot(&diagram.scene).into_bytes(),
        RenderFormat::Mermaid => render::export::mermaid::mermaid(&diagram.scene).into_bytes(),
        RenderFormat::Png => match render::png::png(&render::svg(&diagram, theme)) {
            Ok(bytes) => bytes,
            Err(e) => return usage(&format!("{}: {e}", input.name())),
        },
    };
    crate::drop_in_background((checked, diagram), source.text.len());
    let target = match (&args.output, several) {
        (Some(dir), true) => Some(dir.join(format!("{name}.{}", args.format.extension()))),
        (Some(file), false) => Some(file.clone()),
        (None, _) => None,
    };
    emit(target.as_deref(), &bytes)
}

/// The failure `--fail` asks to show, simulated on this design.
fn failure(args: &RenderArgs, checked: &crate::Checked) -> Result<Option<render::Failure>, String> {
    use crate::analysis::whatif;
    if args.fail.is_empty() {
        return Ok(None);
    }
    let (design, analysis) = (&checked.design, &checked.analysis);
    let mut failed = Vec::new();
    for name in args.fail.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        failed.extend(whatif::resolve(design, name)?);
    }
    let sim = whatif::simulate(design, analysis, &failed);
    let down = whatif::down(design, &failed);
    let cut_off = whatif::cut_off(design, analysis, &down)
        .into_iter()
        .collect();
    let broken: Vec<&str> = sim.broken().map(|t| t.task.name()).collect();
    let summary = format!(
        "Simulated failure of {}: {}",
        sim.failed.join(", "),
        if broken.is_empty() {
            "every journey still works".to_string()
        } else {
            format!("{} break", broken.join(", "))
        }
    );
    Ok(Some(render::Failure {
        down,
        cut_off,
        summary,
    }))
}

/// Write `bytes` to a file atomically, or to standard output.
pub fn emit(target: Option<&Path>, bytes: &[u8]) -> Exit {
    match target {
        Some(path) => match write_atomically(path, bytes) {
            Ok(()) => Exit::Ok,
            Err(e) => usage(&format!("{}: cannot write: {e}", path.display())),
        },
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Ok(()) => Exit::Ok,
                Err(e) => usage(&format!("cannot write to standard output: {e}")),
            }
        }
    }
}

/// The name a diagram is titled and saved under when the design has no title.
pub fn stem(input: &Input) -> String {
    match input {
        Input::Stdin => "design".to_string(),
        Input::File(path) => PathBuf::from(path).file_stem().map_or_else(
            || "design".to_string(),
            |s| s.to_string_lossy().into_owned(),
        ),
    }
}

pub fn usage(message: &str) -> Exit {
    eprintln!("error: {message}");
    Exit::Usage
}
