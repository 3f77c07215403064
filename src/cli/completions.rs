//! `infrac completions SHELL`: a completion script generated from the clap definitions,
//! so it completes exactly the commands and options of the binary that prints it.

use super::args::{Cli, CompletionsArgs};
use super::exit::Exit;
use super::output::emit;
use clap::CommandFactory as _;

pub fn run(args: &CompletionsArgs) -> Exit {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "infrac", &mut script);
    emit(None, &script)
}
