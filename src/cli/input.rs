//! Finding and reading inputs: files, directories of `*.infra`, Terraform directories
//! (`*.tf`, `*.tf.json`), or `-` for stdin.
//!
//! Every failure here is a one-line message and exit code 3: the user gave a path that
//! cannot be used, which is not a problem with any design.

use super::exit::Exit;
use super::output::usage;
use super::stdio;
use crate::decode::{DecodeError, io_reason};
use crate::source::Source;
use crate::syntax::limits::MAX_FILE_BYTES;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
    /// A Terraform configuration: the `.tf` and `.tfvars` files of a directory and of the
    /// local modules under it.
    Terraform(PathBuf),
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(path) | Input::Terraform(path) => path.display().to_string(),
        }
    }
}

/// An input that cannot be used: why, and the place in it when the bytes are there but
/// are not text (reports point at that line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub message: String,
    pub at: Option<crate::span::Position>,
}

impl InputError {
    pub fn new(message: String) -> InputError {
        InputError { message, at: None }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Expand the command line's paths: files as given, directories searched recursively for
/// `*.infra` (sorted, so output order is stable), `-` for standard input.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<Input>, InputError> {
    collect_designs(paths, false)
}

/// As [`collect`], and a directory with `*.tf` files of its own is one Terraform design
/// (when `terraform` is set: the commands that import).
pub fn collect_designs(paths: &[PathBuf], terraform: bool) -> Result<Vec<Input>, InputError> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if terraform && path.is_dir() && has_tf_files(path) {
            inputs.push(Input::Terraform(path.clone()));
        } else if path.is_dir() {
            let found = infra_files_in(path)?;
            if found.is_empty() {
                return Err(InputError::new(format!(
                    "{}: directory contains no .infra files",
                    path.display()
                )));
            }
            inputs.extend(found.into_iter().map(Input::File));
        } else if path.exists() {
            inputs.push(Input::File(path.clone()));
        } else {
            return Err(InputError::new(format!(
                "{}: no such file or directory",
                path.display()
            )));
        }
    }
    Ok(inputs)
}

fn infra_files_in(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| InputError::new(format!("{}: {e}", dir.display())))?;
        let is_infra = entry.path().extension().is_some_and(|ext| ext == "infra");
        if entry.file_type().is_file() && is_infra {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

fn has_tf_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| is_module_file(&e.path()) && e.path().is_file())
    })
}

/// A file a Terraform module is made of: `.tf`, or `.tf.json` in the JSON syntax.
fn is_module_file(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

/// Directories of local modules outside the one given that are read, at most: a
/// configuration calls a handful; more is a loop or not a configuration.
const MAX_MODULE_DIRS: usize = 64;
/// Calls followed from the given directory outward, at most (as the importer's depth).
const MAX_MODULE_DEPTH: usize = 8;

/// The files of a Terraform configuration: `.tf` and `.tfvars` under `dir` (modules
/// included), sorted, without Terraform's own `.terraform` cache; then, as Terraform
/// does, the directories of local modules they call outside it (`../../apps/web`),
/// followed from module to module within bounds. Names are normalised the way module
/// sources are joined, so the importer finds each called directory by name.
fn terraform_files(dir: &Path) -> Result<crate::Sources, InputError> {
    use crate::import::terraform::modules;
    let root = modules::normalise(&dir.display().to_string());
    let mut sources = crate::Sources::named(root.clone());
    let mut read_dirs = std::collections::BTreeSet::new();
    let mut calls = Vec::new();
    let mut outside = 0;
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.file_name() != ".terraform" && e.file_name() != ".git");
    for entry in walk {
        let entry = entry.map_err(|e| InputError::new(format!("{}: {e}", dir.display())))?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_dir() {
            read_dirs.insert(modules::normalise(&entry.path().display().to_string()));
        } else if entry.file_type().is_file() && crate::import::terraform::is_configuration(&name) {
            let source = read_configuration(entry.path())?;
            calls.extend(module_calls(&source, 0));
            sources.add(source);
        }
    }
    while let Some((called, depth)) = calls.pop() {
        if depth >= MAX_MODULE_DEPTH
            || outside >= MAX_MODULE_DIRS
            || !read_dirs.insert(called.clone())
        {
            continue;
        }
        outside += 1;
        // One directory, not its subdirectories: a module is the files beside each other.
        let Ok(entries) = std::fs::read_dir(&called) else {
            continue; // the importer reports the call: "has no .tf files here"
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file() && is_module_file(p))
            .collect();
        files.sort();
        for file in files {
            let source = read_configuration(&file)?;
            calls.extend(module_calls(&source, depth + 1));
            sources.add(source);
        }
    }
    Ok(sources)
}

