//! `infrac lsp`: a language server over stdio — diagnostics as you type (compile errors,
//! then lint findings, for the version they were computed from, checked once a burst of
//! edits is over), go to definition on references, hover with an item's role (both from
//! the part that compiles while the file has errors), completion from the schema and the
//! declarations, formatting, an outline, references and rename, and quick fixes for
//! did-you-mean errors and for findings with a mechanical fix.
//!
//! ```text
//! stdin ─► transport (bounded framing, resync) ─► jsonrpc (classify or refuse)
//!       ─► session (lifecycle) ─► handlers ─► stdout
//! ```
//!
//! Types come from lsp-types; the framing and the loop are ours, so no message — too
//! long, not JSON, out of order — can end the session (see `session`).

mod complete;
mod diagnostics;
mod edit;
mod handlers;
pub mod jsonrpc;
mod model;
mod navigate;
mod position;
mod rename;
pub mod session;
mod surrogates;
mod symbols;
pub mod transport;

pub use session::{Ending, serve};

use crate::lint::Config;

/// The server's own log: stdout is the protocol channel, so it goes to stderr. Not
/// `eprintln!`, which panics when standard error is gone.
fn log(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "infrac lsp: {line}");
}

/// Serve the editor on standard input and output until it exits.
pub fn run(config: &Config) -> Result<Ending, String> {
    let stdout = std::io::stdout();
    // Read on a thread of its own (see `session`), so the unlocked handle.
    let stdin = std::io::BufReader::new(std::io::stdin());
    serve(stdin, std::io::BufWriter::new(stdout.lock()), config)
        .map_err(|e| format!("cannot write to the editor: {e}"))
}
