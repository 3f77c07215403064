//! `infrac watch FILE`: serve a live preview until stopped.

use super::args::WatchArgs;
use super::check::config;
use super::exit::Exit;
use super::output::usage;

pub fn run(args: &WatchArgs) -> Exit {
    let config = match config(&args.lint) {
        Ok(config) => config,
        Err(e) => return usage(&e),
    };
    if !args.input.is_file() {
        return usage(&format!("{}: not a file", args.input.display()));
    }
    match crate::watch::serve(&args.input, config, args.port) {
        Ok(()) => Exit::Ok,
        Err(e) => usage(&e),
    }
}
