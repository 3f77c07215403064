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
    let diagram = render::diagram(
        &checked.design,
        &checked.analysis,
        findings,
        &name,
        args.expand,
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
