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
    serve(args, config)
}

#[cfg(feature = "watch")]
fn serve(args: &WatchArgs, config: crate::lint::Config) -> Exit {
    match crate::watch::serve(&args.input, config, args.port) {
        Ok(()) => Exit::Ok,
        Err(e) => usage(&e),
    }
}

#[cfg(not(feature = "watch"))]
fn serve(_: &WatchArgs, _: crate::lint::Config) -> Exit {
    usage("this infrac was built without the live preview (the `watch` feature)")
}
