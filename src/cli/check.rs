//! `infrac check`: compile and lint every input, report in the chosen format.

use super::args::{CheckArgs, CheckFormat, LintArgs};
use super::exit::Exit;
use super::input::{self, Input, Unit};
use super::output::{emit, usage};
use super::stdio;
use crate::diagnostics::Style;
use crate::lint::Config;
use crate::lint::config::{Level, parse_date};
use crate::report::artifact::{self, Paths};
use crate::report::baseline::Baseline;
use crate::report::{self, Outcome};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn run(args: &CheckArgs, style: Style) -> Exit {
    let inputs = match input::collect_designs(&args.inputs, true) {
        Ok(inputs) => inputs,
        Err(e) => return usage(&e.to_string()),
    };
    let configs = match Configs::for_inputs(&args.lint, &inputs) {
        Ok(configs) => configs,
        Err(e) => return usage(&e),
    };
    // One outcome per design (a draw.io file may hold several pages), each with its
    // input's configuration.
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut outcome_configs: Vec<Config> = Vec::new();
    for (input, config) in inputs.iter().zip(&configs.of_input) {
        for unit in input::units(std::slice::from_ref(input), args.from.format()) {
            outcomes.push(match unit {
                Unit::Unreadable { name, error, at } => Outcome::Unreadable { name, error, at },
                Unit::Failed(diagnostics) => Outcome::Failed(diagnostics),
                Unit::Ready { input, .. } => match crate::check(*input, config) {
                    Ok(checked) => {
                        print_import(&checked);
                        checked.into_outcome()
                    }
                    Err(diagnostics) => Outcome::Failed(diagnostics),
                },
            });
            outcome_configs.push(config.clone());
        }
    }
    let cwd = current_dir();
    if let Some(path) = &args.write_baseline {
        return write_baseline(path, &outcomes, cwd.as_deref());
    }
    if let Some(path) = &args.baseline {
        let baseline = match std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))
            .and_then(|text| Baseline::parse(&text).map_err(|e| format!("{}: {e}", path.display())))
        {
            Ok(baseline) => baseline,
            Err(e) => return usage(&e),
        };
        let key = baseline_key(path, cwd.as_deref());
        baseline.remove_known(&mut outcomes, key);
    }
    // An input that cannot be read is the command line's problem, said where errors go;
    // the machine formats carry it too.
    stdio::err(&report::human::unreadable(&outcomes));
    let config_refs: Vec<&Config> = outcome_configs.iter().collect();
    let report = match args.format {
        CheckFormat::Human => report::human::render_readable(&outcomes, style),
        CheckFormat::Json => report::json::render(&outcomes),
        CheckFormat::Sarif => report::sarif::render_at(&outcomes, &paths(cwd.as_deref())),
        CheckFormat::Github => report::github::render(&outcomes),
        CheckFormat::Junit => report::junit::render(&outcomes, &config_refs),
    };
    let written = emit(args.output.as_deref(), report.as_bytes());
    if written != Exit::Ok {
        return written;
    }
    let code = exit_code(&outcomes, &outcome_configs);
    match code {
        Exit::Findings if args.exit_zero => Exit::Ok,
        code => code,
    }
}

/// Record every finding; exit 0 unless a design could not be compiled or read.
fn write_baseline(path: &Path, outcomes: &[Outcome], cwd: Option<&str>) -> Exit {
    let baseline = Baseline::of(outcomes, baseline_key(path, cwd));
    let written = emit(Some(path), baseline.to_json().as_bytes());
    if written != Exit::Ok {
        return written;
    }
    stdio::err(&format!(
        "wrote {} finding{} to {}\n",
        baseline.findings.len(),
        if baseline.findings.len() == 1 {
            ""
        } else {
            "s"
        },
        path.display()
    ));
    let failed = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Unreadable { .. } => Exit::Usage,
            Outcome::Failed(_) => Exit::Compile,
            Outcome::Checked { .. } => Exit::Ok,
        })
        .max();
    if let Some(code @ (Exit::Usage | Exit::Compile)) = failed {
        stdio::err(&report::human::render(outcomes, Style::PLAIN));
        return code;
    }
    Exit::Ok
}

