//! The process's standard streams, written without panics.
//!
//! `print!` and `eprint!` panic when a write fails — a full disk, a closed pipe — so the
//! CLI never uses them (clippy's `print_stdout` and `print_stderr` are denied for the whole
//! crate); every byte it writes to a standard stream goes through here instead:
//!
//! - A closed standard output is the reader saying "enough" (`infrac graph | head -c1`):
//!   the write counts as done and nothing is said, as for `ls | head`. The run's own exit
//!   code stands.
//! - Any other failure of standard output (`> /dev/full`) is one line on standard error
//!   and exit 3.
//! - Standard error is where failures are told; when it cannot be written there is no one
//!   left to tell, so messages are best effort. The human `check` report, the command's
//!   output, is the exception: if it cannot be written, the run is exit 3.

use super::exit::Exit;
use std::io::{ErrorKind, Write};

/// Write a command's output to standard output.
pub fn out(bytes: &[u8]) -> Exit {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Exit::Ok,
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            err(&format!("error: cannot write to standard output: {e}\n"));
            Exit::Usage
        }
    }
}

/// Tell the user something on standard error (diagnostics, warnings, one-line errors).
pub fn err(text: &str) {
    let _ = write_err(text);
}

fn write_err(text: &str) -> std::io::Result<()> {
    let mut stderr = std::io::stderr().lock();
    stderr.write_all(text.as_bytes())?;
    stderr.flush()
}