/// A configuration file, named in the one spelling module sources are joined in. An
/// empty `.tf` file is valid Terraform (a placeholder), not an unusable input.
fn read_configuration(path: &Path) -> Result<Source, InputError> {
    let name = crate::import::terraform::modules::normalise(&path.display().to_string());
    let source = read_text(&Input::File(path.to_path_buf()))?;
    Ok(Source::new(name, source.text))
}

/// The directories the local module calls of a file name, with the depth they are at.
fn module_calls(source: &Source, depth: usize) -> Vec<(String, usize)> {
    use crate::import::terraform::modules;
    let sources = if source.name.ends_with(".tf") {
        modules::local_sources(&source.text)
    } else if source.name.ends_with(".tf.json") {
        crate::import::terraform::tf_json::local_sources(&source.text)
    } else {
        return Vec::new();
    };
    let dir = modules::dir_of(&source.name);
    sources
        .into_iter()
        .map(|s| (modules::join(&dir, &s), depth))
        .collect()
}

/// One design to work on: read, split into pages, or why it could not be.
pub enum Unit {
    Ready {
        input: Box<crate::Input>,
        /// The name outputs are saved under: the file's stem, with the page if several.
        stem: String,
    },
    Unreadable {
        name: String,
        error: String,
        /// Where in the input, when its bytes are there but are not text.
        at: Option<crate::span::Position>,
    },
    Failed(crate::Diagnostics),
}

impl Unit {
    /// The name outputs of this design are saved under.
    pub fn stem(&self) -> String {
        match self {
            Unit::Ready { stem, .. } => stem.clone(),
            Unit::Unreadable { name, .. } => name.clone(),
            Unit::Failed(d) => d.name().to_string(),
        }
    }
}

/// Read every input as designs in `from` (or the format its content says).
pub fn units(inputs: &[Input], from: Option<crate::Format>) -> Vec<Unit> {
    let mut units = Vec::new();
    for input in inputs {
        let sources = match input {
            Input::Terraform(dir) => terraform_files(dir),
            other => read(other).map(crate::Sources::one),
        };
        let sources = match sources {
            Ok(sources) => sources,
            Err(e) => {
                units.push(Unit::Unreadable {
                    name: input.name(),
                    error: e.message,
                    at: e.at,
                });
                continue;
            }
        };
        let stem = super::output::stem(input);
        match crate::import::designs(crate::Input::new(sources, from)) {
            Ok(pages) => {
                let several = pages.len() > 1;
                for page in pages {
                    let stem = match (&page.page, several) {
                        (Some(p), true) => {
                            format!("{stem}-{}", crate::import::names::slug(&p.name))
                        }
                        _ => stem.clone(),
                    };
                    units.push(Unit::Ready {
                        input: Box::new(page),
                        stem,
                    });
                }
            }
            Err(diagnostics) => units.push(Unit::Failed(diagnostics)),
        }
    }
    units
}

/// The one design a command takes from `path`: a file, `-`, or a Terraform directory.
pub fn read_design(
    path: &Path,
    command: &str,
    from: Option<crate::Format>,
) -> Result<Unit, InputError> {
    let inputs = collect_designs(std::slice::from_ref(&path.to_path_buf()), true)?;
    let [one] = inputs.as_slice() else {
        return Err(InputError::new(format!(
            "{command} reads one design per path; give a file, not a directory"
        )));
    };
    let mut units = units(std::slice::from_ref(one), from);
    match units.len() {
        1 => Ok(units.remove(0)),
        n => Err(InputError::new(format!(
            "{}: {command} reads one design, and this file has {n} pages; \
             `infrac import` or `render -o DIR` takes them all",
            one.name()
        ))),
    }
}