/// How the baseline at `path` names an input: relative to the baseline's folder, so it
/// matches from any working directory.
fn baseline_key(path: &Path, cwd: Option<&str>) -> impl Fn(&str) -> String {
    let cwd = cwd.map(str::to_string);
    let absolute = move |p: &str| match &cwd {
        Some(cwd) if !p.starts_with('/') => format!("{cwd}/{p}"),
        _ => p.to_string(),
    };
    let folder = absolute(
        &path
            .parent()
            .map_or_else(String::new, |p| p.display().to_string()),
    );
    move |name: &str| {
        if name == Input::Stdin.name() {
            return name.to_string();
        }
        artifact::relative(&folder, &absolute(name))
    }
}

fn current_dir() -> Option<String> {
    std::env::current_dir()
        .ok()
        .map(|d| d.display().to_string())
}

/// Where SARIF places files: the repository root is GitHub's checkout
/// (`GITHUB_WORKSPACE`) or the nearest folder above the working directory with `.git`.
fn paths(cwd: Option<&str>) -> Paths {
    let root = std::env::var("GITHUB_WORKSPACE")
        .ok()
        .filter(|w| !w.is_empty())
        .or_else(|| {
            let cwd = PathBuf::from(cwd?);
            cwd.ancestors()
                .find(|dir| dir.join(".git").exists())
                .map(|dir| dir.display().to_string())
        });
    Paths {
        cwd: cwd.map(str::to_string),
        root,
    }
}

/// 3 if an input could not be read, 2 if one could not be compiled, 1 if findings reach
/// the deny level, else 0.
fn exit_code(outcomes: &[Outcome], configs: &[Config]) -> Exit {
    outcomes
        .iter()
        .zip(configs)
        .map(|(outcome, config)| match outcome {
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

/// Each input's configuration: its nearest infrac.toml (or `--config`), then the
/// command line. Inputs under the same project share one.
struct Configs {
    of_input: Vec<Config>,
}

impl Configs {
    fn for_inputs(args: &LintArgs, inputs: &[Input]) -> Result<Configs, String> {
        let mut by_file: BTreeMap<Option<PathBuf>, Config> = BTreeMap::new();
        let mut of_input = Vec::with_capacity(inputs.len());
        for input in inputs {
            let file = match &args.config {
                Some(path) => Some(path.clone()),
                None => nearest_project_file(&start_dir(input)),
            };
            if !by_file.contains_key(&file) {
                by_file.insert(file.clone(), config_from(args, file.as_deref())?);
            }
            of_input.push(by_file[&file].clone());
        }
        Ok(Configs { of_input })
    }
}

/// Where the search for infrac.toml starts: the input's folder (standard input: the
/// working directory).
fn start_dir(input: &Input) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    match input {
        Input::Stdin => cwd,
        Input::Terraform(dir) => cwd.join(dir),
        Input::File(path) => {
            let absolute = cwd.join(path);
            absolute.parent().map_or(cwd.clone(), Path::to_path_buf)
        }
    }
}

/// The infrac.toml in `dir` or the nearest folder above it, as ruff finds its
/// configuration.
fn nearest_project_file(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join("infrac.toml"))
        .find(|f| f.is_file())
}

/// Defaults, then `infrac.toml` (or `--config`), then the command line. For commands on
/// one design at a time, the project file is the one nearest the working directory.
pub fn config(args: &LintArgs) -> Result<Config, String> {
    let file = match &args.config {
        Some(path) => Some(path.clone()),
        None => nearest_project_file(&std::env::current_dir().unwrap_or_default()),
    };
    config_from(args, file.as_deref())
}

fn config_from(args: &LintArgs, file: Option<&Path>) -> Result<Config, String> {
    let mut config = Config::default();
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
