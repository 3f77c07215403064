//! `infrac man [COMMAND]`: the manual page, rendered from the clap definitions (the same
//! text as `--help`), for infrac itself or for one command.

use super::args::{Cli, ManArgs};
use super::exit::Exit;
use super::output::{emit, usage};
use clap::CommandFactory as _;

pub fn run(args: &ManArgs) -> Exit {
    let infrac = Cli::command();
    let command = match &args.command {
        None => infrac,
        Some(name) => match infrac.find_subcommand(name) {
            // A command's page is named and titled `infrac-NAME`, as git's are.
            Some(sub) => {
                let title = format!("infrac-{name}");
                sub.clone()
                    .name(title.clone())
                    .display_name(title)
                    .version(env!("CARGO_PKG_VERSION"))
            }
            None => return usage(&unknown_command(&infrac, name)),
        },
    };
    let mut page = Vec::new();
    match clap_mangen::Man::new(command).render(&mut page) {
        Ok(()) => emit(None, &page),
        Err(e) => usage(&format!("cannot render the manual page: {e}")),
    }
}

fn unknown_command(infrac: &clap::Command, name: &str) -> String {
    let names: Vec<&str> = infrac.get_subcommands().map(|c| c.get_name()).collect();
    match crate::suggest::closest(name, names.iter().copied()) {
        Some(close) => format!("unknown command `{name}`; did you mean `{close}`?"),
        None => format!(
            "unknown command `{name}`; the commands are {}",
            names.join(", ")
        ),
    }
}