/// Read the one design a command takes from `path` (a file or `-`; not a directory of
/// several). `command` names the command in the error.
pub fn read_one(path: &Path, command: &str) -> Result<Source, InputError> {
    match collect(std::slice::from_ref(&path.to_path_buf()))?.as_slice() {
        [one] => read(one),
        _ => Err(InputError::new(format!(
            "{command} reads one design per path; give a file, not a directory"
        ))),
    }
}

/// Read an input as UTF-8 text, with the size limit applied while reading; a leading
/// byte-order mark is dropped.
pub fn read(input: &Input) -> Result<Source, InputError> {
    let source = read_text(input)?;
    if source.text.trim().is_empty() {
        return Err(InputError::new(format!("{}: file is empty", source.name)));
    }
    Ok(source)
}

/// As [`read`], an empty file too.
fn read_text(input: &Input) -> Result<Source, InputError> {
    let name = input.name();
    // What a run reads, it must not write over (`-o` naming an input is refused).
    let bytes = match input {
        Input::Stdin => {
            super::write::protect_stdin();
            crate::decode::read_limited(std::io::stdin().lock(), MAX_FILE_BYTES)
        }
        Input::File(path) | Input::Terraform(path) => {
            super::write::protect(path);
            crate::decode::read_file_bytes(path)
        }
    };
    let bytes = bytes.map_err(|e| read_error(&name, e))?;
    // A `.drawio.png` carries its diagram in a text chunk; anything else is UTF-8 text.
    let text = crate::import::text_of(bytes).map_err(|e| read_error(&name, e))?;
    Ok(Source::new(name, text))
}

/// A failed read as the CLI reports it: the input's name, then why.
fn read_error(name: &str, error: DecodeError) -> InputError {
    match error {
        DecodeError::Io(e) => InputError::new(format!("{name}: cannot read: {}", io_reason(&e))),
        e => {
            let at = match &e {
                DecodeError::NotUtf8 { line, column, .. } => Some(crate::span::Position {
                    line: *line,
                    column: *column,
                }),
                _ => None,
            };
            InputError {
                message: format!("{name}: {e}"),
                at,
            }
        }
    }
}

/// The one design a command takes (a file, `-`, a Terraform directory), read; what
/// cannot be read is printed, as an exit code.
fn one_design(
    path: &Path,
    command: &str,
    from: &super::args::FromArgs,
    style: crate::diagnostics::Style,
) -> Result<crate::Input, Exit> {
    let unit = read_design(path, command, from.format()).map_err(|e| usage(&e.to_string()))?;
    match unit {
        Unit::Ready { input, .. } => Ok(*input),
        Unit::Unreadable { error, .. } => Err(usage(&error)),
        Unit::Failed(diagnostics) => {
            stdio::err(&diagnostics.render(style));
            Err(Exit::Compile)
        }
    }
}

/// Compile the one design a command takes, through the library's compile: errors
/// printed, as an exit code. An imported design's report goes to standard error.
pub fn compile_one(
    path: &Path,
    command: &str,
    from: &super::args::FromArgs,
    style: crate::diagnostics::Style,
) -> Result<(crate::Design, crate::Sources), Exit> {
    let input = one_design(path, command, from, style)?;
    match crate::compile_with_report(input) {
        Ok((design, sources, report)) => {
            if let Some(report) = report {
                stdio::err(&report.render(&sources));
            }
            Ok((design, sources))
        }
        Err(diagnostics) => {
            stdio::err(&diagnostics.render(style));
            Err(Exit::Compile)
        }
    }
}

/// Check the one design a command takes, through the library's [`crate::check`], for
/// the commands that read its analysis (`whatif`): the same path `check`, `watch` and
/// the LSP take. Errors printed, as an exit code; an import report to standard error.
pub fn check_one(
    path: &Path,
    command: &str,
    from: &super::args::FromArgs,
    style: crate::diagnostics::Style,
) -> Result<crate::Checked, Exit> {
    let input = one_design(path, command, from, style)?;
    match crate::check(input, &crate::lint::Config::default()) {
        Ok(checked) => {
            if let Some(report) = &checked.import {
                stdio::err(&report.render(&checked.sources));
            }
            Ok(checked)
        }
        Err(diagnostics) => {
            stdio::err(&diagnostics.render(style));
            Err(Exit::Compile)
        }
    }
}
