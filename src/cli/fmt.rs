//! `infrac fmt`: rewrite designs in canonical layout (atomically), or check they are.

use super::args::FmtArgs;
use super::exit::Exit;
use super::input::{self, Input};
use super::output::usage;
use super::stdio;
use super::write::write_atomically;
use crate::diagnostics::{Diagnostics, Style};

pub fn run(args: &FmtArgs, style: Style) -> Exit {
    let inputs = match input::collect(&args.inputs) {
        Ok(inputs) => inputs,
        Err(e) => return usage(&e.to_string()),
    };
    let mut exit = Exit::Ok;
    let mut changed = 0;
    for input in &inputs {
        let outcome = format_one(input, args.check, style);
        if outcome == Outcome::Changed {
            changed += 1;
        }
        exit = exit.max(outcome.exit(args.check));
    }
    if args.check && changed > 0 {
        let s = if changed == 1 { "" } else { "s" };
        stdio::err(&format!("{changed} file{s} would be reformatted\n"));
    }
    exit
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Unchanged,
    Changed,
    Compile,
    Io,
}

impl Outcome {
    fn exit(self, check: bool) -> Exit {
        match self {
            Outcome::Unchanged => Exit::Ok,
            Outcome::Changed if check => Exit::Findings,
            Outcome::Changed => Exit::Ok,
            Outcome::Compile => Exit::Compile,
            Outcome::Io => Exit::Usage,
        }
    }
}

fn format_one(input: &Input, check: bool, style: Style) -> Outcome {
    let source = match input::read(input) {
        Ok(source) => source,
        Err(e) => {
            usage(&e.to_string());
            return Outcome::Io;
        }
    };
    let file = match crate::syntax::parse(&source.text) {
        Ok(file) => file,
        Err(errors) => {
            stdio::err(&Diagnostics::syntax(&source.clone().into(), errors).render(style));
            return Outcome::Compile;
        }
    };
    let formatted = crate::syntax::format(&source.text, &file);
    let changed = formatted != *source.text;
    match input {
        Input::Stdin if !check => {
            let written = stdio::out(formatted.as_bytes());
            if written != Exit::Ok {
                return Outcome::Io;
            }
        }
        Input::File(path) if changed && !check => {
            if let Err(e) = write_atomically(path, formatted.as_bytes()) {
                usage(&format!("{}: cannot write: {e}", path.display()));
                return Outcome::Io;
            }
        }
        _ if changed => stdio::err(&format!("would reformat {}\n", source.name)),
        _ => {}
    }
    if changed {
        Outcome::Changed
    } else {
        Outcome::Unchanged
    }
}
