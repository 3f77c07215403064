//! `infrac check`: compile and lint every input, report in the chosen format.

use super::args::{CheckArgs, CheckFormat, LintArgs};
use super::exit::Exit;
use super::input::{self, Unit};
use super::output::usage;
use super::stdio;
use crate::diagnostics::Style;
use crate::lint::Config;
use crate::lint::config::{Level, parse_date};
use crate::report::{self, Outcome};
use std::path::Path;

pub fn run(args: &CheckArgs, style: Style) -> Exit {
    let config = match config(&args.lint) {
        Ok(config) => config,
        Err(e) => return usage(&e),
    };
    let inputs = match input::collect_designs(&args.inputs, true) {
        Ok(inputs) => inputs,
        Err(e) => return usage(&e.to_string()),
    };
    let outcomes: Vec<Outcome> = input::units(&inputs, args.from.format())
        .into_iter()
        .map(|unit| match unit {
            Unit::Unreadable { name, error } => Outcome::Unreadable { name, error },
            Unit::Failed(diagnostics) => Outcome::Failed(diagnostics),
            Unit::Ready { input, .. } => match crate::check(*input, &config) {
                Ok(checked) => {
                    print_import(&checked);
                    checked.into_outcome()
                }
                Err(diagnostics) => Outcome::Failed(diagnostics),
            },
        })
        .collect();
    let written = match args.format {
        CheckFormat::Human => stdio::report(&report::human::render(&outcomes, style)),
        CheckFormat::Json => stdio::out(report::json::render(&outcomes).as_bytes()),
        CheckFormat::Sarif => stdio::out(report::sarif::render(&outcomes).as_bytes()),
        CheckFormat::Github => stdio::out(report::github::render(&outcomes).as_bytes()),
    };
    written.max(exit_code(&outcomes, &config))
}

/// 3 if an input could not be read, 2 if one could not be compiled, 1 if findings reach
/// the deny level, else 0.
fn exit_code(outcomes: &[Outcome], config: &Config) -> Exit {
    outcomes
        .iter()
        .map(|outcome| match outcome {
            Outcome::Unreadable { .. } => Exit::Usage,
            Outcome::Failed(_) => Exit::Compile,
            Outcome::Checked { findings, .. } => {
                if findings.iter().any(|f| f.severity >= config.deny_at) {
                    Exit::Findings
                } else {
                    Exit::Ok
                }
            }
        })
        .max()
        .unwrap_or(Exit::Ok)
}

/// Check one design for commands that need a linted design: a compile failure prints
/// its diagnostics and becomes exit 2, an unreadable input exit 3. An imported design's
/// report goes to standard error.
pub fn read_and_check(unit: Unit, config: &Config, style: Style) -> Result<crate::Checked, Exit> {
    match unit {
        Unit::Unreadable { error, .. } => Err(usage(&error)),
        Unit::Failed(diagnostics) => {
            stdio::err(&diagnostics.render(style));
            Err(Exit::Compile)
        }
        Unit::Ready { input, .. } => match crate::check(*input, config) {
            Ok(checked) => {
                print_import(&checked);
                Ok(checked)
            }
            Err(diagnostics) => {
                stdio::err(&diagnostics.render(style));
                Err(Exit::Compile)
            }
        },
    }
}

/// What an importer understood, guessed and left out, on standard error.
pub fn print_import(checked: &crate::Checked) {
    if let Some(report) = &checked.import {
        stdio::err(&report.render(&checked.sources));
    }
}

/// Defaults, then `infrac.toml` (or `--config`), then the command line.
pub fn config(args: &LintArgs) -> Result<Config, String> {
    let mut config = Config::default();
    let file = match &args.config {
        Some(path) => Some(path.as_path()),
        None => Some(Path::new("infrac.toml")).filter(|p| p.is_file()),
    };
    if let Some(path) = file {
        super::write::protect(path);
        config.load(path)?;
    }
    for (rules, level) in [
        (&args.deny, Level::Error),
        (&args.warn, Level::Warning),
        (&args.allow, Level::Allow),
    ] {
        for rule in rules {
            config.set(rule, level)?;
        }
    }
    if let Some(today) = &args.today {
        config.today = parse_date(today)?;
    }
    Ok(config)
}
