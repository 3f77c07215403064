//! Finding and reading inputs: files, directories of `*.infra`, or `-` for stdin.
//!
//! Every failure here is a one-line message and exit code 3: the user gave a path that
//! cannot be used, which is not a problem with any design.

use crate::decode::io_reason;
use crate::source::Source;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// An input that cannot be used, as one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Expand the command line's paths: files as given, directories searched recursively for
/// `*.infra` (sorted, so output order is stable), `-` for standard input.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<Input>, InputError> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let found = infra_files_in(path)?;
            if found.is_empty() {
                return Err(InputError(format!(
                    "{}: directory contains no .infra files",
                    path.display()
                )));
            }
            inputs.extend(found.into_iter().map(Input::File));
        } else if path.exists() {
            inputs.push(Input::File(path.clone()));
        } else {
            return Err(InputError(format!(
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
        let entry = entry.map_err(|e| InputError(format!("{}: {e}", dir.display())))?;
        let is_infra = entry.path().extension().is_some_and(|ext| ext == "infra");
        if entry.file_type().is_file() && is_infra {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Read the one design a command takes from `path` (a file or `-`; not a directory of
/// several). `command` names the command in the error.
pub fn read_one(path: &Path, command: &str) -> Result<Source, InputError> {
    match collect(std::slice::from_ref(&path.to_path_buf()))?.as_slice() {
        [one] => read(one),
        _ => Err(InputError(format!(
            "{command} reads one design per path; give a file, not a directory"
        ))),
    }
}

/// Read an input as UTF-8 text, with the size limit applied while reading; a leading
/// byte-order mark is dropped.
pub fn read(input: &Input) -> Result<Source, InputError> {
    let name = input.name();
    let text = match input {
        Input::Stdin => crate::decode::read_text(std::io::stdin().lock()),
        Input::File(path) => crate::decode::read_file(path),
    };
    let text = text.map_err(|e| match e {
        crate::decode::DecodeError::Io(e) => {
            InputError(format!("{name}: cannot read: {}", io_reason(&e)))
        }
        e => InputError(format!("{name}: {e}")),
    })?;
    if text.trim().is_empty() {
        return Err(InputError(format!("{name}: file is empty")));
    }
    Ok(Source::new(name, text))
}
