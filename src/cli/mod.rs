//! The `infrac` command line: a thin layer that reads inputs, calls the library, prints
//! results, and maps outcomes to exit codes (LANGUAGE.md §5).

mod args;
mod check;
mod completions;
mod diff;
mod exit;
mod explain;
mod fmt;
mod graph;
mod import;
mod input;
mod man;
mod output;
mod render;
mod rules;
mod stdio;
mod terminal;
mod watch;
mod whatif;
pub mod write;

pub use args::{Cli, Command};
pub use exit::Exit;

use clap::Parser as _;

/// Run the CLI with the process arguments; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` go to standard output, a usage error to standard
            // error; clap decides on colour. Failing to write help is failing to write
            // output (exit 3), a closed pipe aside.
            let code = if e.use_stderr() {
                Exit::Usage
            } else {
                Exit::Ok
            };
            return match e.print() {
                Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
                    if !e.use_stderr() {
                        stdio::err(&format!(
                            "error: cannot write to standard output: {error}\n"
                        ));
                    }
                    Exit::Usage as i32
                }
                _ => code as i32,
            };
        }
    };
    run(&cli) as i32
}

pub fn run(cli: &Cli) -> Exit {
    let style = terminal::style(cli.color);
    match &cli.command {
        Command::Check(args) => check::run(args, terminal::stdout_style(cli.color)),
        Command::Fmt(args) => fmt::run(args, style),
        Command::Graph(args) => graph::run(args, style),
        Command::Render(args) => render::run(args, style),
        Command::Explain(args) => explain::run(args, style),
        Command::Diff(args) => diff::run(args, style),
        Command::Whatif(args) => whatif::run(args, style),
        Command::Watch(args) => watch::run(args),
        Command::Lsp(args) => lsp(args),
        Command::Rules(args) => rules::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Import(args) => import::run(args, style),
    }
}

#[cfg(feature = "lsp")]
fn lsp(args: &args::LspArgs) -> Exit {
    match check::config(&args.lint).and_then(|c| crate::lsp::run(&c)) {
        Ok(crate::lsp::Ending::Clean) => Exit::Ok,
        // LSP: `exit` without `shutdown` (or a client that vanished) ends with 1.
        Ok(crate::lsp::Ending::WithoutShutdown) => Exit::Findings,
        Err(e) => output::usage(&e),
    }
}

#[cfg(not(feature = "lsp"))]
fn lsp(_: &args::LspArgs) -> Exit {
    output::usage("this infrac was built without the language server (the `lsp` feature)")
}
