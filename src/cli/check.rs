//! `infrac check`: compile and lint every input, report in the chosen format.

use super::args::{CheckArgs, CheckFormat, LintArgs};
use super::exit::Exit;
use super::input::{self, Unit};
use crate::diagnostics::Style;
use crate::lint::Config;
use crate::lint::config::{Level, parse_date};
use crate::report::{self, Outcome};
use std::path::Path;

pub fn run(args: &CheckArgs, style: Style) -> Exit {
    let config = match config(&args.lint) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Usage;
        }
    };
    let inputs = match input::collect_designs(&args.inputs, true) {
        Ok(inputs) => inputs,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Usage;
        }
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
    match args.format {
        CheckFormat::Human => eprint!("{}", report::human::render(&outcomes, style)),
        CheckFormat::Json => print!("{}", report::json::render(&outcomes)),
        CheckFormat::Sarif => print!("{}", report::sarif::render(&outcomes)),
        CheckFormat::Github => print!("{}", report::github::render(&outcomes)),
    }
    exit_code(&outcomes, &config)
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
        Unit::Unreadable { error, .. } => Err(super::output::usage(&error)),
        Unit::Failed(diagnostics) => {
            eprint!("{}", diagnostics.render(style));
            Err(Exit::Compile)
        }
        Unit::Ready { input, .. } => match crate::check(*input, config) {
            Ok(checked) => {
                print_import(&checked);
                Ok(checked)
            }
            Err(diagnostics) => {
                eprint!("{}", diagnostics.render(style));
                Err(Exit::Compile)
            }
        },
    }
}

/// What an importer understood, guessed and left out, on standard error.
pub fn print_import(checked: &crate::Checked) {
    if let Some(report) = &checked.import {
        eprint!("{}", report.render(&checked.sources));
    }
}

/// Defaults, then `infrac.toml` (or `--config`), then the command line.
pub fn config(args: &LintArgs) -> Result<Config, String> {
    let mut config = Config::default();
    match &args.config {
        Some(path) => config.load(path)?,
        None if Path::new("infrac.toml").is_file() => config.load(Path::new("infrac.toml"))?,
        None => {}
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
