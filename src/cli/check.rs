//! `infrac check`: compile every input and report all errors.

use super::args::{CheckArgs, CheckFormat};
use super::exit::Exit;
use super::input::{self, Input};
use crate::diagnostics::{ErrorJson, Style};
use serde::Serialize;

pub fn run(args: &CheckArgs, style: Style) -> Exit {
    let inputs = match input::collect(&args.inputs) {
        Ok(inputs) => inputs,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Usage;
        }
    };
    let report = check_all(&inputs);
    match args.format {
        CheckFormat::Human => print_human(&report, style),
        CheckFormat::Json => print_json(&report),
    }
    report.exit()
}

/// What checking a set of inputs found.
struct Report {
    files: Vec<String>,
    compile_errors: Vec<crate::Diagnostics>,
    io_errors: Vec<String>,
}

impl Report {
    fn exit(&self) -> Exit {
        if !self.io_errors.is_empty() {
            Exit::Usage
        } else if !self.compile_errors.is_empty() {
            Exit::Compile
        } else {
            Exit::Ok
        }
    }
}

fn check_all(inputs: &[Input]) -> Report {
    let mut report = Report {
        files: Vec::new(),
        compile_errors: Vec::new(),
        io_errors: Vec::new(),
    };
    for input in inputs {
        report.files.push(input.name());
        let source = match input::read(input) {
            Ok(source) => source,
            Err(e) => {
                report.io_errors.push(e.to_string());
                continue;
            }
        };
        if let Err(diagnostics) = crate::compile(&source) {
            report.compile_errors.push(diagnostics);
        }
    }
    report
}

fn print_human(report: &Report, style: Style) {
    for error in &report.io_errors {
        eprintln!("error: {error}");
    }
    let mut errors = 0;
    for diagnostics in &report.compile_errors {
        eprint!("{}", diagnostics.render(style));
        errors += diagnostics.errors.len();
    }
    let files = report.files.len();
    let noun = if files == 1 { "file" } else { "files" };
    if errors == 0 && report.io_errors.is_empty() {
        eprintln!("checked {files} {noun}: no errors");
    } else {
        let failed = report.compile_errors.len() + report.io_errors.len();
        let s = if errors == 1 { "" } else { "s" };
        eprintln!("checked {files} {noun}: {errors} error{s} in {failed} of them");
    }
}

#[derive(Serialize)]
struct CheckJson<'a> {
    version: u32,
    files: &'a [String],
    findings: Vec<serde_json::Value>,
    /// Compile errors: the designs that could not be checked, and why.
    errors: Vec<ErrorJson>,
    summary: Summary,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    notes: usize,
}

fn print_json(report: &Report) {
    let mut errors: Vec<ErrorJson> = report
        .compile_errors
        .iter()
        .flat_map(|d| d.to_json())
        .collect();
    errors.extend(report.io_errors.iter().map(|message| ErrorJson {
        code: "infrac::io".to_string(),
        severity: "error",
        message: message.clone(),
        help: None,
        file: String::new(),
        span: None,
    }));
    let json = CheckJson {
        version: 1,
        files: &report.files,
        findings: Vec::new(),
        errors,
        summary: Summary {
            errors: 0,
            warnings: 0,
            notes: 0,
        },
    };
    match serde_json::to_string_pretty(&json) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("error: cannot encode JSON: {e}"),
    }
}
