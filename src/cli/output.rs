//! Where command output goes — one file, one file per design in a directory, or standard
//! output — and how it is written: atomically, or not at all.

use super::exit::Exit;
use super::input::Input;
use super::stdio;
use super::write::write_output;
use std::path::{Path, PathBuf};

/// What a build without the `png` feature says when asked for a PNG (`render --format
/// png`, `explain --handin`): one sentence, so both commands say the same.
#[cfg(not(feature = "png"))]
pub const NO_PNG: &str = "this infrac was built without PNG support (the `png` feature)";

/// The destination of commands that turn each design into one output.
pub struct Outputs {
    output: Option<PathBuf>,
    several: bool,
}

impl Outputs {
    /// `-o` is a file for one design and a directory (created) for several; without it,
    /// one design goes to standard output. `what` names the outputs in the error.
    /// `-o -` is standard output, as in most tools: never a file called `-`.
    pub fn new(output: Option<&Path>, designs: usize, what: &str) -> Result<Outputs, String> {
        let several = designs > 1;
        match output.filter(|path| !is_stdout(path)) {
            None if several => Err(format!(
                "several designs need `-o DIR` to write their {what} into"
            )),
            Some(dir) if several => std::fs::create_dir_all(dir)
                .map_err(|e| format!("{}: cannot create the directory: {e}", dir.display()))
                .map(|()| Outputs {
                    output: Some(dir.to_path_buf()),
                    several,
                }),
            file => Ok(Outputs {
                output: file.map(Path::to_path_buf),
                several,
            }),
        }
    }

    pub fn to_stdout(&self) -> bool {
        self.output.is_none()
    }

    /// Where the output of the design called `name` goes (`None`: standard output).
    pub fn target(&self, name: &str, extension: &str) -> Option<PathBuf> {
        let out = self.output.as_ref()?;
        Some(if self.several {
            out.join(format!("{name}.{extension}"))
        } else {
            out.clone()
        })
    }
}

/// Write `bytes` to a file (atomically, never over an input: see `write`), or to
/// standard output (no target, or `-`).
pub fn emit(target: Option<&Path>, bytes: &[u8]) -> Exit {
    match target.filter(|path| !is_stdout(path)) {
        Some(path) => match write_output(path, bytes) {
            Ok(()) => Exit::Ok,
            Err(e) => usage(&e),
        },
        None => stdio::out(bytes),
    }
}

/// `-` written where an output file goes means standard output.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name a design is titled and saved under when it has no title.
pub fn stem(input: &Input) -> String {
    match input {
        Input::Stdin => "design".to_string(),
        // `arch.drawio.svg` is saved as `arch`, not `arch.drawio`.
        Input::File(path) | Input::Terraform(path) => path
            .file_stem()
            .map(|s| {
                let s = s.to_string_lossy();
                s.strip_suffix(".drawio").unwrap_or(&s).to_string()
            })
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "design".to_string()),
    }
}

/// A usage or I/O error: one line, exit 3.
pub fn usage(message: &str) -> Exit {
    stdio::err(&format!("error: {message}\n"));
    Exit::Usage
}
